// What the sandbox keeps between starts, so an app team configures its app once: the ports (the authority, the
// discovery URLs and itsme's address are built on them), the emulated tenant (the test app's client id, the objects
// the wizard or the CLI made) and the test app's client secret (Graph shows a secret once). The sign-in services keep
// their signing keys themselves (keysDir). One file per sandbox kind under .cache/sandbox/state/; `--fresh` starts
// over, `--once` (a smoke test) neither reads nor writes it.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import type { GraphEmulator } from '../emulators';
import type { TenantState } from '../emulators/graph/state';

/** Bumped when the emulated tenant's shape changes: a file of another format is not restored (started over). */
export const KEPT_FORMAT = 1;

export interface Kept {
  /** Port per service name (graph, signIn, itsme). */
  ports: Record<string, number>;
  tenant?: TenantState;
  /** The test app's client secret, for the appId it was made for. */
  testApp?: { appId: string; clientSecret: string };
}

/** The kept state in `file`, or nothing kept (no file, or one this version cannot read: started over, said why). */
export function readKept(file: string, log: (line: string) => void = () => undefined): Kept {
  if (!existsSync(file)) return { ports: {} };
  try {
    const k = JSON.parse(readFileSync(file, 'utf8')) as Partial<Kept> & { format?: number };
    if (typeof k !== 'object' || !k || typeof k.ports !== 'object') throw new Error('no ports');
    if (k.format !== KEPT_FORMAT) throw new Error(`format ${String(k.format)}, this sandbox keeps format ${KEPT_FORMAT}`);
    return { ports: k.ports ?? {}, ...(k.tenant ? { tenant: k.tenant } : {}), ...(k.testApp ? { testApp: k.testApp } : {}) };
  } catch (e) {
    log(`sandbox: ${file} could not be read (${(e as Error).message}); starting with a new tenant and new ports.`);
    return { ports: {} };
  }
}

/** Written whole to a temporary file and renamed, so a stop half-way leaves the previous file, never half of one. */
export function writeKept(file: string, kept: Kept): void {
  writeWhole(file, JSON.stringify({ format: KEPT_FORMAT, ...kept }));
}

function writeWhole(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function forgetKept(file: string): void {
  rmSync(file, { force: true });
}

/** Whether 127.0.0.1:`port` can be listened on now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * The port to ask for: the kept one when it is free, else 0 (any). `moved` names the services whose kept port was
 * taken, so the printout can say that their URLs changed.
 */
export async function portsToAsk(kept: Kept, names: readonly string[]): Promise<{ ask: Record<string, number>; moved: string[] }> {
  const ask: Record<string, number> = {};
  const moved: string[] = [];
  for (const n of names) {
    const p = kept.ports[n];
    if (!p) ask[n] = 0;
    else if (await portFree(p)) ask[n] = p;
    else {
      ask[n] = 0;
      moved.push(`${n} (port ${p} is in use)`);
    }
  }
  return { ask, moved };
}

/** The port of an https://127.0.0.1:PORT URL. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * Saves the tenant whenever it changed (checked every second: Graph writes, and what the sign-in services add, such
 * as a person's first sign-in) and once more on stop. Returns the stop function. `extra()` gives the rest of what is
 * kept (ports, the test app's secret) at the time of saving.
 */
export function keepTenant(graph: GraphEmulator, file: string, extra: () => Omit<Kept, 'tenant'>): () => void {
  let last = '';
  const save = () => {
    const json = JSON.stringify({ format: KEPT_FORMAT, ...extra(), tenant: graph.state });
    if (json === last) return;
    writeWhole(file, json);
    last = json;
  };
  save();
  const timer = setInterval(save, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    save();
  };
}
