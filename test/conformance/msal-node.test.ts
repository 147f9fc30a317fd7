// The emulated B2C (user flow and custom policy) and External ID, driven by MSAL Node 7 with its defaults and the
// authority forms Microsoft documents: B2C "https://<host>/<tenant>.onmicrosoft.com/<policy>" with knownAuthorities
// [<host>] (learn.microsoft.com/entra/identity-platform/msal-client-application-configuration "Azure AD B2C
// authority"; msal-node's B2C sample), External ID "https://<host>/<tenant id>/" (a custom URL domain: knownAuthorities
// [<host>], learn.microsoft.com/entra/external-id/customers/how-to-custom-url-domain). The web app is a
// ConfidentialClientApplication, the desktop app a PublicClientApplication: getAuthCodeUrl with PKCE, the browser
// through the emulated pages, acquireTokenByCode, then acquireTokenSilent (forced: the refresh-token grant) and
// acquireTokenByRefreshToken. MSAL's own HTTP client trusts the emulators' CA through NODE_EXTRA_CA_CERTS (set by
// scripts/test.mjs) — no custom network client.
import { strict as assert } from 'node:assert';
import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication, type Configuration } from '@azure/msal-node';
import { describeEachTarget } from './targets';
import { NATIVE, WEB } from './stack';
import { redirectOf, UserAgent } from './user-agent';

describe('conformance: MSAL Node against the emulated B2C and External ID', function () {
  this.timeout(60_000);
  describeEachTarget((t) => {
    const auth = (clientId: string) => ({ clientId, authority: t.authority, knownAuthorities: [t.host] });

    /** getAuthCodeUrl (PKCE) → the browser → acquireTokenByCode. */
    async function signIn(app: ConfidentialClientApplication | PublicClientApplication, redirectUri: string, ua = new UserAgent(t.itsme, t.origins)) {
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const state = new CryptoProvider().createNewGuid();
      const url = await app.getAuthCodeUrl({ scopes: [], redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state });
      const landing = await ua.open(url);
      const back = redirectOf(landing);
      assert.equal(back.searchParams.get('state'), state, back.href);
      const code = back.searchParams.get('code');
      assert.ok(code, `a code in the redirect: ${back.href}`);
      const result = await app.acquireTokenByCode({ code, scopes: [], redirectUri, codeVerifier: verifier, state }, { code, state });
      return { result, ua, landing };
    }

    it('ConfidentialClientApplication: code + PKCE + secret, then acquireTokenSilent (forced refresh) and acquireTokenByRefreshToken', async () => {
      const config: Configuration = { auth: { ...auth(WEB.appId), clientSecret: WEB.secret } };
      const app = new ConfidentialClientApplication(config);
      const { result, landing } = await signIn(app, WEB.redirectUri);
      assert.equal(landing.identified, true);
      assert.ok(result.idToken, 'an ID token');
      assert.equal(result.idTokenClaims['aud' as keyof typeof result.idTokenClaims], WEB.appId);
      assert.ok(result.account, 'an account in the cache');
      const sub = (result.idTokenClaims as Record<string, unknown>).sub;

      const silent = await app.acquireTokenSilent({ account: result.account!, scopes: [], forceRefresh: true });
      assert.ok(silent.idToken, 'the refresh-token grant gives an ID token');
      assert.equal((silent.idTokenClaims as Record<string, unknown>).sub, sub);

      const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
      const refreshToken = Object.values(cache.RefreshToken)[0]?.secret;
      assert.ok(refreshToken, 'MSAL cached a refresh token');
      const byRt = await app.acquireTokenByRefreshToken({ refreshToken, scopes: [] });
      assert.ok(byRt?.idToken);
    });

    it('PublicClientApplication: code + PKCE without a secret, then acquireTokenSilent (forced refresh)', async () => {
      const app = new PublicClientApplication({ auth: auth(NATIVE.appId) });
      const { result } = await signIn(app, NATIVE.redirectUri);
      assert.equal((result.idTokenClaims as Record<string, unknown>).aud, NATIVE.appId);
      const accounts = await app.getTokenCache().getAllAccounts();
      assert.equal(accounts.length, 1);
      const silent = await app.acquireTokenSilent({ account: accounts[0]!, scopes: [], forceRefresh: true });
      assert.ok(silent.idToken);
    });

    it('a wrong client secret: acquireTokenByCode fails with invalid_client', async () => {
      const good = new ConfidentialClientApplication({ auth: { ...auth(WEB.appId), clientSecret: WEB.secret } });
      const bad = new ConfidentialClientApplication({ auth: { ...auth(WEB.appId), clientSecret: 'not-the-secret' } });
      const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
      const url = await good.getAuthCodeUrl({ scopes: [], redirectUri: WEB.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256' });
      const code = redirectOf(await new UserAgent(t.itsme, t.origins).open(url)).searchParams.get('code')!;
      await assert.rejects(bad.acquireTokenByCode({ code, scopes: [], redirectUri: WEB.redirectUri, codeVerifier: verifier }), (e: any) => e?.errorCode === 'invalid_client');
    });
  });
});
