// The shared environment of the Playwright UI tests: one Graph emulator (in this process), one code-server with
// the freshly packaged .vsix installed and pointed at the emulator, one Chromium. Importing this module
// registers root-level mocha hooks that start them before the first test and stop them after the last.
//
//   import { e2e } from './env';
//   const wb = await e2e().open();            // a new window (browser context) = a fresh extension host
//   await runCommand(wb.page, 'itsme: Set up itsme sign-in');
//
// Env: ITSME_VSIX=<file> to test a given .vsix (default: build + package now, as `npm run package` does);
//      ITSME_E2E_KEEP=1 keeps the code-server root (settings, logs, state) for inspection.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { startGraphEmulator, type GraphEmulator } from '../../emulators';
import { REPO, startCodeServer, type CodeServer } from '../../sandbox/codeServer';
import { launchBrowser, openWorkbench, type OpenOptions, type Workbench } from './workbench';

export interface E2e {
  emu: GraphEmulator;
  cs: CodeServer;
  browser: Browser;
  vsix: string;
  /** Opens the workbench in a new browser context, or a new page of `context` (SecretStorage is per context). */
  open(query?: Record<string, string>, context?: BrowserContext, opts?: OpenOptions): Promise<Workbench>;
}

let current: E2e | undefined;
const opened: Workbench[] = [];

export function e2e(): E2e {
  if (!current) throw new Error('the e2e environment is not started (import ./env in the test file)');
  return current;
}

function node(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status})`);
}

/** The .vsix under test: $ITSME_VSIX, or a production build packaged now (scripts/vscode-package.mjs). */
export function vsixUnderTest(): string {
  if (process.env.ITSME_VSIX) return path.resolve(process.env.ITSME_VSIX);
  // Its own path (not dist/itsme-b2c.vsix), so a concurrent `npm run package` does not swap it mid-run.
  const out = path.join(REPO, 'out', 'vsix', 'itsme-b2c.vsix');
  node(['scripts/vscode-package.mjs', '--quiet', '--out', out]);
  return out;
}

before(async function () {
  this.timeout(15 * 60_000); // a first run installs code-server (about 80 s) and maybe Chromium
  node(['sandbox/vscode-install.mjs']);
  const vsix = vsixUnderTest();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing`);
  // The user flow's application claims through the docs branch's relationship, so the wizard's setup ends with
  // all claims (the token view's checks all pass); the documented API's world (a named manual portal step) is
  // covered by test/engine/applicationClaims.test.ts and test/engine/signin.test.ts.
  const emu = await startGraphEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
  let cs: CodeServer | undefined;
  try {
    cs = await startCodeServer({ emu, vsix, name: 'e2e' });
    const browser = await launchBrowser(path.join(cs.root, 'home'));
    const env: E2e = {
      emu,
      cs,
      browser,
      vsix,
      async open(query, context, opts) {
        const wb = await openWorkbench(browser, cs!, query, context, opts);
        opened.push(wb);
        return wb;
      },
    };
    current = env;
  } catch (e) {
    await cs?.stop();
    await emu.stop();
    throw e;
  }
});

after(async function () {
  this.timeout(60_000);
  const env = current;
  current = undefined;
  if (!env) return;
  for (const wb of opened.splice(0)) await wb.close();
  await env.browser.close().catch(() => {});
  await env.cs.stop();
  await env.emu.stop();
});
