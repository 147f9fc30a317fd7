// The sandbox's test app for app teams (sandbox/testApp.ts), registered through the emulated Graph: what a person
// registering it by hand ends up with, and registering again changes nothing (a second sandbox start in the same
// tenant, or a test adding its own redirect URI, only adds).
import assert from 'node:assert/strict';
import type { GraphEmulator } from '../../emulators';
import { DEFAULT_SPA_REDIRECT, DEFAULT_WEB_REDIRECT, registerTestApp, TEST_APP_UNIQUE_NAME } from '../../sandbox/testApp';
import { startEmulator } from '../engine/harness';

describe('sandbox: the test app for app teams', () => {
  let graph: GraphEmulator;
  before(async () => {
    graph = await startEmulator();
  });
  after(() => graph.stop());

  it('web + SPA redirect URIs, a working client secret, a service principal and consent; idempotent', async () => {
    const first = await registerTestApp(graph);
    assert.deepEqual(first.webRedirectUris, [DEFAULT_WEB_REDIRECT]);
    assert.deepEqual(first.spaRedirectUris, [DEFAULT_SPA_REDIRECT]);
    const apps = () => graph.state.applications.filter((a) => a['uniqueName'] === TEST_APP_UNIQUE_NAME);
    assert.equal(apps().length, 1);
    const app = apps()[0]!;
    assert.equal(app['signInAudience'], 'AzureADandPersonalMicrosoftAccount');
    // The state keeps each secret's secretText (Graph shows it once): the printed secret is the app's.
    assert.deepEqual((app['passwordCredentials'] as Array<{ secretText: string }>).map((p) => p.secretText), [first.clientSecret]);
    const sp = graph.state.servicePrincipals.find((s) => s.appId === first.appId);
    assert.ok(sp, 'a service principal');
    assert.deepEqual(graph.state.oauth2PermissionGrants.filter((g) => g.clientId === sp.id).map((g) => g.scope), ['openid offline_access']);

    const graphWrites = () => graph.log.filter((e) => e.method !== 'GET' && /^\/(v1\.0|beta)\//.test(e.path)).length;
    const before = graphWrites();
    const again = await registerTestApp(graph);
    assert.deepEqual(again, first, 'the same app and secret');
    assert.equal(graphWrites() - before, 0, 'no write the second time');

    const more = await registerTestApp(graph, { webRedirectUris: ['http://localhost:5000/auth/callback'], spaRedirectUris: ['http://localhost:5001/'] });
    assert.equal(more.appId, first.appId);
    assert.deepEqual(more.webRedirectUris, [DEFAULT_WEB_REDIRECT, 'http://localhost:5000/auth/callback']);
    assert.deepEqual(more.spaRedirectUris, [DEFAULT_SPA_REDIRECT, 'http://localhost:5001/']);
    assert.equal(apps().length, 1);
    assert.equal((app['passwordCredentials'] as unknown[]).length, 1, 'one secret');
  });
});
