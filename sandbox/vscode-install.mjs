#!/usr/bin/env node
// Installs what the real-VS-Code tests need, outside the repository and never as a package.json dependency
// (docs/reference/real-vscode.md):
//   - code-server 4.139.1 (real VS Code 1.139.1: server + web workbench + Node extension host) from npm, on the
//     Node 24 running this script, into a cache folder: $ITSME_VSCODE_CACHE or ~/.cache/itsme-b2c/code-server-4.139.1
//   - Debian's /usr/bin/chromium (+ fonts-liberation) and libkrb5-dev (code-server's kerberos module builds
//     against gssapi.h): installed with apt-get when missing and running as root; otherwise it says what to run.
// Idempotent: a complete install (marker file `.complete`) is reused; a half-finished one is redone.
// Usage: node sandbox/vscode-install.mjs [--json]      (also importable: ensureVscode())
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-liberation', 'libkrb5-dev'];

/** The cache folder for this code-server version. */
export function cacheDir() {
  return process.env.ITSME_VSCODE_CACHE || join(homedir(), '.cache', 'itsme-b2c', `code-server-${CODE_SERVER_VERSION}`);
}

/** Path of code-server's Node entry point inside the cache (run it with Node 24). */
export function codeServerEntry(dir = cacheDir()) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function log(msg) {
  process.stderr.write(`[vscode-install] ${msg}\n`);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** apt-get install of what is missing (chromium, fonts, libkrb5-dev). Returns seconds spent, or throws. */
function ensureAptPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium', 'fonts-liberation');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync(join(cacheDir(), '.complete'))) missing.push('libkrb5-dev');
  if (!missing.length) return 0;
  const cmd = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (!isRoot() || !existsSync('/usr/bin/apt-get') || process.env.ITSME_NO_APT === '1') {
    throw new Error(`missing ${missing.join(', ')}; install them first: ${cmd}`);
  }
  const t0 = Date.now();
  log(`installing Debian packages: ${APT_PACKAGES.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...APT_PACKAGES]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', process.stderr, process.stderr], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.status})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} still missing after apt-get install chromium`);
  return (Date.now() - t0) / 1000;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A lock directory so two test runs on one machine do not install into the same folder at once. */
function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      let alive = false;
      if (holder) {
        try {
          process.kill(holder, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      const age = Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if ((holder && !alive) || (!holder && age > 60_000)) {
        rmSync(lock, { recursive: true, force: true }); // stale lock
        continue;
      }
      if (i % 30 === 0) log(`waiting for another install (${lock}) …`);
      sleep(2000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function installCodeServer(dir) {
  const node = Number(process.versions.node.split('.')[0]);
  if (node < 24) throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 24 (this is ${process.version}); run through scripts/node24.cjs`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'itsme-b2c-code-server', private: true }) + '\n');
  const t0 = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (about 2 min; log: ${join(dir, 'install.log')}) …`);
  const env = {
    ...process.env,
    // npm, node-gyp and code-server's postinstall.sh must all run on this Node 24.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH || ''}`,
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp …` (no TTY here)
    npm_config_unsafe_perm: 'true', // postinstall.sh checks it when running as root
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    TMPDIR: join(dir, 'tmp'),
  };
  const out = join(dir, 'install.log');
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(out, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0 || !existsSync(codeServerEntry(dir))) {
    process.stderr.write(String(r.stderr ?? '').split('\n').slice(-40).join('\n') + '\n');
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (${r.status}); see ${out}`);
  }
  // The native modules must have been built (npm 11 may skip install scripts silently in the future).
  const native = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node');
  if (!existsSync(native)) throw new Error(`code-server installed without its native modules (${native} missing); see ${out}`);
  rmSync(join(dir, 'tmp'), { recursive: true, force: true });
  const seconds = (Date.now() - t0) / 1000;
  writeFileSync(join(dir, '.complete'), JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, installSeconds: seconds, at: new Date().toISOString() }) + '\n');
  log(`code-server installed in ${seconds.toFixed(0)} s`);
  return seconds;
}

/**
 * Makes sure code-server and Chromium are present; installs what is missing.
 * @returns {{ entry: string, dir: string, chromium: string, installed: boolean, installSeconds: number, aptSeconds: number }}
 */
export function ensureVscode() {
  const dir = cacheDir();
  const aptSeconds = ensureAptPackages();
  let installed = false;
  let installSeconds = 0;
  if (!existsSync(join(dir, '.complete')) || !existsSync(codeServerEntry(dir))) {
    withLock(dir, () => {
      if (existsSync(join(dir, '.complete')) && existsSync(codeServerEntry(dir))) return; // another run finished it
      installSeconds = installCodeServer(dir);
      installed = true;
    });
  }
  if (!installed) {
    try {
      installSeconds = JSON.parse(readFileSync(join(dir, '.complete'), 'utf8')).installSeconds ?? 0;
    } catch {
      /* older marker */
    }
  }
  return { entry: codeServerEntry(dir), dir, chromium: CHROMIUM, installed, installSeconds, aptSeconds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const r = ensureVscode();
    if (process.argv.includes('--json')) console.log(JSON.stringify(r));
    else console.log(`code-server ${CODE_SERVER_VERSION}: ${r.entry} (${r.installed ? 'installed now' : 'cached'}, install took ${r.installSeconds.toFixed(0)} s); chromium: ${r.chromium}`);
  } catch (e) {
    console.error(`[vscode-install] ${e.message}`);
    process.exit(1);
  }
}
