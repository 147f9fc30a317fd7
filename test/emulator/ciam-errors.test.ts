// Walks ciamlogin's error table (emulators/ciam/errors.ts): every entry has a scenario here that makes the
// emulator answer with that code, where the table says (an error page, the app's redirect URI, the token endpoint),
// with the entry's OAuth error. A new entry without a scenario fails the first test.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { CIAM_ERRORS, type CiamErrorName } from '../../emulators/ciam/errors';
import { Browser, ciamPartner, externalSeed, NATIVE_APP, outcomeOf, runCiamSignIn, SPA_APP, WEB_APP } from './ciam-helpers';

type Answer = { where: 'page' | 'redirect' | 'token'; status: number; error?: string; text: string };

describe('emulator: ciamlogin error table (AADSTS codes with sources)', function () {
  this.timeout(60_000);
  let graph: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;
  let tid: string;
  let now = Date.now();
  let signedIn: Browser;

  before(async () => {
    graph = await startGraphEmulator({ tenantType: 'CIAM' });
    ciam = await startCiamLogin({ graph, clock: () => now });
    itsme = await startItsmeEmulator({ partners: [ciamPartner(ciam)] });
    tid = graph.state.tenantId;
    graph.seed(externalSeed(itsme, { apps: true }));
    signedIn = new Browser(ciam.url);
    const first = await runCiamSignIn(ciam, itsme, authorizeUrl({ client_id: NATIVE_APP.appId, response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid' }), { browser: signedIn });
    assert.equal(first.kind, 'redirect');
  });
  after(async () => {
    await Promise.all([itsme.stop(), ciam.stop(), graph.stop()]);
  });

  function authorizeUrl(p: Record<string, string>, tenant = tid): string {
    return `${ciam.url}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(p)}`;
  }
  async function page(url: string, b = new Browser(ciam.url)): Promise<Answer> {
    const hop = await b.follow(url);
    const o = outcomeOf(hop, []);
    if (o.kind === 'redirect') {
      const p = o.fragment.get('error') ? o.fragment : o.redirect.searchParams;
      return { where: 'redirect', status: hop.status, error: p.get('error') ?? undefined, text: p.get('error_description') ?? '' };
    }
    if (o.kind === 'form_post') return { where: 'redirect', status: hop.status, error: o.fields.get('error') ?? undefined, text: o.fields.get('error_description') ?? '' };
    return { where: 'page', status: o.status, text: o.body };
  }
  async function token(form: Record<string, string>, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
    const r = await fetch(`${ciam.url}/${tid}/oauth2/v2.0/token`, method === 'POST' ? { method, body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } } : { method });
    const body = (await r.json()) as Record<string, unknown>;
    return { where: 'token', status: r.status, error: String(body['error']), text: String(body['error_description']) };
  }
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  /** A code by single sign-on (the session of `before`). */
  async function code(app: { appId: string; redirectUri: string } = NATIVE_APP, scope = 'openid') {
    const { verifier, challenge } = pkce();
    const o = outcomeOf(await signedIn.follow(authorizeUrl({ client_id: app.appId, response_type: 'code', redirect_uri: app.redirectUri, scope, code_challenge: challenge, code_challenge_method: 'S256' })), []);
    assert.equal(o.kind, 'redirect');
    return { code: (o as { redirect: URL }).redirect.searchParams.get('code')!, verifier };
  }
  const nat = (extra: Record<string, string>) => ({ client_id: NATIVE_APP.appId, redirect_uri: NATIVE_APP.redirectUri, ...extra });
  const web = (extra: Record<string, string>) => ({ client_id: WEB_APP.appId, redirect_uri: WEB_APP.redirectUri, ...extra });
  const DAY = 86_400_000;

  const scenarios: Record<CiamErrorName, () => Promise<Answer>> = {
    tenantNotFound: () => page(authorizeUrl(nat({ response_type: 'code', scope: 'openid' }), 'other.onmicrosoft.com')),
    unknownApp: () => page(authorizeUrl({ client_id: '00000000-0000-0000-0000-000000000001', response_type: 'code', redirect_uri: NATIVE_APP.redirectUri, scope: 'openid' })),
    redirectMismatch: () => page(authorizeUrl(nat({ redirect_uri: 'https://evil.example/', response_type: 'code', scope: 'openid' }))),
    missingParameter: () => page(authorizeUrl({ response_type: 'code', scope: 'openid' })),
    invalidPrompt: () => page(authorizeUrl(nat({ response_type: 'code', scope: 'openid', prompt: 'consent select_account' }))),
    missingRedirectParameter: () => page(authorizeUrl(nat({ response_type: 'code' }))),
    invalidScope: () => page(authorizeUrl(nat({ response_type: 'code', scope: 'offline_access' }))),
    idTokenNotEnabled: () => page(authorizeUrl({ client_id: SPA_APP.appId, redirect_uri: SPA_APP.redirectUri, response_type: 'id_token', scope: 'openid', nonce: 'n' })),
    idTokenNeedsOpenid: () => page(authorizeUrl(web({ response_type: 'id_token', scope: 'profile', nonce: 'n' }))),
    responseType: () => page(authorizeUrl(web({ response_type: 'token', scope: 'openid' }))),
    responseMode: () => page(authorizeUrl(web({ response_type: 'id_token', scope: 'openid', nonce: 'n', response_mode: 'query' }))),
    noSession: () => page(authorizeUrl(nat({ response_type: 'code', scope: 'openid', prompt: 'none' }))),
    missingNonce: () => page(authorizeUrl(web({ response_type: 'id_token', scope: 'openid' }))),
    pkceMethod: () => page(authorizeUrl(nat({ response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S512' }))),
    missingTokenParameter: () => token({ client_id: NATIVE_APP.appId, code: 'x', redirect_uri: NATIVE_APP.redirectUri }),
    missingField: () => token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, redirect_uri: NATIVE_APP.redirectUri }),
    getOnTokenEndpoint: () => token({}, {}, 'GET'),
    grantType: () => token({ grant_type: 'password', client_id: NATIVE_APP.appId, username: 'u', password: 'p' }),
    unknownClient: () => token({ grant_type: 'authorization_code', client_id: '00000000-0000-0000-0000-000000000001', code: 'x', redirect_uri: NATIVE_APP.redirectUri }),
    missingSecret: () => token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, code: 'x', redirect_uri: WEB_APP.redirectUri }),
    wrongSecret: () => token({ grant_type: 'authorization_code', client_id: WEB_APP.appId, client_secret: 'not-it', code: 'x', redirect_uri: WEB_APP.redirectUri }),
    publicClientSecret: () => token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, client_secret: 's', code: 'x', redirect_uri: NATIVE_APP.redirectUri }),
    crossOriginNotSpa: () => token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: 'x', redirect_uri: NATIVE_APP.redirectUri }, { origin: 'https://app.example' }),
    spaWithoutOrigin: () => token({ grant_type: 'authorization_code', client_id: SPA_APP.appId, code: 'x', redirect_uri: SPA_APP.redirectUri }),
    badCode: () => token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: 'not-a-code', redirect_uri: NATIVE_APP.redirectUri }),
    codeRedeemed: async () => {
      const c = await code();
      const form = { grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: c.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: c.verifier };
      assert.equal((await token(form)).status, 200);
      return token(form);
    },
    codeRedirectMismatch: async () => {
      const c = await code();
      return token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: c.code, redirect_uri: 'http://localhost/elsewhere', code_verifier: c.verifier });
    },
    codeClientMismatch: async () => {
      const c = await code();
      // The jwt.ms app (web, no secret) redeeming the native app's code.
      return token({ grant_type: 'authorization_code', client_id: '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c', code: c.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: c.verifier });
    },
    pkceMismatch: async () => {
      const c = await code();
      return token({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: c.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: pkce().verifier });
    },
    refreshInvalid: () => token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: 'garbage' }),
    refreshExpired: async () => {
      const c = await code(NATIVE_APP, 'openid offline_access');
      const t = await fetch(`${ciam.url}/${tid}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: NATIVE_APP.appId, code: c.code, redirect_uri: NATIVE_APP.redirectUri, code_verifier: c.verifier }) });
      const rt = String(((await t.json()) as Record<string, unknown>)['refresh_token']);
      now += 91 * DAY;
      try {
        return await token({ grant_type: 'refresh_token', client_id: NATIVE_APP.appId, refresh_token: rt });
      } finally {
        now -= 91 * DAY;
      }
    },
    refreshSpaExpired: async () => {
      const c = await code(SPA_APP, 'openid offline_access');
      const t = await fetch(`${ciam.url}/${tid}/oauth2/v2.0/token`, { method: 'POST', headers: { origin: SPA_APP.origin }, body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SPA_APP.appId, code: c.code, redirect_uri: SPA_APP.redirectUri, code_verifier: c.verifier }) });
      const rt = String(((await t.json()) as Record<string, unknown>)['refresh_token']);
      now += 25 * 3600_000;
      try {
        return await token({ grant_type: 'refresh_token', client_id: SPA_APP.appId, refresh_token: rt }, { origin: SPA_APP.origin });
      } finally {
        now -= 25 * 3600_000;
      }
    },
  };

  it('every entry has a documented source and a scenario', () => {
    for (const [name, e] of Object.entries(CIAM_ERRORS)) {
      assert.match(e.code, /^AADSTS\d+$/, name);
      assert.match(e.source, /https:\/\/learn\.microsoft\.com\/|github\.com\//, `${name} names its source`);
      assert.ok(name in scenarios, `${name} has a scenario in this test`);
    }
  });

  for (const name of Object.keys(CIAM_ERRORS) as CiamErrorName[]) {
    const e = CIAM_ERRORS[name];
    it(`${e.code} (${name}): ${e.where}${'error' in e ? `, ${e.error}` : ''}`, async () => {
      const a = await scenarios[name]();
      assert.equal(a.where, e.where, `${name}: answered as ${a.where}: ${a.text.slice(0, 300)}`);
      assert.ok(a.text.includes(`${e.code}`), `${name}: ${a.text.slice(0, 400)}`);
      if (e.where !== 'page' && 'error' in e) assert.equal(a.error, e.error, `${name}: ${a.text.slice(0, 200)}`);
      if (e.where === 'token') assert.equal(a.status, 'status' in e ? e.status : 400);
      if (e.where === 'page') assert.equal(a.status, 400);
      // The documented wording (the template's fixed part before its first placeholder).
      const fixed = e.message.split('{')[0]!.slice(0, 40).replace(/&/g, '&amp;').replace(/'/g, a.where === 'page' ? '&#39;' : "'");
      assert.ok(a.text.includes(fixed) || a.text.includes(e.message.split('{')[0]!.slice(0, 40)), `${name}: wording "${fixed}" in ${a.text.slice(0, 300)}`);
    });
  }
});
