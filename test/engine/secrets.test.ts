// The itsme secret goes into exactly one place, the Graph request body that needs it: never into plans, results,
// progress events, errors or the Graph client's events.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { createCredential } from '../../src/core/auth/credentials';
import { createGraphClient, type GraphEvent } from '../../src/core/graph/client';
import { planJson } from '../../src/core/format';
import type { GraphEmulator } from '../../emulators';
import { ITSME_SECRET, startEmulator, testConfig } from './harness';

describe('secret handling in the engine', function () {
  this.timeout(30_000);
  let emu: GraphEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('keeps the secret out of plans, outcomes, progress, Graph events and errors, yet sends it to Graph', async () => {
    const seen: string[] = [];
    const graph = createGraphClient({
      credential: createCredential({ kind: 'servicePrincipal', tenantId: emu.tenantId, clientId: emu.management.clientId, clientSecret: emu.management.clientSecret, authorityHost: emu.authorityHost }),
      baseUrl: emu.url,
      retry: { baseDelayMs: 10, maxAttempts: 2 },
      onEvent: (e: GraphEvent) => seen.push(JSON.stringify(e)),
    });
    // The first identity-provider POST fails with a 500 (not retried for writes): the error path carries no secret.
    emu.faults.add({ match: { method: 'POST', path: '/beta/identity/identityProviders' }, times: 1, fault: { kind: 'status', status: 500 } });
    const result = await applyConfiguration(graph, testConfig(), {
      secret: ITSME_SECRET,
      reporter: { onStep: (o) => seen.push(JSON.stringify({ ...o, error: o.error?.message })), onPlan: (p) => seen.push(JSON.stringify(planJson(p, emu.url))) },
    });
    assert.equal(result.status, 'applied', 'the next round completed the apply');
    assert.ok(emu.log.some((e) => e.method === 'POST' && e.path === '/beta/identity/identityProviders' && e.status === 500), 'the failure happened');
    const everything = [...seen, JSON.stringify({ ...result, outcomes: result.outcomes.map((o) => ({ ...o, error: o.error?.message })) }), String(result.error?.stack ?? '')].join('\n');
    assert.ok(everything.length > 1000);
    assert.ok(!everything.includes(ITSME_SECRET), 'the secret leaked');
    assert.ok(!everything.includes(emu.management.clientSecret), 'the service principal secret leaked');
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')?.['clientSecret'], ITSME_SECRET);
  });
});
