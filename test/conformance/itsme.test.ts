// The emulated itsme, driven only by an independent relying-party library (openid-client 6.9, on oauth4webapi),
// with its defaults: discovery with the strict issuer check (both endpoint generations), authorization code +
// PKCE with client_secret_post (itsme.md §1), the ID token validated by the library (iss, aud, exp, iat, nonce, the
// signature against the JWKS), userinfo, and the refusals itsme documents (itsme.md §6).
import { strict as assert } from 'node:assert';
import * as client from 'openid-client';
import { startItsmeEmulator, type ItsmeEmulator } from '../../emulators/itsme';
import { UserAgent, redirectOf } from './user-agent';

const PARTNER = 'CONFORMANCE_RP';
const SECRET = 'conformance-rp-secret';
const SERVICE = 'CONFORMANCE_LOGIN';
const REDIRECT = 'https://app.example.com/cb';

describe('conformance: emulated itsme with openid-client', function () {
  this.timeout(30_000);
  let itsme: ItsmeEmulator;
  before(async () => {
    itsme = await startItsmeEmulator();
    await itsme.addPartner({ clientId: PARTNER, clientSecret: SECRET, serviceCodes: [SERVICE], redirectUris: [REDIRECT] });
  });
  after(() => itsme?.stop());

  const configFor = (generation: 'v2' | 'legacy', secret = SECRET) => client.discovery(new URL(itsme.issuers[generation]), PARTNER, undefined, client.ClientSecretPost(secret));

  for (const generation of ['v2', 'legacy'] as const) {
    it(`${generation}: discovery passes the strict issuer check and advertises the code flow only`, async () => {
      const config = await configFor(generation);
      const m = config.serverMetadata();
      assert.equal(m.issuer, itsme.issuers[generation]);
      assert.deepEqual(m.response_types_supported, ['code']);
      assert.deepEqual(m.response_modes_supported, ['query']);
      assert.deepEqual(m.token_endpoint_auth_methods_supported, ['client_secret_post']);
      assert.ok(m.code_challenge_methods_supported?.includes('S256'));
      assert.deepEqual(m.display_values_supported, ['page']);
      assert.equal(m.end_session_endpoint, undefined, 'no logout is advertised (none is emulated)');
    });

    it(`${generation}: code + PKCE (S256) + client_secret_post; the library validates the ID token; userinfo`, async () => {
      const config = await configFor(generation);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: `openid service:${SERVICE} profile email`,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const back = redirectOf(await new UserAgent(itsme, []).open(url));
      const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
      const claims = tokens.claims()!;
      assert.equal(claims.iss, itsme.issuers[generation]);
      assert.equal(claims.aud, PARTNER);
      assert.equal(claims.family_name, 'Peeters');
      assert.equal(typeof claims.nbf, 'number');
      assert.match(String(claims.acr), /acr_basic$/);
      assert.equal(tokens.refresh_token, undefined, 'itsme issues no refresh tokens');
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.email, itsme.identities[0]!.email);
    });
  }

  it('the refresh-token grant is refused: unsupported_grant_type (no refresh tokens)', async () => {
    const config = await configFor('v2');
    await assert.rejects(client.refreshTokenGrant(config, 'anything'), (e: any) => e?.error === 'unsupported_grant_type');
  });

  it('a wrong client secret → invalid_client at the token endpoint', async () => {
    const config = await configFor('v2', 'wrong-secret');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, state: 's' });
    const back = redirectOf(await new UserAgent(itsme, []).open(url));
    await assert.rejects(client.authorizationCodeGrant(config, back, { expectedState: 's' }), (e: any) => e?.error === 'invalid_client' && e?.status === 400);
  });

  it('a code used twice → invalid_grant', async () => {
    const config = await configFor('v2');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, state: 's2' });
    const back = redirectOf(await new UserAgent(itsme, []).open(url));
    await client.authorizationCodeGrant(config, back, { expectedState: 's2' });
    await assert.rejects(client.authorizationCodeGrant(config, back, { expectedState: 's2' }), (e: any) => e?.error === 'invalid_grant');
  });

  it('prompt=none → login_required (itsme keeps no session), reported by the library as an authorization error', async () => {
    const config = await configFor('v2');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, state: 'p', prompt: 'none' });
    const landing = await new UserAgent(itsme, []).open(url);
    assert.equal(landing.identified, false, 'no itsme page was shown');
    await assert.rejects(client.authorizationCodeGrant(config, redirectOf(landing), { expectedState: 'p' }), (e: any) => e?.error === 'login_required');
  });

  it('prompt=login → the person identifies again', async () => {
    const config = await configFor('v2');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, state: 'l', prompt: 'login' });
    const landing = await new UserAgent(itsme, []).open(url);
    assert.equal(landing.identified, true);
    await client.authorizationCodeGrant(config, redirectOf(landing), { expectedState: 'l' });
  });

  it('the person rejects in the app → access_denied', async () => {
    const config = await configFor('v2');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, state: 'r' });
    const back = redirectOf(await new UserAgent(itsme, []).open(url, { decision: 'reject' }));
    await assert.rejects(client.authorizationCodeGrant(config, back, { expectedState: 'r' }), (e: any) => e?.error === 'access_denied');
  });

  it('implicit id_token (openid-client implicitAuthentication) → unsupported_response_type', async () => {
    const config = await configFor('v2');
    client.useIdTokenResponseType(config);
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, nonce: 'n', state: 'i' });
    const back = redirectOf(await new UserAgent(itsme, []).open(url));
    await assert.rejects(client.implicitAuthentication(config, back, 'n', { expectedState: 'i' }), (e: any) => e?.error === 'unsupported_response_type');
  });

  it('form_post → refused (itsme answers in the query only): invalid_request', async () => {
    const config = await configFor('v2');
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: `openid service:${SERVICE}`, response_mode: 'form_post', state: 'f' });
    const landing = await new UserAgent(itsme, []).open(url);
    assert.equal(landing.identified, false);
    assert.equal(landing.kind, 'form_post');
    if (landing.kind === 'form_post') assert.equal(landing.fields.get('error'), 'invalid_request');
  });
});
