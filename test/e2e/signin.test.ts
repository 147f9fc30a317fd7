// Issue 4 §5: the whole itsme sign-in from a real VS Code, in Chromium. The emulated B2C sign-in service runs the user
// flow as the extension configured it in the Graph emulator; the itsme emulator identifies a test person by phone
// and its "itsme app" page confirms or rejects; the ID token comes back to the extension's loopback receiver and is
// shown, checked, in the editor. The same scenarios as test/engine/signin.test.ts, through the UI:
//   1. wizard → Run user flow → "Show the token in VS Code" → B2C → itsme → app Confirm → every check ✓ + claims;
//   2. rejected in the app → an error notification naming access_denied (AADB2C90273);
//   3. a wrong itsme client secret (rotated to a wrong value) → the error names the identity provider's secret;
//   4. the legacy endpoint generation → every check ✓;
//   5. the optional phone and address scopes → every check ✓, the provider's scope has them.
// The token view (issue 8 §6) is a webview a person reads: a title "ID token · <flow> · HH:MM", pass/fail per check,
// the claims as a table with local times (raw value on hover), and "Copy raw token". The browser's landing page
// says what happened and leaves no #id_token=… in its URL.
// One window (one browser context that accepts the emulators' certificate) for all of them; the tests run in order.
// Screenshots: artifacts/screenshots/signin-*.png (wizard steps: signin-wizard-NN-*.png), token-view.png,
// loopback-page.png.
import * as assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import type { B2cLogin } from '../../emulators/b2c/server';
import type { ItsmeEmulator } from '../../emulators/itsme';
import { e2e } from './env';
import { commandLabel } from './manifest';
import { answerDialog, answerInputBox, answerQuickPick, COMMANDS, runCommand, screenshot, T, notifications, waitForNotification, webviewFrame, signInWithServicePrincipal } from './workbench';
import type { WizardPage } from './wizardPage';
import { openSignInWindow, type SignInWindow } from './window';
import { answerInItsme } from './itsmePages';

const TENANT = 'contosob2c.onmicrosoft.com';
const PARTNER = 'E2EPARTNER1';
const SERVICE = 'E2E_LOGIN';
const PARTNER_SECRET = `itsme-partner-e2e-${process.pid}`;
const FLOW = 'B2C_1_itsme';
/** The token view's tab and heading start with this; then " · HH:MM" (local time the token was issued). */
const TOKEN_TITLE = `ID token · ${FLOW} · `;
const CHECK_IDS = ['signature', 'issuer', 'audience', 'nonce', 'expiry', 'lifetime', 'claims'];
const CHECK_LABELS = ['Signature', 'Issuer', 'Audience', 'Nonce', 'Expiry', 'Lifetime', 'itsme claims'];
/** HH:MM(:SS) in this machine's time zone (code-server's extension host runs here too), 24-hour. */
const localTime = (epochSeconds: number, seconds = true) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }).format(new Date(epochSeconds * 1000));

describe('sign-in: the whole itsme sign-in from VS Code, token checked in the editor (issue 4 §5)', function () {
  this.timeout(120_000);
  let w: SignInWindow;
  let b2c: B2cLogin;
  let itsme: ItsmeEmulator;
  let port: number;
  let context: BrowserContext;
  let page: Page;
  let wizard: WizardPage;
  /** Set once the wizard applied the configuration: the later scenarios need it. */
  let configured = false;

  before(async function () {
    this.timeout(60_000);
    w = await openSignInWindow({ partner: { clientId: PARTNER, clientSecret: PARTNER_SECRET, service: SERVICE }, shots: 'signin-wizard' });
    ({ b2c, itsme, port, context, page, wizard } = w);
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed') {
      await screenshot(page, `signin-FAILED-${t.title.slice(0, 40)}`);
      console.log(`      B2C log: ${JSON.stringify(b2c.log.slice(-4).map((e) => `${e.kind}: ${e.detail}`))}`);
    }
    // Close what the run opened (the sign-in tab, the app page) and the notifications.
    for (const p of context.pages()) if (p !== page) await p.close().catch(() => {});
    await runCommand(page, COMMANDS.clearNotifications).catch(() => {});
  });

  after(async function () {
    this.timeout(60_000);
    await w?.close();
  });

  /** The Graph emulator's itsme identity provider. */
  function idp(): Record<string, unknown> {
    const found = e2e().emu.state.identityProviders.find((p) => p.displayName === 'itsme');
    assert.ok(found, 'no itsme identity provider in the tenant');
    return found as Record<string, unknown>;
  }

  /**
   * Palette "itsme: Run user flow" → "Show the token in VS Code" → (VS Code's "open external website?" → Open) →
   * the new tab: B2C sign-in page → itsme → "Identify yourself" → phone → the itsme app page → Confirm / Reject →
   * back to B2C → the loopback page. Screenshots signin-<name>-NN-<page>.png.
   */
  async function runUserFlow(name: string, phone: string, decision: 'confirm' | 'reject', lands: 'token' | 'error' = decision === 'confirm' ? 'token' : 'error'): Promise<{ appCard: string }> {
    return signInOn(await openRun(), name, phone, decision, lands);
  }

  /** Palette "itsme: Run user flow" → "Show the token in VS Code" → the new tab on the emulated B2C's sign-in page. */
  async function openRun(): Promise<Page> {
    const opened = context.waitForEvent('page', { timeout: T });
    await runCommand(page, commandLabel('itsme.runUserFlow'));
    await answerQuickPick(page, 'Where should the token go?', 'Show the token in VS Code');
    // openExternal on a domain not trusted asks first ("Do you want code-server to open the external website?");
    // the test clicks Open as a person would. VS Code trusts localhost / 127.0.0.1 links, so with the emulated B2C
    // on 127.0.0.1 the tab usually opens straight away.
    const dialog = page.locator('.monaco-dialog-box');
    const first = await Promise.race([opened.then(() => 'tab'), dialog.waitFor({ state: 'visible', timeout: T }).then(() => 'dialog')]);
    if (first === 'dialog') {
      const asked = await answerDialog(page, /^Open$/);
      assert.match(asked, /open the external website/i, asked);
    }
    const tab = await opened;
    await tab.waitForURL((u) => u.host === b2c.host, { timeout: T }).catch(() => assert.fail(`the tab does not open the emulated B2C: ${tab.url()}`));
    return tab;
  }

  /** On the run's tab: B2C → itsme → phone → the itsme app's Confirm / Reject → back to B2C → the loopback page. */
  async function signInOn(tab: Page, name: string, phone: string, decision: 'confirm' | 'reject', lands: 'token' | 'error'): Promise<{ appCard: string }> {
    let shots = 0;
    const shot = (p: Page, what: string) => screenshot(p, `signin-${name}-${String(++shots).padStart(2, '0')}-${what}`);
    // The emulated B2C: the user flow's sign-in page, one button per linked identity provider.
    const button = tab.locator('#idp-itsme');
    await button.waitFor({ timeout: T });
    await shot(tab, 'b2c-sign-in');
    await button.click();

    const appCard = await answerInItsme(tab, itsme, phone, { decision, shot });
    assert.match(appCard, new RegExp(`Service ${SERVICE}`));

    // The waiting page follows by itself: itsme → B2C → the loopback receiver, whose page posts the fragment.
    await tab.waitForURL((u) => u.hostname === 'localhost' && u.port === String(port), { timeout: T });
    const status = tab.locator('#status');
    await tab.locator('#status[data-state]:not([data-state="working"])').waitFor({ timeout: T });
    await shot(tab, 'loopback');
    if (name === 'main') await screenshot(tab, 'loopback-page');
    // The page says what happened, in a readable font, and the token is gone from the address bar and history.
    assert.equal(await status.getAttribute('data-state'), lands, await status.innerText());
    const said = await tab.locator('main').innerText();
    if (lands === 'token') assert.match(said, /now in VS Code/, said);
    else assert.match(said, /did not finish/, said);
    const href = await tab.evaluate(() => location.href);
    assert.equal(new URL(href).hash, '', `the landing URL keeps its fragment: ${href.slice(0, 80)}…`);
    assert.doesNotMatch(href + tab.url(), /id_token|error_description|state=/, 'no response parameters left in the URL');
    const font = await status.evaluate((el) => getComputedStyle(el).fontFamily);
    assert.doesNotMatch(font, /^"?Times/, `font: ${font}`);
    // Back to VS Code, as a person would (another tab in front keeps the workbench from taking key presses).
    await tab.close();
    await page.bringToFront();
    return { appCard };
  }

  interface TokenShown {
    title: string;
    tabTitle: string;
    verdict: string;
    checks: Array<{ id: string; status: string; label: string; detail: string; fix: string }>;
    /** Claim name → what the table shows, its raw value (data-raw, JSON) and the hover text. */
    claims: Record<string, { shown: string; raw: unknown; hover: string }>;
  }

  const tokenTab = () => page.locator('.tabs-container .tab', { hasText: TOKEN_TITLE });

  async function tokenTabs(): Promise<number> {
    return tokenTab().count();
  }

  /** Waits for the token view opened by this run (a new tab) and reads its title, checks and claims table. */
  async function tokenView(tabsBefore: number): Promise<TokenShown> {
    const t0 = Date.now();
    while ((await tokenTabs()) <= tabsBefore) {
      if (Date.now() - t0 > T) throw new Error(`no token view opened; notifications: ${JSON.stringify(await notifications(page))}`);
      await page.waitForTimeout(200);
    }
    const frame = webviewFrame(page);
    await frame.locator('#token-title').waitFor({ timeout: T });
    await frame.locator('#claims tr[data-claim]').first().waitFor({ timeout: T });
    const checks = await frame.locator('.check').evaluateAll((els) =>
      els.map((e) => ({
        id: (e as HTMLElement).dataset['check'] ?? '',
        status: (e as HTMLElement).dataset['status'] ?? '',
        label: e.querySelector('.check-label')?.textContent ?? '',
        detail: e.querySelector('.check-detail')?.textContent ?? '',
        fix: e.querySelector('.check-fix')?.textContent ?? '',
      })),
    );
    const rows = await frame.locator('#claims tr[data-claim]').evaluateAll((els) =>
      els.map((e) => {
        const cell = e.querySelector('.claim-value') as HTMLElement | null;
        return { name: (e as HTMLElement).dataset['claim'] ?? '', shown: cell?.querySelector('.claim-shown')?.textContent ?? '', raw: cell?.dataset['raw'] ?? 'null', hover: cell?.title ?? '' };
      }),
    );
    return {
      title: await frame.locator('#token-title').innerText(),
      tabTitle: (await tokenTab().last().innerText()).trim(),
      verdict: await frame.locator('#verdict').innerText(),
      checks,
      claims: Object.fromEntries(rows.map((r) => [r.name, { shown: r.shown, raw: JSON.parse(r.raw) as unknown, hover: r.hover }])),
    };
  }

  /** "Copy raw token" → the workbench's clipboard (webview → extension host → vscode.env.clipboard). */
  async function copyRawToken(): Promise<string> {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await webviewFrame(page).locator('#copy-token').click();
    let text = '';
    for (let i = 0; i < 50 && !text; i++) {
      text = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      if (!text) await page.waitForTimeout(100);
    }
    return text;
  }

  /** Every check passed, the title, local times for the time claims, and the mapped claims of `person`. */
  function assertGoodToken(shown: TokenShown, person: { name: string; given: string; family: string }): Record<string, unknown> {
    const claims = Object.fromEntries(Object.entries(shown.claims).map(([k, v]) => [k, v.raw]));
    const iat = claims['iat'] as number;
    assert.equal(shown.title, `${TOKEN_TITLE}${localTime(iat, false)}`);
    assert.ok(shown.tabTitle.startsWith(shown.title), `tab: ${shown.tabTitle}`);
    assert.deepEqual(shown.checks.map((c) => c.id), CHECK_IDS);
    assert.deepEqual(shown.checks.map((c) => c.label), CHECK_LABELS);
    assert.deepEqual(shown.checks.filter((c) => c.status !== 'passed'), [], 'every check passes');
    assert.deepEqual(shown.checks.filter((c) => c.fix), [], 'nothing to fix');
    assert.match(shown.verdict, /All 7 checks passed/);
    // Time claims: a local time in the table, the raw epoch seconds on hover.
    for (const name of ['iat', 'exp', 'auth_time']) {
      const c = shown.claims[name];
      assert.ok(c && typeof c.raw === 'number', `${name}: ${JSON.stringify(c)}`);
      assert.ok(c.shown.includes(localTime(c.raw)), `${name} shows ${c.shown}, expected the local ${localTime(c.raw)}`);
      assert.ok(!c.shown.includes(String(c.raw)), `${name} shows the epoch: ${c.shown}`);
      assert.ok(c.hover.includes(String(c.raw)), `${name} hover: ${c.hover}`);
    }
    assert.match(shown.checks.find((c) => c.id === 'expiry')!.detail, new RegExp(localTime(claims['exp'] as number)));
    assert.equal(claims['name'], person.name);
    assert.equal(claims['given_name'], person.given);
    assert.equal(claims['family_name'], person.family);
    assert.equal(shown.claims['name']!.shown, person.name);
    assert.ok(Array.isArray(claims['emails']) && String((claims['emails'] as unknown[])[0]).includes('@'), `emails: ${JSON.stringify(claims['emails'])}`);
    assert.equal(claims['tfp'], FLOW);
    assert.equal((claims['exp'] as number) - (claims['iat'] as number), 300, 'the configured 5-minute lifetime');
    assert.equal(claims['iss'], `${b2c.url}/${e2e().emu.state.tenantId}/v2.0/`);
    return claims;
  }

  /** Screenshot of the notification center (the toast may be gone by the time a notification was found). */
  async function shotNotifications(name: string): Promise<void> {
    const center = page.locator('.notifications-center');
    if (!(await center.isVisible())) await page.locator('[id="status.notifications"]').first().click();
    await center.waitFor({ state: 'visible', timeout: T });
    await screenshot(page, name);
    await page.keyboard.press('Escape');
    await center.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
  }

  /** Reopens the wizard at `step` (it resumes where it was: done, after an apply). */
  async function wizardAt(step: 'environment' | 'credentials'): Promise<void> {
    await runCommand(page, COMMANDS.closeAllEditors);
    await runCommand(page, commandLabel('itsme.setup'));
    await wizard.frame.locator('#step-title[data-step]').waitFor({ timeout: T });
    if ((await wizard.step()) === 'done') await wizard.frame.locator('#restart').click();
    if ((await wizard.step()) !== step) await wizard.frame.locator(`#goto-${step}`).click();
    await wizard.waitStep(step);
  }

  /** Next until the review, apply, and wait for "applied". */
  async function reviewAndApply(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      const step = await wizard.step();
      if (step === 'review') break;
      await wizard.next();
      await wizard.frame.locator(`#step-title:not([data-step="${step}"])`).waitFor({ timeout: T });
    }
    await wizard.waitStep('review');
    await wizard.plan();
    await wizard.frame.locator('#apply:not([disabled])').click();
    assert.equal(await wizard.result(), 'applied');
  }

  it('1. wizard → Run user flow → itsme phone → confirmed in the app → the token view: title, every check passed, local times, Copy raw token', async function () {
    this.timeout(150_000);
    const t0 = Date.now();
    // Sign in with the service principal (a fresh window: signed out of SecretStorage).
    await signInWithServicePrincipal(page, TENANT, e2e().emu.management);

    // The wizard, every step through its page.
    await runCommand(page, commandLabel('itsme.setup'));
    await wizard.waitStep('prerequisites');
    // Signed in to this tenant just now: Next skips the tenant step; Back reaches it (for the custom login host).
    await wizard.next('environment');
    await wizard.back('tenant');
    await wizard.fill('tenant', TENANT);
    await wizard.fill('loginHost', b2c.host);
    await wizard.shot('tenant');
    await wizard.next();
    await wizard.waitStep('environment', 60_000);
    await wizard.radio('environment', 'e2e');
    await wizard.radio('generation', 'custom');
    await wizard.fill('metadataUrl', itsme.metadataUrls.v2);
    await wizard.frame.locator('#metadata-url', { hasText: itsme.metadataUrls.v2 }).waitFor({ timeout: T });
    await wizard.shot('environment');
    await wizard.next('credentials');
    await wizard.fill('partnerCode', PARTNER);
    await wizard.fill('serviceCode', SERVICE);
    await wizard.typeSecret(PARTNER_SECRET); // stored by the Next below
    await wizard.frame.locator('#scope', { hasText: `service:${SERVICE}` }).waitFor({ timeout: T });
    await wizard.shot('credentials');
    await wizard.next('identityProvider');
    await wizard.next('userFlow');
    await wizard.next('app');
    const loopback = `http://localhost:${port}`;
    const uris = (await wizard.value('redirectUris')).split('\n').filter(Boolean);
    await wizard.fill('redirectUris', [...uris, loopback].join('\n'));
    await wizard.shot('app');
    await wizard.next('review');
    await wizard.plan();
    await wizard.shot('review');
    await wizard.frame.locator('#apply:not([disabled])').click();
    assert.equal(await wizard.result(), 'applied');
    await wizard.waitStep('done');
    // The done page shows the redirect URIs itsme must whitelist: the emulated B2C's, which the partner has.
    await wizard.frame.locator('#redirect-1').waitFor({ timeout: T });
    const shown = [await wizard.frame.locator('#redirect-0').innerText(), await wizard.frame.locator('#redirect-1').innerText()].map((s) => s.trim()).sort();
    assert.deepEqual(shown, [`${b2c.url}/contosob2c/oauth2/authresp`, `${b2c.url}/${TENANT}/oauth2/authresp`].sort());
    await wizard.shot('done');
    configured = true;
    const app = e2e().emu.state.applications.find((a) => ((a['web'] as { redirectUris?: string[] } | undefined)?.redirectUris ?? []).includes(loopback));
    assert.ok(app, 'the app registration has the loopback redirect URI');
    assert.equal(idp()['metadataUrl'], itsme.metadataUrls.v2);
    console.log(`      wizard done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const t1 = Date.now();
    const before = await tokenTabs();
    const { appCard } = await runUserFlow('main', '+32470000001', 'confirm');
    assert.match(appCard, /You share: Name, date of birth, gender, language; Email address\b/, appCard);
    assert.doesNotMatch(appCard, /Phone number|Address /, 'the default scopes are profile and email only');
    const token = await tokenView(before);
    await screenshot(page, 'token-view');
    await screenshot(page, 'signin-main-07-token-view');
    const claims = assertGoodToken(token, { name: 'Jan Peeters', given: 'Jan', family: 'Peeters' });
    assert.equal(claims['aud'], app.appId);
    // Copy raw token: the JWT itself, whose claims are the table's.
    const raw = await copyRawToken();
    assert.match(raw, /^[\w-]+\.[\w-]+\.[\w-]+$/, `clipboard: ${raw.slice(0, 40)}`);
    assert.deepEqual(decodeJwt(raw), claims);
    await webviewFrame(page).locator('#announcer', { hasText: /copied/i }).waitFor({ timeout: T });
    // The claims table, time claims in view (for the README).
    await webviewFrame(page).locator('#claims tr[data-claim="auth_time"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'token-view-claims');
    assert.ok(b2c.log.some((e) => e.kind === 'issued'), 'the emulated B2C issued the token');
    console.log(`      sign-in to token view in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  });

  it('2. rejected in the itsme app → a clear error naming access_denied (AADB2C90273)', async function () {
    if (!configured) this.skip();
    await runCommand(page, COMMANDS.closeAllEditors);
    const before = await tokenTabs();
    await runUserFlow('rejected', '+32470000001', 'reject');
    const message = await waitForNotification(page, /access_denied/);
    await shotNotifications('signin-rejected-07-notification');
    assert.match(message, /The user flow returned access_denied/);
    assert.match(message, /AADB2C90273/);
    assert.equal(await tokenTabs(), before, 'no token view for a refused sign-in');
  });

  it('3. a wrong itsme client secret → the error names the identity provider\'s client secret', async function () {
    if (!configured) this.skip();
    const rotate = async (secret: string) => {
      await runCommand(page, commandLabel('itsme.rotateSecret'));
      await answerInputBox(page, 'Rotate the itsme client secret', secret);
      await waitForNotification(page, /itsme client secret of "itsme" was replaced/);
      await runCommand(page, COMMANDS.clearNotifications);
    };
    await runCommand(page, COMMANDS.closeAllEditors);
    await rotate('not-the-partner-secret');
    assert.equal(idp()['clientSecret'], 'not-the-partner-secret', 'the rotation reached the tenant');
    await runUserFlow('wrong-secret', '+32470000001', 'confirm', 'error');
    const message = await waitForNotification(page, /invalid_client/);
    await shotNotifications('signin-wrong-secret-07-notification');
    assert.match(message, /identity provider "itsme"/);
    assert.match(message, /client secret/);
    assert.ok(b2c.log.some((e) => e.kind === 'upstreamError' && /invalid_client/.test(e.detail)), 'the upstream error is in the B2C log');
    // Rotating back to the partner's secret repairs the sign-in (the next scenarios run with it).
    await rotate(PARTNER_SECRET);
    assert.equal(idp()['clientSecret'], PARTNER_SECRET);
  });

  it('4. the legacy endpoint generation (csapi) → the token with every check ✓', async function () {
    if (!configured) this.skip();
    await wizardAt('environment');
    await wizard.radio('generation', 'custom');
    await wizard.fill('metadataUrl', itsme.metadataUrls.legacy);
    await wizard.frame.locator('#metadata-url', { hasText: itsme.metadataUrls.legacy }).waitFor({ timeout: T });
    await wizard.shot('legacy-environment');
    await reviewAndApply();
    assert.equal(idp()['metadataUrl'], itsme.metadataUrls.legacy);
    await runCommand(page, COMMANDS.closeAllEditors);
    const before = await tokenTabs();
    await runUserFlow('legacy', '+32470000002', 'confirm');
    assertGoodToken(await tokenView(before), { name: 'Marie Dubois', given: 'Marie', family: 'Dubois' });
    await screenshot(page, 'signin-legacy-07-token-view');
    assert.ok(b2c.log.some((e) => e.kind === 'federate' && e.detail.includes('/clientsecret-oidc/csapi/v0.1/')), 'B2C federated to the legacy endpoints');
  });

  it('5. the optional phone and address scopes → the token with every check ✓', async function () {
    if (!configured) this.skip();
    await wizardAt('credentials');
    await wizard.checkbox('scopePhone', true);
    await wizard.checkbox('scopeAddress', true);
    await wizard.frame.locator('#scope', { hasText: 'phone address' }).waitFor({ timeout: T });
    await wizard.shot('scopes-credentials');
    await reviewAndApply();
    assert.match(String(idp()['scope']), /^openid service:E2E_LOGIN\b.*\bphone address$/);
    await runCommand(page, COMMANDS.closeAllEditors);
    const before = await tokenTabs();
    const { appCard } = await runUserFlow('scopes', '+32470000003', 'confirm');
    assert.match(appCard, /You share: .*Phone number; Address/, 'B2C asked itsme for the phone and address scopes');
    assertGoodToken(await tokenView(before), { name: 'Lukas Schmitz', given: 'Lukas', family: 'Schmitz' });
    await screenshot(page, 'signin-scopes-07-token-view');
  });

  it('6. Run user flow again while the first run waits: the same sign-in opens again (no second receiver, no port error), and its token fills one token view', async function () {
    const before = await tokenTabs();
    const authorize: URL[] = [];
    const seen = (r: { url(): string }) => {
      const u = new URL(r.url());
      if (u.host === b2c.host && u.pathname.endsWith('/oauth2/v2.0/authorize')) authorize.push(u);
    };
    context.on('request', seen);
    const first = await openRun();
    const second = await openRun();
    context.off('request', seen);
    // The second run joined the first: the same authorize request (same state and nonce), not a new one.
    assert.equal(authorize.length, 2, authorize.map(String).join('\n'));
    assert.ok(authorize[0]!.searchParams.get('state'), 'the authorize request carries a state');
    assert.equal(authorize[1]!.searchParams.get('state'), authorize[0]!.searchParams.get('state'));
    assert.equal(authorize[1]!.searchParams.get('nonce'), authorize[0]!.searchParams.get('nonce'));
    assert.deepEqual((await notifications(page)).filter((n) => /Cannot listen|loopbackPort/i.test(n)), [], 'no port error');
    await first.close();
    await signInOn(second, 'again', '+32470000001', 'confirm', 'token');
    assertGoodToken(await tokenView(before), { name: 'Jan Peeters', given: 'Jan', family: 'Peeters' });
    await page.waitForTimeout(1000);
    assert.equal(await tokenTabs(), before + 1, 'one token view for the two runs');
  });
});
