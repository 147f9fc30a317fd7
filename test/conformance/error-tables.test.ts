// Walks each emulator's error table (itsme: emulators/itsme/errors.ts; ciamlogin: emulators/ciam/errors.ts;
// b2clogin: emulators/b2c/errors.ts): every row is provoked with a real request, and the answer must carry the row's
// code and message the way the row says (page, redirect, JSON). A row without a provocation here fails, so a code
// cannot be added to a table without being shown to happen; a provocation whose row is gone fails too.
import { strict as assert } from 'node:assert';
import { ITSME_ERRORS, type ItsmeErrorRow } from '../../emulators/itsme/errors';
import type { ItsmeEmulator } from '../../emulators/itsme';
import { startItsmeEmulator } from '../../emulators/itsme';
import { CIAM_ERRORS, type CiamError } from '../../emulators/ciam/errors';
import { fromRedirect, observe, postForm, templatePattern } from './observe';
import { walk, type Provoke } from './walk';
import { NATIVE, SPA, startCiamStack, WEB, type CiamStack } from './stack';
import { UserAgent } from './user-agent';
import { createHash, randomBytes } from 'node:crypto';

// ---- itsme ----------------------------------------------------------------------------------------------------------
const PARTNER = 'TABLE_RP';
const SECRET = 'table-rp-secret';
const SERVICE = 'TABLE_LOGIN';
const REDIRECT = 'https://app.example.com/cb';
const itsmeKey = (r: ItsmeErrorRow) => `${r.endpoint}:${r.code}`;

describe('conformance: error tables', function () {
  this.timeout(60_000);

  describe('itsme (emulators/itsme/errors.ts)', () => {
    let itsme: ItsmeEmulator;
    before(async () => {
      itsme = await startItsmeEmulator();
      await itsme.addPartner({ clientId: PARTNER, clientSecret: SECRET, serviceCodes: [SERVICE], redirectUris: [REDIRECT] });
    });
    after(() => itsme?.stop());

    const authorize = (p: Record<string, string | null> = {}) => {
      const q = new URLSearchParams({ client_id: PARTNER, redirect_uri: REDIRECT, response_type: 'code', scope: `openid service:${SERVICE}`, state: 'st' });
      for (const [k, v] of Object.entries(p)) if (v === null) q.delete(k);
      else q.set(k, v);
      return observe(`${itsme.issuers.v2}/authorization?${q}`);
    };
    const token = (form: Record<string, string>) => postForm(`${itsme.issuers.v2}/token`, { client_id: PARTNER, client_secret: SECRET, ...form });
    const provocations: Record<string, Provoke> = {
      'authorization:invalid_client_id': () => authorize({ client_id: 'NOBODY' }),
      'authorization:invalid_redirect_uri': () => authorize({ redirect_uri: 'https://evil.example/cb' }),
      'authorization:invalid_scope': () => authorize({ scope: 'openid' }),
      'authorization:unsupported_response_type': () => authorize({ response_type: 'id_token', nonce: 'n' }),
      'authorization:unsupported_display': () => authorize({ display: 'popup' }),
      'authorization:invalid_request': () => authorize({ response_mode: 'fragment' }),
      'authorization:login_required': () => authorize({ prompt: 'none' }),
      'authorization:access_denied': async () => {
        const q = new URLSearchParams({ client_id: PARTNER, redirect_uri: REDIRECT, response_type: 'code', scope: `openid service:${SERVICE}`, state: 'st' });
        const landing = await new UserAgent(itsme, []).open(`${itsme.issuers.v2}/authorization?${q}`, { decision: 'reject' });
        assert.equal(landing.kind, 'redirect');
        return fromRedirect((landing as { url: URL }).url, 303);
      },
      'token:invalid_client': () => token({ grant_type: 'authorization_code', code: 'x'.repeat(36), redirect_uri: REDIRECT, client_secret: 'wrong' }),
      'token:invalid_grant': () => token({ grant_type: 'authorization_code', code: 'x'.repeat(36), redirect_uri: REDIRECT }),
      'token:invalid_request': () => token({ grant_type: 'authorization_code', redirect_uri: REDIRECT }),
      'token:unsupported_grant_type': () => token({ grant_type: 'refresh_token', refresh_token: 'r' }),
      'userinfo:invalid_token': () => observe(`${itsme.issuers.v2}/userinfo`, { headers: { authorization: 'Bearer nope' } }),
    };
    walk(
      'itsme',
      () => ITSME_ERRORS.map((r) => [itsmeKey(r), r]),
      provocations,
      (row, seen) => {
        assert.equal(seen.answer, row.answer, JSON.stringify(seen));
        assert.equal(seen.status, row.status, JSON.stringify(seen));
        if (row.answer === 'page') {
          // The itsme page shows "<code>: <description>".
          assert.ok(seen.description.replace(/\s+:/g, ":").includes(`${row.code}: ${row.description}`), seen.description);
        } else {
          assert.equal(seen.error, row.code);
          assert.equal(seen.description, row.description);
        }
      },
      ITSME_ERRORS.map(itsmeKey),
    );
  });

  describe('ciamlogin (emulators/ciam/errors.ts)', () => {
    let stack: CiamStack;
    let now = Date.now();
    let ua: UserAgent;
    before(async () => {
      stack = await startCiamStack(() => now);
      ua = new UserAgent(stack.itsme, [stack.ciam.url]);
    });
    after(() => stack?.stop());
    beforeEach(() => {
      now = Date.now();
    });

    const base = () => `${stack.ciam.url}/${stack.tenantId}`;
    type App = { appId: string; redirectUri: string };
    const authorize = (app: App, p: Record<string, string | null> = {}, tenant = stack.tenantId) => {
      const q = new URLSearchParams({ client_id: app.appId, redirect_uri: app.redirectUri, response_type: 'code', scope: 'openid offline_access', state: 'st', nonce: 'n' });
      for (const [k, v] of Object.entries(p)) if (v === null) q.delete(k);
      else q.set(k, v);
      return `${stack.ciam.url}/${tenant}/oauth2/v2.0/authorize?${q}`;
    };
    const tokenUrl = () => `${base()}/oauth2/v2.0/token`;
    const token = (form: Record<string, string>, headers: Record<string, string> = {}) => postForm(tokenUrl(), form, headers);
    /** A real code (signed in through itsme once; the session makes the next ones quick), with its PKCE verifier. */
    async function codeFor(app: App) {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const landing = await ua.open(authorize(app, { code_challenge: challenge, code_challenge_method: 'S256' }));
      assert.equal(landing.kind, 'redirect', JSON.stringify(landing).slice(0, 400));
      const code = (landing as { url: URL }).url.searchParams.get('code');
      assert.ok(code, (landing as { url: URL }).url.href);
      return { code, verifier };
    }
    const redeem = (app: App, c: { code: string; verifier: string }, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      token({ grant_type: 'authorization_code', client_id: app.appId, code: c.code, redirect_uri: app.redirectUri, code_verifier: c.verifier, ...(app === WEB ? { client_secret: WEB.secret } : {}), ...extra }, headers);
    async function refreshTokenFor(app: App, headers: Record<string, string> = {}) {
      const c = await codeFor(app);
      const r = await fetch(tokenUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: app.appId, code: c.code, code_verifier: c.verifier, redirect_uri: app.redirectUri, ...(app === WEB ? { client_secret: WEB.secret } : {}) }),
      });
      const body = (await r.json()) as { refresh_token?: string };
      assert.ok(body.refresh_token, JSON.stringify(body));
      return body.refresh_token;
    }
    const ZERO = '00000000-0000-4000-8000-000000000000';
    const provocations: Record<string, Provoke> = {
      tenantNotFound: () => observe(authorize(WEB, {}, ZERO)),
      unknownApp: () => observe(authorize({ appId: ZERO, redirectUri: WEB.redirectUri })),
      redirectMismatch: () => observe(authorize(WEB, { redirect_uri: 'https://evil.example/cb' })),
      missingParameter: () => observe(authorize(WEB, { client_id: null })),
      missingRedirectParameter: () => observe(authorize(WEB, { scope: null })),
      invalidScope: () => observe(authorize(WEB, { scope: 'profile' })),
      missingTokenParameter: () => token({ client_id: WEB.appId, client_secret: WEB.secret }),
      missingField: () => token({ grant_type: 'authorization_code', client_id: WEB.appId, client_secret: WEB.secret, redirect_uri: WEB.redirectUri }),
      idTokenNotEnabled: () => observe(authorize(NATIVE, { response_type: 'id_token', scope: 'openid' })),
      idTokenNeedsOpenid: () => observe(authorize(WEB, { response_type: 'id_token', scope: 'profile' })),
      responseType: () => observe(authorize(WEB, { response_type: 'token' })),
      responseMode: () => observe(authorize(WEB, { response_type: 'id_token', scope: 'openid', response_mode: 'query' })),
      invalidPrompt: () => observe(authorize(WEB, { prompt: 'bogus' })),
      noSession: () => observe(authorize(WEB, { prompt: 'none' })),
      missingNonce: () => observe(authorize(WEB, { response_type: 'id_token', scope: 'openid', nonce: null })),
      pkceMethod: () => observe(authorize(WEB, { code_challenge: 'x'.repeat(43), code_challenge_method: 'bogus' })),
      getOnTokenEndpoint: () => observe(tokenUrl()),
      grantType: () => token({ grant_type: 'urn:example:bogus', client_id: WEB.appId, client_secret: WEB.secret }),
      unknownClient: () => token({ grant_type: 'authorization_code', client_id: ZERO, code: 'x', redirect_uri: WEB.redirectUri }),
      missingSecret: async () => redeem(WEB, await codeFor(WEB), { client_secret: '' }),
      wrongSecret: async () => redeem(WEB, await codeFor(WEB), { client_secret: 'not-the-secret' }),
      publicClientSecret: async () => redeem(NATIVE, await codeFor(NATIVE), { client_secret: 'a-secret' }),
      crossOriginNotSpa: async () => redeem(WEB, await codeFor(WEB), {}, { origin: 'https://app.example' }),
      spaWithoutOrigin: async () => redeem(SPA, await codeFor(SPA)),
      badCode: () => token({ grant_type: 'authorization_code', client_id: WEB.appId, client_secret: WEB.secret, code: 'not-a-code', redirect_uri: WEB.redirectUri }),
      codeRedeemed: async () => {
        const c = await codeFor(WEB);
        await redeem(WEB, c);
        return redeem(WEB, c);
      },
      codeRedirectMismatch: async () => redeem(WEB, await codeFor(WEB), { redirect_uri: WEB.logoutUri }),
      codeClientMismatch: async () => redeem(NATIVE, await codeFor(WEB)),
      pkceMismatch: async () => redeem(WEB, await codeFor(WEB), { code_verifier: randomBytes(32).toString('base64url') }),
      refreshInvalid: () => token({ grant_type: 'refresh_token', client_id: WEB.appId, client_secret: WEB.secret, refresh_token: 'not-a-refresh-token' }),
      refreshExpired: async () => {
        const rt = await refreshTokenFor(WEB);
        now += 91 * 24 * 3600 * 1000;
        return token({ grant_type: 'refresh_token', client_id: WEB.appId, client_secret: WEB.secret, refresh_token: rt });
      },
      refreshSpaExpired: async () => {
        const rt = await refreshTokenFor(SPA, { origin: SPA.origin });
        now += 25 * 3600 * 1000;
        return token({ grant_type: 'refresh_token', client_id: SPA.appId, refresh_token: rt }, { origin: SPA.origin });
      },
    };
    const rows = () => Object.entries(CIAM_ERRORS as Record<string, CiamError>);
    walk(
      'ciamlogin',
      rows,
      provocations,
      (row, seen) => {
        const answer = { page: ['page'], redirect: ['redirect', 'form_post'], token: ['json'] }[row.where];
        assert.ok(answer.includes(seen.answer), `answered as ${seen.answer}: ${JSON.stringify(seen)}`);
        if (row.where !== 'redirect') assert.equal(seen.status, row.status ?? 400, JSON.stringify(seen));
        if (row.error && row.where !== 'page') assert.equal(seen.error, row.error, JSON.stringify(seen));
        assert.ok(seen.description.includes(row.code), `${row.code} in ${seen.description}`);
        assert.match(seen.description, templatePattern(row.message));
      },
      Object.keys(CIAM_ERRORS),
    );
  });
});
