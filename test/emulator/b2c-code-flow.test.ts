// The emulated b2clogin's authorization code flow (B2C authorization-code-flow.md, openid-connect.md "Get a
// token"): code + PKCE for a public client, client secret (post and basic) for a confidential one, the code single
// use and bound to its client, redirect URI and verifier; the token answer by scope.
import { strict as assert } from 'node:assert';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { API_SCOPE, authorizeUrl, claimsOf, pkce, postToken, signIn, SPA_REDIRECT, startB2cWorld, WEB_REDIRECT, type B2cWorld } from './b2c-world';

describe('emulator: B2C authorization code flow and token endpoint', function () {
  this.timeout(60_000);
  let w: B2cWorld;
  before(async () => {
    w = await startB2cWorld();
  });
  after(() => w?.stop());

  it('public client (SPA): code + PKCE S256 → id_token, access token for its own client id, refresh token; the code works once', async () => {
    const { verifier, challenge } = pkce();
    const r = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: `openid offline_access ${w.spa}`, code_challenge: challenge, code_challenge_method: 'S256', state: 's1', nonce: 'n1' }));
    assert.equal(r.mode, 'query', 'code defaults to the query mode');
    assert.equal(r.params.get('state'), 's1');
    const code = r.params.get('code');
    assert.ok(code, r.params.toString());
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code, redirect_uri: SPA_REDIRECT, code_verifier: verifier, scope: `openid offline_access ${w.spa}` });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal(t.headers.get('access-control-allow-origin'), '*');
    const disco = (await (await fetch(`${w.b2c.url}/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const jwks = createRemoteJWKSet(new URL(disco.jwks_uri));
    const id = await jwtVerify(String(t.body['id_token']), jwks, { issuer: disco.issuer, audience: w.spa });
    assert.equal(id.payload['nonce'], 'n1');
    const at = await jwtVerify(String(t.body['access_token']), jwks, { issuer: disco.issuer, audience: w.spa });
    assert.equal(at.payload['azp'], w.spa);
    assert.equal(t.body['token_type'], 'Bearer');
    assert.equal(typeof t.body['refresh_token'], 'string');
    const again = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code, redirect_uri: SPA_REDIRECT, code_verifier: verifier });
    assert.equal(again.status, 400);
    assert.equal(again.body['error'], 'invalid_grant');
  });

  it('"scope=openid offline_access" returns an ID token and a refresh token, no access token', async () => {
    const { verifier, challenge } = pkce();
    const r = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid offline_access', code_challenge: challenge, code_challenge_method: 'S256' }));
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: r.params.get('code')!, redirect_uri: SPA_REDIRECT, code_verifier: verifier, scope: 'openid offline_access' });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.ok(t.body['id_token']);
    assert.ok(t.body['refresh_token']);
    assert.equal(t.body['access_token'], undefined);
  });

  it('an API scope gives an access token for the API (aud = its client id, scp = the scope value)', async () => {
    const { verifier, challenge } = pkce();
    const r = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: `openid ${API_SCOPE}`, code_challenge: challenge, code_challenge_method: 'S256' }));
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: r.params.get('code')!, redirect_uri: SPA_REDIRECT, code_verifier: verifier });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    const at = claimsOf(String(t.body['access_token']));
    assert.equal(at['aud'], w.api);
    assert.equal(at['scp'], 'tasks.read');
  });

  it('PKCE: a wrong verifier → AADB2C90182, a missing one → AADB2C90083; a SPA without code_challenge → AADB2C99059', async () => {
    const { challenge } = pkce();
    const url = authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' });
    const wrong = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: (await signIn(w, url)).params.get('code')!, redirect_uri: SPA_REDIRECT, code_verifier: pkce().verifier });
    assert.equal(wrong.body['error'], 'invalid_grant');
    assert.match(String(wrong.body['error_description']), /^AADB2C90182:/);
    const missing = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: (await signIn(w, url)).params.get('code')!, redirect_uri: SPA_REDIRECT });
    assert.match(String(missing.body['error_description']), /^AADB2C90083: .*code_verifier/);
    const noPkce = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: 'openid' }));
    assert.equal(noPkce.params.get('error'), 'invalid_request');
    assert.match(noPkce.params.get('error_description')!, /^AADB2C99059:/);
  });

  it('confidential web app: client_secret_post and client_secret_basic work; no secret → AADB2C90079, a wrong one → AADB2C90081', async () => {
    const url = authorizeUrl(w, { client_id: w.web, redirect_uri: WEB_REDIRECT, response_type: 'code', scope: `openid offline_access ${w.web}`, response_mode: 'form_post' });
    const r1 = await signIn(w, url);
    assert.equal(r1.mode, 'form_post');
    assert.equal(r1.redirect.href, WEB_REDIRECT);
    const post = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, client_secret: w.webSecret, code: r1.params.get('code')!, redirect_uri: WEB_REDIRECT });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    const basic = await postToken(w, { grant_type: 'authorization_code', code: (await signIn(w, url)).params.get('code')!, redirect_uri: WEB_REDIRECT }, { basic: [w.web, w.webSecret] });
    assert.equal(basic.status, 200, JSON.stringify(basic.body));
    const none = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, code: (await signIn(w, url)).params.get('code')!, redirect_uri: WEB_REDIRECT });
    assert.equal(none.status, 401);
    assert.match(String(none.body['error_description']), /^AADB2C90079:/);
    const bad = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, client_secret: 'nope', code: (await signIn(w, url)).params.get('code')!, redirect_uri: WEB_REDIRECT });
    assert.match(String(bad.body['error_description']), /^AADB2C90081:/);
  });

  it('the code is bound to its client and redirect URI; an unknown grant type is AADB2C90086', async () => {
    const url = authorizeUrl(w, { client_id: w.web, redirect_uri: WEB_REDIRECT, response_type: 'code', scope: `openid ${w.web}` });
    const other = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: (await signIn(w, url)).params.get('code')!, redirect_uri: WEB_REDIRECT });
    assert.match(String(other.body['error_description']), /^AADB2C90279:/);
    const redirect = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, client_secret: w.webSecret, code: (await signIn(w, url)).params.get('code')!, redirect_uri: 'https://app.example/other' });
    assert.equal(redirect.body['error'], 'invalid_grant');
    const grant = await postToken(w, { grant_type: 'password', client_id: w.web, client_secret: w.webSecret });
    assert.equal(grant.body['error'], 'unsupported_grant_type');
    assert.match(String(grant.body['error_description']), /^AADB2C90086: The supplied grant_type \[password\] is not supported\./);
  });

  it('an expired code (older than 10 minutes) is refused', async () => {
    const url = authorizeUrl(w, { client_id: w.web, redirect_uri: WEB_REDIRECT, response_type: 'code', scope: `openid ${w.web}` });
    const code = (await signIn(w, url)).params.get('code')!;
    w.advance(11 * 60_000);
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, client_secret: w.webSecret, code, redirect_uri: WEB_REDIRECT });
    assert.match(String(t.body['error_description']), /^AADB2C90080:/);
  });
});
