#!/usr/bin/env node
// Runs a script on Node >= 22, bootstrapping Node 24 from the npm registry when the machine's Node is older.
// Why: @azure/identity 4.14, @vscode/vsce 4 and code-server 4.139 need Node >= 22/24, while the machines this
// project runs on may only have Node 20. The npm package `node@24` ships the binary, so no other download is needed.
// It also runs `npm ci` once when node_modules is missing, so `npm test` / `npm run sandbox` work on a fresh clone.
// Usage: node scripts/node24.cjs [node flags] <script> [args]   (this file itself must stay Node-20 compatible)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'node24');
const nodeBin = path.join(cacheDir, 'node_modules', 'node', 'bin', 'node');
const wantMajor = 22;

function currentMajor() {
  return Number(process.versions.node.split('.')[0]);
}

/** Returns the directory holding a Node >= 22 binary, installing node@24 into .cache/node24 when needed. */
function ensureNode() {
  if (currentMajor() >= wantMajor) return path.dirname(process.execPath);
  if (!fs.existsSync(nodeBin)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    if (!fs.existsSync(path.join(cacheDir, 'package.json'))) {
      fs.writeFileSync(path.join(cacheDir, 'package.json'), '{"name":"node24-bootstrap","private":true}\n');
    }
    process.stderr.write(`Node ${process.versions.node} is too old; installing node@24 into ${cacheDir} …\n`);
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'node@24'], {
      cwd: cacheDir,
      stdio: ['ignore', process.stderr, process.stderr], // stdout stays clean: callers capture the printed path
    });
    if (r.status !== 0 || !fs.existsSync(nodeBin)) {
      process.stderr.write('Could not install node@24 from the npm registry; install Node >= 22 and retry.\n');
      process.exit(1);
    }
  }
  return path.dirname(nodeBin);
}

/** Installs the project's packages (npm ci) when they are missing, so the README's commands work on a fresh clone. */
function ensureDeps(binDir) {
  if (fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) return;
  process.stderr.write('Installing the project\'s packages (npm ci) …\n');
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}` };
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);
}

function main() {
  const binDir = ensureNode();
  if (process.env.ITSME_SKIP_DEPS !== '1') ensureDeps(binDir);
  const args = process.argv.slice(2);
  if (args.length === 0) {
    process.stdout.write(path.join(binDir, 'node') + '\n');
    return;
  }
  // Child processes (npm, code-server, the CLI under test) inherit the newer Node through PATH.
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}` };
  // When `npm run …` started us on an older Node, npm's own variables still name that Node; an npm run from here
  // would pass them on (code-server's postinstall reads the Node version from npm_config_user_agent).
  for (const k of ['npm_config_user_agent', 'npm_node_execpath', 'NODE']) delete env[k];
  const r = spawnSync(path.join(binDir, 'node'), args, { stdio: 'inherit', env });
  if (r.error) throw r.error;
  process.exit(r.status === null ? 1 : r.status);
}

if (require.main === module) main();
module.exports = { ensureNode, ensureDeps };
