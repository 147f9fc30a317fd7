// The whole itsme seed through the real @microsoft/microsoft-graph-client + ClientSecretCredential, as the
// engine will do it (graph-b2c.md §1–§3, §7, §11), then authentication and authorization failures.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { MICROSOFT_GRAPH_APP_ID, startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { call, itsmeProvider, testApp, tokenFor } from './test-helpers';

function sdkClient(emu: GraphEmulator): Client {
  const cred = new ClientSecretCredential(emu.tenantId, emu.management.clientId, emu.management.clientSecret, {
    authorityHost: emu.authorityHost,
    disableInstanceDiscovery: true,
  });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(cred, { scopes: [`${emu.url}/.default`] }),
    baseUrl: emu.url,
    customHosts: new Set(['127.0.0.1']),
  });
}

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new assert.AssertionError({ message: 'expected a GraphError' });
}

describe('emulator through the Graph SDK', () => {
  let emu: GraphEmulator;
  before(async () => {
    emu = await startGraphEmulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  it('runs the full itsme create sequence', async () => {
    const client = sdkClient(emu);
    const org = await client.api('/organization').select('id,displayName,tenantType,verifiedDomains').get();
    assert.equal(org.value[0].tenantType, 'AAD B2C');
    assert.equal(org.value[0].verifiedDomains.find((d: { isInitial: boolean }) => d.isInitial).name, 'contosob2c.onmicrosoft.com');

    const types = await client.api('/identity/identityProviders/availableProviderTypes').version('beta').get();
    assert.ok(types.value.includes('OpenIdConnect'));

    const idp = await client.api('/identity/identityProviders').version('beta').post(itsmeProvider());
    assert.match(idp.id, /^OIDC-V1-itsme-[0-9a-f-]{36}$/);
    assert.equal(idp.clientSecret, '****');

    const flow = await client.api('/identity/b2cUserFlows').version('beta').post({ id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
    assert.equal(flow.id, 'B2C_1_itsme');
    await client
      .api(`/identity/b2cUserFlows/${flow.id}/userFlowIdentityProviders/$ref`)
      .version('beta')
      .post({ '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp.id}` });
    await client.api(`/identity/b2cUserFlows/${flow.id}`).version('beta').patch({
      tokenLifetimeConfiguration: { accessAndIdTokenLifetimeInMinutes: 5, rollingRefreshTokenLifetimeInDays: -1 },
      multifactorAuthenticationConfiguration: { multifactorAuthenticationState: 'off' },
    });
    const linked = await client.api(`/identity/b2cUserFlows/${flow.id}/userFlowIdentityProviders`).version('beta').get();
    assert.deepEqual(linked.value.map((p: { id: string }) => p.id), [idp.id]);

    const app = await client.api('/applications').post(testApp());
    const sp = await client.api('/servicePrincipals').post({ appId: app.appId });
    const graphSp = await client.api(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`).select('id').get();
    const grant = await client.api('/oauth2PermissionGrants').post({
      clientId: sp.id,
      consentType: 'AllPrincipals',
      resourceId: graphSp.id,
      scope: 'openid offline_access',
    });
    assert.ok(grant.id);

    // The tenant now holds exactly what was asked for, the real secret included (the emulator keeps it).
    const s = emu.state;
    assert.equal(s.identityProviders[0]!.clientSecret, 'itsme-secret-value');
    const storedFlow = s.userFlows.find((f) => f.id === 'B2C_1_itsme')!;
    assert.deepEqual(storedFlow.userFlowIdentityProviders, [idp.id]);
    assert.deepEqual(storedFlow.tokenLifetimeConfiguration, {
      accessAndIdTokenLifetimeInMinutes: 5,
      refreshTokenLifetimeInDays: 14,
      rollingRefreshTokenLifetimeInDays: -1,
    });
    assert.equal(s.applications.find((a) => a.id === app.id)!.signInAudience, 'AzureADandPersonalMicrosoftAccount');
    assert.deepEqual(
      s.oauth2PermissionGrants.map((g) => [g.clientId, g.resourceId, g.scope]),
      [[sp.id, graphSp.id, 'openid offline_access']],
    );
    // Every Graph call carried the bearer token (customHosts), and the one token request was reused.
    assert.equal(emu.log.filter((l) => l.path.endsWith('/oauth2/v2.0/token')).length, 1);
    assert.ok(emu.log.filter((l) => /^\/(v1\.0|beta)\//.test(l.path)).every((l) => l.status < 400));
  });

  it('answers 401 InvalidAuthenticationToken without or with a bad token', async () => {
    const none = await call(emu, 'GET', '/v1.0/organization', { token: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'InvalidAuthenticationToken');
    assert.equal(none.body.error.message, 'Access token is empty.');
    assert.ok(none.headers.get('request-id'));
    assert.equal(none.body.error.innerError['request-id'], none.headers.get('request-id'));
    assert.match(none.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

    const forged = await call(emu, 'GET', '/beta/identity/identityProviders', { token: 'eyJhbGciOiJub25lIn0.eyJyb2xlcyI6W119.' });
    assert.equal(forged.status, 401);
    assert.equal(forged.body.error.code, 'InvalidAuthenticationToken');
    // A 401 has no effect: nothing was created.
    const post = await call(emu, 'POST', '/beta/identity/identityProviders', { token: null, body: itsmeProvider() });
    assert.equal(post.status, 401);
    assert.equal(emu.state.identityProviders.length, 0);
  });

  it('answers 403 Authorization_RequestDenied when a permission is missing', async () => {
    emu.seed({ grantedPermissions: ['IdentityProvider.Read.All', 'Application.Read.All'] });
    const client = sdkClient(emu);
    const list = await client.api('/identity/identityProviders').version('beta').get();
    assert.deepEqual(list.value, []);
    const denied = await graphError(client.api('/identity/identityProviders').version('beta').post(itsmeProvider()));
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.code, 'Authorization_RequestDenied');
    assert.equal(denied.message, 'Insufficient privileges to complete the operation.');
    const flows = await graphError(client.api('/identity/b2cUserFlows').version('beta').get());
    assert.equal(flows.statusCode, 403);
    const apps = await graphError(client.api('/applications').post(testApp()));
    assert.equal(apps.statusCode, 403);
    assert.equal(emu.state.identityProviders.length + emu.state.userFlows.length, 0);
    // Without Organization.Read.All, organization answers but tenantType is null (§7).
    const org = await client.api('/organization').get();
    assert.equal(org.value[0].tenantType, null);
    assert.equal(org.value[0].verifiedDomains[0].name, 'contosob2c.onmicrosoft.com');
  });

  it('tokens keep the roles they were issued with', async () => {
    const full = await tokenFor(emu);
    emu.seed({ grantedPermissions: [] });
    const reduced = await tokenFor(emu);
    assert.equal((await call(emu, 'GET', '/beta/identity/b2cUserFlows', { token: full })).status, 200);
    assert.equal((await call(emu, 'GET', '/beta/identity/b2cUserFlows', { token: reduced })).status, 403);
  });
});
