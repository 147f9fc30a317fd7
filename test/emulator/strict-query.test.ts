// Strict query options (emulators/graph/query-options.ts): per endpoint, only the OData options Graph documents are
// honoured; an undocumented one is ignored (default) or refused ('reject'); lenient mode is the old behaviour.
import * as assert from 'node:assert/strict';
import { DOCUMENTED_QUERY_OPTIONS, MICROSOFT_GRAPH_SP_ID, type GraphEmulator } from '../../emulators/index';
import { applicationRoutes } from '../../emulators/graph/routes/applications';
import { identityProviderRoutes } from '../../emulators/graph/routes/identity-providers';
import { organizationRoutes } from '../../emulators/graph/routes/organization';
import { permissionGrantRoutes } from '../../emulators/graph/routes/permission-grants';
import { servicePrincipalRoutes } from '../../emulators/graph/routes/service-principals';
import { userFlowRoutes } from '../../emulators/graph/routes/user-flows';
import { eventsFlowRoutes } from '../../emulators/graph/routes/events-flows';
import { itsmeProvider, testApp, startWithCaller, type GraphCaller } from './test-helpers';
import { trustFrameworkRoutes } from '../../emulators/graph/routes/trust-framework';

describe('emulator: strict query options', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller()));
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  /** An app, its service principal and the AllPrincipals grant to Microsoft Graph. */
  async function consentedApp(): Promise<{ appId: string; spId: string; grantId: string }> {
    const app = await g('POST', '/v1.0/applications', testApp());
    const sp = await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId });
    const grant = await g('POST', '/v1.0/oauth2PermissionGrants', { clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: MICROSOFT_GRAPH_SP_ID, scope: 'openid offline_access' });
    assert.equal(grant.status, 201);
    return { appId: app.body.appId, spId: sp.body.id, grantId: grant.body.id };
  }

  it('has a documented-options row, with its source, for every GET route (and none for routes that do not exist)', () => {
    const routes = [...organizationRoutes, ...identityProviderRoutes, ...userFlowRoutes, ...eventsFlowRoutes, ...applicationRoutes, ...servicePrincipalRoutes, ...permissionGrantRoutes, ...trustFrameworkRoutes];
    const gets = routes.filter((r) => r.method === 'GET').map((r) => `GET ${r.path}`).sort();
    assert.deepEqual(Object.keys(DOCUMENTED_QUERY_OPTIONS).sort(), gets);
    for (const [k, row] of Object.entries(DOCUMENTED_QUERY_OPTIONS)) assert.ok(row.source.length > 10, k);
  });

  it('is strict by default', () => {
    assert.equal(emu.options.query, 'strict');
    assert.equal(emu.options.undocumentedQuery, 'ignore');
  });

  it('ignores $expand=oauth2PermissionGrants on servicePrincipals (not documented): the SPs come back without it', async () => {
    const { spId } = await consentedApp();
    const list = await g('GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'itsme-test-jwtms'")}&$expand=oauth2PermissionGrants`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.value.map((sp: { id: string }) => sp.id), [spId], 'the documented $filter still applies');
    assert.equal('oauth2PermissionGrants' in list.body.value[0], false, 'no navigation property');
    const one = await g('GET', `/v1.0/servicePrincipals/${spId}?$expand=oauth2PermissionGrants`);
    assert.equal(one.status, 200);
    assert.equal('oauth2PermissionGrants' in one.body, false);
    // The request log says what was ignored, so a test can see an engine relying on it.
    const entry = emu.log.find((e) => e.path === '/v1.0/servicePrincipals' && e.method === 'GET')!;
    assert.deepEqual(entry.ignoredQuery, ['$expand=oauth2PermissionGrants']);
  });

  it('answers the documented grant reads: $filter=clientId on oauth2PermissionGrants and /servicePrincipals/{id}/oauth2PermissionGrants', async () => {
    const { appId, spId, grantId } = await consentedApp();
    const byClient = await g('GET', `/v1.0/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${spId}'`)}`);
    assert.equal(byClient.status, 200);
    assert.deepEqual(byClient.body.value.map((x: { id: string }) => x.id), [grantId]);
    const nav = await g('GET', `/v1.0/servicePrincipals/${spId}/oauth2PermissionGrants`);
    assert.equal(nav.status, 200, JSON.stringify(nav.body));
    assert.deepEqual(nav.body.value.map((x: { id: string; scope: string }) => [x.id, x.scope]), [[grantId, 'openid offline_access']]);
    const byAppId = await g('GET', `/v1.0/servicePrincipals(appId='${appId}')/oauth2PermissionGrants`);
    assert.deepEqual(byAppId.body.value.map((x: { id: string }) => x.id), [grantId]);
    // Microsoft Graph's SP is the resource, not the client: no grants are listed under it.
    assert.deepEqual((await g('GET', `/v1.0/servicePrincipals/${MICROSOFT_GRAPH_SP_ID}/oauth2PermissionGrants`)).body.value, []);
    assert.equal((await g('GET', '/v1.0/servicePrincipals/00000000-0000-0000-0000-00000000abcd/oauth2PermissionGrants')).status, 404);
    assert.deepEqual(emu.log.flatMap((e) => e.ignoredQuery ?? []), []);
  });

  it('ignores options an endpoint does not document ($filter on identityProviders, $orderby on grants)', async () => {
    await g('POST', '/beta/identity/identityProviders', itsmeProvider());
    const idps = await g('GET', `/beta/identity/identityProviders?$filter=${encodeURIComponent("displayName eq 'nope'")}`);
    assert.equal(idps.status, 200);
    assert.equal(idps.body.value.length, emu.state.identityProviders.length, 'the whole list: $filter is not documented here');
    const grants = await g('GET', '/v1.0/oauth2PermissionGrants?$orderby=scope');
    assert.equal(grants.status, 200);
  });

  it("'reject' refuses an undocumented option with 400", async () => {
    emu.options.undocumentedQuery = 'reject';
    const r = await g('GET', '/v1.0/servicePrincipals?$expand=oauth2PermissionGrants');
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /Query option '\$expand=oauth2PermissionGrants' is not supported/);
    assert.equal((await g('GET', "/v1.0/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'&$select=id")).status, 200, 'documented options pass');
    assert.equal((await g('GET', '/beta/identity/b2cUserFlows?$expand=userFlowIdentityProviders')).status, 200, 'a documented $expand passes');
  });

  it('lenient mode keeps the old behaviour (expanded grants)', async () => {
    emu.options.query = 'lenient';
    const { spId, grantId } = await consentedApp();
    const list = await g('GET', `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`id eq '${spId}'`)}&$expand=oauth2PermissionGrants`);
    assert.deepEqual(list.body.value[0].oauth2PermissionGrants.map((x: { id: string }) => x.id), [grantId]);
  });

  it('reset() restores strict mode', () => {
    emu.options.query = 'lenient';
    emu.options.undocumentedQuery = 'reject';
    emu.reset();
    assert.equal(emu.options.query, 'strict');
    assert.equal(emu.options.undocumentedQuery, 'ignore');
  });
});
