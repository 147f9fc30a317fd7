// examples/msal-node/app.mjs (the README's MSAL Node example) against the sandbox's emulators, as an app team runs
// it: the app's /login builds MSAL's authorization URL (code + PKCE), a person signs in through the emulated
// itsme pages, the app redeems the code with the test app's client secret, shows the account, and /refresh redeems
// the refresh token. The ID token in MSAL's cache is checked against the authority's own discovery and keys.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Browser } from '../../emulators/signin/browser';
import { startAppSandbox, type AppSandbox } from './app-sandbox';

interface ExampleApp {
  msal: { getTokenCache(): { serialize(): string } };
  handler: http.RequestListener;
}
// The example is plain JavaScript (what an app team copies); its module is loaded as is.
const example = import(pathToFileURL(join(__dirname, '../../examples/msal-node/app.mjs')).href) as Promise<{ createApp(c: Record<string, string>): ExampleApp }>;

for (const kind of ['b2c', 'external'] as const) {
  describe(`examples/msal-node against the sandbox (${kind === 'b2c' ? 'Azure AD B2C' : 'External ID'})`, function () {
    this.timeout(60_000);
    let sandbox: AppSandbox;
    let server: http.Server;
    let origin = '';
    let app: ExampleApp;

    before(async () => {
      sandbox = await startAppSandbox(kind);
      // The app's port first: its redirect URI is registered on the test app (as the sandbox registers :3000).
      let handler: http.RequestListener = (_q, s) => s.writeHead(503).end();
      server = http.createServer((q, s) => handler(q, s));
      await new Promise<void>((r) => server.listen(0, 'localhost', r));
      origin = `http://localhost:${(server.address() as AddressInfo).port}`;
      const redirectUri = `${origin}/auth/callback`;
      const registered = await sandbox.register({ webRedirectUris: [redirectUri] });
      app = (await example).createApp({ authority: sandbox.authority, clientId: registered.appId, clientSecret: registered.clientSecret, redirectUri });
      handler = app.handler;
    });
    after(async () => {
      server?.closeAllConnections();
      await new Promise((r) => server?.close(r));
      await sandbox?.stop();
    });

    it('signs in with authorization code + PKCE and the client secret, shows the account, and refreshes the token', async () => {
      const browser = new Browser(origin);
      const login = await browser.follow('/login');
      assert.ok(login.location, `/login redirects to the authority: ${login.status} ${login.body.slice(0, 300)}`);
      assert.equal(login.location.origin, sandbox.signInUrl);
      const q = login.location.searchParams;
      assert.equal(q.get('response_type'), 'code');
      assert.equal(q.get('code_challenge_method'), 'S256');
      assert.ok(q.get('code_challenge'));

      const back = await sandbox.signIn(login.location.href);
      assert.equal(back.origin, origin, `the service sends the browser back to the app: ${back.href}`);
      assert.ok(back.searchParams.get('code'), `an authorization code in the query: ${back.search}`);

      const home = await browser.follow(back.href);
      assert.equal(home.status, 200, home.body.slice(0, 400));
      assert.match(home.body, /<p id="account">Signed in as Jan Peeters<\/p>/);

      // MSAL's cache holds the ID token and a refresh token; the ID token is the authority's, signed by its keys.
      const cache = JSON.parse(app.msal.getTokenCache().serialize()) as { IdToken: Record<string, { secret: string }>; RefreshToken: Record<string, unknown> };
      assert.equal(Object.keys(cache.RefreshToken).length, 1, 'a refresh token (offline_access)');
      const idToken = Object.values(cache.IdToken)[0]!.secret;
      const d = (await (await fetch(sandbox.discoveryUrl)).json()) as { issuer: string; jwks_uri: string };
      const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: (await registeredAppId()) });
      assert.equal(payload['name'], 'Jan Peeters');

      await new Promise((r) => setTimeout(r, 1100)); // a later iat for the refreshed token
      const refreshed = await browser.follow('/refresh');
      assert.equal(refreshed.status, 200, refreshed.body.slice(0, 400));
      const iat = Number(/issued at (\d+)/.exec(refreshed.body)?.[1]);
      assert.ok(iat > Number(payload.iat), `a new ID token from the refresh token (iat ${iat} > ${payload.iat}): ${refreshed.body.slice(0, 300)}`);
    });

    async function registeredAppId(): Promise<string> {
      return (await sandbox.register({})).appId;
    }
  });
}
