// The engine's use cases (src/core/usecases), shared by the extension and the CLI, against the HTTPS Graph
// emulator: apply the reviewed plan (or stop when the tenant changed since), rotate, destroy, check a tenant.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { MissingSecretError } from '../../src/core/apply/applyPlan';
import { computePlan } from '../../src/core/plan/computePlan';
import { observe } from '../../src/core/plan/observe';
import { isNoChange } from '../../src/core/plan/types';
import { applyReviewedPlan } from '../../src/core/usecases/applyReviewedPlan';
import { checkTenantReference, tenantReferenceProblem, TenantReferenceError } from '../../src/core/usecases/checkTenant';
import { applyDestroy, planDestroy, removals } from '../../src/core/usecases/destroy';
import { rotateSecret } from '../../src/core/usecases/rotateSecret';
import type { GraphPort } from '../../src/core/graph/port';
import type { GraphEmulator } from '../../emulators';
import { ITSME_SECRET, graphFor, lastSeq, startEmulator, testConfig, writesIn } from './harness';
import { assertExactlyOurObjects } from './tenantAssertions';

describe('engine use cases against the Graph emulator', function () {
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

  describe('applyReviewedPlan', () => {
    it('applies the reviewed plan when the tenant is as it was reviewed', async () => {
      const config = testConfig();
      const reviewed = computePlan(config, await observe(graph, config));
      const r = await applyReviewedPlan(graph, config, reviewed, { secret: ITSME_SECRET });
      assert.equal(r.status, 'applied', JSON.stringify(r));
      assertExactlyOurObjects(emu, config, ITSME_SECRET);
    });

    it('writes nothing and returns the new plan when the tenant changed since the review', async () => {
      const config = testConfig();
      const reviewed = computePlan(config, await observe(graph, config));
      // Another window (or a pipeline) applies the same configuration while the review is open.
      await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      const mark = lastSeq(emu);
      const steps: string[] = [];
      const r = await applyReviewedPlan(graph, config, reviewed, { secret: ITSME_SECRET, reporter: { onStep: (o) => steps.push(`${o.resource}:${o.status}`) } });
      assert.equal(r.status, 'planChanged');
      assert.ok(r.status === 'planChanged' && isNoChange(r.plan), 'the new plan is the tenant as it is now');
      assert.equal(writesIn(emu, mark), 0, 'nothing written');
      assert.deepEqual(steps, [], 'no step reported as started or cancelled');
    });

    it('never writes a change nobody reviewed: a "no change" review stays unwritten when the flow was edited since', async () => {
      const config = testConfig();
      await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      const reviewed = computePlan(config, await observe(graph, config));
      assert.ok(isNoChange(reviewed));
      const flow = emu.state.userFlows.find((f) => f.id === config.userFlow.id)!;
      flow.tokenLifetimeConfiguration = { accessAndIdTokenLifetimeInMinutes: 60, rollingRefreshTokenLifetimeInDays: -1 };
      const mark = lastSeq(emu);
      const r = await applyReviewedPlan(graph, config, reviewed, { secret: ITSME_SECRET });
      assert.equal(r.status, 'planChanged');
      assert.ok(r.status === 'planChanged' && r.plan.steps.some((s) => s.resource === 'userFlowSettings' && s.action === 'update'));
      assert.equal(writesIn(emu, mark), 0, 'the lifetime PATCH was not sent: it was not on the reviewed plan');
    });

    it('a change the plan does not touch (a hand-made app) is no reason to stop', async () => {
      const config = testConfig();
      const reviewed = computePlan(config, await observe(graph, config));
      emu.state.applications.push({ id: 'hand-made-0001', appId: 'hand-made-app-0001', displayName: 'Contoso web' } as (typeof emu.state.applications)[number]);
      const r = await applyReviewedPlan(graph, config, reviewed, { secret: ITSME_SECRET });
      assert.equal(r.status, 'applied');
    });

    it('a cancel before the read stays a cancel', async () => {
      const config = testConfig();
      const reviewed = computePlan(config, await observe(graph, config));
      const abort = new AbortController();
      abort.abort();
      const mark = lastSeq(emu);
      const r = await applyReviewedPlan(graph, config, reviewed, { secret: ITSME_SECRET, signal: abort.signal }).catch((e: unknown) => e);
      assert.ok(!(r && typeof r === 'object' && 'status' in r && (r.status === 'applied' || r.status === 'planChanged')), JSON.stringify(r));
      assert.equal(writesIn(emu, mark), 0);
    });
  });

  describe('rotateSecret', () => {
    it('PATCHes only the identity provider\'s secret', async () => {
      const config = testConfig();
      await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      const mark = lastSeq(emu);
      const r = await rotateSecret(graph, config, 'rotated-itsme-Secret-3');
      assert.equal(r.status, 'done');
      assert.equal(r.writes, 1);
      assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')?.['clientSecret'], 'rotated-itsme-Secret-3');
      assert.equal(writesIn(emu, mark), 1);
    });

    it('with no identity provider of this configuration: a manual step that says to apply first, nothing written', async () => {
      const mark = lastSeq(emu);
      const r = await rotateSecret(graph, testConfig(), 'rotated-itsme-Secret-3');
      assert.equal(r.status, 'manualRemaining');
      assert.match(r.plan.steps[0]!.manual!.text, /apply/i);
      assert.equal(writesIn(emu, mark), 0);
    });

    it('refuses without a secret', async () => {
      const config = testConfig();
      await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      await assert.rejects(rotateSecret(graph, config, undefined), MissingSecretError);
    });
  });

  describe('destroy', () => {
    it('plans the removals, removes exactly them, and a second run has none', async () => {
      const config = testConfig();
      const before = JSON.stringify({ i: emu.state.identityProviders, f: emu.state.userFlows, a: emu.state.applications });
      await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      const plan = await planDestroy(graph, config);
      assert.deepEqual(removals(plan).map((s) => s.resource).sort(), ['adminConsent', 'application', 'identityProvider', 'servicePrincipal', 'userFlow']);
      const r = await applyDestroy(graph, plan);
      assert.equal(r.status, 'done', JSON.stringify(r.outcomes));
      assert.equal(JSON.stringify({ i: emu.state.identityProviders, f: emu.state.userFlows, a: emu.state.applications }), before);
      const again = await planDestroy(graph, config);
      assert.deepEqual(removals(again), []);
      const mark = lastSeq(emu);
      assert.equal((await applyDestroy(graph, again)).status, 'noChanges');
      assert.equal(writesIn(emu, mark), 0);
    });
  });

  describe('checkTenantReference', () => {
    it('names a B2C tenant from its domain', async () => {
      const info = await checkTenantReference(graph, 'contosob2c.onmicrosoft.com');
      assert.equal(info.initialDomain, 'contosob2c.onmicrosoft.com');
      assert.equal(info.tenantType, 'AAD B2C');
    });

    it('refuses a reference that is no tenant, in words, without a request', async () => {
      assert.ok(tenantReferenceProblem('not a tenant!'));
      assert.equal(tenantReferenceProblem(' contosob2c.onmicrosoft.com '), undefined);
      const mark = lastSeq(emu);
      await assert.rejects(checkTenantReference(graph, 'not a tenant!'), TenantReferenceError);
      assert.equal(emu.log.filter((e) => e.seq > mark).length, 0);
    });
  });
});
