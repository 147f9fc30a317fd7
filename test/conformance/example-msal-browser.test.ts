// examples/msal-browser (the README's MSAL.js example) against the sandbox's emulators in a real Chromium: the page
// is served on http://localhost (examples/msal-browser/serve.mjs, with the test's config.js), "Sign in with itsme"
// runs MSAL.js's loginRedirect (code + PKCE, the redirect URI registered as a single-page application), the person
// clicks through the emulated sign-in page and itsme's pages, confirms in the "itsme app" page (a second tab), and
// the app's page shows the account. MSAL.js calls discovery, keys and the token endpoint with fetch from the page's
// origin, so CORS is part of what this proves. The emulators' CA is not in Chromium's store: ignoreHTTPSErrors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startAppSandbox, type AppSandbox } from './app-sandbox';

const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';
const serve = import(pathToFileURL(join(__dirname, '../../examples/msal-browser/serve.mjs')).href) as Promise<{ createServer(config: Record<string, string>): Server }>;

for (const kind of ['b2c', 'external'] as const) {
  describe(`examples/msal-browser in Chromium against the sandbox (${kind === 'b2c' ? 'Azure AD B2C' : 'External ID'})`, function () {
    this.timeout(120_000);
    let sandbox: AppSandbox;
    let server: Server;
    let browser: Browser;
    let origin = '';

    before(async function () {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
      sandbox = await startAppSandbox(kind);
      const config: Record<string, string> = {};
      server = (await serve).createServer(config);
      await new Promise<void>((r) => server.listen(0, 'localhost', r));
      origin = `http://localhost:${(server.address() as AddressInfo).port}`;
      const app = await sandbox.register({ spaRedirectUris: [`${origin}/`] });
      Object.assign(config, { authority: sandbox.authority, clientId: app.appId, redirectUri: `${origin}/` });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
    });
    after(async () => {
      await browser?.close();
      server?.closeAllConnections();
      await new Promise((r) => server?.close(r));
      await sandbox?.stop();
    });

    it('loginRedirect through the itsme pages: the page shows the signed-in account', async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${origin}/`);
      await page.locator('#login').click();
      // The emulated b2clogin / ciamlogin sign-in page: the itsme button.
      await page.waitForURL((u) => u.origin === sandbox.signInUrl, { timeout: 20_000 });
      await page.locator('#idp-itsme, a.idp').first().click();
      // itsme: "Identify yourself" → phone number.
      await page.waitForURL((u) => u.origin === sandbox.itsme.url, { timeout: 20_000 });
      await page.locator('#phone').fill('+32470000001');
      await page.getByRole('button', { name: 'Send' }).click();
      // The "itsme app" (the emulated phone) in a second tab: confirm.
      const phone = await context.newPage();
      await phone.goto(`${sandbox.itsme.appUrl}?phone=${encodeURIComponent('+32470000001')}`);
      await phone.getByRole('button', { name: 'Confirm' }).first().click();
      // External ID: a first sign-in may ask to verify the email (the one-time code is on the page).
      const account = page.locator('#account');
      await page.waitForURL((u) => u.origin === origin || u.origin === sandbox.signInUrl, { timeout: 30_000 });
      if (new URL(page.url()).origin === sandbox.signInUrl && kind === 'external') await emailStep(page);
      await assert.doesNotReject(account.filter({ hasText: 'Signed in as' }).waitFor({ timeout: 30_000 }), `the page shows the account; page errors: ${errors.join(' | ')}`);
      assert.equal(await account.textContent(), 'Signed in as Jan Peeters');
      const claims = JSON.parse((await page.locator('#claims').textContent()) ?? '{}') as Record<string, unknown>;
      assert.equal(claims['aud'], (await sandbox.register({})).appId);
      await context.close();
    });
  });
}

/** ciamlogin's email step: an email address if asked, then the one-time code the emulator shows on the page. */
async function emailStep(page: import('playwright-core').Page): Promise<void> {
  const email = page.locator('input[type="email"], input[name="email"]');
  if (await email.count()) {
    await email.fill('jan.peeters@example.com');
    await page.locator('button[type="submit"]').first().click();
  }
  const code = page.locator('#emulated-email-code');
  if (await code.count()) {
    await page.locator('input[name="code"]').fill(((await code.textContent()) ?? '').trim());
    await page.locator('button[type="submit"]').first().click();
  }
}
