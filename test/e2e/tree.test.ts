// The tenants tree in the real workbench (issue 8, finding 11 and "several tenants"): an e2e tenant and a prd
// tenant (two Graph emulators), both set up by the engine as the CLI would, signed in from the palette with their
// own service principals; the tree lists both with their environment, the redirect URIs for itsme and rich
// tooltips; the sidebar title keeps "itsme" in lower case. Screenshots: tree-*.png.
import * as assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { startGraphEmulator, type GraphEmulator } from '../../emulators';
import { trustCaInProcess } from '../../emulators/tls/ca';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { createCredential } from '../../src/core/auth/credentials';
import { resolveConfig } from '../../src/core/config/validate';
import { createGraphClient } from '../../src/core/graph/client';
import { e2e } from './env';
import { UserSettings } from './window';
import { commandLabel, localize, manifest } from './manifest';
import { answerInputBox, answerQuickPick, runCommand, screenshot, showViewContainer, sidebarTreeRows, T, waitForNotification, type Workbench } from './workbench';

const A = 'contosob2c.onmicrosoft.com';
const B = 'fabrikamb2c.onmicrosoft.com';

/** Sets the tenant up through the engine, as `itsme-b2c apply` would (so the tree finds it without a saved setup). */
async function setUp(emu: GraphEmulator, tenant: string, environment: 'e2e' | 'prd', partnerCode: string): Promise<void> {
  const r = resolveConfig({ tenant, itsme: { environment, partnerCode, serviceCode: 'MYBANK_LOGIN' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const credential = createCredential({ kind: 'servicePrincipal', tenantId: emu.tenantId, clientId: emu.management.clientId, clientSecret: emu.management.clientSecret, authorityHost: emu.authorityHost });
  const result = await applyConfiguration(createGraphClient({ credential, baseUrl: emu.url }), r.config, { secret: `${partnerCode}-itsme-Secret` });
  assert.ok(result.status === 'applied' || result.status === 'noChanges', `${tenant}: ${result.status}`);
}

async function signIn(page: Page, command: string, tenant: string, emu: GraphEmulator): Promise<void> {
  await runCommand(page, commandLabel(command));
  await answerInputBox(page, /Sign in to an Azure AD B2C tenant/, tenant);
  await answerQuickPick(page, /How do you sign in\?/, 'Service principal');
  await answerInputBox(page, /Management app client id/, emu.management.clientId);
  await answerInputBox(page, /Service principal secret/, emu.management.clientSecret);
  await waitForNotification(page, `Signed in to ${tenant}`);
}

describe('tree: two tenants side by side in the real workbench', function () {
  this.timeout(180_000);
  let b: GraphEmulator;
  let context: BrowserContext;
  let wb: Workbench;
  let settings: UserSettings;

  before(async function () {
    this.timeout(90_000);
    const { emu } = e2e();
    emu.reset();
    b = await startGraphEmulator({ applicationClaims: { relationship: 'asInDocsBranch' }, tenant: { tenantName: 'fabrikamb2c', tenantId: '0f0f0f0f-1111-4222-8333-b2cb2cb2cb2c', management: { clientId: '11111111-2222-4333-8444-fab000000001', clientSecret: 'fabrikam-management-Secret-9' } } });
    trustCaInProcess(b.caPem);
    await setUp(emu, A, 'e2e', 'abcd1234');
    await setUp(b, B, 'prd', 'prd98765');
    settings = new UserSettings();
    context = await e2e().browser.newContext({ viewport: { width: 1400, height: 900 } });
    wb = await e2e().open({}, context);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(wb.page, `tree-FAILED-${this.currentTest.title.slice(0, 40)}`);
  });

  after(async () => {
    // Later files expect the shared code-server's settings and tenant as they were.
    settings?.restore();
    await context?.close().catch(() => {});
    await b?.stop();
    e2e().emu.reset();
  });

  it('signs in to an e2e and a prd tenant, each with its own service principal', async () => {
    const { page } = wb;
    await signIn(page, 'itsme.signIn', A, e2e().emu);
    // The prd tenant is on another emulator: its sign-in keeps that Graph and authority host.
    settings.set({ 'itsme.graphEndpoint': b.url, 'itsme.authorityHost': b.url });
    await page.waitForTimeout(2500);
    await signIn(page, 'itsme.addTenant', B, b);
    settings.set({});
    await page.waitForTimeout(1500);
    assert.ok(b.log.some((e) => /oauth2\/v2\.0\/token$/.test(e.path) && (e.body as { client_id?: string })?.client_id === b.management.clientId), 'B was asked with B\'s management app');
  });

  it('lists both tenants with their environment, objects and the redirect URIs for itsme', async () => {
    const { page } = wb;
    const title = localize(manifest().contributes.viewsContainers.activitybar[0].title);
    await showViewContainer(page, title, () => page.locator('.part.sidebar .monaco-list-row', { hasText: B }).first().isVisible());
    await runCommand(page, commandLabel('itsme.refresh'));
    const row = (text: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await row('Redirect URIs for itsme').waitFor({ timeout: T });
    // Expand A's identity provider (a click toggles a row) for the picture.
    await page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^itsme$/ }) }).first().click();
    await row('Partner code').waitFor({ timeout: T });
    const rows = await sidebarTreeRows(page);
    const tenants = rows.filter((r) => r.startsWith(A) || r.startsWith(B));
    assert.equal(tenants.length, 2, rows.join('\n'));
    assert.ok(rows.some((r) => r.startsWith(A) && /e2e/.test(r)), `A shows e2e: ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => r.startsWith(B) && /prd/.test(r)), `B shows prd: ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => r.includes('https://fabrikamb2c.b2clogin.com/fabrikamb2c/oauth2/authresp')), 'B\'s redirect URIs');
    assert.ok(rows.some((r) => r.startsWith('Partner code') && r.includes('abcd1234')), 'A\'s partner code');
    await screenshot(page, 'tree-01-two-tenants');
  });

  it('keeps "itsme" lower case in the sidebar title', async () => {
    const h2 = wb.page.locator('.part.sidebar > .composite.title .title-label h2').first();
    // innerText is the rendered text, after the workbench's text-transform.
    const shown = (await h2.innerText()).trim();
    assert.match(shown, /itsme/);
    assert.doesNotMatch(shown, /Itsme|ITSME/);
    assert.match(shown, /Tenants/);
  });

  it('shows a tooltip that adds to the row: the tenant, its sign-in and its environment', async () => {
    const { page } = wb;
    await page.locator('.part.sidebar .monaco-list-row', { hasText: B }).first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'signed in with' }).first();
    await hover.waitFor({ timeout: T });
    const text = await hover.innerText();
    assert.match(text, /service principal 11111111-2222-4333-8444-fab000000001/);
    assert.match(text, /production \(prd\)/);
    await screenshot(page, 'tree-02-tenant-tooltip');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Partner code' }).first().hover();
    await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'OpenID Connect client id' }).first().waitFor({ timeout: T });
    await screenshot(page, 'tree-03-value-tooltip');
  });
});
