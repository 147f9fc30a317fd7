// Walks each emulator's error table (itsme: emulators/itsme/errors.ts; ciamlogin: emulators/ciam/errors.ts;
// b2clogin: emulators/b2c/errors.ts): every row is provoked with a real request, and the answer must carry the row's
// code and message the way the row says (page, redirect, JSON). A row without a provocation here fails, so a code
// cannot be added to a table without being shown to happen; a provocation whose row is gone fails too.
import { strict as assert } from 'node:assert';
import { ITSME_ERRORS, type ItsmeErrorRow } from '../../emulators/itsme/errors';
import type { ItsmeEmulator } from '../../emulators/itsme';
import { startItsmeEmulator } from '../../emulators/itsme';
import { fromRedirect, observe, postForm, type Observed } from './observe';
import { UserAgent } from './user-agent';

type Provoke = () => Promise<Observed>;

/** Registers one `it` per row, and one that checks every provocation has a row. */
export function walk<R>(label: string, rows: () => Array<[string, R]>, provocations: Record<string, Provoke>, check: (row: R, seen: Observed) => void, keys: string[]): void {
  for (const key of keys) {
    it(`${label}: ${key}`, async () => {
      const row = rows().find(([k]) => k === key)?.[1];
      assert.ok(row, `no row ${key}`);
      const provoke = provocations[key];
      assert.ok(provoke, `no provocation for the row ${key}: add one to test/conformance/error-tables.test.ts`);
      check(row, await provoke());
    });
  }
  it(`${label}: every row has a provocation and every provocation a row`, () => {
    const names = rows().map(([k]) => k);
    assert.deepEqual(names.filter((k) => !provocations[k]), [], 'rows without a provocation');
    assert.deepEqual(Object.keys(provocations).filter((k) => !names.includes(k)), [], 'provocations without a row');
  });
}

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
});
