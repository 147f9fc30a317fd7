// An advisory lock per tenant, on one machine: an apply, destroy or secret rotation (not a plan) holds it from
// its first read to its last write, so two runs — two VS Code windows, the CLI beside the extension — take turns
// instead of both creating the same objects (issue 7, defect 4). The lock is a file created atomically (a
// hard link of a complete temporary file, so nobody reads it half-written) that names its holder: pid, host,
// start time, tool. A run that finds it held waits, says who holds it, and can be cancelled.
// Recovery: a lock whose pid no longer runs on this host is stale; so is one whose file has not been touched for
// staleAfterMs (the holder touches it every HEARTBEAT_MS), which covers another host and a reused pid.
// Release: on normal end and on error (withTenantLock's finally), on process.exit (an 'exit' hook), on SIGTERM /
// SIGHUP when asked (the CLI); after SIGKILL or a power cut the next run finds the dead pid.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import * as l10n from '@vscode/l10n';
import { CancelledError } from '../graph/errors';
import { sleep } from '../graph/retry';
import { lockDir, lockPathFor } from './paths';

export interface LockHolder {
  /** Random, per acquisition: tells this holder's file from a later one at the same path. */
  id: string;
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  tenant: string;
  /** 'cli', 'vscode', … and the command, for the waiting message. */
  tool: string;
  command?: string;
}

export interface TenantLockOptions {
  tenant: string;
  tool: string;
  command?: string;
  /** Default: lockDir() (the user's cache directory). */
  dir?: string;
  /** Cancels the wait (CancelledError). */
  signal?: AbortSignal;
  /** Called when the run starts waiting, and again if another run takes the lock meanwhile. */
  onWait?(message: string, holder: LockHolder | undefined): void;
  /** Release on SIGTERM / SIGHUP too, then end by that signal (for the CLI; the extension host has its own life). */
  releaseOnSignals?: boolean;
  pollMs?: number;
  staleAfterMs?: number;
}

export interface TenantLock {
  path: string;
  holder: LockHolder;
  /** Removes the file if it is still ours; idempotent. */
  release(): void;
}

/** How often a holder touches its file, and how long a silent file is trusted. */
export const HEARTBEAT_MS = 15_000;
export const DEFAULT_STALE_AFTER_MS = 120_000;
/** A file without a readable holder (written by something else, or truncated) is trusted this long. */
const UNREADABLE_GRACE_MS = 5_000;

const held = new Set<TenantLock>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function releaseAll(): void {
  for (const l of [...held]) l.release();
}

function installHooks(signals: boolean): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', releaseAll);
  }
  if (signals && !signalHooksInstalled) {
    signalHooksInstalled = true;
    for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
      const onSignal = (): void => {
        releaseAll();
        // Only ours: end the way the signal would have ended the process without a listener.
        if (process.listenerCount(sig) === 1) {
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        }
      };
      process.on(sig, onSignal);
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h?.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The current file: its holder (if readable) and when it was last touched; undefined when there is none. */
function inspect(path: string): { holder?: LockHolder; mtimeMs: number } | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return { holder: readHolder(path), mtimeMs };
}

function isStale(seen: { holder?: LockHolder; mtimeMs: number }, staleAfterMs: number): boolean {
  const quietMs = Date.now() - seen.mtimeMs;
  if (!seen.holder) return quietMs > UNREADABLE_GRACE_MS;
  if (seen.holder.host === hostname() && !pidAlive(seen.holder.pid)) return true;
  return quietMs > staleAfterMs;
}

/** Creates the lock file with its whole content at once; false when it exists. */
function tryCreate(path: string, content: string): boolean {
  const tmp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(tmp, content, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    // A file system without hard links: exclusive create, then write (readers give it UNREADABLE_GRACE_MS).
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return true;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes a stale lock without removing a fresh one that replaced it since we looked: the file is renamed aside
 * (atomic), and if what was moved is not the holder judged stale, it is linked back.
 */
function breakStale(path: string, judged: LockHolder | undefined): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (readHolder(aside)?.id !== judged?.id) {
      try {
        linkSync(aside, path);
      } catch {
        // Another run created a lock meanwhile; the one we moved had just replaced the stale lock and loses it.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function since(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

export function waitingMessage(tenant: string, h: LockHolder | undefined): string {
  if (!h) return l10n.t('Another itsme-b2c run holds the lock on {0}; waiting for it to finish.', tenant);
  const what = h.command ? `${h.tool} ${h.command}` : h.tool;
  return h.host === hostname()
    ? l10n.t('Another itsme-b2c run holds the lock on {0} since {1}, pid {2} ({3}); waiting for it to finish.', tenant, since(h.startedAt), h.pid, what)
    : l10n.t('Another itsme-b2c run holds the lock on {0} since {1}, pid {2} on {3} ({4}); waiting for it to finish.', tenant, since(h.startedAt), h.pid, h.host, what);
}

/** Takes the tenant's lock, waiting while another live run holds it. Rejects with CancelledError when cancelled. */
export async function acquireTenantLock(o: TenantLockOptions): Promise<TenantLock> {
  const dir = o.dir ?? lockDir();
  const path = lockPathFor(dir, o.tenant);
  const staleAfterMs = o.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const holder: LockHolder = { id: randomUUID(), pid: process.pid, host: hostname(), startedAt: '', tenant: o.tenant, tool: o.tool, command: o.command };
  let announced: string | undefined;
  for (;;) {
    if (o.signal?.aborted) throw new CancelledError();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    holder.startedAt = new Date().toISOString();
    if (tryCreate(path, JSON.stringify(holder))) break;
    const seen = inspect(path);
    if (!seen) continue; // released between our two looks
    if (isStale(seen, staleAfterMs)) {
      breakStale(path, seen.holder);
      continue;
    }
    const key = seen.holder?.id ?? 'unreadable';
    if (announced !== key) {
      announced = key;
      o.onWait?.(waitingMessage(o.tenant, seen.holder), seen.holder);
    }
    await sleep(o.pollMs ?? 200, o.signal);
  }
  installHooks(!!o.releaseOnSignals);
  const heartbeat = setInterval(() => {
    try {
      if (readHolder(path)?.id === holder.id) utimesSync(path, new Date(), new Date());
    } catch {
      // Best effort: a missed touch only brings staleness closer.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const lock: TenantLock = {
    path,
    holder,
    release() {
      if (!held.delete(lock)) return;
      clearInterval(heartbeat);
      try {
        if (readHolder(path)?.id === holder.id) rmSync(path, { force: true });
      } catch {
        // Leaving the file is safe: the next run finds this pid gone.
      }
    },
  };
  held.add(lock);
  return lock;
}

/** Runs fn while holding the tenant's lock; releases it however fn ends. */
export async function withTenantLock<T>(o: TenantLockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireTenantLock(o);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
