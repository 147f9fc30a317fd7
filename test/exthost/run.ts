// Runs the mocha suite in test/exthost/suite INSIDE a real VS Code extension host: code-server 4.139.1 with the
// packaged .vsix installed, pointed at the Graph emulator; the web workbench (Debian Chromium) opened with the
// `payload` parameter [extensionDevelopmentPath = the installed extension, extensionTestsPath = the bundled
// suite] (docs/reference/real-vscode.md §4). The workbench reports the suite's end through
// window.codeAutomationExit(code) and the extension host's console through window.codeAutomationLog.
// Prints mocha's spec output, then "N passed, N failed" (what scripts/test.mjs counts). Exit code 0 when all passed.
// Usage: node --import tsx test/exthost/run.ts [--grep <re>] [--files activation,environment] [--no-build]
//        [--json <report.json>] [--runs N]
//   Packages a production build into out/vsix/itsme-b2c.vsix first (--no-build: package dist/ as it is);
//   ITSME_VSIX=<file> tests that .vsix instead.
//   --runs N: run the suite N times, each in a fresh window (extension host); used by the bench.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { build } from 'esbuild';
import { startGraphEmulator, type GraphEmulator } from '../../emulators';
import { REPO, startCodeServer, type CodeServer } from '../../sandbox/codeServer';
import { launchBrowser } from '../e2e/workbench';

const OUT = path.join(REPO, 'out', 'exthost');
const SUITE = path.join(REPO, 'test', 'exthost', 'suite');
/** Printed by suite/index.ts right before mocha starts. */
const START_MARKER = '[itsme-exthost] mocha starts';
/** The workbench's own console lines that reach codeAutomationLog too (no marketplace here, …). */
const WORKBENCH_NOISE = /open-vsx\.org|ENOTFOUND|Gallery|workbench\.js:\d+|^\s*at (async )?\S+ \(http/;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** code-server + Chromium present (installs them when missing: sandbox/vscode-install.mjs). */
export function ensureVscode(): void {
  const r = spawnSync(process.execPath, [path.join(REPO, 'sandbox', 'vscode-install.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('sandbox/vscode-install.mjs failed');
}

/** Production build + vsce package into dist/itsme-b2c.vsix (scripts/vscode-package.mjs). */
export function packageVsix(buildFirst = true): string {
  const vsix = path.join(REPO, 'out', 'vsix', 'itsme-b2c.vsix'); // not dist/: a concurrent `npm run package` may replace that
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'vscode-package.mjs'), '--quiet', '--out', vsix, ...(buildFirst ? [] : ['--no-build'])], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !fs.existsSync(vsix)) throw new Error('packaging the .vsix failed');
  return vsix;
}

/** Bundles index.ts and each *.test.ts into out/exthost/suite/*.js (CommonJS; vscode and mocha external). */
export async function buildSuite(): Promise<string> {
  const outdir = path.join(OUT, 'suite');
  fs.rmSync(outdir, { recursive: true, force: true });
  const entryPoints = fs.readdirSync(SUITE).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(SUITE, f));
  await build({ entryPoints, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: 'inline', external: ['vscode', 'mocha', 'mocha/*'], logLevel: 'warning' });
  return path.join(outdir, 'index.js');
}

export interface ExthostReport {
  code: number | string;
  passed: number;
  failed: number;
  pending: number;
  metrics: Record<string, number>;
  tests: Array<{ title: string; state: string; error?: string }>;
  seconds: number;
}

/** One suite run in a fresh browser window (= a fresh extension host) against a running code-server. */
export async function runOnce(env: ExthostEnvironment, testsPath: string, opts: { grep?: string; files?: string; quiet?: boolean } = {}): Promise<ExthostReport> {
  const { cs } = env;
  if (!cs.extensionPath) throw new Error('code-server was started without the .vsix');
  const resultsFile = path.join(cs.root, `exthost-results-${Date.now()}.json`);
  // The extension host's environment is fixed when code-server starts; per-run switches go through a file
  // whose path is in that environment (ITSME_EXTHOST_CONTROL), read by suite/index.ts.
  fs.writeFileSync(env.control, JSON.stringify({ resultsFile, grep: opts.grep, files: opts.files }));
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', await cs.remoteUri(cs.extensionPath)],
    ['extensionTestsPath', await cs.remoteUri(testsPath)],
    ['skipWelcome', 'true'],
  ]);
  const browser = await launchBrowser(path.join(cs.root, 'home'));
  const t0 = performance.now();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const logs: string[] = [];
    // The workbench forwards its own console too; echo from the suite's start marker on (all with ITSME_E2E_VERBOSE=1).
    let echo = process.env.ITSME_E2E_VERBOSE === '1';
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        const line = util.format(...(Array.isArray(args) ? args : [args]));
        logs.push(line);
        if (line.includes(START_MARKER)) echo = true;
        else if (echo && !opts.quiet && (process.env.ITSME_E2E_VERBOSE === '1' || !WORKBENCH_NOISE.test(line))) (type === 'error' ? console.error : console.log)(line);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    await page.goto(cs.workbenchUrl({ payload }));
    const timeoutMs = Number(process.env.ITSME_EXTHOST_TIMEOUT || 300_000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([done, new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    const seconds = (performance.now() - t0) / 1000;
    let report: Partial<ExthostReport> = {};
    try {
      report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      // No report: the suite never ran (workbench, payload or bundle problem). Count it as one failure.
      const m = /(\d+) passed, (\d+) failed/.exec(logs.join('\n'));
      report = m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 1 };
      if (!m) console.error(`extension-host suite produced no report (exit ${code}); server log tail:\n${cs.serverLogs().split('\n').slice(-40).join('\n')}`);
    }
    return { code, passed: report.passed ?? 0, failed: report.failed ?? (code === 0 ? 0 : 1), pending: report.pending ?? 0, metrics: report.metrics ?? {}, tests: report.tests ?? [], seconds };
  } finally {
    await browser.close();
  }
}

/** Emulator + code-server (with the .vsix) for extension-host runs; the env tells the suite where to report. */
export interface ExthostEnvironment {
  emu: GraphEmulator;
  cs: CodeServer;
  /** The control file suite/index.ts reads (results path, grep, files). */
  control: string;
  stop(): Promise<void>;
}

export async function startExthostEnvironment(vsix: string): Promise<ExthostEnvironment> {
  // The docs branch's application-claims relationship on, as in the e2e environment: these suites test commands and
  // the tree after a complete setup; the manual portal step (the emulator's default) is covered by the engine tests.
  const emu = await startGraphEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
  fs.mkdirSync(OUT, { recursive: true });
  const control = path.join(OUT, `control-${process.pid}.json`);
  let cs: CodeServer;
  try {
    cs = await startCodeServer({
      emu,
      vsix,
      name: 'exthost',
      smokeTestDriver: true,
      // The smoke-test driver refuses dialogs: links the extension opens must not ask first.
      trustedDomains: ['https://*.b2clogin.com', 'https://jwt.ms', 'https://portal.azure.com', 'https://www.itsme-id.com', 'https://learn.microsoft.com'],
      env: { ITSME_EXTHOST_CONTROL: control },
    });
  } catch (e) {
    await emu.stop();
    throw e;
  }
  return { emu, cs, control, async stop() { await cs.stop(); await emu.stop(); fs.rmSync(control, { force: true }); } };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  ensureVscode();
  const vsix = process.env.ITSME_VSIX ? path.resolve(process.env.ITSME_VSIX) : packageVsix(!process.argv.includes('--no-build'));
  const testsPath = await buildSuite();
  const env = await startExthostEnvironment(vsix);
  const runs = Number(arg('runs') ?? 1);
  const reports: ExthostReport[] = [];
  try {
    for (let i = 0; i < runs; i++) reports.push(await runOnce(env, testsPath, { grep: arg('grep'), files: arg('files'), quiet: runs > 1 && i > 0 }));
  } finally {
    await env.stop();
  }
  const last = reports[reports.length - 1]!;
  for (const t of last.tests.filter((x) => x.state === 'failed')) console.error(`FAILED ${t.title}\n${t.error}`);
  const json = arg('json');
  if (json) fs.writeFileSync(json, JSON.stringify({ runs: reports }, null, 2));
  console.log(`extension-host suite: ${last.seconds.toFixed(1)} s in the workbench, ${((performance.now() - t0) / 1000).toFixed(1)} s in all`);
  console.log(`${last.passed} passed, ${last.failed} failed`);
  process.exitCode = last.failed || last.code !== 0 || last.passed === 0 ? 1 : 0;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  });
}
