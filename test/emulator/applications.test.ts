// App registration, service principal and consent (graph-b2c.md §3), including eventual consistency.
import * as assert from 'node:assert/strict';
import { MICROSOFT_GRAPH_SP_ID, startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { graph, testApp, tokenFor, startWithCaller, type GraphCaller } from './test-helpers';

describe('emulator: applications, service principals, grants', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller()));
  after(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.setConsistency({ delayMs: 0, failures: 0 });
  });

  it('requires api.requestedAccessTokenVersion 2 for AzureADandPersonalMicrosoftAccount', async () => {
    const without = await g('POST', '/v1.0/applications', testApp({ api: undefined }));
    assert.equal(without.status, 400);
    assert.equal(without.body.error.code, 'InvalidAccessTokenVersion');
    assert.equal(without.body.error.message, 'Property api.requestedAccessTokenVersion is invalid.');
    const v1 = await g('POST', '/v1.0/applications', testApp({ api: { requestedAccessTokenVersion: 1 } }));
    assert.equal(v1.status, 400);
    const before = emu.state.applications.length;
    const ok = await g('POST', '/v1.0/applications', testApp());
    assert.equal(ok.status, 201);
    assert.match(ok.body.id, /^[0-9a-f-]{36}$/);
    assert.match(ok.body.appId, /^[0-9a-f-]{36}$/);
    assert.notEqual(ok.body.id, ok.body.appId);
    assert.equal(ok.body.web.implicitGrantSettings.enableIdTokenIssuance, true);
    assert.equal(emu.state.applications.length, before + 1);
    // The rule also holds on PATCH: dropping the version back is refused.
    const patch = await g('PATCH', `/v1.0/applications/${ok.body.id}`, { api: { requestedAccessTokenVersion: null } });
    assert.equal(patch.status, 400);
    assert.equal(patch.body.error.code, 'InvalidAccessTokenVersion');
    assert.equal((await g('PATCH', `/v1.0/applications/${ok.body.id}`, { web: { redirectUris: ['https://jwt.ms', 'https://example.org/cb'] } })).status, 204);
    const app = emu.state.applications.find((a) => a.id === ok.body.id)!;
    assert.deepEqual((app.web as { redirectUris: string[] }).redirectUris, ['https://jwt.ms', 'https://example.org/cb']);
    assert.equal((app.web as { implicitGrantSettings: { enableIdTokenIssuance: boolean } }).implicitGrantSettings.enableIdTokenIssuance, true);
  });

  it('lists with $filter on displayName/appId and $select', async () => {
    const a = await g('POST', '/v1.0/applications', testApp({ displayName: "O'Brien app" }));
    const byName = await g('GET', `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'O''Brien app'")}&$select=id,appId,displayName`);
    assert.equal(byName.status, 200);
    assert.deepEqual(byName.body.value, [{ id: a.body.id, appId: a.body.appId, displayName: "O'Brien app" }]);
    const byAppId = await g('GET', `/v1.0/applications?$filter=appId eq '${a.body.appId}'`);
    assert.equal(byAppId.body.value.length, 1);
    assert.equal((await g('GET', `/v1.0/applications(appId='${a.body.appId}')`)).body.id, a.body.id);
    assert.equal((await g('GET', `/v1.0/applications?$filter=notes eq 'x'`)).body.error.code, 'Request_UnsupportedQuery');
    assert.equal((await g('GET', '/v1.0/applications?$select=displayNam')).status, 400);
    const unknown = await g('POST', '/v1.0/applications', testApp({ displayname: 'typo' }));
    assert.equal(unknown.body.error.message, "Property 'displayname' does not exist on type 'microsoft.graph.application'.");
    const guid = await g('POST', '/v1.0/applications', testApp({ requiredResourceAccess: [{ resourceAppId: 'x', resourceAccess: [{ id: 'openid', type: 'Scope' }] }] }));
    assert.equal(guid.status, 400, 'resourceAccess.id is an Edm.Guid');
  });

  it('creates the service principal and the AllPrincipals grant; Microsoft Graph SP exists', async () => {
    const graphSp = await g('GET', "/v1.0/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'&$select=id");
    assert.deepEqual(graphSp.body.value, [{ id: MICROSOFT_GRAPH_SP_ID }]);
    const app = await g('POST', '/v1.0/applications', testApp());
    const sp = await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId });
    assert.equal(sp.status, 201);
    assert.equal(sp.body.appId, app.body.appId);
    assert.equal(sp.body.displayName, 'itsme-test-jwtms');
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 409);

    const grant = (o: Record<string, unknown>) =>
      g('POST', '/v1.0/oauth2PermissionGrants', { clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: MICROSOFT_GRAPH_SP_ID, scope: 'openid offline_access', ...o });
    // Ids are service-principal OBJECT ids: an appId is refused.
    assert.equal((await grant({ clientId: app.body.appId })).status, 400);
    assert.equal((await grant({ resourceId: '00000003-0000-0000-c000-000000000000' })).status, 400);
    assert.equal((await grant({ principalId: '11111111-1111-1111-1111-111111111111' })).status, 400);
    // startTime/expiryTime exist only in beta (§3): v1.0 rejects them, beta accepts them.
    assert.equal((await grant({ startTime: '2024-01-01T00:00:00Z' })).status, 400);
    const created = await grant({});
    assert.equal(created.status, 201);
    assert.equal((await grant({})).status, 409);
    const listed = await g('GET', `/v1.0/oauth2PermissionGrants?$filter=clientId eq '${sp.body.id}'`);
    assert.deepEqual(listed.body.value.map((x: { scope: string }) => x.scope), ['openid offline_access']);
    assert.equal((await g('PATCH', `/v1.0/oauth2PermissionGrants/${created.body.id}`, { scope: 'openid offline_access profile' })).status, 204);
    assert.equal(emu.state.oauth2PermissionGrants[0]!.scope, 'openid offline_access profile');
    assert.equal((await g('DELETE', `/v1.0/oauth2PermissionGrants/${created.body.id}`)).status, 204);
    assert.equal(emu.state.oauth2PermissionGrants.length, 0);
    const beta = await g('POST', '/beta/oauth2PermissionGrants', {
      clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: MICROSOFT_GRAPH_SP_ID, scope: 'openid', startTime: '2024-01-01T00:00:00Z', expiryTime: '2299-01-01T00:00:00Z',
    });
    assert.equal(beta.status, 201, JSON.stringify(beta.body));
    // Deleting the app removes its service principal and that SP's grants.
    assert.equal((await g('DELETE', `/v1.0/applications/${app.body.id}`)).status, 204);
    assert.equal(emu.state.servicePrincipals.some((s) => s.id === sp.body.id), false);
    assert.equal(emu.state.oauth2PermissionGrants.length, 0);
  });

  it('eventual consistency, count-based: NoBackingApplicationObject and 404 for the first N attempts', async () => {
    emu.setConsistency({ failures: 3 });
    const app = await g('POST', '/v1.0/applications', testApp());
    const first = await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId });
    assert.equal(first.status, 400);
    assert.equal(first.body.error.code, 'Request_BadRequest');
    assert.equal(first.body.error.message, `The appId '${app.body.appId}' of the service principal does not reference a valid application object.`);
    assert.equal(first.body.error.details[0].code, 'NoBackingApplicationObject');
    const get = await g('GET', `/v1.0/applications/${app.body.id}`);
    assert.equal(get.status, 404);
    assert.equal(get.body.error.code, 'Request_ResourceNotFound');
    assert.equal(get.body.error.message, `Resource '${app.body.id}' does not exist or one of its queried reference-property objects are not present.`);
    assert.equal((await g('PATCH', `/v1.0/applications/${app.body.id}`, { notes: 'x' })).status, 404);
    // The list already shows it (no list lag in the reference).
    assert.equal((await g('GET', `/v1.0/applications?$filter=appId eq '${app.body.appId}'`)).body.value.length, 1);
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 201);
    assert.equal((await g('GET', `/v1.0/applications/${app.body.id}`)).status, 200);
  });

  it('eventual consistency, time-based: fails inside the window, succeeds after it', async () => {
    emu.setConsistency({ delayMs: 150 });
    const app = await g('POST', '/v1.0/applications', testApp());
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 400);
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 400);
    await new Promise((r) => setTimeout(r, 170));
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 201);
  });

  it('supports the upsert forms with Prefer: create-if-missing', async () => {
    const prefer = { Prefer: 'create-if-missing' };
    const created = await g('PATCH', "/v1.0/applications(uniqueName='itsme-test')", testApp(), prefer);
    assert.equal(created.status, 201);
    assert.equal(created.body.uniqueName, 'itsme-test');
    assert.equal((await g('PATCH', "/v1.0/applications(uniqueName='itsme-test')", testApp({ notes: 'n' }), prefer)).status, 204);
    assert.equal(emu.state.applications.filter((a) => a.uniqueName === 'itsme-test').length, 1);
    assert.equal((await g('PATCH', "/v1.0/applications(uniqueName='missing')", testApp())).status, 404);
    const sp = await g('PATCH', `/v1.0/servicePrincipals(appId='${created.body.appId}')`, {}, prefer);
    assert.equal(sp.status, 201);
    assert.equal((await g('PATCH', `/v1.0/servicePrincipals(appId='${created.body.appId}')`, { notes: 'x' }, prefer)).status, 204);
  });

  it('refuses a second grant with the same clientId + consentType + resourceId: 409 by default, 400 when configured', async () => {
    const app = await g('POST', '/v1.0/applications', testApp());
    const sp = await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId });
    const grant = (scope: string) => g('POST', '/v1.0/oauth2PermissionGrants', { clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: MICROSOFT_GRAPH_SP_ID, scope });
    assert.equal((await grant('openid offline_access')).status, 201);
    assert.equal(emu.options.duplicateGrant, 409);
    // Another scope does not make it another grant: the key is client + consent type + resource (+ principal).
    const dup = await grant('openid');
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'Request_MultipleObjectsWithSameKeyValue');
    assert.equal(dup.body.error.message, 'Permission entry already exists.');
    emu.options.duplicateGrant = 400;
    const dup400 = await grant('openid offline_access');
    assert.equal(dup400.status, 400);
    assert.equal(dup400.body.error.code, 'Request_BadRequest');
    assert.equal(dup400.body.error.message, 'Permission entry already exists.');
    assert.equal(emu.state.oauth2PermissionGrants.length, 1);
    emu.reset();
    assert.equal(emu.options.duplicateGrant, 409, 'reset() restores the default');
  });

  it('service-principal replication delay (consistencyDelayMs): POST /servicePrincipals right after POST /applications is NoBackingApplicationObject until it passes', async () => {
    const slow = await startGraphEmulator({ consistencyDelayMs: 200, trustCa: false });
    try {
      const s = graph(slow, await tokenFor(slow));
      const app = await s('POST', '/v1.0/applications', testApp());
      const t0 = Date.now();
      const early = await s('POST', '/v1.0/servicePrincipals', { appId: app.body.appId });
      assert.equal(early.status, 400);
      assert.equal(early.body.error.code, 'Request_BadRequest');
      assert.equal(early.body.error.details[0].code, 'NoBackingApplicationObject');
      await new Promise((r) => setTimeout(r, Math.max(0, 220 - (Date.now() - t0))));
      assert.equal((await s('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 201);
    } finally {
      await slow.stop();
    }
  });
});
