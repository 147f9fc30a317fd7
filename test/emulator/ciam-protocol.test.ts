// The emulated ciamlogin speaks the Microsoft identity platform v2.0 protocol its discovery document advertises, as
// the platform documents it (sources in emulators/ciam/errors.ts and server.ts): authorization code + PKCE, client
// secret (post and basic) for web apps, public clients and SPAs, the token endpoint (code and refresh_token grants,
// refresh lifetimes), response_mode query / fragment / form_post, the session cookie with prompt, logout with
// post_logout_redirect_uri, POST to authorize, nonce rules, CORS and stable keys. Plain HTTP, no client library:
// each expectation is the document's, not a library's habit.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { Browser, ciamPartner, externalSeed, NATIVE_APP, outcomeOf, runCiamSignIn, SPA_APP, WEB_APP, type SignInOutcome } from './ciam-helpers';

const DAY = 24 * 3600 * 1000;

describe('emulator: ciamlogin protocol (Microsoft identity platform v2.0)', function () {
  this.timeout(60_000);
  let graph: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;
  let tid: string;
  let now = Date.now();

  before(async () => {
    graph = await startGraphEmulator({ tenantType: 'CIAM' });
    ciam = await startCiamLogin({ graph, clock: () => now });
    itsme = await startItsmeEmulator({ partners: [ciamPartner(ciam)] });
    tid = graph.state.tenantId;
  });
  after(async () => {
    await Promise.all([itsme.stop(), ciam.stop(), graph.stop()]);
  });
  beforeEach(() => {
    now = Date.now();
    graph.seed(externalSeed(itsme, { apps: true }));
    ciam.resetUsers();
  });

  const base = () => `${ciam.url}/${tid}`;
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  function authorizeUrl(p: Record<string, string>): string {
    return `${base()}/oauth2/v2.0/authorize?${new URLSearchParams(p)}`;
  }
  async function token(form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const r = await fetch(`${base()}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
  }
  /** A full interactive sign-in through itsme for `app`, response_type=code; returns the code and the browser. */
  async function codeFor(app: { appId: string; redirectUri: string }, extra: Record<string, string> = {}, browser?: Browser, interactive = !browser) {
    const { verifier, challenge } = pkce();
    const b = browser ?? new Browser(ciam.url);
    const url = authorizeUrl({ client_id: app.appId, response_type: 'code', redirect_uri: app.redirectUri, scope: 'openid profile offline_access', state: 'st', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra });
    // With a signed-in browser the session answers at once (single sign-on); else the whole sign-in through itsme.
    const r = interactive ? await runCiamSignIn(ciam, itsme, url, { browser: b }) : outcomeOf(await b.follow(url), []);
    assert.equal(r.kind, 'redirect', JSON.stringify(r).slice(0, 600));
    const loc = (r as Extract<SignInOutcome, { kind: 'redirect' }>).redirect;
    return { code: loc.searchParams.get('code')!, state: loc.searchParams.get('state'), verifier, browser: b, location: loc };
  }
  const errCode = (body: Record<string, unknown>) => String(body['error_description'] ?? '').split(':')[0];

  it('discovery advertises only what is implemented (code, id_token, code id_token; query/fragment/form_post; client_secret_post/basic), with CORS', async () => {
    const r = await fetch(`${base()}/v2.0/.well-known/openid-configuration`, { headers: { origin: SPA_APP.origin } });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    const d = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(d['response_types_supported'], ['code', 'id_token', 'code id_token']);
    assert.deepEqual(d['response_modes_supported'], ['query', 'fragment', 'form_post']);
    assert.deepEqual(d['token_endpoint_auth_methods_supported'], ['client_secret_post', 'client_secret_basic']);
    assert.equal(d['token_endpoint'], `${base()}/oauth2/v2.0/token`);
    assert.equal(d['end_session_endpoint'], `${base()}/oauth2/v2.0/logout`);
    assert.equal(d['userinfo_endpoint'], undefined, 'no userinfo endpoint is emulated');
    const keys = await fetch(String(d['jwks_uri']), { headers: { origin: SPA_APP.origin } });
    assert.equal(keys.headers.get('access-control-allow-origin'), '*');
    // Each advertised endpoint answers (no 404/405): token refuses a GET with AADSTS900561, logout redirects or shows a page.
    const get = await fetch(String(d['token_endpoint']));
    assert.equal(get.status, 400);
    assert.equal(errCode((await get.json()) as Record<string, unknown>), 'AADSTS900561');
  });

  it('authorization code + PKCE for a public client (mobile/desktop redirect URI): code in the query, token response, id_token claims', async () => {
    const { code, state, verifier } = await codeFor(NATIVE_APP);
    assert.ok(code);
    assert.equal(state, 'st');
    const t = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: verifier, scope: 'openid profile offline_access' });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    assert.equal(t.body['token_type'], 'Bearer');
    assert.equal(typeof t.body['access_token'], 'string');
    assert.equal(typeof t.body['refresh_token'], 'string', 'offline_access → a refresh token');
    assert.equal(typeof t.body['expires_in'], 'number');
    const d = (await (await fetch(`${base()}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const { payload } = await jwtVerify(String(t.body['id_token']), createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: NATIVE_APP.appId });
    assert.equal(payload['nonce'], 'n-1');
    assert.equal(payload['tid'], tid);
    assert.equal(payload['ver'], '2.0');
    assert.equal(payload['name'], 'Jan Peeters');
  });

  it('a code is single-use (AADSTS54005), PKCE is checked (AADSTS501481), redirect_uri and client must match', async () => {
    const a = await codeFor(NATIVE_APP);
    const ok = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: a.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(ok.status, 200);
    const again = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: a.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(again.status, 400);
    assert.equal(again.body['error'], 'invalid_grant');
    assert.equal(errCode(again.body), 'AADSTS54005');
    assert.deepEqual(again.body['error_codes'], [54005]);

    const b = await codeFor(NATIVE_APP, {}, a.browser);
    const wrong = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: b.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: pkce().verifier });
    assert.equal(wrong.body['error'], 'invalid_grant');
    assert.equal(errCode(wrong.body), 'AADSTS501481');

    const c = await codeFor(NATIVE_APP, {}, a.browser);
    const otherRedirect = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: c.code, redirect_uri: 'http://localhost/other', code_verifier: c.verifier });
    assert.equal(otherRedirect.body['error'], 'invalid_grant');
  });

  it('a web app is a confidential client: no secret → AADSTS7000218, wrong → AADSTS7000215; client_secret_post and client_secret_basic work', async () => {
    const a = await codeFor(WEB_APP);
    const none = await token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, code: a.code, redirect_uri: WEB_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(none.status, 401);
    assert.equal(none.body['error'], 'invalid_client');
    assert.equal(errCode(none.body), 'AADSTS7000218');
    const wrong = await token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, client_secret: 'nope', code: a.code, redirect_uri: WEB_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(errCode(wrong.body), 'AADSTS7000215');
    assert.ok(!JSON.stringify(wrong.body).includes('nope'), 'the secret is not echoed');
    const post = await token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, client_secret: WEB_APP.secret, code: a.code, redirect_uri: WEB_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(post.status, 200, JSON.stringify(post.body));

    const b = await codeFor(WEB_APP, {}, a.browser);
    const basic = `Basic ${Buffer.from(`${encodeURIComponent(WEB_APP.appId)}:${encodeURIComponent(WEB_APP.secret)}`).toString('base64')}`;
    const viaBasic = await token({ grant_type: 'authorization_code', code: b.code, redirect_uri: WEB_APP.redirectUri, code_verifier: b.verifier }, { authorization: basic });
    assert.equal(viaBasic.status, 200, JSON.stringify(viaBasic.body));
  });

  it('a public client that sends a secret → AADSTS700025', async () => {
    const a = await codeFor(NATIVE_APP);
    const t = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, client_secret: 'x', code: a.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(t.body['error'], 'invalid_client');
    assert.equal(errCode(t.body), 'AADSTS700025');
  });

  it('CORS on the token endpoint: a SPA redeems cross-origin (AADSTS9002327 without Origin), a web app may not (AADSTS9002326)', async () => {
    const pre = await fetch(`${base()}/oauth2/v2.0/token`, { method: 'OPTIONS', headers: { origin: SPA_APP.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.ok(pre.status === 200 || pre.status === 204, String(pre.status));
    assert.ok(pre.headers.get('access-control-allow-origin'));
    const a = await codeFor(SPA_APP);
    const noOrigin = await token({ grant_type: 'authorization_code', client_id: SPA_APP.appId, code: a.code, redirect_uri: SPA_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(errCode(noOrigin.body), 'AADSTS9002327');
    const ok = await token({ grant_type: 'authorization_code', client_id: SPA_APP.appId, code: a.code, redirect_uri: SPA_APP.redirectUri, code_verifier: a.verifier }, { origin: SPA_APP.origin });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.headers.get('access-control-allow-origin'));

    const w = await codeFor(WEB_APP, {}, a.browser);
    const cross = await token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, client_secret: WEB_APP.secret, code: w.code, redirect_uri: WEB_APP.redirectUri, code_verifier: w.verifier }, { origin: 'https://app.example' });
    assert.equal(cross.body['error'], 'invalid_request');
    assert.equal(errCode(cross.body), 'AADSTS9002326');
  });

  it('refresh_token grant: new tokens and a new refresh token, the old one still valid; 90 days of inactivity end it (AADSTS700082)', async () => {
    const a = await codeFor(NATIVE_APP);
    const first = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: a.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: a.verifier });
    const rt1 = String(first.body['refresh_token']);
    now += 10 * 60 * 1000;
    const second = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: rt1, scope: 'openid profile offline_access' });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const rt2 = String(second.body['refresh_token']);
    assert.notEqual(rt2, rt1, 'a fresh refresh token on every use');
    const id2 = decodeJwt(String(second.body['id_token']));
    assert.equal(id2['aud'], NATIVE_APP.appId);
    assert.equal(id2['auth_time'], decodeJwt(String(first.body['id_token']))['auth_time'], 'auth_time stays the time of the sign-in');
    const old = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: rt1 });
    assert.equal(old.status, 200, 'the platform does not revoke old refresh tokens when used');
    // Sliding window: 89 days later rt2 still works (and its successor is good for 90 more days) …
    now += 89 * DAY;
    const third = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: rt2 });
    assert.equal(third.status, 200);
    // … but rt1's line, unused for 91 days, has expired.
    now += 2 * DAY;
    const expired = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: rt2 });
    assert.equal(expired.body['error'], 'invalid_grant');
    assert.equal(errCode(expired.body), 'AADSTS700082');
    const stillGood = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: String(third.body['refresh_token']) });
    assert.equal(stillGood.status, 200);
    const garbage = await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: 'garbage' });
    assert.equal(garbage.body['error'], 'invalid_grant');
    const otherClient = await token({ grant_type: 'refresh_token', client_id: SPA_APP.appId, refresh_token: String(third.body['refresh_token']) }, { origin: SPA_APP.origin });
    assert.equal(otherClient.body['error'], 'invalid_grant', 'a refresh token is bound to its client');
  });

  it('a SPA refresh token lives 24 hours, carried over to its successors (AADSTS700084)', async () => {
    const a = await codeFor(SPA_APP);
    const first = await token({ grant_type: 'authorization_code', client_id: SPA_APP.appId, code: a.code, redirect_uri: SPA_APP.redirectUri, code_verifier: a.verifier }, { origin: SPA_APP.origin });
    now += 20 * 3600 * 1000;
    const second = await token({ grant_type: 'refresh_token', client_id: SPA_APP.appId, refresh_token: String(first.body['refresh_token']) }, { origin: SPA_APP.origin });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    now += 5 * 3600 * 1000;
    const late = await token({ grant_type: 'refresh_token', client_id: SPA_APP.appId, refresh_token: String(second.body['refresh_token']) }, { origin: SPA_APP.origin });
    assert.equal(late.body['error'], 'invalid_grant');
    assert.equal(errCode(late.body), 'AADSTS700084');
  });

  it('no offline_access → no refresh token', async () => {
    const a = await codeFor(NATIVE_APP, { scope: 'openid profile' });
    const t = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: a.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: a.verifier });
    assert.equal(t.status, 200);
    assert.equal(t.body['refresh_token'], undefined);
  });

  it('response_mode: form_post posts the code; fragment carries it; id_token with query is refused (AADSTS70007)', async () => {
    const a = await codeFor(NATIVE_APP);
    const { challenge } = pkce();
    const fp = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: WEB_APP.appId, response_type: 'code', redirect_uri: WEB_APP.redirectUri, scope: 'openid', response_mode: 'form_post', state: 'fp', code_challenge: challenge, code_challenge_method: 'S256' })), []);
    assert.equal(fp.kind, 'form_post', JSON.stringify(fp).slice(0, 400));
    if (fp.kind === 'form_post') {
      assert.equal(fp.action, WEB_APP.redirectUri);
      assert.ok(fp.fields.get('code'));
      assert.equal(fp.fields.get('state'), 'fp');
    }
    const frag = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', response_mode: 'fragment', state: 'fr' })), []);
    assert.equal(frag.kind, 'redirect');
    if (frag.kind === 'redirect') assert.ok(frag.fragment.get('code'), frag.redirect.href);
    const q = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: WEB_APP.appId, response_type: 'id_token', redirect_uri: WEB_APP.redirectUri, scope: 'openid', response_mode: 'query', nonce: 'n', state: 'q' })), []);
    assert.equal(q.kind, 'redirect');
    if (q.kind === 'redirect') {
      assert.equal(q.redirect.searchParams.get('id_token'), null, 'never a token in the query');
      const err = q.fragment.get('error_description') ?? q.redirect.searchParams.get('error_description') ?? '';
      assert.match(err, /^AADSTS70007:/);
    }
  });

  it('nonce is required when an id_token is requested (implicit and hybrid); the hybrid id_token carries c_hash', async () => {
    const a = await codeFor(NATIVE_APP);
    const noNonce = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: WEB_APP.appId, response_type: 'id_token', redirect_uri: WEB_APP.redirectUri, scope: 'openid', state: 's' })), []);
    assert.equal(noNonce.kind, 'redirect');
    if (noNonce.kind === 'redirect') {
      assert.equal(noNonce.fragment.get('error'), 'invalid_request');
      assert.equal(noNonce.fragment.get('id_token'), null);
    }
    const hybrid = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: WEB_APP.appId, response_type: 'code id_token', redirect_uri: WEB_APP.redirectUri, scope: 'openid', nonce: 'hn', state: 'h' })), []);
    assert.equal(hybrid.kind, 'redirect');
    if (hybrid.kind === 'redirect') {
      const code = hybrid.fragment.get('code')!;
      const idt = decodeJwt(hybrid.fragment.get('id_token')!);
      assert.equal(idt['nonce'], 'hn');
      const h = createHash('sha256').update(code).digest();
      assert.equal(idt['c_hash'], h.subarray(0, 16).toString('base64url'));
    }
  });

  it('POST to authorize works like GET (OIDC Core §3.1.2.1)', async () => {
    const a = await codeFor(NATIVE_APP);
    const hop = await a.browser.follow(`${base()}/oauth2/v2.0/authorize`, { form: { client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', state: 'post' } });
    assert.ok(hop.location, hop.body.slice(0, 300));
    assert.equal(hop.location.searchParams.get('state'), 'post');
    assert.ok(hop.location.searchParams.get('code'));
  });

  it('session: SSO without prompt, prompt=none silent, prompt=none without a session → login_required AADSTS50058, prompt=login signs in again, prompt=select_account shows the account', async () => {
    const fresh = new Browser(ciam.url);
    const none0 = outcomeOf(await fresh.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'none', state: 'n0' })), []);
    assert.equal(none0.kind, 'redirect');
    if (none0.kind === 'redirect') {
      assert.equal(none0.redirect.searchParams.get('error'), 'login_required');
      assert.match(none0.redirect.searchParams.get('error_description') ?? '', /^AADSTS50058:/);
      assert.equal(none0.redirect.searchParams.get('state'), 'n0');
    }
    const a = await codeFor(NATIVE_APP, {}, fresh, true);
    const itsmeBefore = itsme.log.length;
    now += 60_000;
    const sso = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: WEB_APP.appId, response_type: 'code', redirect_uri: WEB_APP.redirectUri, scope: 'openid', state: 'sso' })), []);
    assert.equal(sso.kind, 'redirect', 'the sole signed-in user is signed in without a page');
    const none1 = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'none', state: 'n1' })), []);
    assert.equal(none1.kind, 'redirect');
    if (none1.kind === 'redirect') assert.ok(none1.redirect.searchParams.get('code'));
    assert.equal(itsme.log.length, itsmeBefore, 'SSO and prompt=none do not go to itsme');
    const login = await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'login', state: 'l' }));
    assert.equal(login.status, 200);
    assert.match(login.body, /id="idp-itsme"/, 'prompt=login shows the sign-in page again');
    const pick = await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'select_account', state: 'sa' }));
    assert.equal(pick.status, 200);
    assert.match(pick.body, /Jan Peeters/, 'the account picker lists the session account');
    assert.match(pick.body, /id="use-another-account"/);
    const href = /id="account-0" href="([^"]+)"/.exec(pick.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href);
    const chosen = outcomeOf(await a.browser.follow(href), []);
    assert.equal(chosen.kind, 'redirect');
    if (chosen.kind === 'redirect') assert.equal(chosen.redirect.searchParams.get('state'), 'sa');
    const bogus = await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'bogus' }));
    assert.equal(bogus.status, 400);
    assert.match(bogus.body, /AADSTS90023/);
    // The SSO id_token's auth_time is the sign-in's, not the token's iat.
    const t = await token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: (none1 as Extract<SignInOutcome, { kind: 'redirect' }>).redirect.searchParams.get('code')!, redirect_uri: NATIVE_APP.redirectUri });
    const idt = decodeJwt(String(t.body['id_token']));
    assert.ok((idt.iat as number) - (idt['auth_time'] as number) >= 60, `auth_time ${String(idt['auth_time'])} vs iat ${String(idt.iat)}`);
  });

  it('logout: ends the session and redirects to a registered post_logout_redirect_uri; an unregistered one is not followed', async () => {
    const a = await codeFor(WEB_APP);
    const out = await a.browser.follow(`${base()}/oauth2/v2.0/logout?${new URLSearchParams({ post_logout_redirect_uri: WEB_APP.logoutUri, state: 'bye' })}`);
    assert.ok(out.location, out.body.slice(0, 300));
    assert.equal(out.location.origin + out.location.pathname, WEB_APP.logoutUri);
    const none = outcomeOf(await a.browser.follow(authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid', prompt: 'none' })), []);
    assert.equal(none.kind === 'redirect' && none.redirect.searchParams.get('error'), 'login_required', 'signed out');
    const evil = await a.browser.follow(`${base()}/oauth2/v2.0/logout?${new URLSearchParams({ post_logout_redirect_uri: 'https://evil.example/' })}`);
    assert.equal(evil.location, undefined, 'never an open redirect');
    assert.equal(evil.status, 200);
  });

  it('stable keys: two runs with the same keys directory publish the same key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ciam-keys-'));
    try {
      const one = await startCiamLogin({ graph, keysDir: dir });
      const k1 = (await (await fetch(`${one.url}/${tid}/discovery/v2.0/keys`)).json()) as { keys: Array<{ kid: string; n: string }> };
      await one.stop();
      const two = await startCiamLogin({ graph, keysDir: dir });
      const k2 = (await (await fetch(`${two.url}/${tid}/discovery/v2.0/keys`)).json()) as { keys: Array<{ kid: string; n: string }> };
      await two.stop();
      assert.equal(k2.keys[0]!.kid, k1.keys[0]!.kid);
      assert.equal(k2.keys[0]!.n, k1.keys[0]!.n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
