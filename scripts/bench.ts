// npm run bench: figures, not a test. Applies the itsme configuration to an empty emulated tenant with 150 ms of
// latency on every Graph response, then re-applies it, and prints requests sent, sequential round trips on the
// critical path (from the emulator's request log) and wall time. Targets (issue 2): full apply ≤ 4 round trips
// and ≤ 1.0 s; re-apply ≤ 1 round of reads and 0 writes.
import { applyConfiguration } from '../src/core/apply/applyConfiguration';
import { graphFor, startEmulator, testConfig, ITSME_SECRET } from '../test/engine/harness';
import type { GraphEmulator } from '../emulators';

const LATENCY_MS = 150;

interface Figures {
  requests: number;
  reads: number;
  writes: number;
  roundTrips: number;
  wallMs: number;
}

/** Longest chain of requests where each starts after the previous one ended: the sequential round trips. */
function criticalPath(entries: Array<{ startedAt: number; endedAt: number }>): number {
  const sorted = [...entries].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  sorted.forEach((e, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= e.startedAt && depth[j]! > best) best = depth[j]!;
    depth[i] = best + 1;
  });
  return Math.max(0, ...depth);
}

function graphEntries(emu: GraphEmulator, fromSeq: number) {
  return emu.log.filter((e) => e.seq > fromSeq && /^\/(v1\.0|beta)\//.test(e.path));
}

async function measure(emu: GraphEmulator, run: () => Promise<unknown>): Promise<Figures> {
  const from = emu.log.length ? emu.log[emu.log.length - 1]!.seq : 0;
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const entries = graphEntries(emu, from);
  const writes = entries.filter((e) => e.method !== 'GET').length;
  return { requests: entries.length, reads: entries.length - writes, writes, roundTrips: criticalPath(entries), wallMs };
}

function line(name: string, f: Figures): string {
  return `${name.padEnd(26)} requests ${String(f.requests).padStart(2)} (reads ${f.reads}, writes ${f.writes})  sequential round trips ${f.roundTrips}  wall ${f.wallMs.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const emu = await startEmulator();
  try {
    const graph = graphFor(emu);
    const config = testConfig();
    // The token is fetched once per credential and cached; fetch it before timing so the figures are Graph's.
    await graph.send({ method: 'GET', version: 'v1.0', path: '/organization?$select=id' });
    emu.setLatency(LATENCY_MS);
    const full = await measure(emu, async () => {
      const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      if (r.status !== 'applied') throw new Error(`apply ended ${r.status}`);
    });
    const noop = await measure(emu, async () => {
      const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
      if (r.status !== 'noChanges') throw new Error(`re-apply ended ${r.status}`);
    });
    console.log(`bench: Graph emulator with ${LATENCY_MS} ms latency per response`);
    console.log(line('full apply (empty tenant)', full));
    console.log(line('re-apply (no changes)', noop));
    const ok = full.roundTrips <= 4 && full.wallMs <= 1000 && noop.roundTrips <= 1 && noop.writes === 0;
    console.log(`targets: full ≤ 4 round trips and ≤ 1000 ms; re-apply ≤ 1 round, 0 writes → ${ok ? 'met' : 'NOT met'}`);
  } finally {
    await emu.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
