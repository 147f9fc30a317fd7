// The emulated External ID sign-in (ciamlogin) in a real browser, both email outcomes, with screenshots
// (ciam-*.png): the engine configures an emulated external tenant of its own (not the suite's code-server tenant);
// Chromium opens the Run-user-flow URL → "Sign in with itsme" → itsme "Identify yourself" → the itsme app's
// Confirm → back to ciamlogin → the email one-time code (verify) or the refusal page (refuse) → jwt.ms.
import * as assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { ciamPartner, PARTNER, PARTNER_SECRET, SERVICE } from '../emulator/ciam-helpers';
import { graphFor, testConfig } from '../engine/harness';
import { e2e } from './env';
import { screenshot } from './workbench';
import { answerInItsme } from './itsmePages';

const T = Number(process.env.ITSME_E2E_STEP_TIMEOUT ?? 30_000);

describe('ciamlogin: the External ID sign-in pages in Chromium (both email outcomes)', function () {
  this.timeout(180_000);
  let graph: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;
  let context: BrowserContext;
  let url: string;

  before(async () => {
    graph = await startGraphEmulator({ tenantType: 'CIAM' });
    ciam = await startCiamLogin({ graph, issuerHost: 'self' });
    itsme = await startItsmeEmulator({ partners: [ciamPartner(ciam)] });
    const config = testConfig({
      tenant: 'contosoext.onmicrosoft.com',
      loginHost: ciam.host,
      itsme: { generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: PARTNER, serviceCode: SERVICE },
      userFlow: { name: 'itsme' },
    });
    const r = await applyConfiguration(graphFor(graph), config, { secret: PARTNER_SECRET });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    url = r.outputs.runUserFlowUrl!;
    context = await e2e().browser.newContext({ viewport: { width: 1200, height: 800 }, ignoreHTTPSErrors: true });
    // jwt.ms is not reachable offline: a stand-in page; the token stays in the URL's fragment.
    await context.route('https://jwt.ms/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>jwt.ms</title><h1>jwt.ms (stand-in)</h1>' }));
  });
  after(async () => {
    await context?.close();
    await Promise.all([itsme?.stop(), ciam?.stop(), graph?.stop()]);
  });

  /** Sign-in page → itsme (phone, the app's Confirm) → back on ciamlogin; returns the tab there. */
  async function toItsmeAndBack(name: string, phone: string): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(url);
    const button = tab.locator('#idp-itsme');
    await button.waitFor({ timeout: T });
    await screenshot(tab, `ciam-${name}-01-sign-in`);
    await button.click();
    await answerInItsme(tab, itsme, phone);
    await tab.waitForURL((u) => u.host === ciam.host && !u.pathname.endsWith('/oauth2/v2.0/authorize'), { timeout: T });
    return tab;
  }

  it("verify: the email one-time-code page, then jwt.ms receives the tenant's ID token", async () => {
    ciam.setEmailStep('verify');
    const tab = await toItsmeAndBack('verify', '+32470000001');
    const code = tab.locator('#emulated-email-code');
    await code.waitFor({ timeout: T });
    assert.equal(await tab.locator('#email-address').innerText(), 'jan.peeters@example.be');
    await screenshot(tab, 'ciam-verify-02-email-code');
    await tab.locator('#code').fill(await code.innerText());
    await tab.locator('#verify-code').click();
    await tab.waitForURL((u) => u.host === 'jwt.ms', { timeout: T });
    const fragment = new URLSearchParams(new URL(tab.url()).hash.slice(1));
    const token = fragment.get('id_token');
    assert.ok(token, `no id_token: ${fragment.toString().slice(0, 200)}`);
    const d = (await (await fetch(ciam.discoveryUrl())).json()) as { issuer: string; jwks_uri: string };
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: new URL(url).searchParams.get('client_id')! });
    assert.equal(payload['email'], 'jan.peeters@example.be');
    assert.equal(payload['name'], 'Jan Peeters');
    await tab.close();
  });

  it('refuse: sign-up is refused with an error page that says why', async () => {
    ciam.setEmailStep('refuse');
    const accounts = ciam.users.size;
    const tab = await toItsmeAndBack('refuse', '+32470000002');
    await tab.locator('#ciam-error').waitFor({ timeout: T });
    await screenshot(tab, 'ciam-refuse-02-sign-up-refused');
    assert.match(await tab.locator('#ciam-error-message').innerText(), /verified email address is required.*email_verified=false/);
    assert.equal(ciam.users.size, accounts, 'no account was created');
    await tab.close();
  });
});
