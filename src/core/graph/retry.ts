// When and how long to wait before retrying a Graph request.
// Why not the Graph client's RetryHandler: its sleeps cannot be cancelled, it cannot report "waiting 30 s because
// Graph is throttling" to the user, and it knows nothing of dropped connections. This policy does those three.
import { CancelledError } from './errors';
import type { HttpMethod } from './port';

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** Base backoff in ms when Graph gives no Retry-After (doubled per attempt, with jitter). */
  baseDelayMs: number;
  /** Upper bound for any single wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 120_000 };

/** Graph says 429/503/504 mean "not processed, try again" for any method (graph-b2c.md §5, RetryHandler codes). */
const ALWAYS_RETRY = new Set([429, 503, 504]);

export function shouldRetryStatus(status: number, method: HttpMethod): boolean {
  if (ALWAYS_RETRY.has(status)) return true;
  // Other 5xx may have taken effect: only reads are repeated blindly; writes go back through observe → plan.
  return status >= 500 && method === 'GET';
}

/** A dropped connection may have happened after the write took effect, so only reads are retried here. */
export function shouldRetryNetwork(method: HttpMethod): boolean {
  return method === 'GET';
}

export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, policy.maxDelayMs);
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const jitter = Math.random() * policy.baseDelayMs * 0.2;
  return Math.min(exp + jitter, policy.maxDelayMs);
}

/** Waits ms milliseconds, or rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waiting for Graph to replicate a new object (the service principal and consent right after a fresh app,
 * graph-b2c.md §3): Graph documents no replication time, and it is usually one to a few seconds, so the waits
 * start short and double — 1 s, 2 s, … used to leave ~1.5 s idle per fresh apply — up to a cap, for a bounded
 * total: 150, 300, 600, 1200, 2400, then 4000 ms each, 120 s in all (the reference's "a couple of minutes"). The waits go through sleep(), so cancelling stops them at once.
 */
export interface ReplicationPolicy {
  /** The first wait. */
  baseDelayMs: number;
  /** No single wait is longer. */
  maxDelayMs: number;
  /** The waits in all stay within this; then the last error stands. */
  maxWaitMs: number;
}

export const DEFAULT_REPLICATION: ReplicationPolicy = { baseDelayMs: 150, maxDelayMs: 4_000, maxWaitMs: 120_000 };

/**
 * The wait before retry number `attempt` (1 = after the first failure), given `waitedMs` already spent since
 * the first try; 0 when the total bound is reached (give up).
 */
export function replicationDelayMs(policy: ReplicationPolicy, attempt: number, waitedMs: number): number {
  const left = policy.maxWaitMs - waitedMs;
  if (left <= 0) return 0;
  const exp = policy.baseDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 30);
  return Math.max(0, Math.min(exp, policy.maxDelayMs, left));
}

/** The whole schedule of waits (requests taking no time): for the log, the docs and tests. */
export function replicationSchedule(policy: ReplicationPolicy): number[] {
  const out: number[] = [];
  for (let attempt = 1, waited = 0; ; attempt++) {
    const d = replicationDelayMs(policy, attempt, waited);
    if (d <= 0) return out;
    out.push(d);
    waited += d;
  }
}
