// The pages in a real browser (Chromium): the phone form, the waiting page's polling script under the CSP, the
// "itsme app" in a second tab, the redirect back to the partner. The partner's redirect_uri is a tiny HTTPS server
// of the test (Playwright's route interception does not see redirect targets), so no B2C is needed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureCa } from '../../../emulators/tls/ca';
import { startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';
import { authorizeUrl } from './test-helpers';

const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

describe('itsme emulator: in Chromium', function () {
  this.timeout(20_000);
  let emu: ItsmeEmulator;
  let browser: Browser;
  let partnerSite: https.Server;
  let redirectUri: string;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) return this.skip();
    emu = await startItsmeEmulator();
    const ca = await ensureCa();
    partnerSite = https.createServer({ cert: ca.certPem, key: ca.keyPem }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><title>partner</title><p>back at the partner</p>');
    });
    await new Promise<void>((r) => partnerSite.listen(0, '127.0.0.1', r));
    redirectUri = `https://127.0.0.1:${(partnerSite.address() as AddressInfo).port}/oauth2/authresp`;
    await emu.addPartner({ clientId: 'BROWSER_PARTNER', clientSecret: 's', name: 'Browser test partner', serviceCodes: ['WEB'], redirectUris: [redirectUri] });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, `--ignore-certificate-errors`] });
  });
  after(async () => {
    await browser?.close();
    await emu?.stop();
    partnerSite?.closeAllConnections();
    await new Promise((r) => (partnerSite ? partnerSite.close(r) : r(undefined)));
  });

  /** A tab that records console errors and CSP violations. */
  async function tab(context: Awaited<ReturnType<Browser['newContext']>>): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    return { page, problems };
  }

  async function startSignIn(decisionLabel: 'Confirm' | 'Reject') {
    const context = await browser.newContext();
    const signin = await tab(context);
    await signin.page.goto(authorizeUrl(emu, { state: 'st', clientId: 'BROWSER_PARTNER', redirectUri, scope: 'openid service:WEB profile' }));
    await signin.page.getByRole('heading', { name: 'Identify yourself' }).waitFor();

    // An unknown number first: the page stays, with an error tied to the field.
    await signin.page.getByLabel('Mobile phone number').fill('+32 499 99 99 99');
    await signin.page.getByRole('button', { name: 'Send' }).click();
    await signin.page.getByRole('alert').filter({ hasText: 'not linked to an itsme account' }).waitFor();
    assert.equal(await signin.page.getByLabel('Mobile phone number').getAttribute('aria-invalid'), 'true');

    await signin.page.getByLabel('Mobile phone number').fill('0470 00 00 02');
    await signin.page.getByRole('button', { name: 'Send' }).click();
    await signin.page.getByRole('heading', { name: 'Confirm in your itsme app' }).waitFor();

    // The "itsme app", in a second tab, opened from the link on the waiting page.
    const [appPage] = await Promise.all([context.waitForEvent('page'), signin.page.getByRole('link', { name: /Open the itsme app/ }).click()]);
    const app = appPage!;
    await app.waitForLoadState();
    assert.ok((app.viewportSize()?.width ?? 0) > 0);
    await app.getByText('Hello Marie').waitFor();
    await app.getByRole('button', { name: decisionLabel }).click();
    await app.getByRole('status').filter({ hasText: decisionLabel === 'Confirm' ? 'Confirmed' : 'Rejected' }).waitFor();

    // The waiting page notices (polling) and continues to the partner.
    await signin.page.waitForURL((u) => u.href.startsWith(redirectUri), { timeout: 5000 });
    await signin.page.getByText('back at the partner').waitFor();
    const url = new URL(signin.page.url());
    await context.close();
    return { url, problems: signin.problems };
  }

  it('phone → app tab → Confirm → back at the partner with a code, no CSP or script error', async () => {
    const { url, problems } = await startSignIn('Confirm');
    assert.equal(url.searchParams.get('state'), 'st');
    assert.equal(url.searchParams.get('code')?.length, 36);
    assert.deepEqual(
      problems.filter((p) => !/status of 400/.test(p)), // the unknown-number page is served with HTTP 400
      [],
    );
  });

  it('Reject in the app → back at the partner with error=access_denied', async () => {
    const { url } = await startSignIn('Reject');
    assert.equal(url.searchParams.get('error'), 'access_denied');
    assert.equal(url.searchParams.get('code'), null);
  });
});
