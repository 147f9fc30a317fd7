// Issue 9 §6: the extension with a Microsoft Entra External ID tenant (an external tenant, tenantType CIAM), in the
// real workbench. An emulated external tenant (its own Graph emulator), the emulated ciamlogin sign-in and the itsme
// emulator; a fresh window signs in to the external tenant, and:
//   1. the wizard knows the kind after sign-in: External ID words, no B2C-only field (token lifetime, refresh window,
//      domain hint), the review says "Microsoft Entra External ID" and tells the email question; Done shows the two
//      ciamlogin redirect URIs;
//   2. the tree shows the external tenant's objects: the itsme provider, the user flow and the test app;
//   3. Run user flow → "Show the token in VS Code" → ciamlogin → itsme → the email code → the token view: every
//      check passed against the tenant's issuer https://<tenant id>.ciamlogin.com/<tenant id>/v2.0;
//   4. the other email outcome (the emulated ciamlogin switched to 'refuse', a person who never signed up): ciamlogin's
//      refusal page says why (the email itsme sent is not verified), no account and no token; VS Code keeps waiting
//      (the loopback got nothing), opens no token view, and Cancel ends the wait silently. 'verify' is restored.
// Its settings (Graph and authority host of the external emulator, login host, loopback port) are restored after,
// and its window is its own browser context, so later files see the shared code-server as they expect.
// Screenshots: artifacts/screenshots/external-*.png (external-refuse-*.png for 4).
import * as assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { startGraphEmulator, type GraphEmulator } from '../../emulators';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { startItsmeEmulator, type ItsmeEmulator } from '../../emulators/itsme';
import { trustCaInProcess } from '../../emulators/tls/ca';
import { freePort } from '../../sandbox/codeServer';
import { e2e } from './env';
import { commandLabel } from './manifest';
import { answerQuickPick, COMMANDS, notifications, runCommand, screenshot, showViewContainer, sidebarTreeRows, T, webviewFrame, type Workbench, signInWithServicePrincipal, expandTreeRow } from './workbench';
import { WizardPage } from './wizardPage';
import { UserSettings } from './window';
import { answerInItsme } from './itsmePages';

const PARTNER = 'EXTPARTNER1';
const SERVICE = 'EXT_LOGIN';
const PARTNER_SECRET = `itsme-partner-ext-${process.pid}`;

describe('external: the extension with a Microsoft Entra External ID tenant (issue 9 §6)', function () {
  this.timeout(180_000);
  let ext: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;
  let port: number;
  let tenant: string;
  let context: BrowserContext;
  let wb: Workbench;
  let page: Page;
  let wizard: WizardPage;
  let settings: UserSettings;
  let configured = false;

  before(async function () {
    this.timeout(90_000);
    ext = await startGraphEmulator({ tenantType: 'external' });
    trustCaInProcess(ext.caPem);
    ciam = await startCiamLogin({ graph: ext });
    itsme = await startItsmeEmulator({ partners: [{ clientId: PARTNER, clientSecret: PARTNER_SECRET, serviceCodes: [SERVICE], redirectUris: ciam.federationRedirectUris() }] });
    tenant = ext.state.verifiedDomains.find((d) => d.isInitial)!.name;
    port = await freePort();
    // The external tenant's own Graph and authority host (kept by its sign-in), the emulated ciamlogin as the
    // login host, a free loopback port.
    settings = new UserSettings();
    settings.set({ 'itsme.graphEndpoint': ext.url, 'itsme.authorityHost': ext.url, 'itsme.loginHost': ciam.host, 'itsme.loopbackPort': port });
    context = await e2e().browser.newContext({ viewport: { width: 1400, height: 900 }, ignoreHTTPSErrors: true });
    wb = await e2e().open({}, context, { keepPopups: true });
    page = wb.page;
    wizard = new WizardPage(page, 'external-wizard');
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed') {
      await screenshot(page, `external-FAILED-${t.title.slice(0, 40)}`);
      console.log(`      ciamlogin log: ${JSON.stringify(ciam.log.slice(-4).map((e) => `${e.kind}: ${e.detail}`))}`);
      console.log(`      notifications: ${JSON.stringify(await notifications(page).catch(() => []))}`);
      console.log(`      tree rows: ${JSON.stringify(await sidebarTreeRows(page).catch(() => []))}`);
    }
    for (const p of context.pages()) if (p !== page) await p.close().catch(() => {});
  });

  after(async function () {
    this.timeout(60_000);
    settings?.restore();
    await context?.close().catch(() => {});
    await itsme?.stop();
    await ciam?.stop();
    await ext?.stop();
  });

  it('1. signs in to the external tenant; the wizard shows External ID\'s steps and words, the review tells the email question, Done gives the ciamlogin redirect URIs', async function () {
    await signInWithServicePrincipal(page, tenant, ext.management, /Sign in to/);

    await runCommand(page, commandLabel('itsme.setup'));
    await wizard.waitStep('prerequisites');
    await wizard.shot('prerequisites');
    // Signed in just now: Next skips the tenant step and checks the tenant in the background; the page follows
    // the kind it learns (External ID) without another click.
    await wizard.next('environment');
    await wizard.frame.locator('#step-title[data-tenant-kind="external"]').waitFor({ timeout: T });
    // Back to the tenant step (its title names the kind now) for the emulated ciamlogin host as the login host.
    await wizard.back('tenant');
    assert.match((await wizard.titles()).heading, /External ID tenant/);
    await wizard.fill('tenant', tenant);
    await wizard.fill('loginHost', ciam.host);
    await wizard.frame.locator('#tenant-check', { hasText: 'Microsoft Entra External ID' }).waitFor({ timeout: T }).catch(() => {});
    await screenshot(page, 'external-wizard-tenant');
    await wizard.next();
    await wizard.waitStep('environment', 60_000);
    await wizard.frame.locator('#metadata-url').waitFor({ timeout: T });
    assert.match(await wizard.frame.locator('.form-step').innerText(), /External ID will read:/);
    await wizard.radio('generation', 'custom');
    await wizard.fill('metadataUrl', itsme.metadataUrls.v2);
    await wizard.shot('environment');
    await wizard.next('credentials');
    await wizard.fill('partnerCode', PARTNER);
    await wizard.fill('serviceCode', SERVICE);
    await wizard.typeSecret(PARTNER_SECRET);
    await wizard.next('identityProvider');
    // B2C-only fields are not on the page: the domain hint here, the token lifetimes on the user flow step.
    assert.equal(await wizard.frame.locator('[data-field="domainHint"]:visible').count(), 0, 'no domain hint in External ID');
    await wizard.shot('identity-provider');
    await wizard.next('userFlow');
    assert.equal(await wizard.frame.locator('[data-field="tokenLifetimeMinutes"]:visible, [data-field="slidingWindow"]:visible').count(), 0, 'no token lifetime in External ID');
    assert.match(await wizard.frame.locator('.form-step').innerText(), /External ID chooses the flow by the app linked to it/);
    await screenshot(page, 'external-wizard-user-flow');
    await wizard.next('app');
    const loopback = `http://localhost:${port}`;
    const uris = (await wizard.value('redirectUris')).split('\n').filter(Boolean);
    await wizard.fill('redirectUris', [...uris, loopback].join('\n'));
    await wizard.next('review');
    const plan = await wizard.plan();
    assert.match(await wizard.frame.locator('#plan-tenant').innerText(), new RegExp(`${tenant.replace(/\./g, '\\.')} · Microsoft Entra External ID`));
    assert.ok(plan['identityProvider'] === 'create' && plan['userFlow'] === 'create' && plan['application'] === 'create', JSON.stringify(plan));
    await wizard.frame.locator('#email-notice').waitFor({ timeout: T });
    assert.match(await wizard.frame.locator('#email-notice').innerText(), /email_verified/);
    await screenshot(page, 'external-review');
    await wizard.frame.locator('#apply:not([disabled])').click();
    assert.equal(await wizard.result(), 'applied');
    await wizard.waitStep('done');
    await wizard.frame.locator('#redirect-1').waitFor({ timeout: T });
    const shown = [await wizard.frame.locator('#redirect-0').innerText(), await wizard.frame.locator('#redirect-1').innerText()].map((s) => s.trim());
    assert.deepEqual(shown.sort(), ciam.federationRedirectUris().sort(), 'the two ciamlogin federation redirect URIs');
    await screenshot(page, 'external-done');
    configured = true;
    // The tenant holds what the plan said: the itsme provider (an oidcIdentityProvider) in a flow with the app.
    const idp = ext.state.identityProviders.find((p) => p.displayName === 'itsme');
    assert.ok(idp && /oidcIdentityProvider$/i.test(String(idp['@odata.type'])), JSON.stringify(idp));
    const flow = ext.state.authenticationEventsFlows.find((f) => f.identityProviderIds.some((id) => id.toLowerCase() === idp.id.toLowerCase()));
    assert.ok(flow && flow.appIds.length === 1, 'the user flow offers itsme and holds the test app');
  });

  it('2. the tree shows the external tenant\'s objects: itsme, the user flow, the test app and the redirect URIs', async function () {
    if (!configured) this.skip();
    await runCommand(page, COMMANDS.closeAllEditors);
    await runCommand(page, commandLabel('itsme.refresh'));
    const row = (text: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await showViewContainer(page, 'itsme', () => row('Redirect URIs for itsme').isVisible());
    await row('itsme-test-jwtms').waitFor({ timeout: T });
    const rows = await sidebarTreeRows(page);
    assert.ok(rows.some((r) => r.startsWith('Redirect URIs for itsme')), rows.join(' | '));
    assert.ok(rows.some((r) => /^itsme\b/.test(r)), `the itsme provider: ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => r.startsWith('itsme-test-jwtms')), `the test app: ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => /user flow|itsme/i.test(r) && r !== rows[0]), `the user flow: ${rows.join(' | ')}`);
    // The node opens expanded (what to send to itsme comes first); a click would only fold it.
    await expandTreeRow(page, 'Redirect URIs for itsme', ciam.federationRedirectUris()[0]!);
    assert.ok((await sidebarTreeRows(page)).some((r) => r.startsWith(ciam.federationRedirectUris()[1]!.slice(0, 30))), 'both ciamlogin redirect URIs');
    // The user flow (collapsed): the providers it offers and the app linked to it (External ID picks the flow by the app).
    await expandTreeRow(page, 'Email with password', 'Apps');
    const flowRows = await sidebarTreeRows(page);
    assert.ok(flowRows.some((r) => r.startsWith('Apps') && r.includes('itsme-test-jwtms')), `the app linked to the flow: ${flowRows.join(' | ')}`);
    assert.ok(flowRows.some((r) => r.startsWith('Identity providers') && r.includes('itsme')), `itsme offered by the flow: ${flowRows.join(' | ')}`);
    await screenshot(page, 'external-tree');
  });

  it('3. Run user flow → ciamlogin → itsme → the email code → the token view: every check passed against the tenant\'s issuer', async function () {
    if (!configured) this.skip();
    const opened = context.waitForEvent('page', { timeout: T });
    await runCommand(page, commandLabel('itsme.runUserFlow'));
    await answerQuickPick(page, 'Where should the token go?', 'Show the token in VS Code');
    const tab = await opened;
    await tab.waitForURL((u) => u.host === ciam.host, { timeout: T });
    await tab.locator('#idp-itsme').waitFor({ timeout: T });
    await screenshot(tab, 'external-signin-01-ciamlogin');
    await tab.locator('#idp-itsme').click();
    await answerInItsme(tab, itsme, '+32470000001');
    // External ID asks to verify the email itsme sent (email_verified is always false): the emulated code page.
    await tab.waitForURL((u) => u.host === ciam.host || (u.hostname === 'localhost' && u.port === String(port)), { timeout: T });
    for (let i = 0; i < 3 && new URL(tab.url()).host === ciam.host; i++) {
      const entry = tab.locator('#send-code');
      const code = tab.locator('#emulated-email-code');
      await entry.or(code).first().waitFor({ timeout: T });
      if (await entry.isVisible()) {
        await tab.locator('#email').fill('jan.peeters@example.be');
        await entry.click();
        continue;
      }
      await screenshot(tab, 'external-signin-02-email-code');
      await tab.locator('#code').fill((await code.innerText()).trim());
      await tab.locator('#verify-code').click();
      await tab.waitForURL((u) => u.host !== ciam.host, { timeout: T }).catch(() => {});
    }
    await tab.waitForURL((u) => u.hostname === 'localhost' && u.port === String(port), { timeout: T });
    await tab.locator('#status[data-state]:not([data-state="working"])').waitFor({ timeout: T });
    assert.equal(await tab.locator('#status').getAttribute('data-state'), 'token', await tab.locator('main').innerText());
    await tab.close();
    await page.bringToFront();
    const frame = webviewFrame(page);
    await frame.locator('#token-title').waitFor({ timeout: T });
    await frame.locator('#claims tr[data-claim]').first().waitFor({ timeout: T });
    await runCommand(page, COMMANDS.clearNotifications).catch(() => {});
    const checks = await frame.locator('.check').evaluateAll((els) => els.map((e) => ({ id: (e as HTMLElement).dataset['check'] ?? '', status: (e as HTMLElement).dataset['status'] ?? '', detail: e.querySelector('.check-detail')?.textContent ?? '' })));
    await screenshot(page, 'external-token');
    assert.deepEqual(checks.map((c) => c.id), ['signature', 'issuer', 'audience', 'nonce', 'expiry', 'lifetime', 'claims']);
    assert.deepEqual(checks.filter((c) => c.status !== 'passed'), [], 'every check passes');
    assert.equal(checks.find((c) => c.id === 'issuer')!.detail, ciam.issuer());
    assert.match(checks.find((c) => c.id === 'lifetime')!.detail, /External ID/);
  });

  it('4. the refusal outcome: a new person whose email is not verified is refused by ciamlogin; VS Code opens no token view, and Cancel ends its wait', async function () {
    if (!configured) this.skip();
    const waiting = 'Waiting for the sign-in in your browser';
    const tokenTabs = page.locator('.tabs-container .tab', { hasText: 'ID token' });
    // The loopback receiver answers GET / while it waits for a result, and stops listening once the run ends.
    const listening = () => fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
    const accounts = ciam.users.size;
    const t0 = Date.now();
    // Test 3's token view is closed first, so "no token view" below means this run opened none.
    await runCommand(page, COMMANDS.closeAllEditors);
    await runCommand(page, COMMANDS.clearNotifications).catch(() => {});
    assert.equal(await tokenTabs.count(), 0);
    ciam.setEmailStep('refuse');
    try {
      const opened = context.waitForEvent('page', { timeout: T });
      await runCommand(page, commandLabel('itsme.runUserFlow'));
      await answerQuickPick(page, 'Where should the token go?', 'Show the token in VS Code');
      const tab = await opened;
      await tab.waitForURL((u) => u.host === ciam.host, { timeout: T });
      await tab.locator('#idp-itsme').waitFor({ timeout: T });
      await screenshot(tab, 'external-refuse-01-ciamlogin');
      await tab.locator('#idp-itsme').click();
      // Marie Dubois, not Jan Peeters of test 3: a person who signed up once signs in without the email step.
      await answerInItsme(tab, itsme, '+32470000002');
      // Back on ciamlogin: the refusal page, not the email code and not the loopback.
      await tab.waitForURL((u) => u.host === ciam.host && !u.pathname.endsWith('/oauth2/v2.0/authorize'), { timeout: T });
      await tab.locator('#ciam-error').waitFor({ timeout: T });
      await screenshot(tab, 'external-refuse-02-sign-up-refused');
      assert.equal((await tab.locator('#ciam-error-code').innerText()).trim(), 'EMU_CIAM_EMAIL_NOT_VERIFIED');
      const message = await tab.locator('#ciam-error-message').innerText();
      assert.match(message, /You can't create an account: a verified email address is required/);
      assert.match(message, /"itsme" sent the email address marie\.dubois@example\.be as not verified \(email_verified=false\)/);
      assert.equal(await tab.locator('#emulated-email-code, #send-code').count(), 0, 'no email step offered');
      assert.equal(new URL(tab.url()).host, ciam.host, 'the browser stays on ciamlogin: nothing went to the loopback');
      assert.equal(ciam.users.size, accounts, 'no account was created');
      assert.deepEqual(ciam.log.filter((e) => e.at >= t0 && (e.kind === 'issued' || e.kind === 'emailCode')), [], 'no token issued, no code emailed');
      await tab.close();

      // VS Code: the sign-in did not finish. The progress notification still waits, the loopback got no result,
      // no token view opened.
      await page.bringToFront();
      const toast = page.locator('.notification-toast .notification-list-item', { hasText: waiting }).first();
      await toast.waitFor({ timeout: T });
      assert.ok(await listening(), 'the loopback receiver is still waiting: it received no result');
      assert.equal(await tokenTabs.count(), 0, 'no token view opened');
      await screenshot(page, 'external-refuse-03-vscode-still-waiting');
      // The person gives up: Cancel on the notification ends the wait, silently (no error), and frees the port.
      await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await toast.waitFor({ state: 'hidden', timeout: T });
      const deadline = Date.now() + 10_000;
      while ((await listening()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      assert.equal(await listening(), false, 'the loopback port is free after Cancel');
      const after = await notifications(page);
      assert.deepEqual(after.filter((n) => n.includes(waiting) || /user flow returned|token/i.test(n)), [], `no waiting or error notification left: ${JSON.stringify(after)}`);
      assert.equal(await tokenTabs.count(), 0, 'still no token view');
      await screenshot(page, 'external-refuse-04-vscode-cancelled');
    } finally {
      // Later runs (and later files) meet the default outcome.
      ciam.setEmailStep('verify');
    }
    assert.equal(ciam.emailStep, 'verify');
  });
});
