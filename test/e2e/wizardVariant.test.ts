// Issue 10 §7: the B2C custom-policy variant from a real VS Code. On the emulated B2C tenant the wizard offers the
// variant (with the reasons to choose it), asks the custom policy's own fields instead of the identity provider and
// user flow, and the review lists the generated policy files (one opens read-only, as XML) and the key sets. Apply
// uploads them into the Graph emulator; the tree lists our policies and key sets as present; Run user flow runs
// p=B2C_1A_<name> through the emulated B2C and itsme, and the token view shows the national number with the custom
// policy's checks (extra claims, assurance, the configured ID-token lifetime) passed.
// Runs after wizardQuickPick.test.ts (alphabetical order) and sets up its own tenant: it resets the Graph emulator,
// and restores the shared code-server's settings afterwards. Screenshots: artifacts/screenshots/wizard-4N-*.png.
import * as assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { B2cLogin } from '../../emulators/b2c/server';
import type { ItsmeEmulator } from '../../emulators/itsme';
import { defaultIdentities } from '../../emulators/itsme/identities';
import { e2e } from './env';
import { commandLabel } from './manifest';
import { answerQuickPick, COMMANDS, runCommand, screenshot, showViewContainer, sidebarTreeRows, T, webviewFrame, signInWithServicePrincipal } from './workbench';
import type { WizardPage } from './wizardPage';
import { openSignInWindow, type SignInWindow } from './window';
import { answerInItsme } from './itsmePages';

const TENANT = 'contosob2c.onmicrosoft.com';
const PARTNER = 'E2ECPPARTNER';
const SERVICE = 'E2E_CP_LOGIN';
const PARTNER_SECRET = `itsme-cp-e2e-${process.pid}-DO-NOT-LEAK`;
const POLICY = 'B2C_1A_itsme';
const BASE = 'B2C_1A_itsme_base';
const KEY_SETS = ['B2C_1A_itsmeItsmeSecret', 'B2C_1A_itsmeTokenSigning', 'B2C_1A_itsmeTokenEncryption'];
const PHONE = '+32470000001';
const ID_TOKEN_SECONDS = 900;

describe('wizard: the B2C custom-policy variant end to end (issue 10 §7)', function () {
  this.timeout(240_000);
  let w: SignInWindow;
  let b2c: B2cLogin;
  let itsme: ItsmeEmulator;
  let port: number;
  let context: BrowserContext;
  let page: Page;
  let wizard: WizardPage;
  const failures: string[] = [];

  beforeEach(function () {
    if (failures.length) this.skip();
  });

  before(async function () {
    this.timeout(60_000);
    // The management app holds the trust-framework permissions a custom policy needs.
    w = await openSignInWindow({ partner: { clientId: PARTNER, clientSecret: PARTNER_SECRET, service: SERVICE }, shots: 'wizard-4x', permissions: ['Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] });
    ({ b2c, itsme, port, context, page, wizard } = w);
  });

  afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed') {
      failures.push(t.title);
      await screenshot(page, `wizard-4x-FAILED-${t.title.slice(0, 40)}`);
      console.log(`      B2C log: ${JSON.stringify(b2c.log.slice(-4).map((e) => `${e.kind}: ${e.detail}`))}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await w?.close();
  });

  it('the wizard offers the custom policy on a B2C tenant and asks its own fields', async () => {
    await signInWithServicePrincipal(page, TENANT, e2e().emu.management);

    await runCommand(page, commandLabel('itsme.setup'));
    await wizard.waitStep('prerequisites');
    await wizard.next('environment');
    await wizard.back('tenant');
    await wizard.fill('tenant', TENANT);
    await wizard.fill('loginHost', b2c.host);
    await wizard.next();
    await wizard.waitStep('environment', 60_000);
    // The choice, once the tenant check said B2C, with the plain reasons to pick the custom policy.
    const custom = wizard.frame.locator('#field-variant-customPolicy');
    await custom.waitFor({ timeout: T });
    const explainer = await wizard.frame.locator('#variant-explainer').innerText();
    assert.match(explainer, /national number/);
    assert.match(explainer, /itsme code forced/);
    assert.match(explainer, /B2C IEF Policy Administrator/);
    await screenshot(page, 'wizard-40-variant');
    await wizard.radio('variant', 'customPolicy');
    await wizard.radio('environment', 'e2e');
    await wizard.radio('generation', 'custom');
    await wizard.fill('metadataUrl', itsme.metadataUrls.v2);
    await wizard.frame.locator('#metadata-url', { hasText: itsme.metadataUrls.v2 }).waitFor({ timeout: T });
    await wizard.next('credentials');
    await wizard.fill('partnerCode', PARTNER);
    await wizard.fill('serviceCode', SERVICE);
    await wizard.typeSecret(PARTNER_SECRET);
    // No identity provider or user flow step for a custom policy: straight to its own.
    await wizard.next('customPolicy');
    const nav = await wizard.frame.locator('#steps-nav').innerText();
    assert.doesNotMatch(nav, /Identity provider|User flow/, nav);
    assert.match(nav, /Custom policy/, nav);
    // The claims as checkboxes; the national number is asked by default.
    assert.equal(await wizard.frame.locator('#field-policyClaims-nationalNumber').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
    // One checkbox per line.
    const [nn, bd] = [await wizard.frame.locator('#field-policyClaims-nationalNumber').boundingBox(), await wizard.frame.locator('#field-policyClaims-eidSerialNumber').boundingBox()];
    assert.ok(nn && bd && bd.y >= nn.y + nn.height - 2 && Math.abs(bd.x - nn.x) < 2, `stacked: ${JSON.stringify([nn, bd])}`);
    await wizard.frame.locator('#field-policyClaims-birthDate').click();
    await wizard.radio('assurance', 'advanced');
    await wizard.fill('idTokenSeconds', String(ID_TOKEN_SECONDS));
    await wizard.frame.locator('#step-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'wizard-41-custom-policy');
    await wizard.next('app');
    const uris = (await wizard.value('redirectUris')).split('\n').filter(Boolean);
    await wizard.fill('redirectUris', [...uris, `http://localhost:${port}`].join('\n'));
    await wizard.next('review');
  });

  it('the review lists the policy files and key sets; a policy file opens read-only, as XML', async () => {
    const plan = await wizard.plan();
    assert.deepEqual(
      Object.fromEntries(Object.entries(plan).filter(([r]) => /Policy|KeySet/.test(r))),
      { itsmeSecretKeySet: 'create', signingKeySet: 'create', encryptionKeySet: 'create', basePolicy: 'create', relyingPartyPolicy: 'create' },
      JSON.stringify(plan),
    );
    assert.ok(!('identityProvider' in plan) && !('userFlow' in plan), JSON.stringify(plan));
    const files = await wizard.frame.locator('#policy-files .policy-file').evaluateAll((els) => els.map((e) => e.getAttribute('data-policy')));
    assert.deepEqual(files, [BASE, POLICY]);
    const keys = await wizard.frame.locator('#key-sets li').evaluateAll((els) => els.map((e) => e.getAttribute('data-key-set')));
    assert.deepEqual(keys, KEY_SETS);
    assert.ok(!(await wizard.frame.locator('body').innerText()).includes(PARTNER_SECRET), 'the secret is never on the review');
    await screenshot(page, 'wizard-42-review');

    await wizard.frame.locator('#open-policy-0').click();
    const tab = page.locator('.tabs-container .tab', { hasText: `${BASE}.xml` });
    await tab.waitFor({ timeout: T });
    const editor = page.locator('.editor-instance .monaco-editor').filter({ has: page.locator('.view-lines') }).last();
    await editor.locator('.view-lines', { hasText: 'TrustFrameworkPolicy' }).waitFor({ timeout: T });
    const before = await editor.locator('.view-lines').innerText();
    assert.match(before, new RegExp(`PolicyId="${BASE}"`));
    assert.ok(!before.includes(PARTNER_SECRET), 'the secret is never in the policy file');
    // Read-only: typing changes nothing.
    await editor.locator('.view-lines').click();
    await page.keyboard.type('EDITED');
    await page.waitForTimeout(300);
    assert.equal(await editor.locator('.view-lines').innerText(), before, 'the policy file cannot be edited');
    const mode = await page.locator('[id="status.editor.mode"]').innerText().catch(() => '');
    assert.match(mode, /XML/i, `language: ${mode}`);
    await screenshot(page, 'wizard-43-policy-file');
    await tab.locator('.codicon-close, .tab-actions .action-label').first().click().catch(() => {});
  });

  it('apply uploads the policies and key sets; the tree lists them as present', async () => {
    await wizard.frame.locator('#apply:not([disabled])').click();
    assert.equal(await wizard.result(90_000), 'applied');
    await wizard.waitStep('done');
    await screenshot(page, 'wizard-44-done');
    const tf = e2e().emu.state.trustFramework;
    assert.deepEqual(tf.policies.map((p) => p.id).sort(), [POLICY, BASE].sort());
    assert.deepEqual(tf.keySets.map((k) => k.id).sort(), [...KEY_SETS].sort());
    assert.deepEqual(e2e().emu.state.identityProviders, [], 'no identity provider for a custom policy');

    await runCommand(page, commandLabel('itsme.refresh')).catch(() => {});
    const row = (text: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await showViewContainer(page, 'itsme', () => row(BASE).isVisible());
    await row('Policy keys').click();
    await row(KEY_SETS[0]!).waitFor({ timeout: T });
    const rows = await sidebarTreeRows(page);
    for (const id of [BASE, POLICY, ...KEY_SETS]) assert.ok(rows.some((r) => r.startsWith(id) && /present/.test(r)), `${id} present in ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((r) => /^itsme,|User flow|B2C_1_itsme\b/.test(r)), `no identity provider or user flow nodes: ${JSON.stringify(rows)}`);
    await screenshot(page, 'wizard-45-tree');
  });

  it('Run user flow → itsme → the token view shows the national number and the custom policy\'s checks passed', async () => {
    await runCommand(page, COMMANDS.closeAllEditors);
    const opened = context.waitForEvent('page', { timeout: T });
    await runCommand(page, commandLabel('itsme.runUserFlow'));
    await answerQuickPick(page, 'Where should the token go?', 'Show the token in VS Code');
    const signInTab = await opened;
    // One provider in the journey: the emulated B2C sends the browser straight to itsme.
    await signInTab.getByRole('heading', { name: 'Identify yourself' }).waitFor({ timeout: T });
    const policies = b2c.log.filter((e) => e.kind === 'authorize').map((e) => `${e.policy ?? ''} ${e.detail}`);
    assert.ok(policies.some((p) => p.toUpperCase().includes(POLICY.toUpperCase())), `the run used the custom policy: ${JSON.stringify(policies)}`);
    console.log(`      itsme app: ${await answerInItsme(signInTab, itsme, PHONE)}`);
    await signInTab.waitForURL((u) => u.hostname === 'localhost' && u.port === String(port), { timeout: T });
    await signInTab.locator('#status[data-state="token"]').waitFor({ timeout: T });
    await signInTab.close();
    await page.bringToFront();

    await page.locator('.tabs-container .tab', { hasText: new RegExp(`ID token · ${POLICY} · `) }).waitFor({ timeout: T });
    const frame = webviewFrame(page);
    await frame.locator('#claims tr[data-claim]').first().waitFor({ timeout: T });
    const checks = await frame.locator('.check').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset['check'], (e as HTMLElement).dataset['status']]));
    const status = Object.fromEntries(checks);
    for (const id of ['claim:national_number', 'claim:birthdate', 'assurance', 'lifetime']) assert.equal(status[id], 'passed', `${id}: ${JSON.stringify(checks)}`);
    assert.deepEqual(checks.filter(([, s]) => s !== 'passed'), [], 'every check passes');
    const jan = defaultIdentities().find((i) => i.phone === PHONE)!;
    assert.equal(await frame.locator('#claims tr[data-claim="national_number"] .claim-shown').innerText(), jan.nationalNumber);
    assert.match(await frame.locator('.check[data-check="lifetime"] .check-detail').innerText(), new RegExp(`${ID_TOKEN_SECONDS} seconds`));
    await frame.locator('#claims tr[data-claim="national_number"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'wizard-46-token');
  });
});
