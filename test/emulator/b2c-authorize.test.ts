// The emulated b2clogin's authorization request (B2C openid-connect.md "Send authentication requests"): GET and
// POST, response types and modes (query / fragment / form_post) with their defaults and B2C's refusals, nonce,
// state, prompt, and the published error codes (errors.ts).
import { strict as assert } from 'node:assert';
import { readFormPost } from '../../emulators/signin/protocol';
import { authorizeUrl, claimsOf, FLOW, newBrowser, pkce, signIn, SPA_REDIRECT, startB2cWorld, TENANT, WEB_REDIRECT, type B2cWorld } from './b2c-world';

describe('emulator: B2C authorization request', function () {
  this.timeout(60_000);
  let w: B2cWorld;
  before(async () => {
    w = await startB2cWorld();
  });
  after(() => w?.stop());

  const jwtms = (extra: Record<string, string> = {}) => ({ client_id: w.implicit, redirect_uri: 'https://jwt.ms', response_type: 'id_token', scope: 'openid', nonce: 'defaultNonce', ...extra });
  /** The app-facing answer of an authorize request that fails before any sign-in page. */
  async function refusal(url: string, init: RequestInit = {}): Promise<{ status: number; location?: URL; body: string }> {
    const r = await fetch(url, { redirect: 'manual', ...init });
    const loc = r.headers.get('location');
    return { status: r.status, ...(loc ? { location: new URL(loc) } : {}), body: await r.text() };
  }

  it('id_token (the extension\'s Run user flow): fragment by default, nonce and state back; POST to authorize works too', async () => {
    const r = await signIn(w, authorizeUrl(w, jwtms({ state: 'st' })));
    assert.equal(r.mode, 'fragment');
    assert.equal(r.params.get('state'), 'st');
    assert.equal(claimsOf(r.params.get('id_token')!)['nonce'], 'defaultNonce');
    // POST with a form body (OIDC Core §3.1.2.1): the sign-in page comes back as for GET.
    const post = await fetch(`${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(jwtms()) });
    assert.equal(post.status, 200);
    assert.match(await post.text(), /class="idp"/);
  });

  it('response_mode form_post: an auto-posting form to the redirect URI with the id_token and state', async () => {
    const r = await signIn(w, authorizeUrl(w, jwtms({ response_mode: 'form_post', state: 'fp' })));
    assert.equal(r.mode, 'form_post');
    assert.equal(r.redirect.href, 'https://jwt.ms/');
    assert.equal(r.params.get('state'), 'fp');
    assert.ok(r.params.get('id_token'));
  });

  it('response_mode query with an id_token, and an unknown mode, are AADB2C90014; an unknown response type AADB2C90013', async () => {
    const q = await refusal(authorizeUrl(w, jwtms({ response_mode: 'query' })));
    assert.equal(q.status, 302);
    const f = new URLSearchParams(q.location!.hash.slice(1));
    assert.equal(f.get('error'), 'invalid_request');
    assert.match(f.get('error_description')!, /^AADB2C90014: The requested response mode 'query'/);
    const bogus = await refusal(authorizeUrl(w, jwtms({ response_mode: 'bogus' })));
    assert.match(new URLSearchParams(bogus.location!.hash.slice(1)).get('error_description')!, /^AADB2C90014:/);
    const type = await refusal(authorizeUrl(w, jwtms({ response_type: 'code id_token bogus' })));
    assert.match(new URLSearchParams(type.location!.hash.slice(1)).get('error_description')!, /^AADB2C90013:/);
  });

  it('an id_token needs a nonce (AADB2C90083) and openid in scope (AADB2C90110); a missing scope is AADB2C90010', async () => {
    const noNonce = await refusal(authorizeUrl(w, jwtms({ nonce: '' })));
    assert.match(new URLSearchParams(noNonce.location!.hash.slice(1)).get('error_description')!, /^AADB2C90083: The request is missing required parameter: nonce\./);
    const noOpenid = await refusal(authorizeUrl(w, jwtms({ scope: 'offline_access' })));
    assert.match(new URLSearchParams(noOpenid.location!.hash.slice(1)).get('error_description')!, /^AADB2C90110:/);
    const noScope = new URL(authorizeUrl(w, jwtms()));
    noScope.searchParams.delete('scope');
    assert.match(new URLSearchParams((await refusal(noScope.href)).location!.hash.slice(1)).get('error_description')!, /^AADB2C90010:/);
  });

  it('before the redirect URI is trusted, errors are pages: no client_id AADB2C90008, unknown client AADB2C90018, unregistered redirect AADB2C90006, unknown policy AADB2C90022', async () => {
    const noClient = new URL(authorizeUrl(w, jwtms()));
    noClient.searchParams.delete('client_id');
    const a = await refusal(noClient.href);
    assert.equal(a.status, 400);
    assert.match(a.body, /AADB2C90008/);
    assert.match((await refusal(authorizeUrl(w, jwtms({ client_id: '00000000-0000-0000-0000-00000000beef' })))).body, /AADB2C90018/);
    assert.match((await refusal(authorizeUrl(w, jwtms({ redirect_uri: 'https://evil.example/' })))).body, /AADB2C90006/);
    const policy = await refusal(`${w.b2c.url}/${TENANT}/B2C_1_nope/oauth2/v2.0/authorize?${new URLSearchParams(jwtms())}`);
    assert.equal(policy.status, 400);
    assert.match(policy.body, /AADB2C90022/);
    assert.match(policy.body, /B2C_1_nope/);
    assert.equal((await refusal(`${w.b2c.url}/nosuchtenant.onmicrosoft.com/${FLOW}/oauth2/v2.0/authorize`)).status, 404);
  });

  it('prompt: an unknown value is AADB2C90043; none without a session is AADB2C90077 (login_required)', async () => {
    const bogus = await refusal(authorizeUrl(w, jwtms({ prompt: 'bogus' })));
    assert.match(new URLSearchParams(bogus.location!.hash.slice(1)).get('error_description')!, /^AADB2C90043:/);
    const none = await refusal(authorizeUrl(w, jwtms({ prompt: 'none', state: 'pn' })));
    const f = new URLSearchParams(none.location!.hash.slice(1));
    assert.equal(f.get('error'), 'login_required');
    assert.equal(f.get('state'), 'pn');
    assert.equal(f.get('error_description'), "AADB2C90077: User does not have an existing session and request prompt parameter has a value of 'none'.");
  });

  it('code: query by default; code id_token (hybrid) → fragment with c_hash; implicit id_token without the app switch → AADB2C90057', async () => {
    const { challenge } = pkce();
    const hybrid = await signIn(w, authorizeUrl(w, { client_id: w.implicit, redirect_uri: 'https://jwt.ms', response_type: 'code id_token', scope: 'openid', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256' }));
    assert.equal(hybrid.mode, 'fragment');
    const code = hybrid.params.get('code')!;
    assert.ok(code);
    assert.ok(claimsOf(hybrid.params.get('id_token')!)['c_hash']);
    const noImplicit = await refusal(authorizeUrl(w, { client_id: w.spa, redirect_uri: SPA_REDIRECT, response_type: 'id_token', scope: 'openid', nonce: 'n' }));
    assert.match(new URLSearchParams(noImplicit.location!.hash.slice(1)).get('error_description')!, /^AADB2C90057:/);
    const unknownScope = await refusal(authorizeUrl(w, { client_id: w.web, redirect_uri: WEB_REDIRECT, response_type: 'code', scope: 'openid https://contosob2c.onmicrosoft.com/api/nope' }));
    assert.match(unknownScope.location!.searchParams.get('error_description')!, /^AADB2C90117:/);
  });

  it('the ?p= and /tfp/ forms of the authorize URL run the same flow', async () => {
    for (const form of ['query', 'tfp'] as const) {
      const r = await signIn(w, authorizeUrl(w, jwtms(), form));
      assert.ok(r.params.get('id_token'), `${form}: ${r.params.toString()}`);
    }
  });

  it('form_post pages escape what they echo', async () => {
    const b = newBrowser(w);
    await signIn(w, authorizeUrl(w, jwtms()), b);
    const page = await b.follow(authorizeUrl(w, jwtms({ response_mode: 'form_post', state: '"><script>x</script>' })));
    assert.ok(!page.body.includes('<script>x'), 'the state is escaped');
    assert.equal(readFormPost(page.body)!.fields.get('state'), '"><script>x</script>');
  });
});
