// The README's test command: builds, makes the emulator's throwaway CA (trusted by every test process through
// NODE_EXTRA_CA_CERTS, which Node reads only at start), runs every suite, and ends with one line
// "N passed, N failed" totalling them all (CI reads that line). Runs on Node >= 22 (scripts/node24.cjs).
// Usage: npm test [-- --only unit,engine] [-- --grep <title pattern>]
import { spawn, spawnSync } from 'node:child_process';
import { globSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : undefined;
// --grep <pattern>: only the mocha tests whose title matches (unit, emulator, engine, cli, e2e), for a quick look
// at one test while working on it. The README's command runs everything.
const grepArg = process.argv.indexOf('--grep');
const grep = grepArg > 0 ? process.argv[grepArg + 1] : undefined;

/** Suites in order; each is a mocha run whose spec output is counted. */
const SUITES = [
  { name: 'unit', files: ['test/unit/**/*.test.ts'] },
  { name: 'emulator', files: ['test/emulator/**/*.test.ts'] },
  { name: 'engine', files: ['test/engine/**/*.test.ts'] },
  { name: 'cli', files: ['test/cli/**/*.test.ts'] },
  // Independent clients (openid-client, MSAL Node, MSAL.js, the README's examples) against the emulated services.
  { name: 'conformance', files: ['test/conformance/**/*.test.ts'] },
  // A real VS Code (code-server 4.139.1 + Debian Chromium; installed on first use by sandbox/vscode-install.mjs):
  // mocha inside the extension host (test/exthost/run.ts prints "N passed, N failed"), then Playwright UI tests.
  { name: 'exthost', vscode: true, files: ['test/exthost/suite/**/*.test.ts'], command: ['--import', 'tsx', 'test/exthost/run.ts'] },
  { name: 'e2e', vscode: true, files: ['test/e2e/**/*.test.ts'] },
];

function step(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (${r.status})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

function runSuite(suite, env) {
  return new Promise((resolve) => {
    const args = suite.command ?? ['node_modules/mocha/bin/mocha.js', '--import=tsx', '--reporter', 'spec', '--timeout', '60000', ...(grep ? ['--grep', grep] : []), ...suite.files];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      // A command suite ends with its own "N passed, N failed" line (the last one counts); mocha says "N passing".
      const own = suite.command ? [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1) : undefined;
      const passed = Number(own ? own[1] : (/(\d+) passing/.exec(out)?.[1] ?? 0));
      let failed = Number(own ? own[2] : (/(\d+) failing/.exec(out)?.[1] ?? 0));
      // A crash before mocha's summary counts as a failure, not as "nothing ran".
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ name: suite.name, passed, failed });
    });
  });
}

const caDir = join(root, '.cache', 'emulator-ca');
mkdirSync(caDir, { recursive: true });
step(process.execPath, ['--import', 'tsx', '-e', `require('./emulators/tls/ca').ensureCa(${JSON.stringify(caDir)})`]);
step(process.execPath, ['scripts/build.mjs', '--dev']);
const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(caDir, 'ca.pem'), ITSME_EMULATOR_CA_DIR: caDir };

const results = [];
let vscodeReady;
for (const suite of SUITES) {
  if (only && !only.includes(suite.name)) continue;
  if (!suite.files.some((f) => globSync(f).length)) continue;
  if (suite.vscode) {
    // code-server + Chromium, installed once (outside the repository) when missing; a failed install fails the suites.
    vscodeReady ??= spawnSync(process.execPath, ['sandbox/vscode-install.mjs'], { stdio: 'inherit', env }).status === 0;
    if (!vscodeReady) {
      console.log(`\n=== ${suite.name} === not run: sandbox/vscode-install.mjs failed`);
      results.push({ name: suite.name, passed: 0, failed: 1 });
      continue;
    }
  }
  console.log(`\n=== ${suite.name} ===`);
  results.push(await runSuite(suite, env));
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\n' + results.map((r) => `${r.name}: ${r.passed} passed, ${r.failed} failed`).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
