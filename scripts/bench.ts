// npm run bench: figures, not a test (nothing here asserts; it prints what the engine does today). Against the
// Graph emulator in its default strict mode (only documented query options), with 150 ms of latency on every
// response (token endpoint included):
//   1. the engine in-process: a full apply to an empty tenant, then a re-apply — requests, reads/writes,
//      sequential round trips on the critical path (from the emulator's request log), wall time, outcome;
//   2. the same full apply with a 1.5 s service-principal replication delay (POST /servicePrincipals answers
//      NoBackingApplicationObject for 1.5 s after POST /applications): the Graph span, first request to last;
//   2b. 1 and 2 against an External ID tenant (tenantType CIAM), beside B2C's;
//   3. the built CLI (dist/cli.js) as a child process — plan, apply (with the replication delay), apply again —
//      with the token and authority-metadata requests each run made (emu.stats) and its Graph span;
//   4. the B2C custom-policy variant: the same figures for a first apply and a re-apply (key sets, both policies,
//      the app), and the time `itsme-b2c policy` takes to generate the files — in-process (the generator alone,
//      median of 50) and as the built CLI in a child process (Node's start-up included).
// Targets (issues 2 and 7): full apply ≤ 4 round trips; re-apply 0 writes; ≤ 2 token requests per CLI run;
// Graph span of a full apply with the 1.5 s replication delay ≤ 2.4 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyConfiguration } from '../src/core/apply/applyConfiguration';
import type { ItsmeSetupConfig } from '../src/core/config/types';
import { generatePolicySet } from '../src/core/policy/generate';
import { policyOptionsOf } from '../src/core/policy/options';
import { DEFAULT_PERMISSIONS } from '../emulators/graph/state';
import { graphFor, graphRequests, roundTrips, startEmulator, testConfig, ITSME_SECRET } from '../test/engine/harness';
import { startItsmeEmulator, type GraphEmulator } from '../emulators';

const LATENCY_MS = 150;
const REPLICATION_DELAY_MS = 1_500;
const ROOT = join(__dirname, '..');

interface Figures {
  requests: number;
  reads: number;
  writes: number;
  roundTrips: number;
  /** First Graph request's start to last Graph request's end. */
  graphSpanMs: number;
  wallMs: number;
  outcome: string;
  tokenRequests: number;
  metadataRequests: number;
}

async function measure(emu: GraphEmulator, run: () => Promise<string>): Promise<Figures> {
  const from = emu.log.length ? emu.log[emu.log.length - 1]!.seq : 0;
  const tokens0 = emu.stats.tokenRequests;
  const meta0 = emu.stats.metadataRequests;
  const t0 = performance.now();
  let outcome: string;
  try {
    outcome = await run();
  } catch (e) {
    outcome = `threw ${(e as Error).message}`;
  }
  const wallMs = performance.now() - t0;
  const entries = graphRequests(emu, from);
  const writes = entries.filter((e) => e.method !== 'GET').length;
  const graphSpanMs = entries.length ? Math.max(...entries.map((e) => e.endedAt)) - Math.min(...entries.map((e) => e.startedAt)) : 0;
  return {
    requests: entries.length,
    reads: entries.length - writes,
    writes,
    roundTrips: roundTrips(entries),
    graphSpanMs,
    wallMs,
    outcome,
    tokenRequests: emu.stats.tokenRequests - tokens0,
    metadataRequests: emu.stats.metadataRequests - meta0,
  };
}

function line(name: string, f: Figures, cli = false): string {
  const base = `${name.padEnd(34)} requests ${String(f.requests).padStart(2)} (reads ${f.reads}, writes ${f.writes})  round trips ${f.roundTrips}  Graph span ${f.graphSpanMs} ms  wall ${f.wallMs.toFixed(0)} ms  → ${f.outcome}`;
  return cli ? `${base}\n${''.padEnd(34)} token requests ${f.tokenRequests}, authority-metadata requests ${f.metadataRequests}` : base;
}

/** The built CLI in a child process against the emulator; resolves to "exit N". */
function runCli(emu: GraphEmulator, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--graph-url', emu.url, '--authority-host', emu.authorityHost], {
      env: {
        PATH: process.env['PATH'],
        NODE_EXTRA_CA_CERTS: emu.caPath,
        AZURE_CLIENT_ID: emu.management.clientId,
        AZURE_CLIENT_SECRET: emu.management.clientSecret,
        ITSME_CLIENT_SECRET: ITSME_SECRET,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve(code === 0 ? 'exit 0' : `exit ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
  });
}

/** A full apply, a re-apply and a full apply on a fresh tenant whose service principal replicates slowly. */
async function applyFigures(emu: GraphEmulator, config: ItsmeSetupConfig): Promise<{ full: Figures; noop: Figures; delayed: Figures }> {
  const graph = graphFor(emu);
  // The in-process credential caches its token: fetch it before timing so these figures are Graph's.
  const warm = () => graph.send({ method: 'GET', version: 'v1.0', path: '/organization?$select=id' });
  await warm();
  emu.setLatency(LATENCY_MS);
  const apply = async () => (await applyConfiguration(graph, config, { secret: ITSME_SECRET })).status;
  const full = await measure(emu, apply);
  const noop = await measure(emu, apply);
  // A fresh tenant, the service principal replicating for 1.5 s, the engine's own back-off (no overrides).
  emu.reset();
  emu.setConsistency({ delayMs: REPLICATION_DELAY_MS });
  await warm();
  emu.setLatency(LATENCY_MS);
  const delayed = await measure(emu, apply);
  return { full, noop, delayed };
}

async function engineFigures(): Promise<{ full: Figures; noop: Figures; delayed: Figures }> {
  const emu = await startEmulator();
  try {
    return await applyFigures(emu, testConfig());
  } finally {
    await emu.stop();
  }
}

/**
 * The same three engine figures against an external tenant (tenantType CIAM): the kind is read in the first round,
 * the flows and itsme's discovery document (the pre-flight, from the itsme emulator, not counted as Graph) in the
 * next, then the writes: provider and flow, itsme's $ref and the app, its service principal, consent and flow link.
 */
async function externalFigures(): Promise<{ full: Figures; noop: Figures; delayed: Figures }> {
  const [emu, itsme] = await Promise.all([startEmulator({ tenantType: 'CIAM' }), startItsmeEmulator()]);
  try {
    return await applyFigures(emu, testConfig({ tenant: 'contosoext.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', generation: 'custom', metadataUrl: itsme.metadataUrls.v2 } }));
  } finally {
    await Promise.all([emu.stop(), itsme.stop()]);
  }
}

/** The custom policy's file as the README shows it: the national number and birth date, advanced assurance. */
const CUSTOM_POLICY_FILE = {
  tenant: 'contosob2c.onmicrosoft.com',
  variant: 'customPolicy',
  itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' },
  customPolicy: { name: 'itsme', claims: ['nationalNumber', 'birthDate'], assurance: 'advanced', uiLocale: 'nl' },
};

/**
 * The custom-policy variant in-process: a first apply to an empty tenant (three key sets, the base and the relying
 * party policy, the app, its service principal and consent) and a re-apply. The management app has the variant's
 * two extra permissions, as the README asks.
 */
async function customPolicyFigures(): Promise<{ full: Figures; noop: Figures }> {
  const emu = await startEmulator({ tenant: { grantedPermissions: [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] } });
  try {
    const graph = graphFor(emu);
    const { tenant: _t, ...patch } = CUSTOM_POLICY_FILE;
    const config = testConfig(patch);
    await graph.send({ method: 'GET', version: 'v1.0', path: '/organization?$select=id' });
    emu.setLatency(LATENCY_MS);
    const apply = async () => (await applyConfiguration(graph, config, { secret: ITSME_SECRET })).status;
    const full = await measure(emu, apply);
    const noop = await measure(emu, apply);
    return { full, noop };
  } finally {
    await emu.stop();
  }
}

/** `itsme-b2c policy`: the generator in-process (median of 50 runs) and the built CLI as a child process (median of 5). */
async function policyGenerationFigures(): Promise<{ inProcessMs: number; cliMs: number; files: number; outcome: string }> {
  const { tenant: _t, ...patch } = CUSTOM_POLICY_FILE;
  const options = policyOptionsOf(testConfig(patch), CUSTOM_POLICY_FILE.tenant);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const inProcess: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    generatePolicySet(options);
    inProcess.push(performance.now() - t0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'itsme-bench-policy-'));
  const file = join(dir, 'itsme-b2c.json');
  writeFileSync(file, JSON.stringify(CUSTOM_POLICY_FILE, null, 2));
  const cli: number[] = [];
  let outcome = 'exit 0';
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'policy', '-c', file, '--out', join(dir, 'out')], { env: { PATH: process.env['PATH'] }, encoding: 'utf8' });
    cli.push(performance.now() - t0);
    if (r.status !== 0) outcome = `exit ${r.status}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  }
  return { inProcessMs: median(inProcess), cliMs: median(cli), files: readdirSync(join(dir, 'out')).length, outcome };
}

async function cliFigures(): Promise<{ plan: Figures; apply: Figures; again: Figures }> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const emu = await startEmulator({ latencyMs: LATENCY_MS, consistencyDelayMs: REPLICATION_DELAY_MS });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'itsme-bench-'));
    const file = join(dir, 'itsme-b2c.json');
    writeFileSync(file, JSON.stringify({ tenant: 'contosob2c.onmicrosoft.com', itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } }, null, 2));
    const plan = await measure(emu, () => runCli(emu, ['plan', '-c', file]));
    const apply = await measure(emu, () => runCli(emu, ['apply', '-c', file]));
    const again = await measure(emu, () => runCli(emu, ['apply', '-c', file]));
    return { plan, apply, again };
  } finally {
    await emu.stop();
  }
}

async function main(): Promise<void> {
  const { full, noop, delayed } = await engineFigures();
  const ext = await externalFigures();
  const cli = await cliFigures();
  const custom = await customPolicyFigures();
  const policy = await policyGenerationFigures();
  console.log(`\nbench: Graph emulator (strict query options) with ${LATENCY_MS} ms latency per response`);
  console.log('engine, in-process (token fetched before timing):');
  console.log(line('  full apply (empty tenant)', full));
  console.log(line('  re-apply (no changes)', noop));
  console.log(line(`  full apply, SP replication ${REPLICATION_DELAY_MS} ms`, delayed));
  console.log('engine, in-process, External ID tenant (tenantType CIAM; itsme discovery read from the itsme emulator):');
  console.log(line('  full apply (empty tenant)', ext.full));
  console.log(line('  re-apply (no changes)', ext.noop));
  console.log(line(`  full apply, SP replication ${REPLICATION_DELAY_MS} ms`, ext.delayed));
  console.log(`CLI, dist/cli.js as a child process (SP replication ${REPLICATION_DELAY_MS} ms):`);
  console.log(line('  plan (empty tenant)', cli.plan, true));
  console.log(line('  apply (empty tenant)', cli.apply, true));
  console.log(line('  apply again (no changes)', cli.again, true));
  console.log('engine, in-process, B2C custom policy (national number, birth date, advanced assurance):');
  console.log(line('  first apply (empty tenant)', custom.full));
  console.log(line('  re-apply (no changes)', custom.noop));
  console.log(
    `  itsme-b2c policy (${policy.files} files)`.padEnd(34) +
      ` generator in-process ${policy.inProcessMs.toFixed(1)} ms (median of 50)  dist/cli.js child process ${policy.cliMs.toFixed(0)} ms (median of 5)  → ${policy.outcome}`,
  );
  const tokensPerRun = Math.max(cli.plan.tokenRequests, cli.apply.tokenRequests, cli.again.tokenRequests);
  const targets: Array<[string, boolean]> = [
    ['full apply ≤ 4 round trips', full.roundTrips <= 4],
    ['re-apply 0 writes', noop.writes === 0 && cli.again.writes === 0],
    ['External ID: re-apply 0 writes', ext.noop.writes === 0],
    ['custom policy: re-apply 0 writes', custom.noop.writes === 0],
    ['≤ 2 token requests per CLI run', tokensPerRun <= 2],
    [`Graph span of a full apply with ${REPLICATION_DELAY_MS} ms replication ≤ 2400 ms`, delayed.graphSpanMs <= 2400 && cli.apply.graphSpanMs <= 2400],
  ];
  console.log('targets:');
  for (const [name, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT met'}  ${name}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
