// The engine against the Graph emulator's external tenant (tenantType CIAM) and the itsme emulator (the discovery
// document of the pre-flight): a full apply, a re-apply that writes nothing, the ownership rules (a hand-made flow,
// an app linked to another flow), a field that does not exist for the kind, rotate, destroy, and fault schedules.
import assert from 'node:assert/strict';
import { applyConfiguration, type ApplyResult } from '../../src/core/apply/applyConfiguration';
import { applyPlan } from '../../src/core/apply/applyPlan';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { ConfigKindError } from '../../src/core/plan/kindCheck';
import { observe } from '../../src/core/plan/observe';
import { rotateSecret } from '../../src/core/usecases/rotateSecret';
import { externalFlows, flowForApp, oidcProviders, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { APP_TAG } from '../../src/core/graph/model';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { ITSME_SECRET, graphFor, lastSeq, startEmulator, testConfig, writesIn } from './harness';

const FAST = { baseDelayMs: 20, maxWaitMs: 2_000 };

function assertExternalConfigured(emu: GraphEmulator, config: ItsmeSetupConfig, itsme: ItsmeEmulator, secret: string): void {
  const s = emu.state;
  const providers = oidcProviders(s).filter((p) => p.displayName === config.identityProvider.displayName);
  assert.equal(providers.length, 1, `one itsme provider, got ${providers.length}`);
  const p = providers[0]!;
  assert.equal(p.clientId, config.itsme.partnerCode);
  assert.equal(p.issuer, itsme.issuers.v2, 'the issuer comes from itsme\'s discovery document');
  assert.equal(p.wellKnownEndpoint, itsme.metadataUrls.v2);
  assert.equal(p.responseType, 'code');
  assert.equal(p.clientAuthentication.clientSecret, secret, 'the secret reached Graph');
  assert.equal((p.inboundClaimMapping as Record<string, unknown>)['email_verified'], 'email_verified');
  const flows = externalFlows(s).filter((f) => f.displayName === 'itsme');
  assert.equal(flows.length, 1, `one flow, got ${flows.length}`);
  assert.ok(flows[0]!.providers.some((x) => x.id === p.id), 'the flow offers itsme');
  assert.equal(flows[0]!.isSignUpAllowed, true);
  assert.equal(flows[0]!.userTypeToCreate, 'member');
  const apps = s.applications.filter((a) => a.displayName === config.app.displayName && (a['tags'] as string[] | undefined)?.includes(APP_TAG));
  assert.equal(apps.length, 1, `one app, got ${apps.length}`);
  assert.equal(apps[0]!['signInAudience'], 'AzureADMyOrg');
  assert.equal(flowForApp(s, apps[0]!.appId)?.id, flows[0]!.id, 'the app signs in through the flow');
  assert.equal(s.servicePrincipals.filter((sp) => sp.appId === apps[0]!.appId).length, 1);
}

describe('engine: External ID tenant (CIAM)', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  let itsme: ItsmeEmulator;
  let config: ItsmeSetupConfig;

  before(async () => {
    [emu, itsme] = await Promise.all([startEmulator({ tenantType: 'CIAM', consistencyDelayMs: 0 }), startItsmeEmulator()]);
    config = testConfig({ tenant: 'contosoext.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', generation: 'custom', metadataUrl: itsme.metadataUrls.v2 } });
  });
  after(async () => {
    await Promise.all([emu.stop(), itsme.stop()]);
  });
  beforeEach(() => {
    emu.reset();
    emu.faults.clear();
  });

  it('applies to an empty external tenant, then a re-apply writes nothing', async () => {
    const graph = graphFor(emu);
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: FAST });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes.map((o) => [o.resource, o.status, o.detail])));
    assertExternalConfigured(emu, config, itsme, ITSME_SECRET);
    assert.equal(r.outputs.kind, 'external');
    assert.deepEqual(r.outputs.itsmeRedirectUris, [`https://contosoext.ciamlogin.com/${emu.tenantId}/federation/oauth2`, 'https://contosoext.ciamlogin.com/contosoext.onmicrosoft.com/federation/oauth2']);
    assert.equal(r.outputs.tokenIssuer, `https://${emu.tenantId}.ciamlogin.com/${emu.tenantId}/v2.0`);
    assert.match(r.outputs.runUserFlowUrl ?? '', new RegExp(`^https://contosoext\\.ciamlogin\\.com/${emu.tenantId}/oauth2/v2\\.0/authorize\\?client_id=`));
    assert.doesNotMatch(r.outputs.runUserFlowUrl ?? '', /[?&]p=/);
    assert.equal(r.outputs.preflight?.ok, true, JSON.stringify(r.outputs.preflight));
    const mark = lastSeq(emu);
    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'noChanges', JSON.stringify(again.plan.steps.filter((s) => s.action !== 'noop')));
    assert.equal(writesIn(emu, mark), 0);
  });

  it('refuses token lifetimes for an external tenant with zero writes, naming the field and why', async () => {
    const c = testConfig({ tenant: 'contosoext.onmicrosoft.com', userFlow: { tokenLifetimeMinutes: 60 }, itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', generation: 'custom', metadataUrl: itsme.metadataUrls.v2 } });
    await assert.rejects(applyConfiguration(graphFor(emu), c, { secret: ITSME_SECRET }), (e: unknown) => e instanceof ConfigKindError && /userFlow\.tokenLifetimeMinutes/.test(e.message) && /no token lifetime/.test(e.message));
    assert.equal(writesIn(emu), 0);
  });

  it('an unreachable discovery document stops the provider (pre-flight), and says so', async () => {
    const c = testConfig({ tenant: 'contosoext.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', generation: 'custom', metadataUrl: `${itsme.url}/nothing/.well-known/openid-configuration` } });
    const plan = computePlan(c, await observe(graphFor(emu), c));
    assert.equal(plan.outputs.preflight?.ok, false);
    const idp = plan.steps.find((s) => s.resource === 'identityProvider')!;
    assert.equal(idp.action, 'manual');
    assert.match(idp.reason, /did not answer/);
  });

  it('an app linked to another flow is a clash the plan names; it is never moved', async () => {
    const graph = graphFor(emu);
    await applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: FAST });
    const app = emu.state.applications.find((a) => a.displayName === config.app.displayName)!;
    // Someone moves the app to their own flow by hand.
    const mine = flowForApp(emu.state, app.appId)!;
    const r1 = await graph.send({ method: 'DELETE', version: 'v1.0', path: `/identity/authenticationEventsFlows/${mine.id}/conditions/applications/includeApplications/${app.appId}` }).catch((e: Error) => e);
    assert.ok(!(r1 instanceof Error), String(r1));
    const other = await graph.send<{ id: string }>({ method: 'POST', version: 'v1.0', path: '/identity/authenticationEventsFlows', body: { '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow', displayName: 'hand-made', onAuthenticationMethodLoadStart: { '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp', identityProviders: [{ id: 'EmailPassword-OAUTH' }] } } });
    await graph.send({ method: 'POST', version: 'v1.0', path: `/identity/authenticationEventsFlows/${other.body!.id}/conditions/applications/includeApplications`, body: { '@odata.type': '#microsoft.graph.authenticationConditionApplication', appId: app.appId } });
    const mark = lastSeq(emu);
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(r.status, 'manualRemaining');
    const link = r.plan.steps.find((s) => s.resource === 'appFlowLink')!;
    assert.equal(link.action, 'manual');
    assert.match(link.reason, /another user flow, "hand-made"/);
    assert.equal(writesIn(emu, mark), 0);
    assert.equal(flowForApp(emu.state, app.appId)?.id, other.body!.id, 'the app stays where it was put');
  });

  it('a hand-made flow with our name is left alone (clash), and userFlow.existing adds itsme to it', async () => {
    const graph = graphFor(emu);
    await graph.send({ method: 'POST', version: 'v1.0', path: '/identity/authenticationEventsFlows', body: { '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow', displayName: 'itsme', onAuthenticationMethodLoadStart: { '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp', identityProviders: [{ id: 'EmailPassword-OAUTH' }] } } });
    const plan = computePlan(config, await observe(graph, config));
    assert.equal(plan.steps.find((s) => s.resource === 'userFlow')!.action, 'manual');
    const existing = testConfig({ tenant: 'contosoext.onmicrosoft.com', userFlow: { existing: true }, itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', generation: 'custom', metadataUrl: itsme.metadataUrls.v2 } });
    const r = await applyConfiguration(graph, existing, { secret: ITSME_SECRET, consistency: FAST });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes.map((o) => [o.resource, o.status, o.detail])));
    const flow = externalFlows(emu.state).find((f) => f.displayName === 'itsme')!;
    assert.deepEqual(flow.providers.map((p) => p.id).sort(), ['EmailPassword-OAUTH', oidcProviders(emu.state)[0]!.id].sort());
    // Destroy takes itsme and the app out of the user's flow and keeps the flow.
    const d = await applyPlan(computeDestroyPlan(existing, await observe(graph, existing)), graph);
    assert.ok(d.outcomes.every((o) => o.status !== 'failed'), JSON.stringify(d.outcomes));
    const after = externalFlows(emu.state).find((f) => f.displayName === 'itsme');
    assert.ok(after, 'the user\'s flow is kept');
    assert.deepEqual(after.providers.map((p) => p.id), ['EmailPassword-OAUTH']);
    assert.equal(oidcProviders(emu.state).length, 0);
  });

  it('rotate-secret replaces the secret; destroy removes only ours', async () => {
    const graph = graphFor(emu);
    await applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: FAST });
    const rot = await rotateSecret(graph, config, 'new-Secret-2');
    assert.equal(rot.status, 'done', JSON.stringify(rot.outcomes));
    assert.equal(oidcProviders(emu.state)[0]!.clientAuthentication.clientSecret, 'new-Secret-2');
    const builtIns = emu.state.identityProviders.filter((p) => !/oidcIdentityProvider$/i.test(String(p['@odata.type']))).length;
    const otherApps = emu.state.applications.filter((a) => a.displayName !== config.app.displayName).length;
    const d = await applyPlan(computeDestroyPlan(config, await observe(graph, config)), graph);
    assert.ok(d.outcomes.every((o) => o.status !== 'failed'), JSON.stringify(d.outcomes));
    assert.equal(oidcProviders(emu.state).length, 0);
    assert.equal(externalFlows(emu.state).filter((f) => f.displayName === 'itsme').length, 0);
    assert.equal(emu.state.applications.filter((a) => a.displayName === config.app.displayName).length, 0);
    assert.equal(emu.state.identityProviders.length, builtIns, 'built-in providers stay');
    assert.equal(emu.state.applications.length, otherApps, 'b2c-extensions-app and the rest stay');
  });

  const kinds = [{ kind: 'status', status: 429, retryAfterSeconds: 0 }, { kind: 'status', status: 503, retryAfterSeconds: 0 }, { kind: 'status', status: 500 }, 'drop', 'dropAfterEffect'] as const;
  for (let seed = 1; seed <= Number(process.env['ITSME_FAULT_SCHEDULES'] ?? 30); seed++) {
    it(`fault schedule ${seed} converges with no duplicates`, async () => {
      emu.faults.randomSchedule(seed, { rate: 0.3, kinds: kinds.map((k) => (typeof k === 'string' ? k : { ...k })) });
      const graph = graphFor(emu);
      let result: ApplyResult | undefined;
      for (let i = 0; i < 5; i++) {
        try {
          result = await applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: FAST });
        } catch {
          result = undefined;
          continue;
        }
        if (result.status === 'applied' || result.status === 'noChanges') break;
      }
      assert.ok(result && (result.status === 'applied' || result.status === 'noChanges'), JSON.stringify(result?.outcomes.map((o) => [o.resource, o.status, o.detail])));
      emu.faults.clear();
      assertExternalConfigured(emu, config, itsme, ITSME_SECRET);
      const mark = lastSeq(emu);
      const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      assert.equal(again.status, 'noChanges');
      assert.equal(writesIn(emu, mark), 0);
    });
  }
});
