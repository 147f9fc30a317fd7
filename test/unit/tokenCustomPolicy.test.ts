// The token checks of the custom-policy variant (src/core/token/customPolicyChecks.ts, through checkIdToken and the
// token view model): each requested extra claim present, itsme's assurance level (itsme_acr) as configured, and the
// ID token's lifetime (exp − iat) equal to the JWT issuer's configured seconds. Each failure says what to fix.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CustomPolicyOutputs } from '../../src/core/plan/types';
import { checkIdToken, type ExpectedToken } from '../../src/core/token/checkIdToken';
import { customPolicyChecks } from '../../src/core/token/customPolicyChecks';
import { tokenViewModel } from '../../src/core/token/tokenViewModel';

const IAT = 1796160940;
const ADVANCED = 'http://itsme.services/v2/claim/acr_advanced';
const BASIC = 'http://itsme.services/v2/claim/acr_basic';

const expectations = (patch: Partial<CustomPolicyOutputs['expectations']> = {}): CustomPolicyOutputs['expectations'] => ({
  claims: ['national_number', 'birthdate'],
  assurance: { claim: 'itsme_acr', value: ADVANCED },
  idTokenLifetimeSeconds: 900,
  accessTokenLifetimeSeconds: 900,
  ...patch,
});

const goodPayload = () => ({ sub: 'u', name: 'Jan', national_number: '85073003328', birthdate: '1985-07-30', itsme_acr: ADVANCED, iat: IAT, exp: IAT + 900 });

describe('custom policy: the token checks', () => {
  it('a token with every requested claim, the configured assurance and lifetime passes each check', () => {
    const checks = customPolicyChecks(goodPayload(), expectations(), 'B2C_1A_itsme');
    assert.deepEqual(checks.map((c) => [c.id, c.ok]), [
      ['claim:national_number', true],
      ['claim:birthdate', true],
      ['assurance', true],
      ['lifetime', true],
    ]);
    assert.match(checks[0]!.detail, /85073003328/, 'the pass shows the value found');
    assert.match(checks[3]!.detail, /900 seconds/);
    assert.deepEqual(checks.filter((c) => c.fix), []);
  });

  it('a missing claim, another assurance and another lifetime each fail and say what to fix', () => {
    const { national_number: _n, ...rest } = goodPayload();
    const checks = customPolicyChecks({ ...rest, itsme_acr: BASIC, exp: IAT + 3600 }, expectations(), 'B2C_1A_itsme');
    const failed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(failed).sort(), ['assurance', 'claim:national_number', 'lifetime']);
    assert.match(failed['claim:national_number']!.detail, /national_number/);
    assert.match(failed['claim:national_number']!.fix!, /B2C_1A_itsme/);
    assert.match(failed['claim:national_number']!.fix!, /eid/, 'the national number needs the eid scope: the fix says so');
    const esc = (x: string) => x.replace(/[./]/g, '\\$&');
    assert.match(failed['assurance']!.detail, new RegExp(`${esc(BASIC)}.*${esc(ADVANCED)}`));
    assert.match(failed['assurance']!.fix!, /assurance/);
    assert.match(failed['lifetime']!.detail, /3600 seconds instead of the configured 900/);
    assert.match(failed['lifetime']!.fix!, /idTokenSeconds/);
    for (const c of Object.values(failed)) assert.ok(c.fix && c.fix.length > 30, `${c.id}: ${c.fix}`);
  });

  it('no itsme_acr at all fails the assurance check; a token without iat or exp fails the lifetime check', () => {
    const { itsme_acr: _a, iat: _i, ...rest } = goodPayload();
    const checks = customPolicyChecks(rest, expectations(), 'B2C_1A_itsme');
    assert.equal(checks.find((c) => c.id === 'assurance')!.ok, false);
    assert.match(checks.find((c) => c.id === 'assurance')!.detail, /no itsme_acr/i);
    assert.equal(checks.find((c) => c.id === 'lifetime')!.ok, false);
  });

  it('an empty claim list asks nothing extra: only assurance and lifetime', () => {
    const checks = customPolicyChecks(goodPayload(), expectations({ claims: [] }), 'B2C_1A_itsme');
    assert.deepEqual(checks.map((c) => c.id), ['assurance', 'lifetime']);
  });
});

describe('custom policy: checkIdToken and the token view', () => {
  let server: http.Server;
  let base: string;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  const want = (): ExpectedToken => ({
    discoveryUrl: `${base}/B2C_1A_itsme/v2.0/.well-known/openid-configuration`,
    clientId: 'app-1',
    nonce: 'n-1',
    // The user flow's minutes do not apply: the custom policy's own lifetime check replaces it.
    lifetimeMinutes: 5,
    claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
    flowId: 'B2C_1A_itsme',
    idpName: 'itsme',
    customPolicy: { policyId: 'B2C_1A_itsme', expectations: expectations() },
  });

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' };
    server = http.createServer((req, res) => {
      if (req.url?.endsWith('/openid-configuration')) res.end(JSON.stringify({ issuer: `${base}/t/v2.0/`, jwks_uri: `${base}/keys` }));
      else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  });
  after(() => server.close());

  const token = (patch: Record<string, unknown> = {}) => sign({ iss: `${base}/t/v2.0/`, aud: 'app-1', nonce: 'n-1', ...goodPayload(), ...patch });
  const now = (IAT + 10) * 1000;

  it('a good custom-policy token passes every check, in seconds, with the extra claims checked one by one', async () => {
    const r = await checkIdToken(await token(), want(), now);
    assert.deepEqual(r.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`), []);
    assert.deepEqual(r.checks.map((c) => c.id), ['signature', 'issuer', 'audience', 'nonce', 'expiry', 'claim:national_number', 'claim:birthdate', 'assurance', 'lifetime']);
    const v = tokenViewModel(r, { policy: 'B2C_1A_itsme', receivedAt: 0, timeZone: 'UTC', locale: 'en' });
    assert.equal(v.verdict, 'All 9 checks passed.');
    assert.match(v.subtitle, /custom policy B2C_1A_itsme/);
    assert.equal(v.claims.find((c) => c.name === 'national_number')!.shown, '85073003328');
    assert.equal(v.claims.find((c) => c.name === 'national_number')!.meaning, 'Belgian national number');
    assert.equal(v.claims.find((c) => c.name === 'itsme_acr')!.meaning, 'itsme assurance level');
  });

  it('titles a custom policy\'s token with the policy as configured, though the token names it in lower case', async () => {
    const r = await checkIdToken(await token({ acr: 'b2c_1a_itsme' }), want(), now);
    const v = tokenViewModel(r, { policy: 'B2C_1A_itsme', receivedAt: 0, timeZone: 'UTC', locale: 'en' });
    assert.match(v.title, /^ID token · B2C_1A_itsme · \d\d:\d\d$/);
    assert.equal(v.claims.find((c) => c.name === 'acr')!.meaning, 'User flow or custom policy');
  });

  it('a token with the user flow\'s lifetime and no national number fails with the custom policy\'s fixes', async () => {
    const r = await checkIdToken(await token({ national_number: undefined, exp: IAT + 300 }), want(), now);
    const failed = r.checks.filter((c) => !c.ok);
    assert.deepEqual(failed.map((c) => c.id), ['claim:national_number', 'lifetime']);
    assert.doesNotMatch(failed[1]!.fix!, /user flow .* Properties/, 'never the user flow\'s portal step');
    const v = tokenViewModel(r, { policy: 'B2C_1A_itsme', receivedAt: 0, timeZone: 'UTC', locale: 'en' });
    assert.equal(v.verdict, '2 of 9 checks failed: each says what to fix.');
    assert.deepEqual(v.checks.filter((c) => c.status === 'failed').map((c) => c.fix), failed.map((c) => c.fix));
  });

  it('a signature or issuer failure names the custom policy and its discovery URL, never a user flow', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ iss: 'https://elsewhere.example/v2.0/', aud: 'app-1', nonce: 'n-1', ...goodPayload() }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey);
    const r = await checkIdToken(forged, want(), now);
    const failed = r.checks.filter((c) => !c.ok);
    assert.deepEqual(failed.map((c) => c.id), ['signature', 'issuer']);
    const v = tokenViewModel(r, { policy: 'B2C_1A_itsme', receivedAt: 0, timeZone: 'UTC', locale: 'en' });
    for (const c of v.checks.filter((x) => x.status === 'failed')) {
      assert.ok(c.fix!.includes('B2C_1A_itsme'), `${c.id} names the policy: ${c.fix}`);
      assert.ok(c.fix!.includes(want().discoveryUrl), `${c.id} names the policy's discovery URL: ${c.fix}`);
      assert.doesNotMatch(c.fix!, /user flow/i, `${c.id}: ${c.fix}`);
      assert.match(c.fix!, /custom policy/i, c.id);
    }
  });
});
