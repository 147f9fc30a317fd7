// Entry point the extension host loads through `extensionTestsPath` (the @vscode/test-electron contract, here
// driven through code-server by ../run.ts). Bundled by esbuild into out/exthost/suite/ next to one bundle per
// *.test.ts, which run() discovers. Mocha comes from the repository's node_modules (out/ is inside the repo).
// Prints "N passed, N failed" and writes a JSON report where the runner's control file says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { metrics } from './metrics';

// mocha 12 is an ES module whose CommonJS build is lib/mocha.cjs; the extension host loads CommonJS.
const Mocha = require('mocha/lib/mocha.cjs') as typeof import('mocha');

interface TestReport {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Per-run switches from the runner (../run.ts): a file named by $ITSME_EXTHOST_CONTROL. */
function control(): { resultsFile?: string; grep?: string; files?: string } {
  const file = process.env.ITSME_EXTHOST_CONTROL;
  try {
    return file ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  } catch {
    return {};
  }
}

export function run(): Promise<void> {
  const ctl = control();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (ctl.grep) mocha.grep(ctl.grep);
  const only = ctl.files?.split(',');
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (!only || only.some((o) => f.startsWith(o)))).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const tests: TestReport[] = [];
  console.log('[itsme-exthost] mocha starts'); // ../run.ts echoes the extension host's console from here on
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = tests.filter((t) => t.state === 'passed').length;
      const failed = tests.filter((t) => t.state === 'failed').length || failures;
      const report = { passed, failed, pending: tests.filter((t) => t.state === 'pending').length, tests, metrics, node: process.versions.node };
      if (ctl.resultsFile) fs.writeFileSync(ctl.resultsFile, JSON.stringify(report, null, 2));
      console.log(`${passed} passed, ${failed} failed`);
      if (failed) reject(new Error(`${failed} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', error: String((err as Error)?.stack ?? err) }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
