// Seeding: a plain Entra (non-B2C) tenant, and a B2C tenant with objects "made by hand".
import * as assert from 'node:assert/strict';
import { startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { graph, itsmeProvider, tokenFor } from './test-helpers';

describe('emulator tenants and seeds', () => {
  let emu: GraphEmulator;
  before(async () => {
    emu = await startGraphEmulator({ tenant: { tenantType: 'AAD', tenantName: 'fabrikam' } });
  });
  after(() => emu.stop());

  it('a non-B2C tenant says so and refuses B2C objects', async () => {
    emu.reset();
    const g = graph(emu, await tokenFor(emu));
    const org = await g('GET', '/v1.0/organization?$select=tenantType,verifiedDomains');
    assert.equal(org.body.value[0].tenantType, 'AAD');
    assert.equal(org.body.value[0].verifiedDomains[0].name, 'fabrikam.onmicrosoft.com');
    assert.equal('id' in org.body.value[0], false, '$select projects');
    const types = await g('GET', '/beta/identity/identityProviders/availableProviderTypes');
    assert.deepEqual(types.body.value, ['MicrosoftAccount', 'EmailOTP', 'Facebook', 'Google']);
    const flows = await g('GET', '/beta/identity/b2cUserFlows');
    assert.equal(flows.status, 400);
    const oidc = await g('POST', '/beta/identity/identityProviders', itsmeProvider());
    assert.equal(oidc.status, 400);
    assert.equal(emu.state.identityProviders.length, 0);
    assert.equal(emu.state.applications.some((a) => String(a.displayName).startsWith('b2c-extensions-app')), false);
  });

  it('seeds a B2C tenant with hand-made objects, served like created ones', async () => {
    emu.seed({
      tenantName: 'woodgroveb2c',
      identityProviders: [{ id: 'OIDC-V1-itsme-11111111-2222-3333-4444-555555555555', ...itsmeProvider(), displayName: 'itsme' }],
      userFlows: [
        {
          id: 'itsme',
          identityProviderIds: ['OIDC-V1-itsme-11111111-2222-3333-4444-555555555555'],
          tokenLifetimeConfiguration: { accessAndIdTokenLifetimeInMinutes: 60, refreshTokenLifetimeInDays: 14, rollingRefreshTokenLifetimeInDays: 90 },
        },
      ],
      applications: [{ id: 'aaaaaaaa-0000-4000-8000-000000000001', appId: 'bbbbbbbb-0000-4000-8000-000000000001', displayName: 'itsme-test-jwtms' }],
      servicePrincipals: [{ id: 'cccccccc-0000-4000-8000-000000000001', appId: 'bbbbbbbb-0000-4000-8000-000000000001' }],
    });
    const g = graph(emu, await tokenFor(emu));
    const org = await g('GET', '/v1.0/organization');
    assert.equal(org.body.value[0].tenantType, 'AAD B2C');
    const flow = await g('GET', '/beta/identity/b2cUserFlows/B2C_1_itsme?$expand=userFlowIdentityProviders');
    assert.equal(flow.status, 200);
    assert.equal(flow.body.tokenLifetimeConfiguration.accessAndIdTokenLifetimeInMinutes, 60);
    assert.equal(flow.body.userFlowIdentityProviders[0].clientSecret, '****');
    const sp = await g('GET', "/v1.0/servicePrincipals(appId='bbbbbbbb-0000-4000-8000-000000000001')");
    assert.equal(sp.body.displayName, 'itsme-test-jwtms');
    const apps = await g('GET', "/v1.0/applications?$filter=startswith(displayName,'b2c-extensions-app')");
    assert.equal(apps.body.value.length, 1, 'every B2C tenant has the b2c-extensions-app');
    // State is plain JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(emu.state)), emu.state);

    emu.reset();
    assert.equal(emu.state.tenantType, 'AAD');
    assert.equal(emu.state.userFlows.length, 0);
    assert.equal(emu.log.length, 0);
  });
});
