// Refresh tokens at the emulated b2clogin (authorization-code-flow.md §4; configure-tokens.md "Token lifetime
// behavior"): a refresh token lives the flow's refresh-token lifetime, each redemption gives a new one, and the
// sliding window (from the first sign-in) ends the chain unless it is "No expiry"; custom policies read the same
// from the JwtIssuer metadata (custom-policy.ts).
import { strict as assert } from 'node:assert';
import { authorizeUrl, claimsOf, pkce, postToken, signIn, SPA_REDIRECT, startB2cWorld, WEB_REDIRECT, type B2cWorld } from './b2c-world';

const DAY = 86_400_000;

describe('emulator: B2C refresh tokens and lifetimes', function () {
  this.timeout(60_000);
  let w: B2cWorld;
  before(async () => {
    w = await startB2cWorld();
  });
  after(() => w?.stop());

  /** A confidential web app's first tokens (its refresh tokens live the flow's lifetime). */
  async function firstTokens(): Promise<Record<string, unknown>> {
    const r = await signIn(w, authorizeUrl(w, { client_id: w.web, redirect_uri: WEB_REDIRECT, response_type: 'code', scope: `openid offline_access ${w.web}` }));
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.web, client_secret: w.webSecret, code: r.params.get('code')!, redirect_uri: WEB_REDIRECT });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    return t.body;
  }
  const refresh = (rt: unknown, extra: Record<string, string> = {}) => postToken(w, { grant_type: 'refresh_token', client_id: w.web, client_secret: w.webSecret, refresh_token: String(rt), scope: `openid offline_access ${w.web}`, ...extra });
  const setLifetimes = (t: Record<string, number>) => {
    w.graph.state.userFlows.find((f) => f.id === 'B2C_1_itsme')!.tokenLifetimeConfiguration = { accessAndIdTokenLifetimeInMinutes: 60, refreshTokenLifetimeInDays: 14, rollingRefreshTokenLifetimeInDays: 90, ...t };
  };

  it('refresh_token grant: new access, ID and refresh tokens; auth_time kept; the flow\'s lifetimes (minutes, days) in the answer', async () => {
    setLifetimes({ accessAndIdTokenLifetimeInMinutes: 5, refreshTokenLifetimeInDays: 7 });
    const t = await firstTokens();
    assert.equal(t['expires_in'], 300);
    assert.equal(t['refresh_token_expires_in'], 7 * 86400);
    w.advance(10 * 60_000);
    const r = await refresh(t['refresh_token']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.notEqual(r.body['refresh_token'], t['refresh_token']);
    const a = claimsOf(String(t['id_token']));
    const b = claimsOf(String(r.body['id_token']));
    assert.equal(b['auth_time'], a['auth_time']);
    assert.equal(b['nonce'], undefined);
    assert.equal(Number(b['exp']) - Number(b['iat']), 300);
    // The refresh token is bound to its client.
    const other = await postToken(w, { grant_type: 'refresh_token', client_id: w.spa, refresh_token: String(r.body['refresh_token']) });
    assert.match(String(other.body['error_description']), /^AADB2C90279:/);
  });

  it('a refresh token past its lifetime is AADB2C90080', async () => {
    setLifetimes({ refreshTokenLifetimeInDays: 1 });
    const t = await firstTokens();
    w.advance(DAY + 60_000);
    const r = await refresh(t['refresh_token']);
    assert.equal(r.body['error'], 'invalid_grant');
    assert.match(String(r.body['error_description']), /^AADB2C90080: The provided grant has expired/);
  });

  it('the sliding window ends the chain however often it is refreshed; -1 (No expiry) does not', async () => {
    setLifetimes({ refreshTokenLifetimeInDays: 1, rollingRefreshTokenLifetimeInDays: 2 });
    let t = await firstTokens();
    for (let i = 0; i < 3; i++) {
      w.advance(DAY - 3_600_000);
      const r = await refresh(t['refresh_token']);
      if (i < 2) {
        assert.equal(r.status, 200, `refresh ${i}: ${JSON.stringify(r.body)}`);
        t = r.body;
      } else {
        assert.match(String(r.body['error_description']), /^AADB2C90080:/, 'the window of 2 days from the sign-in is over');
      }
    }
    setLifetimes({ refreshTokenLifetimeInDays: 1, rollingRefreshTokenLifetimeInDays: -1 });
    t = await firstTokens();
    for (let i = 0; i < 4; i++) {
      w.advance(DAY - 3_600_000);
      const r = await refresh(t['refresh_token']);
      assert.equal(r.status, 200, `no expiry, refresh ${i}: ${JSON.stringify(r.body)}`);
      t = r.body;
    }
  });

  it('no offline_access, no refresh token', async () => {
    const { verifier, challenge } = pkce();
    const r = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: `openid ${w.spa}`, code_challenge: challenge, code_challenge_method: 'S256' }));
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: r.params.get('code')!, redirect_uri: SPA_REDIRECT, code_verifier: verifier });
    assert.equal(t.status, 200);
    assert.equal(t.body['refresh_token'], undefined);
  });

  it('a SPA (code + PKCE through a spa redirect URI) gets 24-hour refresh tokens whatever the flow says', async () => {
    setLifetimes({ refreshTokenLifetimeInDays: 14 });
    const { verifier, challenge } = pkce();
    const r = await signIn(w, authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'code', scope: `openid offline_access ${w.spa}`, code_challenge: challenge, code_challenge_method: 'S256' }));
    const t = await postToken(w, { grant_type: 'authorization_code', client_id: w.spa, code: r.params.get('code')!, redirect_uri: SPA_REDIRECT, code_verifier: verifier });
    assert.equal(t.body['refresh_token_expires_in'], 86400);
    w.advance(86_400_000 + 1000);
    const late = await postToken(w, { grant_type: 'refresh_token', client_id: w.spa, refresh_token: String(t.body['refresh_token']) });
    assert.match(String(late.body['error_description']), /^AADB2C90080:/);
  });
});
