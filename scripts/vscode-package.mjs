#!/usr/bin/env node
// npm run package: production build (node scripts/build.mjs, minified), then `vsce package --no-dependencies`
// into dist/itsme-b2c.vsix. Everything the extension runs is bundled by esbuild, so the .vsix has no
// node_modules; .vscodeignore whitelists what goes in. Prints the size and the file list.
// Usage: node scripts/vscode-package.mjs [--no-build] [--out <file.vsix>] [--quiet]
//   --no-build: package the current dist/ as it is (tests that already built).
// vsce runs without any of its bypass flags (--skip-license, --allow-missing-repository, …), and a WARNING in
// its output fails the packaging: a marketplace upload would stop at the same check. vsce rewrites the README's
// relative image links to the package.json repository's raw URLs (media/screenshots/ is not in the .vsix).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_VSIX = join(root, 'dist', 'itsme-b2c.vsix');

function run(args, quiet) {
  // Piped, so vsce's warnings can be read; stdin closed so a vsce prompt ("continue? [y/N]") cannot wait forever.
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (!quiet || r.status !== 0) process.stderr.write(output);
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status})`);
  return output;
}

/** vsce's warnings in its output, one string each (the "WARNING" line and the hint lines under it). */
export function vsceWarnings(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^\s*WARNING\s+(.*(?:\n(?!\s*(?:INFO|DONE|WARNING|ERROR)\b)(?![├└│]).+)*)/gm)].map((m) => m[1].trim());
}

/** Builds (unless build: false) and packages; returns the .vsix path, its size, vsce's warnings and the time spent. Throws on a warning unless allowWarnings. */
export function packageVsix({ build = true, out = DEFAULT_VSIX, quiet = false, allowWarnings = false } = {}) {
  const t0 = Date.now();
  if (build) run(['scripts/build.mjs'], quiet);
  const tBuild = Date.now();
  mkdirSync(dirname(out), { recursive: true });
  const output = run([join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out], quiet);
  const warnings = vsceWarnings(output);
  if (warnings.length && !allowWarnings) throw new Error(`vsce warned (fix it, do not bypass it):\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
  const t1 = Date.now();
  return { vsix: out, bytes: statSync(out).size, warnings, output, buildMs: tBuild - t0, vsceMs: t1 - tBuild };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const a = process.argv.slice(2);
  const outIdx = a.indexOf('--out');
  try {
    const r = packageVsix({ build: !a.includes('--no-build'), out: outIdx >= 0 ? resolve(a[outIdx + 1]) : DEFAULT_VSIX, quiet: a.includes('--quiet') });
    console.log(`${r.vsix}: ${(r.bytes / 1024).toFixed(1)} KB, ${r.warnings.length} vsce warnings (build ${r.buildMs} ms, vsce ${r.vsceMs} ms)`);
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
