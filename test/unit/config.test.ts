// The validation table: every bad value is refused with a message that names the field; defaults follow the guide.
import assert from 'node:assert/strict';
import { resolveConfig, toConfigFile, metadataUrlOf } from '../../src/core/config/validate';
import { buildScope } from '../../src/core/itsme/scopes';

const valid = { tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } };

function issuesOf(input: unknown): Array<{ field: string; message: string }> {
  const r = resolveConfig(input);
  return r.ok ? [] : r.issues;
}

function withPatch(patch: Record<string, unknown>): unknown {
  const out = JSON.parse(JSON.stringify(valid)) as Record<string, Record<string, unknown>>;
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    let o: Record<string, unknown> = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys.at(-1)!] = value;
  }
  return out;
}

describe('configuration validation', () => {
  it('fills in the guide\'s defaults', () => {
    const r = resolveConfig(valid);
    assert.ok(r.ok);
    const c = r.config;
    assert.equal(c.itsme.environment, 'e2e');
    assert.equal(c.itsme.generation, 'v2');
    assert.equal(metadataUrlOf(c), 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration');
    assert.equal(c.identityProvider.displayName, 'itsme');
    assert.deepEqual(c.identityProvider.claimsMapping, { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' });
    assert.equal(c.userFlow.id, 'B2C_1_itsme');
    assert.equal(c.userFlow.accessAndIdTokenLifetimeMinutes, 5);
    assert.deepEqual(c.userFlow.refreshSlidingWindow, { kind: 'noExpiry' });
    assert.deepEqual(c.app.redirectUris, ['https://jwt.ms']);
    assert.deepEqual(c.app.implicitGrant, { idTokens: true, accessTokens: true });
    assert.equal(c.app.adminConsent, true);
  });

  it('builds the scope string, with optional phone and address', () => {
    assert.equal(buildScope('X_1', { phone: false, address: false }), 'openid service:X_1 profile email');
    assert.equal(buildScope('X_1', { phone: true, address: true }), 'openid service:X_1 profile email phone address');
  });

  it('gives the legacy csapi URL of the guide and the prd hosts', () => {
    const legacy = resolveConfig(withPatch({ 'itsme.generation': 'legacy', 'itsme.environment': 'prd' }));
    assert.ok(legacy.ok);
    assert.equal(metadataUrlOf(legacy.config), 'https://oidc.prd.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration');
  });

  it('accepts the flow name with or without B2C_1_', () => {
    for (const name of ['itsme_login', 'B2C_1_itsme_login', 'b2c_1_itsme_login']) {
      const r = resolveConfig(withPatch({ 'userFlow.name': name }));
      assert.ok(r.ok, name);
      assert.equal(r.config.userFlow.id, 'B2C_1_itsme_login');
    }
  });

  it('round-trips through the file form', () => {
    const r = resolveConfig(withPatch({ 'itsme.scopes': { phone: true }, 'userFlow.refreshSlidingWindow': { days: 30 }, 'itsme.generation': 'custom', 'itsme.metadataUrl': 'https://idp.example.be/.well-known/openid-configuration' }));
    assert.ok(r.ok);
    const again = resolveConfig(toConfigFile(r.config));
    assert.ok(again.ok);
    assert.deepEqual(again.config, r.config);
  });

  const table: Array<[string, Record<string, unknown>, string]> = [
    ['missing partner code', { 'itsme.partnerCode': '' }, 'itsme.partnerCode'],
    ['partner code with a space', { 'itsme.partnerCode': 'ab cd' }, 'itsme.partnerCode'],
    ['missing service code', { 'itsme.serviceCode': undefined }, 'itsme.serviceCode'],
    ['service code injecting a scope', { 'itsme.serviceCode': 'LOGIN openid2' }, 'itsme.serviceCode'],
    ['service code with the service: prefix', { 'itsme.serviceCode': 'service:LOGIN' }, 'itsme.serviceCode'],
    ['service code with a quote', { 'itsme.serviceCode': 'LOG"IN' }, 'itsme.serviceCode'],
    ['unknown environment', { 'itsme.environment': 'uat' }, 'itsme.environment'],
    ['unknown generation', { 'itsme.generation': 'v3' }, 'itsme.generation'],
    ['custom generation without URL', { 'itsme.generation': 'custom' }, 'itsme.metadataUrl'],
    ['http metadata URL', { 'itsme.metadataUrl': 'http://idp.example/.well-known/openid-configuration' }, 'itsme.metadataUrl'],
    ['metadata URL with a query', { 'itsme.metadataUrl': 'https://idp.example/.well-known/openid-configuration?x=1' }, 'itsme.metadataUrl'],
    ['metadata URL not a discovery document', { 'itsme.metadataUrl': 'https://idp.example/oidc' }, 'itsme.metadataUrl'],
    ['metadata URL with a fixed generation', { 'itsme.generation': 'v2', 'itsme.metadataUrl': 'https://idp.example/.well-known/openid-configuration' }, 'itsme.metadataUrl'],
    ['scope flag not boolean', { 'itsme.scopes': { phone: 'yes' } }, 'itsme.scopes.phone'],
    ['unknown optional scope', { 'itsme.scopes': { eid: true } }, 'itsme.scopes.eid'],
    ['token lifetime too short', { 'userFlow.tokenLifetimeMinutes': 4 }, 'userFlow.tokenLifetimeMinutes'],
    ['token lifetime too long', { 'userFlow.tokenLifetimeMinutes': 1441 }, 'userFlow.tokenLifetimeMinutes'],
    ['token lifetime not whole', { 'userFlow.tokenLifetimeMinutes': 5.5 }, 'userFlow.tokenLifetimeMinutes'],
    ['sliding window bad', { 'userFlow.refreshSlidingWindow': 'forever' }, 'userFlow.refreshSlidingWindow'],
    ['sliding window days out of range', { 'userFlow.refreshSlidingWindow': { days: 400 } }, 'userFlow.refreshSlidingWindow'],
    ['flow name too long for either kind', { 'userFlow.name': 'x'.repeat(101) }, 'userFlow.name'],
    ['flow type other than sign-up-or-sign-in', { 'userFlow.type': 'signIn' }, 'userFlow.type'],
    ['MFA on', { 'userFlow.mfa': 'on' }, 'userFlow.mfa'],
    ['flow version out of range', { 'userFlow.version': 4 }, 'userFlow.version'],
    ['redirect over http', { 'app.redirectUris': ['http://example.com/cb'] }, 'app.redirectUris[0]'],
    ['redirect with fragment', { 'app.redirectUris': ['https://jwt.ms', 'https://x.example/#a'] }, 'app.redirectUris[1]'],
    ['redirect not a URL', { 'app.redirectUris': ['jwt.ms'] }, 'app.redirectUris[0]'],
    ['empty redirect list', { 'app.redirectUris': [] }, 'app.redirectUris'],
    ['implicit grant flag not boolean', { 'app.implicitGrant': { idTokens: 1 } }, 'app.implicitGrant.idTokens'],
    ['claims mapping without userId', { 'identityProvider.claimsMapping': { userId: '' } }, 'identityProvider.claimsMapping.userId'],
    ['claims mapping with a space', { 'identityProvider.claimsMapping': { email: 'e mail' } }, 'identityProvider.claimsMapping.email'],
    ['domain hint with a slash', { 'identityProvider.domainHint': 'a/b' }, 'identityProvider.domainHint'],
    ['tenant not a GUID or domain', { tenant: 'not a tenant' }, 'tenant'],
    ['login host with scheme', { loginHost: 'https://login.contoso.com' }, 'loginHost'],
    ['misspelt field', { 'itsme.partercode': 'x' }, 'itsme.partercode'],
    ['secret in the file', { 'itsme.clientSecret': 'hunter2-very-secret' }, 'itsme.clientSecret'],
    ['section not an object', { app: 'jwt' }, 'app'],
  ];
  for (const [name, patch, field] of table) {
    it(`refuses ${name} and names ${field}`, () => {
      const issues = issuesOf(withPatch(patch));
      const hit = issues.find((i) => i.field === field);
      assert.ok(hit, `expected an issue on ${field}, got ${JSON.stringify(issues)}`);
      assert.ok(hit.message.length > 20, 'the message says how to fix it');
    });
  }

  it('refuses a B2C flow name with a space once the kind is B2C (an External ID display name may hold one)', () => {
    const r = resolveConfig(withPatch({ 'userFlow.name': 'itsme login' }), 'b2c/userFlow');
    assert.ok(!r.ok && r.issues.some((i) => i.field === 'userFlow.name' && /letters, digits/.test(i.message)));
    assert.ok(resolveConfig(withPatch({ 'userFlow.name': 'itsme login' }), 'external/userFlow').ok);
  });

  it('names the field in the user\'s words and by its path', () => {
    const message = (patch: Record<string, unknown>, field: string) => issuesOf(withPatch(patch)).find((i) => i.field === field)?.message ?? '';
    assert.match(message({ 'itsme.partnerCode': 'ab cd' }, 'itsme.partnerCode'), /^Partner code \(itsme\.partnerCode\) may only hold /);
    assert.match(message({ 'itsme.serviceCode': 'service:X' }, 'itsme.serviceCode'), /^Service code \(itsme\.serviceCode\) must be the code alone/);
    assert.match(message({ 'userFlow.tokenLifetimeMinutes': 4 }, 'userFlow.tokenLifetimeMinutes'), /^Access and ID token lifetime in minutes \(userFlow\.tokenLifetimeMinutes\) must be a whole number from 5 to 1440\.$/);
    assert.match(message({ 'itsme.generation': 'v2', 'itsme.metadataUrl': 'https://idp.example/.well-known/openid-configuration' }, 'itsme.metadataUrl'), /^Metadata URL \(itsme\.metadataUrl\) is only used when itsme endpoint version \(itsme\.generation\) is "custom"/);
  });

  it('never echoes a secret put in the wrong place', () => {
    const issues = issuesOf(withPatch({ 'itsme.clientSecret': 'hunter2-very-secret', 'app.password': 'p4ssw0rd-xyz' }));
    assert.equal(issues.length, 2);
    const text = JSON.stringify(issues);
    assert.ok(!text.includes('hunter2-very-secret') && !text.includes('p4ssw0rd-xyz'));
  });

  it('refuses a non-object', () => {
    assert.equal(issuesOf([1, 2]).length, 1);
    assert.equal(issuesOf(null).length, 1);
  });
});
