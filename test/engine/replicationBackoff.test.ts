// Defect 7 (speed): waiting for Graph to replicate a fresh app starts short (≤ 250 ms), doubles, is capped,
// stays within a bounded total, and can be cancelled. The schedule is checked as numbers, then as the gaps
// between the service-principal attempts the emulator actually saw during an apply.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { DEFAULT_CONSISTENCY } from '../../src/core/apply/applyPlan';
import { replicationDelayMs, replicationSchedule } from '../../src/core/graph/retry';
import type { GraphEmulator } from '../../emulators';
import { graphFor, ITSME_SECRET, startEmulator, testConfig } from './harness';

describe('replication back-off', function () {
  this.timeout(30_000);

  it('the default schedule starts at ≤ 250 ms, doubles, is capped at 4 s and bounded in total', () => {
    const s = replicationSchedule(DEFAULT_CONSISTENCY);
    assert.ok(s[0]! <= 250, `first wait ${s[0]} ms`);
    for (let i = 1; i < s.length - 1; i++) assert.equal(s[i], Math.min(s[i - 1]! * 2, 4_000), `wait ${i + 1}: ${s.join(', ')}`);
    assert.equal(Math.max(...s), 4_000);
    const total = s.reduce((a, b) => a + b, 0);
    assert.equal(total, DEFAULT_CONSISTENCY.maxWaitMs, 'the waits fill the bound exactly, never more');
    assert.deepEqual(s.slice(0, 6), [150, 300, 600, 1_200, 2_400, 4_000]);
  });

  it('gives up at the bound, and the last wait is cut to fit', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1_000, maxWaitMs: 1_000 };
    assert.deepEqual(replicationSchedule(p), [100, 200, 400, 300]);
    assert.equal(replicationDelayMs(p, 5, 1_000), 0);
  });

  describe('during an apply', () => {
    let emu: GraphEmulator;
    afterEach(async () => {
      await emu.stop();
    });

    it('retries the service principal after 150, 300, 600 ms with the default policy', async () => {
      emu = await startEmulator({ consistencyFailures: 3 });
      const r = await applyConfiguration(graphFor(emu), testConfig(), { secret: ITSME_SECRET });
      assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
      const tries = emu.log.filter((e) => e.method === 'POST' && e.path === '/v1.0/servicePrincipals');
      assert.deepEqual(tries.map((e) => e.status), [400, 400, 400, 201]);
      const gaps = tries.slice(1).map((e, i) => e.startedAt - tries[i]!.endedAt);
      // The schedule itself is unit-tested above; here only that the engine waits at least that long (a loaded
      // machine may add to a wait, never shorten it) and far less than the old 1 s / 2 s / 4 s.
      [150, 300, 600].forEach((want, i) => assert.ok(gaps[i]! >= want - 5 && gaps[i]! < want + 1_000, `gaps ${gaps.join(', ')} ms`));
    });

    it('stops waiting at once when cancelled', async () => {
      emu = await startEmulator({ consistencyFailures: 1_000 });
      const abort = new AbortController();
      const t0 = Date.now();
      const run = applyConfiguration(graphFor(emu), testConfig(), { secret: ITSME_SECRET, signal: abort.signal });
      const poll = setInterval(() => {
        if (emu.log.some((e) => e.path === '/v1.0/servicePrincipals' && e.status === 400)) abort.abort();
      }, 10);
      const r = await run.finally(() => clearInterval(poll));
      assert.equal(r.status, 'cancelled');
      // Without the cancel this run would wait out the whole 120 s budget; the bound only tells the two apart.
      assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
    });
  });
});
