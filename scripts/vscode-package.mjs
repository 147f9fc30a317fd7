#!/usr/bin/env node
// npm run package: production build (node scripts/build.mjs, minified), then `vsce package --no-dependencies`
// into dist/itsme-b2c.vsix. Everything the extension runs is bundled by esbuild, so the .vsix has no
// node_modules; .vscodeignore whitelists what goes in. Prints the size and the file list.
// Usage: node scripts/vscode-package.mjs [--no-build] [--out <file.vsix>] [--quiet]
//   --no-build: package the current dist/ as it is (tests that already built).
// Flags passed to vsce: --skip-license (no LICENSE file in the repository yet; package.json says MIT) and
// --allow-missing-repository (no public repository URL yet). Drop them once those exist.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_VSIX = join(root, 'dist', 'itsme-b2c.vsix');

function run(args, quiet) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`${args.join(' ')} failed (${r.status})`);
  }
  return r.stdout ?? '';
}

/** Builds (unless build: false) and packages; returns the .vsix path, its size and the time spent. */
export function packageVsix({ build = true, out = DEFAULT_VSIX, quiet = false } = {}) {
  const t0 = Date.now();
  if (build) run(['scripts/build.mjs'], quiet);
  const tBuild = Date.now();
  mkdirSync(dirname(out), { recursive: true });
  run([join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out], quiet);
  const t1 = Date.now();
  return { vsix: out, bytes: statSync(out).size, buildMs: tBuild - t0, vsceMs: t1 - tBuild };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const a = process.argv.slice(2);
  const outIdx = a.indexOf('--out');
  try {
    const r = packageVsix({ build: !a.includes('--no-build'), out: outIdx >= 0 ? resolve(a[outIdx + 1]) : DEFAULT_VSIX, quiet: a.includes('--quiet') });
    console.log(`${r.vsix}: ${(r.bytes / 1024).toFixed(1)} KB (build ${r.buildMs} ms, vsce ${r.vsceMs} ms)`);
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
