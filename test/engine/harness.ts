// Engine-against-emulator harness: a real HTTPS Graph emulator, a real @azure/identity credential and the real
// Graph client. Helpers here only start things and read the emulator's state; they never fake responses.
import { createCredential } from '../../src/core/auth/credentials';
import { createGraphClient } from '../../src/core/graph/client';
import type { GraphPort } from '../../src/core/graph/port';
import { resolveConfig } from '../../src/core/config/validate';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from '../../emulators';
import { trustCaInProcess } from '../../emulators/tls/ca';
import type { RequestLogEntry } from '../../emulators/graph/server';

export const ITSME_SECRET = 'itsme-Secret-5f1c9a7e-DO-NOT-LEAK';

/**
 * The emulator for engine and CLI tests. Its user flows' application claims are settable through the docs branch's
 * relationship ('asInDocsBranch') unless a test asks otherwise: these tests are about convergence, idempotence and
 * faults, where "applied" must mean every step done and read back. The documented API's world ('absent', the
 * emulator's default: a named manual portal step) is tested in applicationClaims.test.ts and signin.test.ts.
 */
export async function startEmulator(opts: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const emu = await startGraphEmulator({ ...opts, applicationClaims: { relationship: 'asInDocsBranch', ...opts.applicationClaims } });
  trustCaInProcess(emu.caPem);
  return emu;
}

/** A Graph port as the CLI builds it (service principal credential), with fast retries for tests. */
export function graphFor(emu: GraphEmulator, opts: { clientSecret?: string } = {}): GraphPort {
  const credential = createCredential({
    kind: 'servicePrincipal',
    tenantId: emu.tenantId,
    clientId: emu.management.clientId,
    clientSecret: opts.clientSecret ?? emu.management.clientSecret,
    authorityHost: emu.authorityHost,
  });
  return createGraphClient({ credential, baseUrl: emu.url, retry: { baseDelayMs: 20, maxAttempts: 6 }, timeoutMs: 5_000 });
}

export function testConfig(patch: Record<string, unknown> = {}): ItsmeSetupConfig {
  const r = resolveConfig({ tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' }, ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

export function writesIn(emu: GraphEmulator, fromSeq = 0): number {
  return emu.log.filter((e) => e.seq > fromSeq && e.method !== 'GET' && !e.path.includes('/oauth2/')).length;
}

export function lastSeq(emu: GraphEmulator): number {
  return emu.log.length ? emu.log[emu.log.length - 1]!.seq : 0;
}

/** The Graph requests (not the token endpoint's) the emulator logged after `from`. */
export const graphRequests = (emu: GraphEmulator, from = 0): RequestLogEntry[] => emu.log.filter((e) => e.seq > from && (e.path.startsWith('/v1.0/') || e.path.startsWith('/beta/')));

/** Sequential round trips: the longest chain of requests each sent after the previous one was answered. */
export function roundTrips(log: RequestLogEntry[]): number {
  const graphLog = log.filter((e) => e.path.startsWith('/v1.0/') || e.path.startsWith('/beta/')).sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  graphLog.forEach((r, i) => {
    let d = 0;
    for (let j = 0; j < i; j++) if (graphLog[j]!.endedAt <= r.startedAt) d = Math.max(d, depth[j]!);
    depth.push(d + 1);
  });
  return Math.max(0, ...depth);
}

