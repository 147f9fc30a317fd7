// Issue 12 §3: the wizard under a hostile webview, in a real VS Code (code-server). With the wizard on review (a
// plan shown), ≥ 10,000 seeded malformed and hostile messages (fuzzMessages.ts) go through the webview's own
// channel to the host; then the goto storm (50 × the "Try again" message while on review), rapid "Try again"
// clicks on a failing plan, and 100 duplicate applies. Asserted: the extension host stays alive and answers, no
// Graph request but the legitimate plan/apply paths (counted by the Graph emulator), no external open outside the
// allow-list, no secret anywhere we can read, and the extension host's RSS growth under a bound.
//
// How messages are sent. The page's VS Code API object is private to webview-ui/vscodeApi.ts, and a second
// acquireVsCodeApi() throws. Its postMessage(message) is one line of VS Code's webview host page
// (pre/index.html): window.parent.__vscode_post_message__('onmessage', { message, transfer }). The test calls
// that same function in the webview's host frame, so every message takes the real path (structured clone →
// workbench → extension host RPC → onDidReceiveMessage → guards), with no test hook in the product.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { e2e } from './env';
import { commandLabel } from './manifest';
import { openedUrls, runCommand, screenshot, T, type Workbench, signInWithServicePrincipal } from './workbench';
import { WizardPage } from './wizardPage';
import { countByCategory, EXPAND_SRC, generate, type FuzzMessage } from './fuzzMessages';
import { assertNoSecretHits, scanE2eForSecrets } from './secretScan';
import { DROP_LOG_BOUND } from '../../src/protocol/dropLog';

const TENANT = 'contosob2c.onmicrosoft.com';
const ITSME_SECRET = `itsme-fuzz-Secret-${process.pid}-DO-NOT-LEAK`;
const SEED = Number(process.env.ITSME_FUZZ_SEED || 20261202);
const BATCH = 250;

// The bounds this test holds the host to.
/** A batch of BATCH messages, then a "ready" probe: its "init" answer must come within this. */
const PROBE_BOUND_MS = 10_000;
/** "Show log" (a command run in the extension host) answers within this after the storms. */
const COMMAND_BOUND_MS = 10_000;
/** Extension-host RSS growth from before the storms to after them. */
const RSS_GROWTH_BOUND_MB = 200;
/** The goto storm and the rapid clicks may cost at most this many plans' worth of Graph GETs (one, plus one cancelled). */
const PLANS_BOUND = 2;
/** Links the extension may open (its named targets); the fuzz must open none of them, and nothing else. */
const ALLOWED_OPEN = [/^https:\/\/(learn\.microsoft\.com|portal\.azure\.com|entra\.microsoft\.com|jwt\.ms|www\.itsme-id\.com|belgianmobileid\.github\.io)\//, /^mailto:onboarding@itsme-id\.com/];

const isGraph = (p: string) => /^\/(v1\.0|beta)\//.test(p);

/** Extension-host processes of this code-server: --type=extensionHost, with the code-server root among their ancestors. */
function exthostPids(root: string): number[] {
  const cmd = (pid: number) => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return ''; } };
  const ppid = (pid: number) => { try { return Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { return 0; } };
  const pids: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    const pid = Number(e);
    if (!pid || !cmd(pid).includes('--type=extensionHost')) continue;
    for (let p = ppid(pid), n = 0; p > 1 && n < 10; p = ppid(p), n++) if (cmd(p).includes(root)) { pids.push(pid); break; }
  }
  return pids;
}

function rssMb(pid: number): number {
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Both secrets in the forms a leak takes: plain, JSON-escaped, URL-encoded, base64. */
function secretForms(): Array<[string, string]> {
  const forms: Array<[string, string]> = [];
  for (const [name, s] of [['itsme secret', ITSME_SECRET], ['service principal secret', e2e().emu.management.clientSecret]] as const) {
    for (const [how, v] of [['plain', s], ['json', JSON.stringify(s).slice(1, -1)], ['url', encodeURIComponent(s)], ['base64', Buffer.from(s).toString('base64')], ['base64url', Buffer.from(s).toString('base64url')]] as const) forms.push([`${name} (${how})`, v]);
  }
  return forms;
}

function exposures(where: string, text: string): string[] {
  return secretForms().filter(([, v]) => text.includes(v)).map(([what]) => `${what} in ${where}`);
}

/** The extension's Output channel file of the newest extension host (a LogOutputChannel writes a .log file). */
function outputLog(userDataDir: string): { file?: string; text: string } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.log') && f.includes('itsme-b2c.itsme-b2c')) files.push(f);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  const file = files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  return { file, text: file ? fs.readFileSync(file, 'utf8') : '' };
}

describe('fuzz: the wizard under a hostile webview (issue 12 §3)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let wizard: WizardPage;
  let host: Frame; // the webview's host frame (VS Code's pre/index.html)
  let inner: Frame; // the wizard page
  let pid = 0;
  const consoleLines: string[] = [];
  const figures: Record<string, unknown> = {};
  const failures: string[] = [];
  let rssBefore = 0;

  // Without the review on screen nothing after means anything; the other stages leave the wizard on review
  // whatever they found, so a failure of one (the goto storm before the fix) does not hide the others' figures.
  beforeEach(function () {
    if (failures.some((t) => t.startsWith('signs in'))) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failures.push(this.currentTest.title);
      await screenshot(wb.page, `fuzz-FAILED-${this.currentTest.title.slice(0, 40)}`);
    }
  });
  after(async () => {
    console.log(`      fuzz figures: ${JSON.stringify(figures, null, 2).replace(/\n/g, '\n      ')}`);
    e2e().emu.faults.clear();
    e2e().emu.setLatency(0);
    await wb?.close();
    e2e().emu.reset(); // the files after this one expect an empty tenant
  });

  const frames = async (page: Page): Promise<void> => {
    const outer = await page.locator('iframe.webview.ready').filter({ visible: true }).first().elementHandle({ timeout: T });
    host = (await outer!.contentFrame())!;
    inner = (await (await host.waitForSelector('iframe#active-frame', { state: 'attached', timeout: T })).contentFrame())!;
    // Count the host's answers to "ready" probes, and keep every message the host posts to the page (scanned
    // for the secret at the end: that is the webview's whole state).
    await inner.evaluate(`(() => {
      if (window.__fuzz) return;
      window.__fuzz = { inits: 0, states: 0, posted: [] };
      window.addEventListener('message', (e) => {
        const d = e.data;
        if (d && d.type === 'init') window.__fuzz.inits++;
        if (d && d.type === 'state') window.__fuzz.states++;
        try { window.__fuzz.posted.push(JSON.stringify(d)); } catch {}
        if (window.__fuzz.posted.length > 400) window.__fuzz.posted.splice(0, 200);
      });
    })()`);
    await host.evaluate(`window.__fuzzExpand = ${EXPAND_SRC}`);
  };

  /** Posts JSON texts through the webview's channel; returns how many the webview itself refused, and the slowest post. */
  const post = (jsons: string[]): Promise<{ refused: number; slowestMs: number }> =>
    host.evaluate((list) => {
      const w = window as unknown as { __vscode_post_message__: (c: string, d: unknown) => void; __fuzzExpand: (t: string) => unknown };
      let refused = 0;
      let slowestMs = 0;
      for (const text of list) {
        const t0 = performance.now();
        try {
          w.__vscode_post_message__('onmessage', { message: w.__fuzzExpand(text), transfer: undefined });
        } catch {
          refused++; // e.g. a value the structured clone refuses
        }
        slowestMs = Math.max(slowestMs, performance.now() - t0);
      }
      return { refused, slowestMs };
    }, jsons);

  /** Sends "ready" and waits for the host's "init": the round trip through the extension host, in ms. */
  const probe = async (bound = PROBE_BOUND_MS): Promise<number> => {
    const before = await inner.evaluate(() => (window as unknown as { __fuzz: { inits: number } }).__fuzz.inits);
    const t0 = performance.now();
    await post([JSON.stringify({ type: 'ready' })]);
    await inner.waitForFunction((n) => (window as unknown as { __fuzz: { inits: number } }).__fuzz.inits > n, before, { timeout: bound, polling: 20 });
    return Math.round(performance.now() - t0);
  };

  /** Waits until the emulator has seen no request for `quietMs`. */
  const graphQuiet = async (quietMs = 1500, max = 60_000): Promise<void> => {
    const t0 = Date.now();
    let n = e2e().emu.log.length;
    let since = Date.now();
    while (Date.now() - since < quietMs) {
      if (Date.now() - t0 > max) throw new Error('Graph traffic did not stop');
      await new Promise((r) => setTimeout(r, 100));
      if (e2e().emu.log.length !== n) [n, since] = [e2e().emu.log.length, Date.now()];
    }
  };
  const graphGetsSince = (seq: number) => e2e().emu.log.filter((e) => e.seq > seq && e.method === 'GET' && isGraph(e.path)).length;
  const lastSeq = () => e2e().emu.log.at(-1)?.seq ?? 0;

  it('generates ≥ 10,000 messages, reproducibly, each hostile one refused by the guard', () => {
    const a = generate(SEED);
    assert.ok(a.length >= 10_000, `${a.length}`);
    assert.deepEqual(generate(SEED).map((m) => m.json), a.map((m) => m.json), 'same seed, same stream');
    figures['messages per category'] = countByCategory(a);
  });

  it('signs in and brings the wizard to review with a plan', async () => {
    e2e().emu.reset();
    const root = e2e().cs.root;
    const pidsBefore = new Set(exthostPids(root));
    wb = await e2e().open();
    wb.page.on('console', (m) => consoleLines.push(m.text()));
    const { page } = wb;
    await signInWithServicePrincipal(page, TENANT, e2e().emu.management);
    const mine = exthostPids(root).filter((p) => !pidsBefore.has(p));
    assert.equal(mine.length, 1, `this window's extension host among ${JSON.stringify(exthostPids(root))} (before: ${[...pidsBefore]})`);
    pid = mine[0]!;

    await runCommand(page, commandLabel('itsme.setup'));
    wizard = new WizardPage(page, 'fuzz');
    await wizard.waitStep('prerequisites');
    await wizard.next('environment');
    await wizard.radio('environment', 'e2e');
    await wizard.radio('generation', 'v2');
    await wizard.next('credentials');
    await wizard.fill('partnerCode', 'abcd1234');
    await wizard.fill('serviceCode', 'MYBANK_LOGIN');
    await wizard.typeSecret(ITSME_SECRET);
    await wizard.next('identityProvider');
    await wizard.next('userFlow');
    await wizard.next('app');
    await graphQuiet(500);
    const seq = lastSeq();
    await wizard.next('review');
    await wizard.plan();
    await graphQuiet();
    figures['Graph GETs of one plan'] = graphGetsSince(seq);
    assert.ok((figures['Graph GETs of one plan'] as number) > 0);
    await frames(page);
    await wizard.shot('review');
  });

  it(`${'≥'} 10,000 hostile messages: no Graph request, no open, the host answers every batch`, async () => {
    const messages: FuzzMessage[] = generate(SEED);
    const { emu } = e2e();
    const stats0 = { ...emu.stats };
    const opened0 = (await openedUrls(wb.page)).length;
    rssBefore = rssMb(pid);
    const logLines = () => outputLog(e2e().cs.userDataDir).text.split('\n').filter(Boolean).length;
    const lines0 = logLines();
    let refused = 0;
    let slowestPostMs = 0;
    let slowestBatchMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < messages.length; i += BATCH) {
      const batch = messages.slice(i, i + BATCH);
      const tb = performance.now();
      const r = await post(batch.map((m) => m.json));
      refused += r.refused;
      slowestPostMs = Math.max(slowestPostMs, r.slowestMs);
      await probe(); // the host has handled the whole batch when it answers the probe behind it
      slowestBatchMs = Math.max(slowestBatchMs, performance.now() - tb);
    }
    const total = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000)); // the Output channel's file is written asynchronously
    const stormLines = logLines() - lines0;
    const lineBound = DROP_LOG_BOUND.linesPerMinute * (Math.ceil(total / 60_000) + 1);
    figures['storm'] = {
      messages: messages.length,
      refusedByTheWebview: refused,
      totalMs: Math.round(total),
      perMessageMs: +(total / messages.length).toFixed(3),
      slowestPostInThePageMs: +slowestPostMs.toFixed(1),
      [`slowestBatchOf${BATCH}HandledMs`]: Math.round(slowestBatchMs),
      probeAfterStormMs: await probe(),
      graphRequests: emu.stats.graphRequests - stats0.graphRequests,
      tokenRequests: emu.stats.tokenRequests - stats0.tokenRequests,
      outputLinesWritten: stormLines,
      outputLinesBound: lineBound,
    };
    assert.equal(emu.stats.graphRequests - stats0.graphRequests, 0, 'Graph requests during the storm');
    assert.equal(emu.stats.tokenRequests - stats0.tokenRequests, 0, 'token requests during the storm');
    const opened = (await openedUrls(wb.page)).slice(opened0);
    figures['external opens during the storm'] = opened;
    assert.deepEqual(opened.filter((u) => !ALLOWED_OPEN.some((a) => a.test(u))), [], 'opens outside the allow-list');
    assert.deepEqual(opened, [], 'the storm opened a link');
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'a dialog (e.g. "open the external website?") showed');
    assert.equal(await wizard.step(), 'review', 'the storm moved the wizard');
    assert.ok(stormLines <= lineBound, `the storm wrote ${stormLines} lines to the Output channel (bound ${lineBound}: ${DROP_LOG_BOUND.linesPerMinute} a minute)`);
    assert.ok(alive(pid), 'the extension host died');
  });

  it('goto storm: 50 × "Try again" on review start one plan, and the host does not stall', async () => {
    const perPlan = figures['Graph GETs of one plan'] as number;
    await graphQuiet(500);
    const seq = lastSeq();
    const t0 = performance.now();
    await post(Array.from({ length: 50 }, () => JSON.stringify({ type: 'event', event: { type: 'goto', step: 'review' } })));
    const probeMs = await probe(30_000).catch(() => -1);
    await wizard.frame.locator('#plan[data-status="ready"]').waitFor({ timeout: 120_000 });
    await graphQuiet(1500, 120_000);
    const gets = graphGetsSince(seq);
    figures['goto storm'] = { gotos: 50, graphGets: gets, plansWorth: +(gets / perPlan).toFixed(1), probeRightAfterMs: probeMs, untilPlanAndQuietMs: Math.round(performance.now() - t0 - 1500) };
    assert.ok(gets <= PLANS_BOUND * perPlan, `50 gotos on review made ${gets} Graph GETs (${(gets / perPlan).toFixed(1)} plans' worth; one plan is ${perPlan}; bound ${PLANS_BOUND} plans)`);
    assert.ok(probeMs >= 0 && probeMs <= 5000, `the host answered ${probeMs < 0 ? 'not within 30 s' : `${probeMs} ms`} after the goto storm`);
  });

  it('rapid "Try again" clicks on a failing plan start one plan at a time', async () => {
    const { emu } = e2e();
    // Every Graph GET throttled with Retry-After 0: a plan fails fast (the client's attempts, no waits).
    const fault = emu.faults.add({ match: { method: 'GET' }, times: Infinity, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 } });
    try {
      await graphQuiet(500);
      let seq = lastSeq();
      await post([JSON.stringify({ type: 'event', event: { type: 'goto', step: 'review' } })]);
      const retry = wizard.frame.locator('#retry-plan');
      await retry.waitFor({ timeout: T });
      await graphQuiet();
      const perFailure = graphGetsSince(seq);
      await wizard.shot('plan-failed');
      seq = lastSeq();
      // 20 clicks in one go (a double-click, a stuck key): all land before the host's next state redraws the page.
      const clicks = await inner.evaluate(() => {
        let n = 0;
        for (let i = 0; i < 20; i++) {
          const b = document.getElementById('retry-plan');
          if (b) { b.click(); n++; }
        }
        return n;
      });
      // …then real mouse clicks as fast as the button is there again.
      let mouse = 0;
      for (let i = 0; i < 10; i++) if (await retry.click({ timeout: 300 }).then(() => true, () => false)) mouse++;
      await retry.waitFor({ timeout: T });
      await graphQuiet();
      const gets = graphGetsSince(seq);
      figures['rapid Try again'] = { domClicks: clicks, mouseClicks: mouse, graphGetsOfOneFailedPlan: perFailure, graphGets: gets, plansWorth: +(gets / Math.max(1, perFailure)).toFixed(1) };
      // Back to a plan before asserting, so the stages after this one run whatever it found.
      fault.remove();
      await retry.click();
      await wizard.plan();
      await graphQuiet();
      assert.ok(clicks >= 2, 'the burst reached the button');
      assert.ok(gets <= (PLANS_BOUND + mouse) * perFailure, `${clicks} + ${mouse} clicks made ${gets} Graph GETs (one failed plan: ${perFailure})`);
    } finally {
      fault.remove();
    }
  });

  it('the host answers a command and its memory stays bounded', async () => {
    const t0 = performance.now();
    await runCommand(wb.page, commandLabel('itsme.showLog'));
    const picker = wb.page.locator('.part.panel select.monaco-select-box').first();
    await picker.waitFor({ timeout: COMMAND_BOUND_MS });
    await wb.page.waitForFunction((el) => /itsme/i.test((el as HTMLSelectElement).selectedOptions[0]?.text ?? ''), await picker.elementHandle(), { timeout: COMMAND_BOUND_MS });
    const commandMs = Math.round(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 2000)); // let a collection run
    const rssAfter = rssMb(pid);
    figures['extension host'] = { pid, alive: alive(pid), showLogCommandMs: commandMs, rssBeforeMb: rssBefore, rssAfterMb: rssAfter, growthMb: +(rssAfter - rssBefore).toFixed(1) };
    assert.ok(alive(pid), 'the extension host died');
    assert.ok(commandMs <= COMMAND_BOUND_MS, `"Show log" took ${commandMs} ms`);
    assert.ok(rssAfter - rssBefore <= RSS_GROWTH_BOUND_MB, `extension host RSS ${rssBefore} → ${rssAfter} MB (bound +${RSS_GROWTH_BOUND_MB} MB)`);
    await screenshot(wb.page, 'fuzz-log');
  });

  it('100 duplicate applies at review apply once', async () => {
    const { emu } = e2e();
    await wb.page.keyboard.press('Escape');
    const seq = lastSeq();
    await post(Array.from({ length: 100 }, () => JSON.stringify({ type: 'event', event: { type: 'apply' } })));
    const status = await wizard.result(90_000);
    await graphQuiet();
    await wizard.shot('applied');
    const writes = emu.log.filter((e) => e.seq > seq && e.method !== 'GET' && isGraph(e.path));
    const creates = (re: RegExp) => writes.filter((e) => e.method === 'POST' && re.test(e.path)).length;
    figures['duplicate applies'] = { applies: 100, result: status, graphWrites: writes.length, applicationPosts: creates(/\/applications$/), identityProviderPosts: creates(/identityProviders$/), userFlowPosts: creates(/b2cUserFlows$/) };
    assert.equal(status, 'applied');
    assert.equal(creates(/\/applications$/), 1, 'POST /applications');
    assert.equal(creates(/identityProviders$/), 1, 'POST identityProviders');
    assert.ok(creates(/b2cUserFlows$/) <= 1, 'POST b2cUserFlows');
  });

  it('no secret in the webview (DOM, shadow roots, inputs, state), the workbench, the Output channel, the server logs or the console', async () => {
    const found: string[] = [];
    // Every element, shadow roots included (the vscode-* elements keep their inputs there), and input values
    // (a typed value is not in the HTML). A loop, not a named helper: tsx's keepNames would wrap it in __name.
    const dom = await inner.evaluate(() => {
      const parts: string[] = [document.documentElement.outerHTML];
      const roots: Array<Document | ShadowRoot> = [document];
      while (roots.length) {
        for (const el of roots.pop()!.querySelectorAll('*')) {
          if (el.shadowRoot) { parts.push(el.shadowRoot.innerHTML); roots.push(el.shadowRoot); }
          const v = (el as HTMLInputElement).value;
          if (typeof v === 'string' && v) parts.push(v);
        }
      }
      const f = (window as unknown as { __fuzz: { posted: string[] } }).__fuzz;
      return { html: parts.join('\n'), posted: f.posted.join('\n'), storage: JSON.stringify({ ...localStorage, ...sessionStorage }) };
    });
    found.push(...exposures('the webview DOM', dom.html), ...exposures('the messages the host posted to the webview', dom.posted), ...exposures('the webview storage', dom.storage));
    found.push(...exposures('the workbench DOM', await wb.page.content()));
    found.push(...exposures('the workbench storage', await wb.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))));
    const log = outputLog(e2e().cs.userDataDir);
    found.push(...exposures('the Output channel', log.text));
    const server = e2e().cs.serverLogs();
    found.push(...exposures('the server logs', server));
    found.push(...exposures('the browser console', consoleLines.join('\n')));
    const lines = log.text.split('\n').filter(Boolean);
    figures['logs'] = {
      outputChannelFile: log.file ? path.relative(e2e().cs.userDataDir, log.file) : 'none',
      outputLines: lines.length,
      outputBytes: Buffer.byteLength(log.text),
      droppedLines: lines.filter((l) => /dropped/i.test(l)).length,
      serverLogBytes: Buffer.byteLength(server),
      consoleLines: consoleLines.length,
    };
    // Issue 12 §4 (test/e2e/secretScan.ts): every file under code-server's user data, extensions, workspace, the
    // browser profiles and the logs, both secrets in every form.
    const scan = scanE2eForSecrets(e2e(), [{ name: 'itsme', value: ITSME_SECRET }], 'secret scan after the fuzz');
    figures['full secret scan hits'] = scan.hits.length;
    assertNoSecretHits(scan, e2e().cs.root);
    figures['secret exposures'] = found.length;
    assert.deepEqual(found, []);
    assert.ok(log.file, 'the Output channel file was found');
  });
});
