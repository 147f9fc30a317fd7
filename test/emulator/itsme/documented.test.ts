// itsme's documented answers where oidc-provider's defaults differ (issue 11, finding 8; docs/reference/itsme.md):
// `nbf` in the ID token (§4 sample token), `acr` always (§1: acr_basic is the default), an unknown client named
// `invalid_client_id` on the itsme page (§6), `display` other than `page` → `unsupported_display` "Only page is
// supported" (§1, §6), a response_type other than `code` → `unsupported_response_type` (§1, §6). And the error
// table (emulators/itsme/errors.ts) names only codes of itsme's published lists.
import { strict as assert } from 'node:assert';
import { ITSME_ERRORS } from '../../../emulators/itsme/errors';
import { ACR_BASIC, startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';
import { authorizeUrl, Browser, exchangeCode, jwtPayload, REDIRECT_URI, signIn } from './test-helpers';

// itsme.md §6, the published lists per endpoint.
const PUBLISHED: Record<string, string[]> = {
  authorization: [
    'invalid_request', 'access_denied', 'login_required', 'interaction_required', 'unsupported_request', 'invalid_client_id',
    'invalid_redirect_uri', 'unsupported_grant_type', 'invalid_grant', 'invalid_scope', 'unsupported_display', 'unauthorized_client',
    'unsupported_response_type', 'invalid_request_object', 'invalid_request_uri', 'temporary_unavailable',
  ],
  token: ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client'],
  userinfo: ['invalid_request', 'invalid_token'],
};

describe('itsme emulator: documented answers (nbf, acr, error codes)', function () {
  let emu: ItsmeEmulator;
  before(async () => {
    emu = await startItsmeEmulator();
  });
  after(() => emu?.stop());

  it('the ID token carries nbf (≤ iat) and acr (acr_basic when none is asked)', async () => {
    const { location } = await signIn(emu, {});
    const token = await exchangeCode(emu, location.searchParams.get('code')!);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const p = jwtPayload(token.body.id_token);
    assert.equal(typeof p.nbf, 'number', JSON.stringify(p));
    assert.ok(p.nbf <= p.iat && p.iat - p.nbf < 5, `nbf ${p.nbf} iat ${p.iat}`);
    assert.equal(p.acr, ACR_BASIC);
  });

  it('an unknown client → invalid_client_id on the itsme page (no redirect)', async () => {
    const res = await new Browser(emu.url).follow(authorizeUrl(emu, { clientId: 'NOBODY' }));
    assert.equal(res.location, undefined);
    assert.equal(res.status, 400);
    assert.match(res.body, /<strong>invalid_client_id<\/strong>/);
    assert.equal(emu.log.filter((e) => e.route === 'authorization').at(-1)?.error, 'invalid_client_id');
  });

  it('display=popup → unsupported_display "Only page is supported", redirected with state', async () => {
    const res = await new Browser(emu.url).follow(authorizeUrl(emu, { state: 'd1', extra: { display: 'popup' } }));
    assert.ok(res.location, `expected a redirect, got ${res.status}`);
    assert.equal(res.location.origin + res.location.pathname, REDIRECT_URI);
    assert.equal(res.location.searchParams.get('error'), 'unsupported_display');
    assert.equal(res.location.searchParams.get('error_description'), 'Only page is supported');
    assert.equal(res.location.searchParams.get('state'), 'd1');
  });

  it('display=page is accepted', async () => {
    const res = await new Browser(emu.url).follow(authorizeUrl(emu, { extra: { display: 'page' } }));
    assert.equal(res.location, undefined);
    assert.ok(res.body.includes('Identify yourself'));
  });

  for (const type of ['id_token', 'token', 'code id_token']) {
    it(`response_type=${type} → unsupported_response_type`, async () => {
      const res = await new Browser(emu.url).follow(authorizeUrl(emu, { state: 's1', extra: { response_type: type }, omit: ['response_mode'] }));
      assert.ok(res.location, `expected a redirect, got ${res.status}`);
      const params = new URLSearchParams(res.location.hash.slice(1) || res.location.search);
      assert.equal(params.get('error'), 'unsupported_response_type');
      assert.equal(params.get('state'), 's1');
      assert.equal(params.get('code'), null);
    });
  }

  // unsupported_grant_type is published under the authorization endpoint only (it can only be a token error).
  it('every row of the error table is a code itsme publishes (for its endpoint where it can), with a source', () => {
    assert.ok(ITSME_ERRORS.length >= 10);
    for (const row of ITSME_ERRORS) {
      const list = row.code === 'unsupported_grant_type' ? PUBLISHED.authorization! : PUBLISHED[row.endpoint]!;
      assert.ok(list.includes(row.code), `${row.endpoint} ${row.code} is not in itsme's list`);
      assert.match(row.source, /itsme\.md|belgianmobileid|RFC|openid\.net/, row.code);
      assert.ok(row.when.length > 10, row.code);
    }
  });
});
