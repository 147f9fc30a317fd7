// Issue 7 against the Graph emulator: ownership (a hand-made provider with another partner code stays
// byte-identical through plan, apply and destroy), re-apply on a Graph that ignores undocumented query options,
// a 409 resolved in the same round, two applies at once then repair, and a re-apply after an interruption
// between the flow's POST and its settings PATCH.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { applyPlan } from '../../src/core/apply/applyPlan';
import type { GraphPort, GraphRequest } from '../../src/core/graph/port';
import { APP_TAG } from '../../src/core/graph/model';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { observe } from '../../src/core/plan/observe';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import type { GraphEmulator } from '../../emulators';
import { ITSME_SECRET, graphFor, lastSeq, startEmulator, testConfig, writesIn } from './harness';
import { assertExactlyOurObjects } from './tenantAssertions';

/**
 * A Graph that honours only documented query options: `$expand` on a servicePrincipals query is dropped, as a
 * strict implementation ignores it (graph-b2c.md §3, "Finding an existing grant"). Requests are otherwise sent as is.
 */
function strict(graph: GraphPort, seen: GraphRequest[] = []): GraphPort {
  return {
    baseUrl: graph.baseUrl,
    send: <T>(req: GraphRequest, signal?: AbortSignal) => {
      seen.push(req);
      const path = req.path.replace(/([?&])\$expand=[^&]*&?/, '$1').replace(/[?&]$/, '');
      return graph.send<T>({ ...req, path }, signal);
    },
  };
}

/** Nothing of this configuration is left: no provider with our partner code, no flow, no tagged app, no orphan. */
function assertNoneOfOurs(emu: GraphEmulator, config: ItsmeSetupConfig): void {
  const s = emu.state;
  assert.deepEqual(s.identityProviders.filter((p) => p['clientId'] === config.itsme.partnerCode).map((p) => p.id), [], 'no provider of ours');
  assert.deepEqual(s.userFlows.filter((f) => f.id === config.userFlow.id).map((f) => f.id), [], 'no flow of ours');
  const apps = s.applications.filter((a) => (a['tags'] as string[] | undefined)?.includes(APP_TAG));
  assert.deepEqual(apps.map((a) => a.id), [], 'no app of ours');
  const appIds = new Set(s.applications.map((a) => a.appId));
  const orphans = s.servicePrincipals.filter((sp) => sp.appId !== '00000003-0000-0000-c000-000000000000' && sp.id !== s.management.servicePrincipalId && !appIds.has(sp.appId));
  assert.deepEqual(orphans.map((sp) => sp.id), [], 'no orphaned service principal');
  const spIds = new Set(s.servicePrincipals.map((sp) => sp.id));
  assert.deepEqual(s.oauth2PermissionGrants.filter((g) => !spIds.has(g.clientId)).map((g) => g.id), [], 'no orphaned grant');
}

/**
 * Two machines that both read the tenant before either writes: each port holds its first write until every
 * party has reached its own first write (the interleaving a 100 ms latency makes likely, made certain).
 */
function startedTogether(ports: GraphPort[]): GraphPort[] {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return ports.map((graph) => {
    let first = true;
    return {
      baseUrl: graph.baseUrl,
      send: async <T>(req: GraphRequest, signal?: AbortSignal) => {
        if (req.method !== 'GET' && first) {
          first = false;
          if (++arrived === ports.length) release();
          await all;
        }
        return graph.send<T>(req, signal);
      },
    };
  });
}

async function destroy(graph: GraphPort, config: ItsmeSetupConfig) {
  return applyPlan(computeDestroyPlan(config, await observe(graph, config)), graph);
}

describe('issue 7: ownership, documented reads, concurrency, interruptions', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  afterEach(async () => {
    await emu?.stop();
  });

  it('a hand-made "itsme" provider with another partner code stays byte-identical through plan, apply and destroy', async () => {
    const hand = {
      id: 'OIDC-V1-itsme-hand-0001',
      displayName: 'itsme',
      clientId: 'prd-partner-77',
      clientSecret: 'hand-made-secret',
      metadataUrl: 'https://idp.prd.itsme.services/v2/.well-known/openid-configuration',
      scope: 'openid service:PRD_LOGIN profile email',
      responseType: 'code',
      responseMode: 'query',
      claimsMapping: { userId: 'sub', displayName: 'name' },
    };
    emu = await startEmulator({ tenant: { identityProviders: [hand] } });
    const graph = graphFor(emu);
    const config = testConfig();
    const before = JSON.stringify(emu.state.identityProviders.find((p) => p.id === hand.id));

    const plan = computePlan(config, await observe(graph, config));
    const step = plan.steps.find((s) => s.resource === 'identityProvider')!;
    assert.equal(step.action, 'manual', step.reason);
    assert.match(step.reason, /OIDC-V1-itsme-hand-0001/);
    assert.ok(!plan.steps.some((s) => s.requests.some((r) => r.path.includes(hand.id))));

    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.notEqual(r.status, 'applied');
    assert.equal(JSON.stringify(emu.state.identityProviders.find((p) => p.id === hand.id)), before, 'apply left it byte-identical');
    assert.equal(emu.log.filter((e) => e.method !== 'GET' && e.path.includes(hand.id)).length, 0, 'no write names it');

    await destroy(graph, config);
    assert.equal(JSON.stringify(emu.state.identityProviders.find((p) => p.id === hand.id)), before, 'destroy left it byte-identical');
    assertNoneOfOurs(emu, config);
  });

  it('an explicit adopt takes the hand-made provider over with our partner code and secret; destroy then removes it', async () => {
    emu = await startEmulator({ tenant: { identityProviders: [{ id: 'OIDC-V1-itsme-hand-0002', displayName: 'itsme', clientId: 'other', clientSecret: 'old-secret', metadataUrl: 'https://idp.prd.itsme.services/v2/.well-known/openid-configuration', scope: 'openid service:X', responseType: 'code', responseMode: 'query', claimsMapping: { userId: 'sub', displayName: 'name' } }] } });
    const graph = graphFor(emu);
    const config = testConfig();
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET, plan: { adopt: { identityProvider: 'OIDC-V1-itsme-hand-0002' } } });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.equal(r.plan.steps[0]!.action, 'adopt');
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')!.id, 'OIDC-V1-itsme-hand-0002');
    await destroy(graph, config);
    assertNoneOfOurs(emu, config);
  });

  it('re-applies with zero writes on a Graph that ignores $expand, and destroy removes the grant', async () => {
    emu = await startEmulator();
    const seen: GraphRequest[] = [];
    const graph = strict(graphFor(emu), seen);
    const config = testConfig();
    const first = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(first.status, 'applied', JSON.stringify(first.outcomes));
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    const mark = lastSeq(emu);
    const second = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(second.status, 'noChanges', JSON.stringify(second.outcomes));
    assert.equal(writesIn(emu, mark), 0);
    assert.equal(second.rounds, 1);
    assert.deepEqual(seen.filter((r) => r.path.includes('$expand')).map((r) => r.path), [], 'no request relies on $expand');
    await destroy(graph, config);
    assertNoneOfOurs(emu, config);
    assert.equal(emu.state.oauth2PermissionGrants.filter((g) => g.consentType === 'AllPrincipals' && g.scope.includes('offline_access')).length, 0, 'the grant is gone');
  });

  it('a 409 on the grant (another run made it meanwhile) is resolved in the same round, never retried as transient', async () => {
    emu = await startEmulator({ latencyMs: 100 });
    const config = testConfig();
    assert.equal((await applyConfiguration(graphFor(emu), config, { secret: ITSME_SECRET })).status, 'applied');
    emu.state.oauth2PermissionGrants = emu.state.oauth2PermissionGrants.filter((g) => !g.scope.includes('offline_access'));
    const [g1, g2] = startedTogether([graphFor(emu), graphFor(emu)]);
    const [a, b] = await Promise.all([applyConfiguration(g1!, config, { secret: ITSME_SECRET }), applyConfiguration(g2!, config, { secret: ITSME_SECRET })]);
    const conflicts = emu.log.filter((e) => e.method === 'POST' && e.path.endsWith('/oauth2PermissionGrants') && e.status === 409);
    assert.equal(conflicts.length, 1, 'the two runs did race on the grant');
    for (const r of [a, b]) {
      assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
      assert.equal(r.rounds, 1, 'the 409 was resolved in the same round');
    }
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
  });

  it('two applies at once, then a third repairs to exactly one of each, then destroy leaves none of ours', async () => {
    emu = await startEmulator({ latencyMs: 100 });
    const config = testConfig();
    const [g1, g2] = startedTogether([graphFor(emu), graphFor(emu)]);
    const [a, b] = await Promise.all([applyConfiguration(g1!, config, { secret: ITSME_SECRET }), applyConfiguration(g2!, config, { secret: ITSME_SECRET })]);
    for (const r of [a, b]) assert.ok(['applied', 'noChanges'].includes(r.status), JSON.stringify(r.outcomes));
    const tagged = () => emu.state.applications.filter((x) => (x['tags'] as string[] | undefined)?.includes(APP_TAG));
    assert.equal(tagged().length, 2, 'both runs created an app: there are duplicates to repair');

    const graph = graphFor(emu);
    const plan = computePlan(config, await observe(graph, config));
    const dup = plan.steps.find((s) => s.resource === 'duplicates');
    assert.equal(dup?.action, 'removeDuplicate', 'the plan shows "remove duplicate"');
    const oldest = [...tagged()].sort((x, y) => String(x['createdDateTime']).localeCompare(String(y['createdDateTime'])) || x.id.localeCompare(y.id))[0]!;
    const third = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(third.status, 'applied', JSON.stringify(third.outcomes));
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    assert.equal(tagged()[0]!.id, oldest.id, 'the oldest app is kept');
    const mark = lastSeq(emu);
    assert.equal((await applyConfiguration(graph, config, { secret: ITSME_SECRET })).status, 'noChanges');
    assert.equal(writesIn(emu, mark), 0);

    await destroy(graph, config);
    assertNoneOfOurs(emu, config);
  });

  it('repairs two providers of ours (same name and partner code) to one, and destroy removes every copy', async () => {
    const ours = (id: string) => ({ id, displayName: 'itsme', clientId: 'abcd1234', clientSecret: ITSME_SECRET, metadataUrl: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration', scope: 'openid service:MYBANK_LOGIN profile email', responseType: 'code', responseMode: 'query', claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' } });
    emu = await startEmulator({ tenant: { identityProviders: [ours('OIDC-V1-itsme-bbbb'), ours('OIDC-V1-itsme-aaaa')] } });
    const graph = graphFor(emu);
    const config = testConfig();
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assertExactlyOurObjects(emu, config, ITSME_SECRET);
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')!.id, 'OIDC-V1-itsme-aaaa', 'the stable rule keeps the lowest id when none is linked');

    emu.state.identityProviders.push(structuredClone(emu.state.identityProviders.find((p) => p.displayName === 'itsme')!));
    emu.state.identityProviders.at(-1)!.id = 'OIDC-V1-itsme-cccc';
    await destroy(graph, config);
    assertNoneOfOurs(emu, config);
  });

  it('an apply stopped between the flow POST and its settings PATCH: the next apply sets the token lifetimes', async () => {
    emu = await startEmulator({ undocumentedUserFlowProps: 'storeWhenSet' });
    const graph = graphFor(emu);
    const config = testConfig();
    const abort = new AbortController();
    const stopping: GraphPort = {
      baseUrl: graph.baseUrl,
      send: async <T>(req: GraphRequest, signal?: AbortSignal) => {
        const res = await graph.send<T>(req, signal);
        if (req.method === 'POST' && req.path === '/identity/b2cUserFlows') abort.abort();
        return res;
      },
    };
    const first = await applyConfiguration(stopping, config, { secret: ITSME_SECRET, signal: abort.signal });
    assert.equal(first.status, 'cancelled');
    const flow = () => emu.state.userFlows.find((f) => f.id === config.userFlow.id);
    assert.ok(flow(), 'the flow was created');
    assert.equal(flow()!.tokenLifetimeConfiguration, undefined, 'its settings were not written');

    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'applied', JSON.stringify(again.outcomes));
    assert.equal((flow()!.tokenLifetimeConfiguration as { accessAndIdTokenLifetimeInMinutes?: number })?.accessAndIdTokenLifetimeInMinutes, 5);
    const mark = lastSeq(emu);
    assert.equal((await applyConfiguration(graph, config, { secret: ITSME_SECRET })).status, 'noChanges');
    assert.equal(writesIn(emu, mark), 0);
  });

  it('a read of round 2 that runs out of retries still returns the account: what was written, what was not, what next', async () => {
    emu = await startEmulator();
    const graph = graphFor(emu);
    const config = testConfig();
    emu.faults.add({ match: { method: 'POST', path: '/v1.0/oauth2PermissionGrants' }, times: Infinity, fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
    emu.faults.add({ match: { method: 'GET', path: /\/beta\/identity\/identityProviders$/ }, skip: 1, times: Infinity, fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(r.status, 'failed');
    const by = Object.fromEntries(r.outcomes.map((o) => [o.resource, o.status]));
    for (const written of ['identityProvider', 'userFlow', 'userFlowLink', 'application', 'servicePrincipal']) assert.equal(by[written], 'done', `${written} was written`);
    assert.equal(by['adminConsent'], 'failed');
    assert.ok(r.error, 'the error is kept');
    assert.match(r.next ?? '', /apply/i, 'it says what to run next');
    assert.ok(r.writes >= 5);
  });
});
