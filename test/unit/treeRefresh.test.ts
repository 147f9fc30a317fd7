// Single-flight tree reads (issue 12): a storm of refreshes reads each tenant once, through observe() on a counting,
// slow Graph port; a real change (a new generation: sign-in, apply, settings) aborts the read in flight at the port
// and every caller gets the new read.
import assert from 'node:assert/strict';
import { observe, observeRequests } from '../../src/core/plan/observe';
import { CancelledError } from '../../src/core/graph/errors';
import type { GraphPort, GraphRequest, GraphResponse } from '../../src/core/graph/port';
import { TenantReads } from '../../src/vscode/tree/tenantReads';
import { config } from './fixtures';

/** Holds every request until release(); answers like an empty B2C tenant. Aborting rejects as the client does. */
class SlowGraph implements GraphPort {
  readonly baseUrl = 'https://graph.example';
  sent: Array<{ req: GraphRequest; signal?: AbortSignal }> = [];
  private held: Array<() => void> = [];
  send<T>(req: GraphRequest, signal?: AbortSignal): Promise<GraphResponse<T>> {
    this.sent.push({ req, signal });
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      this.held.push(() => {
        const body = req.path.startsWith('/organization')
          ? { value: [{ id: 't-1', displayName: 'Contoso B2C', tenantType: 'AAD B2C', verifiedDomains: [{ name: 'contosob2c.onmicrosoft.com', isInitial: true, isDefault: true }] }] }
          : req.path.startsWith('/identity/b2cUserFlows/') && !req.path.endsWith('Providers')
            ? undefined
            : { value: [] };
        resolve({ status: 200, body: body as T, headers: {} });
      });
    });
  }
  /** Answers everything held, again and again until nothing new is asked. */
  async release(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.held.length) {
      const now = this.held.splice(0);
      for (const answer of now) answer();
      await new Promise((r) => setImmediate(r));
    }
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('tree: single-flight tenant reads', () => {
  it('50 refreshes of one tenant while a read is in flight make one read (one first round of GETs)', async () => {
    const graph = new SlowGraph();
    const reads = new TenantReads((_tenant, c, signal) => observe(graph, c, signal));
    const c = config();
    const all = Array.from({ length: 50 }, () => reads.read('contosob2c.onmicrosoft.com', c, 0));
    await tick();
    const oneRound = Object.keys(observeRequests(c)).length;
    assert.ok(graph.sent.length <= oneRound, `${graph.sent.length} GETs for 50 refreshes (one read sends at most ${oneRound} in its first round)`);
    await graph.release();
    const results = await Promise.all(all);
    assert.ok(results.every((r) => r === results[0]), 'every refresh gets the one read');
    assert.equal(reads.started, 1, 'one read started');
    // Once it has finished, a refresh reads again (never a stale cache).
    const again = reads.read('contosob2c.onmicrosoft.com', c, 0);
    await tick();
    assert.ok(graph.sent.length > oneRound / 2 && graph.sent.length <= 2 * oneRound + 2);
    await graph.release();
    assert.notEqual(await again, results[0]);
  });

  it('a change (new generation) aborts the read in flight at the port; every caller gets the new read', async () => {
    const graph = new SlowGraph();
    const reads = new TenantReads((_tenant, c, signal) => observe(graph, c, signal));
    const c = config();
    const early = reads.read('contosob2c.onmicrosoft.com', c, 0);
    await tick();
    const firstSignals = graph.sent.map((s) => s.signal);
    const late = reads.read('contosob2c.onmicrosoft.com', c, 1);
    await tick();
    assert.ok(firstSignals.every((s) => s?.aborted), 'the superseded read is aborted (AbortSignal through to the Graph port)');
    await graph.release();
    const [a, b] = await Promise.all([early, late]);
    assert.equal(a, b, 'the earlier caller is handed the newer read, not a cancellation');
  });

  it('two tenants are read side by side (single-flight is per tenant)', async () => {
    const graph = new SlowGraph();
    const reads = new TenantReads((_tenant, c, signal) => observe(graph, c, signal));
    const c = config();
    const one = reads.read('contosob2c.onmicrosoft.com', c, 0);
    const two = reads.read('fabrikamb2c.onmicrosoft.com', c, 0);
    await graph.release();
    assert.notEqual(await one, await two);
  });
});
