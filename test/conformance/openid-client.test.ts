// The emulated B2C (user flow and custom policy) and External ID, driven by openid-client 6.9 with its defaults, as
// an app team would use it against the real services: discovery from the documented URL (the library then holds
// every token's `iss` to the document's issuer), authorization code + PKCE with the client secret (the library's
// default, client_secret_post), the ID token validated by the library, the refresh-token grant, form_post, the
// implicit id_token, prompt=none / login with the service's session, and sign-out through the end-session URL.
// The browser part goes through the emulated itsme's pages (user-agent.ts).
import { strict as assert } from 'node:assert';
import * as client from 'openid-client';
import { describeEachTarget, type Target } from './targets';
import { NATIVE, WEB } from './stack';
import { formPostRequest, redirectOf, UserAgent } from './user-agent';

/**
 * B2C issues an access token only for a resource scope; for "openid offline_access" the token response has no
 * access_token (learn.microsoft.com/azure/active-directory-b2c/access-tokens: request the app's own client ID as a
 * scope; seen with the real service in panva/openid-client#717, MicrosoftDocs/azure-docs#64582), which openid-client
 * refuses. So an app team using openid-client with B2C adds its client ID; External ID always returns one.
 */
const scopeFor = (t: Target, clientId: string) => (t.kind === 'b2c' ? `openid offline_access ${clientId}` : 'openid offline_access');

describe('conformance: openid-client against the emulated B2C and External ID', function () {
  this.timeout(60_000);
  describeEachTarget((t, name) => {
    let SCOPE = '';
    const web = (secret = WEB.secret) => client.discovery(new URL(t.discoveryUrl), WEB.appId, secret);
    const agent = () => new UserAgent(t.itsme, t.origins);
    before(() => {
      SCOPE = scopeFor(t, WEB.appId);
    });

    /** A whole interactive sign-in with code + PKCE; returns the tokens and the agent (its session). */
    async function signIn(config: client.Configuration, o: { ua?: UserAgent; extra?: Record<string, string> } = {}) {
      const ua = o.ua ?? agent();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: WEB.redirectUri,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...o.extra,
      });
      const landing = await ua.open(url);
      const response = landing.kind === 'form_post' ? formPostRequest(landing) : redirectOf(landing);
      const tokens = await client.authorizationCodeGrant(config, response, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
      return { tokens, ua, landing };
    }

    it('discovery: the document is served at the documented URL and is usable by the library as is', async () => {
      const config = await web();
      const m = config.serverMetadata();
      assert.ok(m.authorization_endpoint && m.token_endpoint && m.jwks_uri && m.end_session_endpoint, JSON.stringify(m));
      for (const endpoint of [m.authorization_endpoint, m.token_endpoint, m.end_session_endpoint, m.jwks_uri]) {
        assert.ok(t.origins.includes(new URL(endpoint!).origin), `${endpoint} is on the emulated service`);
      }
      assert.ok(m.response_types_supported?.includes('code'));
      assert.ok(m.response_modes_supported?.includes('form_post'));
    });

    it('authorization code + PKCE + client secret: the library validates the ID token (iss = the discovery issuer, aud, nonce, signature)', async () => {
      const config = await web();
      const { tokens, landing } = await signIn(config);
      assert.equal(landing.identified, true, 'the person identified with itsme');
      const claims = tokens.claims()!;
      assert.equal(claims.iss, config.serverMetadata().issuer);
      assert.equal(claims.aud, WEB.appId);
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
    });

    if (name !== 'External ID') {
      it('B2C discovery forms: …/<policy>/v2.0/…, …/v2.0/…?p=<policy> and /tfp/… give the same issuer, and the ?p= document signs in', async () => {
        const policy = t.authority.split('/').at(-1)!;
        const root = t.authority.slice(0, -policy.length - 1);
        const origin = new URL(root).origin;
        const tenant = root.slice(origin.length + 1);
        const forms = [t.discoveryUrl, `${root}/v2.0/.well-known/openid-configuration?p=${policy}`, `${origin}/tfp/${tenant}/${policy}/v2.0/.well-known/openid-configuration`];
        const configs = await Promise.all(forms.map((u) => client.discovery(new URL(u), WEB.appId, WEB.secret)));
        for (const c of configs.slice(1)) assert.equal(c.serverMetadata().issuer, configs[0]!.serverMetadata().issuer);
        // The ?p= document names its endpoints in the ?p= form too (as B2C's does); they work.
        const { tokens } = await signIn(configs[1]!);
        assert.equal(tokens.claims()!.aud, WEB.appId);
      });

      it('B2C: "openid offline_access" alone gives no access token, which openid-client refuses (as with the real service)', async () => {
        const config = await web();
        const verifier = client.randomPKCECodeVerifier();
        const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: 'openid offline_access', state: 'na', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        const back = redirectOf(await agent().open(url));
        await assert.rejects(client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 'na' }), (e: any) => /"access_token" property must be a string/.test(String(e?.cause?.message)));
      });
    }

    it('refresh-token grant: new tokens, the ID token for the same subject', async () => {
      const config = await web();
      const { tokens } = await signIn(config);
      const sub = tokens.claims()!.sub;
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.id_token || refreshed.access_token);
      if (refreshed.id_token) assert.equal(refreshed.claims()!.sub, sub);
      assert.ok(refreshed.refresh_token, 'a refresh token comes back');
    });

    it('response_mode=form_post: the code is POSTed to the redirect URI', async () => {
      const config = await web();
      const { landing, tokens } = await signIn(config, { extra: { response_mode: 'form_post' } });
      assert.equal(landing.kind, 'form_post');
      assert.ok(tokens.claims());
    });

    it('implicit id_token (fragment): validated by the library', async () => {
      const config = await web();
      client.useIdTokenResponseType(config);
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: 'openid', nonce, state: 'imp' });
      const back = redirectOf(await agent().open(url));
      const claims = await client.implicitAuthentication(config, back, nonce, { expectedState: 'imp' });
      assert.equal(claims.aud, WEB.appId);
    });

    it('implicit id_token (form_post): validated by the library', async () => {
      const config = await web();
      client.useIdTokenResponseType(config);
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: 'openid', nonce, state: 'imp2', response_mode: 'form_post' });
      const landing = await agent().open(url);
      assert.equal(landing.kind, 'form_post');
      if (landing.kind !== 'form_post') return;
      const claims = await client.implicitAuthentication(config, formPostRequest(landing), nonce, { expectedState: 'imp2' });
      assert.equal(claims.aud, WEB.appId);
    });

    it('the session: a second sign-in needs no itsme; prompt=none signs in silently; prompt=login asks again', async () => {
      const config = await web();
      const { ua } = await signIn(config);
      const again = await signIn(config, { ua });
      assert.equal(again.landing.identified, false, 'single sign-on: no itsme the second time');
      const silent = await signIn(config, { ua, extra: { prompt: 'none' } });
      assert.equal(silent.landing.identified, false);
      const login = await signIn(config, { ua, extra: { prompt: 'login' } });
      assert.equal(login.landing.identified, true, 'prompt=login goes through itsme again');
    });

    it('prompt=none without a session → login_required (or interaction_required), no page shown', async () => {
      const config = await web();
      const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'pn', prompt: 'none', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      const landing = await agent().open(url);
      assert.equal(landing.identified, false);
      await assert.rejects(client.authorizationCodeGrant(config, redirectOf(landing), { expectedState: 'pn' }), (e: any) => ['login_required', 'interaction_required'].includes(e?.error));
    });

    it('sign-out: the end-session URL ends the session and returns to post_logout_redirect_uri with state', async () => {
      const config = await web();
      const { ua, tokens } = await signIn(config);
      const logout = client.buildEndSessionUrl(config, { post_logout_redirect_uri: WEB.logoutUri, id_token_hint: tokens.id_token!, state: 'bye' });
      const landing = redirectOf(await ua.open(logout));
      assert.equal(landing.origin + landing.pathname, WEB.logoutUri);
      assert.equal(landing.searchParams.get('state'), 'bye');
      const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'after', prompt: 'none', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      const after = await ua.open(url);
      await assert.rejects(client.authorizationCodeGrant(config, redirectOf(after), { expectedState: 'after' }), (e: any) => ['login_required', 'interaction_required'].includes(e?.error));
    });

    it('a public client: code + PKCE without a secret', async () => {
      const config = await client.discovery(new URL(t.discoveryUrl), NATIVE.appId, undefined, client.None());
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, { redirect_uri: NATIVE.callback, scope: scopeFor(t, NATIVE.appId), state: 'pub', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const back = redirectOf(await agent().open(url));
      const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 'pub' }).catch((e) => {
        throw new Error(`${e.message}: ${JSON.stringify(e.cause ?? e.error_description ?? '')}`);
      });
      assert.equal(tokens.claims()!.aud, NATIVE.appId);
    });

    describe('errors', () => {
      it('a wrong client secret → invalid_client', async () => {
        const good = await web();
        const bad = await web('not-the-secret');
        const verifier = client.randomPKCECodeVerifier();
        const url = client.buildAuthorizationUrl(good, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'ws', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        const back = redirectOf(await agent().open(url));
        await assert.rejects(client.authorizationCodeGrant(bad, back, { pkceCodeVerifier: verifier, expectedState: 'ws' }), (e: any) => e?.error === 'invalid_client');
      });

      it('a code used twice → invalid_grant', async () => {
        const config = await web();
        const verifier = client.randomPKCECodeVerifier();
        const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'tw', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        const back = redirectOf(await agent().open(url));
        await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 'tw' });
        await assert.rejects(client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 'tw' }), (e: any) => e?.error === 'invalid_grant');
      });

      it('a wrong code_verifier → invalid_grant', async () => {
        const config = await web();
        const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'wv', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
        const back = redirectOf(await agent().open(url));
        await assert.rejects(client.authorizationCodeGrant(config, back, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: 'wv' }), (e: any) => e?.error === 'invalid_grant');
      });

      it('a bogus refresh token → invalid_grant', async () => {
        await assert.rejects(client.refreshTokenGrant(await web(), 'not-a-refresh-token'), (e: any) => e?.error === 'invalid_grant');
      });

      it('the person rejects in the itsme app → an error to the app, no code', async () => {
        const config = await web();
        const url = client.buildAuthorizationUrl(config, { redirect_uri: WEB.redirectUri, scope: SCOPE, state: 'rj', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
        const back = redirectOf(await agent().open(url, { decision: 'reject' }));
        await assert.rejects(client.authorizationCodeGrant(config, back, { expectedState: 'rj' }), (e: any) => typeof e?.error === 'string' && e.error !== '');
      });
    });
  });
});
