// The emulated b2clogin's session (B2C session-behavior.md): after a sign-in the browser holds a session cookie;
// a second sign-in skips itsme (SSO), prompt=login goes through itsme again, prompt=none answers silently, auth_time
// stays the real authentication time, and logout (openid-connect.md "Send a sign-out request") ends the session.
import { strict as assert } from 'node:assert';
import { authorizeUrl, claimsOf, FLOW, newBrowser, signIn, startB2cWorld, TENANT, type B2cWorld } from './b2c-world';

describe('emulator: B2C session, prompt and logout', function () {
  this.timeout(60_000);
  let w: B2cWorld;
  before(async () => {
    w = await startB2cWorld();
  });
  after(() => w?.stop());

  const jwtms = (extra: Record<string, string> = {}) => ({ client_id: w.implicit, redirect_uri: 'https://jwt.ms', response_type: 'id_token', scope: 'openid', nonce: 'defaultNonce', ...extra });
  const logoutUrl = (q: Record<string, string>) => `${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/logout?${new URLSearchParams(q)}`;

  it('SSO: the second sign-in skips itsme; prompt=none is silent; auth_time is the first authentication, not iat', async () => {
    const b = newBrowser(w);
    const first = await signIn(w, authorizeUrl(w, jwtms()), b);
    assert.ok(first.itsmeRequest, 'the first sign-in goes through itsme');
    assert.ok(b.cookieNames().some((n) => n.startsWith('x-ms-cpim-sso')), b.cookieNames().join());
    const t1 = claimsOf(first.params.get('id_token')!);
    w.advance(90_000);
    const second = await signIn(w, authorizeUrl(w, jwtms()), b);
    assert.equal(second.itsmeRequest, undefined, 'no itsme round trip');
    const t2 = claimsOf(second.params.get('id_token')!);
    assert.equal(t2['sub'], t1['sub']);
    assert.equal(t2['auth_time'], t1['auth_time']);
    assert.ok(Number(t2['iat']) >= Number(t1['iat']) + 89, 'a new token, issued later');
    const silent = await signIn(w, authorizeUrl(w, jwtms({ prompt: 'none', state: 'q' })), b);
    assert.equal(silent.itsmeRequest, undefined);
    assert.ok(silent.params.get('id_token'));
    assert.equal(silent.params.get('state'), 'q');
  });

  it('prompt=login goes through itsme again, and the new token has a new auth_time', async () => {
    const b = newBrowser(w);
    const first = await signIn(w, authorizeUrl(w, jwtms()), b);
    w.advance(120_000);
    const again = await signIn(w, authorizeUrl(w, jwtms({ prompt: 'login' })), b);
    assert.ok(again.itsmeRequest, 'itsme asked again');
    assert.ok(Number(claimsOf(again.params.get('id_token')!)['auth_time']) >= Number(claimsOf(first.params.get('id_token')!)['auth_time']) + 119);
  });

  it('logout ends the session and returns to post_logout_redirect_uri with state; prompt=none then fails', async () => {
    const b = newBrowser(w);
    await signIn(w, authorizeUrl(w, jwtms()), b);
    const out = await b.follow(logoutUrl({ post_logout_redirect_uri: 'https://jwt.ms', state: 'bye' }));
    assert.equal(out.location?.origin, 'https://jwt.ms');
    assert.equal(out.location?.searchParams.get('state'), 'bye');
    const after = await signIn(w, authorizeUrl(w, jwtms({ prompt: 'none' })), b);
    assert.equal(after.params.get('error'), 'login_required');
    // POST works as well; without post_logout_redirect_uri B2C shows a generic page.
    const post = await b.follow(`${w.b2c.url}/${TENANT}/oauth2/v2.0/logout?p=${FLOW}`, { form: {} });
    assert.equal(post.status, 200);
    assert.match(post.body, /signed out/);
  });

  it('logout: with an id_token_hint the post_logout_redirect_uri must be one of the app\'s redirect URIs; a malformed one is AADB2C90067', async () => {
    const b = newBrowser(w);
    const r = await signIn(w, authorizeUrl(w, jwtms()), b);
    const idToken = r.params.get('id_token')!;
    const refused = await b.follow(logoutUrl({ post_logout_redirect_uri: 'https://evil.example/', id_token_hint: idToken }));
    assert.equal(refused.status, 400);
    assert.match(refused.body, /AADB2C90006/);
    const ok = await b.follow(logoutUrl({ post_logout_redirect_uri: 'https://jwt.ms', id_token_hint: idToken }));
    assert.equal(ok.location?.origin, 'https://jwt.ms');
    const malformed = await b.follow(logoutUrl({ post_logout_redirect_uri: 'not a url' }));
    assert.match(malformed.body, /AADB2C90067/);
    // The switch 'always' checks it with client_id alone.
    w.b2c.switches.logoutRedirectCheck = 'always';
    try {
      assert.match((await b.follow(logoutUrl({ post_logout_redirect_uri: 'https://evil.example/', client_id: w.implicit }))).body, /AADB2C90006/);
    } finally {
      w.b2c.switches.logoutRedirectCheck = 'idTokenHint';
    }
  });
});
