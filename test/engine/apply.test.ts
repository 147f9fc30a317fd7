// The engine against the HTTPS Graph emulator: apply, re-apply, tenant checks, permissions, replication delay,
// hand-made objects, destroy, rotate, cancel. Assertions read the emulator's tenant state, not the engine's word.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { applyPlan, MissingSecretError } from '../../src/core/apply/applyPlan';
import { GraphRequestError } from '../../src/core/graph/errors';
import type { GraphPort } from '../../src/core/graph/port';
import { observe } from '../../src/core/plan/observe';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { computeRotatePlan } from '../../src/core/plan/rotatePlan';
import { TenantCheckError } from '../../src/core/plan/tenant';
import { APP_TAG } from '../../src/core/graph/model';
import type { GraphEmulator } from '../../emulators';
import { ITSME_SECRET, graphFor, lastSeq, startEmulator, testConfig, writesIn } from './harness';
import { assertExactlyOurObjects } from './tenantAssertions';

describe('engine against the Graph emulator', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  let graph: GraphPort;

  beforeEach(async () => {
    emu = await startEmulator();
    graph = graphFor(emu);
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('applies a full itsme configuration, then re-applies with zero writes', async () => {
    const config = testConfig();
    const first = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(first.status, 'applied', JSON.stringify(first.outcomes));
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    const idp = emu.state.identityProviders.find((p) => p.displayName === 'itsme')!;
    assert.equal(idp['scope'], 'openid service:MYBANK_LOGIN profile email');
    assert.equal(idp['metadataUrl'], 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration');
    const flow = emu.state.userFlows.find((f) => f.id === 'B2C_1_itsme')!;
    assert.equal((flow.tokenLifetimeConfiguration as any)?.accessAndIdTokenLifetimeInMinutes, 5);
    assert.match(first.outputs.runUserFlowUrl!, /client_id=[0-9a-f-]{36}&/);

    const mark = lastSeq(emu);
    const second = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(second.status, 'noChanges');
    assert.equal(writesIn(emu, mark), 0, 'a configured tenant gets no writes');
    assert.equal(second.writes, 0);
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
  });

  it('says "manual" with the portal step when the tenant ignores the token-lifetime properties, and never claims them', async () => {
    await emu.stop();
    emu = await startEmulator({ undocumentedUserFlowProps: 'ignore' });
    graph = graphFor(emu);
    const config = testConfig();
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(r.status, 'manualRemaining');
    const s = r.outcomes.find((o) => o.resource === 'userFlowSettings')!;
    assert.equal(s.status, 'manual');
    assert.match(s.manual!.text, /5/);
    assert.match(s.manual!.portalUrl!, /portal\.azure\.com/);
    // Absent on GET is not "unsupported" (issue 7: an interrupted apply may never have patched the flow), so the
    // re-apply writes the settings once more and decides from the read-back: one PATCH, nothing else.
    const mark = lastSeq(emu);
    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'manualRemaining');
    const writes = emu.log.filter((e) => e.seq > mark && e.method !== 'GET' && !e.path.includes('/oauth2/'));
    assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), ['PATCH /beta/identity/b2cUserFlows/B2C_1_itsme']);
  });

  it('treats a rejected token-lifetime property as a manual step, not a failure', async () => {
    await emu.stop();
    emu = await startEmulator({ undocumentedUserFlowProps: 'reject' });
    graph = graphFor(emu);
    const r = await applyConfiguration(graph, testConfig(), { secret: ITSME_SECRET });
    assert.equal(r.status, 'manualRemaining');
    assertExactlyOurObjects(emu, testConfig(), ITSME_SECRET);
  });

  it('refuses a non-B2C tenant with zero writes', async () => {
    await emu.stop();
    emu = await startEmulator({ tenant: { tenantType: 'AAD' } });
    graph = graphFor(emu);
    await assert.rejects(applyConfiguration(graph, testConfig(), { secret: ITSME_SECRET }), (e: unknown) => e instanceof TenantCheckError && e.reason === 'notB2C' && /not an Azure AD B2C tenant/.test(e.message));
    assert.equal(writesIn(emu), 0);
  });

  it('detects B2C without Organization.Read.All (from the provider types)', async () => {
    await emu.stop();
    emu = await startEmulator({ tenant: { grantedPermissions: ['IdentityProvider.ReadWrite.All', 'IdentityUserFlow.ReadWrite.All', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All'] } });
    graph = graphFor(emu);
    const observed = await observe(graph, testConfig());
    assert.equal(observed.tenant.evidence, 'availableProviderTypes');
    assert.equal(observed.tenant.shortName, 'contosob2c');
  });

  it('names the missing permission on 403', async () => {
    await emu.stop();
    emu = await startEmulator({ tenant: { grantedPermissions: ['IdentityProvider.ReadWrite.All', 'IdentityUserFlow.ReadWrite.All', 'Organization.Read.All'] } });
    graph = graphFor(emu);
    await assert.rejects(applyConfiguration(graph, testConfig(), { secret: ITSME_SECRET }), (e: unknown) => e instanceof GraphRequestError && e.kind === 'permission' && /Application\.ReadWrite\.All/.test(e.message));
    assert.equal(writesIn(emu), 0);
  });

  it('says to sign in again when the credential is refused', async () => {
    graph = graphFor(emu, { clientSecret: 'wrong-secret-value' });
    await assert.rejects(observe(graph, testConfig()), (e: unknown) => e instanceof GraphRequestError && e.kind === 'auth');
  });

  it('refuses to start without the itsme secret when the identity provider must be created, with zero writes', async () => {
    await assert.rejects(applyConfiguration(graph, testConfig()), MissingSecretError);
    assert.equal(writesIn(emu), 0);
  });

  it('waits out the replication delay after the app is created', async () => {
    await emu.stop();
    emu = await startEmulator({ consistencyDelayMs: 1_500 });
    graph = graphFor(emu);
    const config = testConfig();
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: { baseDelayMs: 100, maxWaitMs: 10_000 } });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    const refused = emu.log.filter((e) => e.method === 'POST' && e.path.endsWith('/servicePrincipals') && e.status === 400);
    assert.ok(refused.length >= 1, 'the emulator did refuse the early service principal');
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
  });

  it('leaves hand-made objects alone on apply and destroy', async () => {
    await emu.stop();
    emu = await startEmulator({
      tenant: {
        identityProviders: [{ id: 'OIDC-V1-handmade-0001', displayName: 'Contoso partner IdP', clientId: 'partner', metadataUrl: 'https://idp.contoso.example/.well-known/openid-configuration', scope: 'openid', responseType: 'code', responseMode: 'form_post', claimsMapping: { userId: 'sub', displayName: 'name' } }],
        userFlows: [{ id: 'B2C_1_handmade', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3, identityProviderIds: ['OIDC-V1-handmade-0001'] }],
        applications: [{ displayName: 'itsme-test-jwtms', web: { redirectUris: ['https://contoso.example/callback'] } }, { displayName: 'Contoso web' }],
      },
    });
    graph = graphFor(emu);
    const before = JSON.stringify({ i: emu.state.identityProviders, f: emu.state.userFlows, a: emu.state.applications });
    const config = testConfig();
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    // Issue 7: the hand-made app with our name is a clash: named, and no lookalike is created beside it.
    assert.equal(r.status, 'manualRemaining', JSON.stringify(r.outcomes));
    assert.equal(r.outcomes.find((o) => o.resource === 'application')!.status, 'manual');
    assert.equal(emu.state.applications.filter((a) => a.displayName === 'itsme-test-jwtms').length, 1, 'no lookalike app');
    const handIdp = emu.state.identityProviders.find((p) => p.id === 'OIDC-V1-handmade-0001');
    assert.deepEqual(handIdp, JSON.parse(before).i[0]);
    assert.deepEqual(emu.state.userFlows.find((f) => f.id === 'B2C_1_handmade'), JSON.parse(before).f[0]);
    for (const a of JSON.parse(before).a) assert.deepEqual(emu.state.applications.find((x) => x.id === a.id), a);

    const observed = await observe(graph, config);
    const plan = computeDestroyPlan(config, observed);
    const result = await applyPlan(plan, graph);
    assert.ok(result.outcomes.every((o) => o.status === 'done' || o.status === 'noop'), JSON.stringify(result.outcomes));
    const after = JSON.stringify({ i: emu.state.identityProviders, f: emu.state.userFlows, a: emu.state.applications });
    assert.equal(after, before, 'destroy removed exactly what apply made');
    assert.equal(emu.state.oauth2PermissionGrants.filter((g) => g.resourceId !== undefined && emu.state.servicePrincipals.every((sp) => sp.id !== g.clientId)).length, 0, 'no orphaned grants');
  });

  it('rotates the secret only when asked, and sends it only in that PATCH', async () => {
    const config = testConfig();
    await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    const mark = lastSeq(emu);
    const plan = computeRotatePlan(config, await observe(graph, config));
    const r = await applyPlan(plan, graph, { secret: 'new-itsme-secret-2' });
    assert.equal(r.outcomes[0]!.status, 'done');
    const idp = emu.state.identityProviders.find((p) => p.displayName === 'itsme')!;
    assert.equal(idp['clientSecret'], 'new-itsme-secret-2');
    const patches = emu.log.filter((e) => e.seq > mark && e.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.match(patches[0]!.path, /\/beta\/identity\/identityProviders\//);
  });

  it('cancelled mid-apply leaves a tenant the next apply completes, with no duplicates', async () => {
    const config = testConfig();
    const count = () => emu.state.identityProviders.length + emu.state.userFlows.length + emu.state.applications.length;
    const baseline = count();
    const abort = new AbortController();
    let writes = 0;
    const cancelling: GraphPort = {
      baseUrl: graph.baseUrl,
      send: async <T>(req: Parameters<GraphPort['send']>[0], signal?: AbortSignal) => {
        const res = await graph.send<T>(req, signal);
        if (req.method !== 'GET' && ++writes === 2) abort.abort();
        return res;
      },
    };
    const r = await applyConfiguration(cancelling, config, { secret: ITSME_SECRET, signal: abort.signal });
    assert.equal(r.status, 'cancelled');
    const made = count() - baseline;
    assert.ok(made >= 1, `some objects were made (${made})`);
    assert.equal(emu.state.oauth2PermissionGrants.length, 0, 'the apply stopped before the consent');
    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'applied', JSON.stringify(again.outcomes));
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    assert.equal(emu.state.applications.filter((a) => (a['tags'] as string[] | undefined)?.includes(APP_TAG)).length, 1);
  });
});
