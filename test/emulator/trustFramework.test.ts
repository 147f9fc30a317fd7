// The Graph emulator's trustFramework endpoints (b2c-custom-policy.md §3, §6): custom policies as XML, policy key
// sets with write-only material, B2C + beta only, and each GUESS switch in both positions.
import * as assert from 'node:assert/strict';
import { startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { call, tokenFor } from './test-helpers';

const NS = 'http://schemas.microsoft.com/online/cpim/schemas/2013/06';
const TENANT = 'contosob2c.onmicrosoft.com';
const PERMS = ['Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All', 'Organization.Read.All'];
const SECRET = 'itsme-Client-Secret-value-42';

function policy(id: string, opts: { base?: string; tenant?: string; root?: string; ns?: string; version?: string } = {}): string {
  const root = opts.root ?? 'TrustFrameworkPolicy';
  const tenant = opts.tenant ?? TENANT;
  const base = opts.base ? `<BasePolicy><TenantId>${tenant}</TenantId><PolicyId>${opts.base}</PolicyId></BasePolicy>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<${root} xmlns="${opts.ns ?? NS}" PolicySchemaVersion="${opts.version ?? '0.3.0.0'}" TenantId="${tenant}" PolicyId="${id}" PublicPolicyUri="http://${tenant}/${id}">
  ${base}
</${root}>`;
}

describe('emulator: trustFramework (custom policies and key sets)', () => {
  let emu: GraphEmulator;
  let token: string;
  const g = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(emu, method, path, { token, body, headers });
  const put = (id: string, xml: string, contentType = 'application/xml') =>
    call(emu, 'PUT', `/beta/trustFramework/policies/${id}/$value`, { token, body: xml, headers: { 'Content-Type': contentType } });

  before(async () => {
    emu = await startGraphEmulator({ tenant: { grantedPermissions: PERMS } });
    token = await tokenFor(emu);
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  describe('policies', () => {
    it('PUT creates (201) then replaces (200); list gives ids; GET $value returns the XML with TenantObjectId', async () => {
      const first = await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.match(first.headers.get('content-type')!, /application\/xml/);
      const again = await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'));
      assert.equal(again.status, 200);
      const list = await g('GET', '/beta/trustFramework/policies');
      assert.deepEqual(list.body.value, [{ id: 'B2C_1A_ItsmeBase' }]);
      const xml = await g('GET', '/beta/trustFramework/policies/B2C_1A_ItsmeBase/$value');
      assert.equal(xml.status, 200);
      assert.match(xml.headers.get('content-type')!, /application\/xml/);
      assert.equal(typeof xml.body, 'string');
      assert.match(xml.body, new RegExp(`TenantObjectId="${emu.tenantId}"`));
      assert.match(xml.body, /PolicyId="B2C_1A_ItsmeBase"/);
      // Policy ids compare case-insensitively.
      assert.equal((await g('GET', '/beta/trustFramework/policies/b2c_1a_itsmebase/$value')).status, 200);
      assert.equal((await g('GET', '/beta/trustFramework/policies/B2C_1A_Nope/$value')).status, 404);
    });

    it('refuses malformed XML, a wrong root or namespace, a bad prefix, schema version or TenantId (AADB2C, 400)', async () => {
      const fails = async (id: string, xml: string, pattern: RegExp) => {
        const r = await put(id, xml);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'AADB2C');
        assert.match(r.body.error.message, new RegExp(`^Validation failed: \\d+ validation error\\(s\\) found in policy "${id.toUpperCase()}" of tenant "${TENANT}"\\.`));
        assert.match(r.body.error.message, pattern);
      };
      await fails('B2C_1A_X', '<TrustFrameworkPolicy><unclosed></TrustFrameworkPolicy>', /Schema validation error found at line \d+ col \d+/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { root: 'Policy' }), /root element must be 'TrustFrameworkPolicy'/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { ns: 'urn:other' }), /must be in namespace/);
      await fails('B2C_1_X', policy('B2C_1_X'), /must be prefixed by 'B2C_1A_'/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { version: '0.2.0.0' }), /PolicySchemaVersion/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { tenant: 'other.onmicrosoft.com' }), /TenantId in the policy xml 'other\.onmicrosoft\.com' is not same as the one in login tenant 'contosob2c\.onmicrosoft\.com'\./);
      assert.deepEqual(emu.state.trustFramework.policies, []);
      // Content-Type application/xml is required.
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'), 'application/json')).status, 415);
    });

    it('refuses a BasePolicy that is not uploaded yet, with the documented message; accepts it once the base exists', async () => {
      const rp = await put('B2C_1A_signin_itsme', policy('B2C_1A_signin_itsme', { base: 'B2C_1A_ItsmeBase' }));
      assert.equal(rp.status, 400);
      assert.equal(rp.body.error.code, 'AADB2C');
      assert.equal(
        rp.body.error.message,
        `Validation failed: 1 validation error(s) found in policy "B2C_1A_SIGNIN_ITSME" of tenant "${TENANT}".` +
          `Policy with 'policyId': B2C_1A_ITSMEBASE cannot be found in the directory '${emu.tenantId}'.`,
      );
      assert.equal((await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'))).status, 201);
      assert.equal((await put('B2C_1A_signin_itsme', policy('B2C_1A_signin_itsme', { base: 'B2C_1A_ItsmeBase' }))).status, 201);
      assert.equal(emu.state.trustFramework.policies[1]!.basePolicyId, 'B2C_1A_ItsmeBase');
    });

    it('GUESS policyIdMustMatchUrl: true (default) refuses a PolicyId that differs from the URL; false stores it under its PolicyId', async () => {
      const r = await put('B2C_1A_Url', policy('B2C_1A_Other'));
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /does not match the policy id 'B2C_1A_Url'/);
      emu.options.trustFramework.policyIdMustMatchUrl = false;
      assert.equal((await put('B2C_1A_Url', policy('B2C_1A_Other'))).status, 201);
      assert.deepEqual((await g('GET', '/beta/trustFramework/policies')).body.value, [{ id: 'B2C_1A_Other' }]);
    });

    it('GUESS validationErrorStatus: 400 by default, 409 when switched', async () => {
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X', { base: 'B2C_1A_Missing' }))).status, 400);
      emu.options.trustFramework.validationErrorStatus = 409;
      const r = await put('B2C_1A_X', policy('B2C_1A_X', { base: 'B2C_1A_Missing' }));
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'AADB2C');
    });

    it('DELETE is 204 then 404; GUESS deleteBasePolicy: refuse (default, 400) or allow (204)', async () => {
      await put('B2C_1A_Base', policy('B2C_1A_Base'));
      await put('B2C_1A_Rp', policy('B2C_1A_Rp', { base: 'B2C_1A_Base' }));
      const refused = await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Base');
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /base policy of 'B2C_1A_Rp'/);
      emu.options.trustFramework.deleteBasePolicy = 'allow';
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Base')).status, 204);
      assert.deepEqual(emu.state.trustFramework.policies.map((p) => p.id), ['B2C_1A_Rp']);
      emu.options.trustFramework.deleteBasePolicy = 'refuse';
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Rp')).status, 204);
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Rp')).status, 404);
    });
  });

  describe('key sets', () => {
    it('POST adds the B2C_1A_ prefix (201 + Location); GET list / one; DELETE 204; 409 on a duplicate', async () => {
      const r = await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.id, 'B2C_1A_ItsmeSecret');
      assert.deepEqual(r.body.keys, []);
      assert.match(r.headers.get('location')!, /\/beta\/trustFramework\/keySets\('B2C_1A_ItsmeSecret'\)$/);
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' })).status, 409);
      assert.deepEqual((await g('GET', '/beta/trustFramework/keySets')).body.value, [{ id: 'B2C_1A_ItsmeSecret', keys: [] }]);
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).body.id, 'B2C_1A_ItsmeSecret');
      assert.equal((await g('DELETE', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).status, 204);
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).status, 404);
    });

    it('GUESS prefixedKeySetId: keep (default) or prefixAgain', async () => {
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'B2C_1A_Signing' })).body.id, 'B2C_1A_Signing');
      emu.options.trustFramework.prefixedKeySetId = 'prefixAgain';
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'B2C_1A_Signing' })).body.id, 'B2C_1A_B2C_1A_Signing');
    });

    it('GUESS keySetIds: caseSensitive (default: another casing is 404) or caseInsensitive', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ITSMESECRET')).status, 404);
      emu.options.trustFramework.keySetIds = 'caseInsensitive';
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ITSMESECRET')).status, 200);
    });

    it('uploadSecret and generateKey keep the material in state but never return or log it', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      await g('POST', '/beta/trustFramework/keySets', { id: 'TokenSigningKeyContainer' });
      const up = await g('POST', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret/uploadSecret', { use: 'sig', k: SECRET, nbf: 1700000000, exp: 4000000000 });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.deepEqual(Object.keys(up.body).sort(), ['exp', 'kid', 'kty', 'nbf', 'use']);
      assert.equal(up.body.kty, 'oct');
      const gen = await g('POST', '/beta/trustFramework/keySets/B2C_1A_TokenSigningKeyContainer/generateKey', { use: 'sig', kty: 'RSA' });
      assert.equal(gen.status, 200, JSON.stringify(gen.body));
      assert.equal(gen.body.kty, 'RSA');
      assert.equal(gen.body.e, 'AQAB');
      for (const f of ['k', 'd', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(gen.body[f], undefined, f);

      const tf = emu.state.trustFramework;
      assert.equal(tf.keySets[0]!.keys[0]!.k, SECRET);
      const pem = tf.keySets[1]!.keys[0]!.privateKeyPem!;
      assert.match(pem, /BEGIN PRIVATE KEY/);

      const list = await g('GET', '/beta/trustFramework/keySets');
      const one = await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret');
      const everything = JSON.stringify([up.body, gen.body, list.body, one.body, emu.log]);
      assert.equal(everything.includes(SECRET), false, 'the secret leaked');
      assert.equal(everything.includes('PRIVATE KEY'), false, 'the private key leaked');
      const pemBody = pem.split('\n')[1]!;
      assert.equal(everything.includes(pemBody), false);
      assert.deepEqual(one.body.keys, [{ kid: up.body.kid, use: 'sig', kty: 'oct', nbf: 1700000000, exp: 4000000000 }]);
    });

    it('validates the key bodies: use, k, kty, nbf/exp types; unknown key set is 404', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'K' });
      const u = (b: unknown) => g('POST', '/beta/trustFramework/keySets/B2C_1A_K/uploadSecret', b);
      assert.equal((await u({ use: 'x', k: 'a' })).status, 400);
      assert.equal((await u({ use: 'sig' })).status, 400);
      assert.equal((await u({ use: 'sig', k: 'a', nbf: 'soon' })).status, 400);
      assert.equal((await u({ use: 'sig', k: 'a', nbf: 20, exp: 10 })).status, 400);
      assert.equal((await g('POST', '/beta/trustFramework/keySets/B2C_1A_K/generateKey', { use: 'enc', kty: 'oct' })).status, 400);
      assert.equal((await g('POST', '/beta/trustFramework/keySets/B2C_1A_None/uploadSecret', { use: 'sig', k: 'a' })).status, 404);
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'bad id!' })).status, 400);
      assert.deepEqual(emu.state.trustFramework.keySets[0]!.keys, []);
    });
  });

  describe('scope', () => {
    it('beta only: v1.0 has no trustFramework segment', async () => {
      const r = await g('GET', '/v1.0/trustFramework/policies');
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /Resource not found for the segment 'trustFramework'/);
    });

    it('needs Policy.ReadWrite.TrustFramework to write policies and TrustFrameworkKeySet.ReadWrite.All for keys', async () => {
      const ro = await startGraphEmulator({ tenant: { grantedPermissions: ['Policy.Read.All', 'TrustFrameworkKeySet.Read.All'] } });
      try {
        const t = await tokenFor(ro);
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/policies', { token: t })).status, 200);
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/keySets', { token: t })).status, 200);
        const w = await call(ro, 'PUT', '/beta/trustFramework/policies/B2C_1A_X/$value', { token: t, body: policy('B2C_1A_X'), headers: { 'Content-Type': 'application/xml' } });
        assert.equal(w.status, 403);
        assert.equal((await call(ro, 'POST', '/beta/trustFramework/keySets', { token: t, body: { id: 'x' } })).status, 403);
        const none = await startGraphEmulator({ tenant: { grantedPermissions: ['Organization.Read.All'] } });
        try {
          const t2 = await tokenFor(none);
          assert.equal((await call(none, 'GET', '/beta/trustFramework/policies', { token: t2 })).status, 403);
          assert.equal((await call(none, 'GET', '/beta/trustFramework/keySets', { token: t2 })).status, 403);
        } finally {
          await none.stop();
        }
      } finally {
        await ro.stop();
      }
    });

    it('is refused in an external (CIAM) tenant', async () => {
      const ciam = await startGraphEmulator({ tenantType: 'CIAM', tenant: { grantedPermissions: PERMS } });
      try {
        const t = await tokenFor(ciam);
        const r = await call(ciam, 'GET', '/beta/trustFramework/policies', { token: t });
        assert.equal(r.status, 400);
        assert.match(r.body.error.message, /only supported in an Azure AD B2C tenant/);
        assert.equal((await call(ciam, 'POST', '/beta/trustFramework/keySets', { token: t, body: { id: 'x' } })).status, 400);
      } finally {
        await ciam.stop();
      }
    });

    it('strict query options: undocumented options are ignored or refused', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'A' });
      const r = await g('GET', '/beta/trustFramework/keySets?$top=0');
      assert.equal(r.body.value.length, 1);
      assert.deepEqual(emu.log.at(-1)!.ignoredQuery, ['$top']);
      emu.options.undocumentedQuery = 'reject';
      assert.equal((await g('GET', '/beta/trustFramework/policies?$select=id')).status, 400);
    });

    it('faults and latency apply as on other routes (a 429 before the effect stores nothing)', async () => {
      emu.faults.add({ match: { method: 'PUT', path: /trustFramework\/policies/ }, fault: { kind: 'status', status: 429 } });
      const r = await put('B2C_1A_X', policy('B2C_1A_X'));
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '1');
      assert.deepEqual(emu.state.trustFramework.policies, []);
      emu.faults.add({ fault: { kind: 'latency', ms: 80 } });
      const t = Date.now();
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'))).status, 201);
      assert.ok(Date.now() - t >= 75);
    });
  });
});
