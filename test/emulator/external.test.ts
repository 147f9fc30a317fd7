// The external (CIAM) tenant: detection, built-in objects, oidcIdentityProvider (external-id.md §1, §2, §5, §8.1–2).
import * as assert from 'node:assert/strict';
import { B2C_EXTENSIONS_APP_NAME, ciamEndpoints, DEFAULT_EXTERNAL_TENANT_ID, externalSignIn, oidcProviders, startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { externalApp, itsmeOidc } from './external-helpers';
import { graph, itsmeProvider, tokenFor, startWithCaller, type GraphCaller } from './test-helpers';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: external tenant (CIAM) and its OIDC provider', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller({ tenantType: 'CIAM' })));
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  async function newOidc(overrides: Record<string, unknown> = {}, version = 'v1.0'): Promise<string> {
    const r = await g('POST', `/${version}/identity/identityProviders`, itsmeOidc(overrides));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }

  it('GET /organization: tenantType CIAM, initial domain <sub>.onmicrosoft.com', async () => {
    const r = await g('GET', '/v1.0/organization?$select=id,tenantType,verifiedDomains');
    assert.equal(r.status, 200);
    const org = r.body.value[0];
    assert.equal(org.tenantType, 'CIAM');
    assert.equal(org.id, DEFAULT_EXTERNAL_TENANT_ID);
    assert.deepEqual(org.verifiedDomains.filter((d: { isInitial: boolean }) => d.isInitial).map((d: { name: string }) => d.name), ['contosoext.onmicrosoft.com']);
  });

  it('has the built-in providers and b2c-extensions-app', async () => {
    const list = await g('GET', '/v1.0/identity/identityProviders');
    assert.deepEqual(
      list.body.value.map((p: Record<string, unknown>) => [p['@odata.type'], p.id]),
      [
        ['#microsoft.graph.builtInIdentityProvider', 'EmailPassword-OAUTH'],
        ['#microsoft.graph.builtInIdentityProvider', 'EmailOtpSignup-OAUTH'],
        ['#microsoft.graph.builtInIdentityProvider', 'AADSignup-OAUTH'],
      ],
    );
    assert.equal(list.body.value[0].identityProviderType, 'EmailPassword');
    const apps = await g('GET', `/v1.0/applications?$filter=displayName eq '${B2C_EXTENSIONS_APP_NAME}'`);
    assert.equal(apps.body.value.length, 1);
  });

  it('refuses the B2C-only endpoints in an external tenant', async () => {
    const flows = await g('GET', '/beta/identity/b2cUserFlows');
    // The default external grants have no IdentityUserFlow.* permission: 403 before the tenant check.
    assert.equal(flows.status, 403);
    const b2cIdp = await g('POST', '/beta/identity/identityProviders', itsmeProvider());
    assert.equal(b2cIdp.status, 400);
    assert.equal(b2cIdp.body.error.code, 'NotSupported');
    const emuB2cPerm = await startGraphEmulator({ tenantType: 'CIAM', tenant: { grantedPermissions: ['IdentityUserFlow.ReadWrite.All'] } });
    try {
      const r = await graph(emuB2cPerm, await tokenFor(emuB2cPerm))('GET', '/beta/identity/b2cUserFlows');
      assert.equal(r.status, 400);
    } finally {
      await emuB2cPerm.stop();
    }
  });

  it('refuses oidcIdentityProvider in a B2C tenant: NotSupported', async () => {
    const b2c = await startGraphEmulator();
    try {
      const r = await graph(b2c, await tokenFor(b2c))('POST', '/v1.0/identity/identityProviders', itsmeOidc());
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'NotSupported');
    } finally {
      await b2c.stop();
    }
  });

  it('POST oidcIdentityProvider: 201, GUID id, CSDL type, masked secret; GET/LIST masked; the state keeps the secret', async () => {
    const r = await g('POST', '/v1.0/identity/identityProviders', itsmeOidc());
    assert.equal(r.status, 201);
    assert.match(r.body.id, GUID);
    assert.equal(r.body['@odata.type'], '#microsoft.graph.oidcIdentityProvider');
    assert.match(r.body['@odata.context'], /\/v1\.0\/\$metadata#identity\/identityProviders\/\$entity$/);
    assert.match(r.body.clientAuthentication.clientSecret, /^\*+$/);
    assert.equal(r.body.clientAuthentication['@odata.type'], '#microsoft.graph.oidcClientSecretAuthentication');
    assert.equal(r.body.inboundClaimMapping.address.postal_code, 'postal_code');
    const one = await g('GET', `/v1.0/identity/identityProviders/${r.body.id}`);
    const list = await g('GET', '/v1.0/identity/identityProviders');
    assert.match(one.body.clientAuthentication.clientSecret, /^\*+$/);
    assert.equal(JSON.stringify([r.body, one.body, list.body]).includes('itsme-secret-value'), false);
    assert.equal(oidcProviders(emu.state)[0]!.clientAuthentication.clientSecret, 'itsme-secret-value');
    assert.equal(JSON.stringify(emu.log).includes('itsme-secret-value'), false);
  });

  it('beta serves oidcIdentityProvider too (the documented fallback)', async () => {
    const id = await newOidc({}, 'beta');
    const one = await g('GET', `/beta/identity/identityProviders/${id}`);
    assert.equal(one.body['@odata.type'], '#microsoft.graph.oidcIdentityProvider');
  });

  it('validates per §2.4: https issuer without query/fragment, not microsoftonline.com; code only; known clientAuthentication; no client_secret_basic; openid scope', async () => {
    const bad = async (overrides: Record<string, unknown>) => {
      const r = await g('POST', '/v1.0/identity/identityProviders', itsmeOidc(overrides));
      return r.status;
    };
    assert.equal(await bad({ issuer: 'http://idp.e2e.itsme.services/v2' }), 400);
    assert.equal(await bad({ issuer: 'https://idp.e2e.itsme.services/v2?x=1' }), 400);
    assert.equal(await bad({ issuer: 'https://idp.e2e.itsme.services/v2#f' }), 400);
    assert.equal(await bad({ issuer: 'https://login.microsoftonline.com/x/v2.0' }), 400);
    assert.equal(await bad({ responseType: 'id_token' }), 400);
    assert.equal(await bad({ responseType: 'bogus' }), 400);
    assert.equal(await bad({ clientAuthentication: undefined }), 400);
    assert.equal(await bad({ clientAuthentication: { clientSecret: 'x' } }), 400); // abstract type without @odata.type
    assert.equal(await bad({ clientAuthentication: { '@odata.type': '#microsoft.graph.oidcMadeUpAuthentication' } }), 400);
    const basic = await g('POST', '/v1.0/identity/identityProviders', itsmeOidc({ clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretBasicAuthentication', clientSecret: 'x' } }));
    assert.equal(basic.status, 400);
    assert.match(basic.body.error.message, /client_secret_basic/);
    assert.equal(await bad({ clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication' } }), 400);
    assert.equal(await bad({ scope: 'profile email' }), 400);
    assert.equal(await bad({ clientId: undefined }), 400);
    assert.equal(await bad({ frobnicate: 1 }), 400); // not in the CSDL
    // §2.5: only the standard claims can be mapped (the complex type is closed).
    assert.equal(await bad({ inboundClaimMapping: { sub: 'sub', email: 'email', national_number: 'x' } }), 400);
    assert.equal(await bad({ clientAuthentication: { '@odata.type': '#microsoft.graph.oidcPrivateJwtKeyClientAuthentication' } }), 201);
    assert.equal(emu.state.identityProviders.length, 3 + 1); // the built-ins + the private_key_jwt one
  });

  it('GUESS typeNames: the docs\' spellings are accepted case-insensitively and emitted in CSDL spelling; "exact" refuses them', async () => {
    const body = itsmeOidc({
      '@odata.type': '#microsoft.graph.OidcIdentityProvider',
      clientAuthentication: { '@odata.type': '#microsoft.graph.OIDCClientSecretAuthentication', clientSecret: 's' },
    });
    const r = await g('POST', '/v1.0/identity/identityProviders', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body['@odata.type'], '#microsoft.graph.oidcIdentityProvider');
    assert.equal(r.body.clientAuthentication['@odata.type'], '#microsoft.graph.oidcClientSecretAuthentication');
    emu.options.external.typeNames = 'exact';
    assert.equal((await g('POST', '/v1.0/identity/identityProviders', body)).status, 400);
  });

  it('GUESS requireWellKnownEndpoint and requireEmailMapping (default on; off accepts)', async () => {
    const noWk = itsmeOidc({ wellKnownEndpoint: undefined });
    const noEmail = itsmeOidc({ inboundClaimMapping: { sub: 'sub', name: 'name' } });
    assert.equal((await g('POST', '/v1.0/identity/identityProviders', noWk)).status, 400);
    assert.equal((await g('POST', '/v1.0/identity/identityProviders', noEmail)).status, 400);
    emu.options.external.requireWellKnownEndpoint = false;
    emu.options.external.requireEmailMapping = false;
    assert.equal((await g('POST', '/v1.0/identity/identityProviders', noWk)).status, 201);
    assert.equal((await g('POST', '/v1.0/identity/identityProviders', noEmail)).status, 201);
  });

  it('PATCH → 204 (rotation sends the whole clientAuthentication with its type); DELETE → 204', async () => {
    const id = await newOidc();
    const rot = await g('PATCH', `/v1.0/identity/identityProviders/${id}`, {
      clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: 'rotated' },
    });
    assert.equal(rot.status, 204);
    assert.equal(oidcProviders(emu.state)[0]!.clientAuthentication.clientSecret, 'rotated');
    assert.equal((await g('PATCH', `/v1.0/identity/identityProviders/${id}`, { clientAuthentication: { clientSecret: 'x' } })).status, 400);
    assert.equal((await g('PATCH', `/v1.0/identity/identityProviders/${id}`, { responseType: 'token' })).status, 400);
    assert.equal((await g('PATCH', `/v1.0/identity/identityProviders/${id}`, { scope: 'openid profile' })).status, 204);
    assert.equal((await g('DELETE', `/v1.0/identity/identityProviders/${id}`)).status, 204);
    assert.equal((await g('GET', `/v1.0/identity/identityProviders/${id}`)).status, 404);
  });

  it('permissions: IdentityProvider.ReadWrite.All to write', async () => {
    const ro = await startGraphEmulator({ tenantType: 'CIAM', tenant: { grantedPermissions: ['IdentityProvider.Read.All'] } });
    try {
      const rg = graph(ro, await tokenFor(ro));
      assert.equal((await rg('GET', '/v1.0/identity/identityProviders')).status, 200);
      assert.equal((await rg('POST', '/v1.0/identity/identityProviders', itsmeOidc())).status, 403);
    } finally {
      await ro.stop();
    }
  });

  it('applications: AzureADMyOrg accepted; GUESS otherSignInAudiences rejects others by default, "accept" lets them through', async () => {
    assert.equal((await g('POST', '/v1.0/applications', externalApp())).status, 201);
    const multi = externalApp({ displayName: 'multi', signInAudience: 'AzureADMultipleOrgs' });
    assert.equal((await g('POST', '/v1.0/applications', multi)).status, 400);
    emu.options.external.otherSignInAudiences = 'accept';
    assert.equal((await g('POST', '/v1.0/applications', multi)).status, 201);
  });

  it('state API: ciamEndpoints and externalSignIn of a seeded tenant', async () => {
    const idpId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    emu.seed({
      tenantType: 'CIAM',
      tenantName: 'Fabrikam',
      identityProviders: [{ id: idpId, displayName: 'itsme', ...itsmeOidc() }],
      applications: [{ appId: '11111111-2222-4333-8444-555555555555', displayName: 'test', web: { redirectUris: ['https://jwt.ms'] }, publicClient: { redirectUris: ['http://localhost:7777/cb'] } }],
      servicePrincipals: [{ appId: '11111111-2222-4333-8444-555555555555' }],
      authenticationEventsFlows: [{ displayName: 'hand-made', identityProviderIds: ['EmailPassword-OAUTH', idpId], appIds: ['11111111-2222-4333-8444-555555555555'] }],
    });
    const e = ciamEndpoints(emu.state);
    assert.equal(e.host, 'fabrikam.ciamlogin.com');
    assert.equal(e.issuer, `https://${emu.tenantId}.ciamlogin.com/${emu.tenantId}/v2.0`);
    assert.deepEqual(e.federationRedirectUris, [`https://fabrikam.ciamlogin.com/${emu.tenantId}/federation/oauth2`, 'https://fabrikam.ciamlogin.com/fabrikam.onmicrosoft.com/federation/oauth2']);
    const si = externalSignIn(emu.state, '11111111-2222-4333-8444-555555555555')!;
    assert.equal(si.flow.displayName, 'hand-made');
    assert.equal(si.flow.isSignUpAllowed, true);
    assert.deepEqual(si.flow.attributeIds, ['email', 'displayName']);
    assert.equal(si.flow.oidcProviders[0]!.clientAuthentication.clientSecret, 'itsme-secret-value');
    assert.deepEqual(si.redirectUris, { web: ['https://jwt.ms'], spa: [], publicClient: ['http://localhost:7777/cb'] });
    assert.equal(externalSignIn(emu.state, 'not-an-app'), undefined);
  });
});
