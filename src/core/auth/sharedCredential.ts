// One token per run: a TokenCredential wrapper that shares one in-flight getToken among concurrent callers and
// keeps the token until shortly before it expires.
// Why: observe() sends its first round of reads in parallel, and each request's auth middleware calls getToken at
// once; @azure/identity's credentials do not share a request in flight, so a run used to fetch ~8 tokens and ~8
// authority-metadata documents before its first Graph byte (issue 7, defect 7).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { CancelledError } from '../graph/errors';

/** A token this close to its expiry is fetched anew (azure-core's own refresh window is 2 minutes). */
export const REFRESH_MARGIN_MS = 2 * 60_000;

const SHARED = Symbol('itsme.sharedCredential');

interface Entry {
  token?: AccessToken;
  inFlight?: Promise<AccessToken>;
}

/** The key of a cache entry: what the token is for. Claims challenges and other tenants get their own entry. */
function keyOf(scopes: string | string[], options?: GetTokenOptions): string {
  const s = (Array.isArray(scopes) ? [...scopes] : [scopes]).sort().join(' ');
  return JSON.stringify([s, options?.tenantId ?? '', options?.claims ?? '', options?.enableCae ?? false]);
}

function fresh(token: AccessToken | undefined, now: number): token is AccessToken {
  if (!token) return false;
  const refreshAt = Math.min(token.expiresOnTimestamp - REFRESH_MARGIN_MS, token.refreshAfterTimestamp ?? Infinity);
  return now < refreshAt;
}

/** Resolves with `p`, or rejects with CancelledError as soon as `signal` aborts (without cancelling `p` for others). */
function untilAborted<T>(p: Promise<T>, signal: GetTokenOptions['abortSignal']): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Wraps a credential so concurrent getToken calls for the same scopes share one request, and a token is reused
 * until REFRESH_MARGIN_MS before its expiry. A failed request is not cached: the next call tries again.
 * Wrapping a shared credential returns it unchanged.
 */
export function shareCredential(inner: TokenCredential, now: () => number = Date.now): TokenCredential {
  if ((inner as { [SHARED]?: boolean })[SHARED]) return inner;
  const entries = new Map<string, Entry>();
  const shared: TokenCredential & { [SHARED]: boolean } = {
    [SHARED]: true,
    getToken(scopes, options) {
      const key = keyOf(scopes, options);
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = {}));
      if (fresh(entry.token, now())) return Promise.resolve(entry.token);
      let inFlight = entry.inFlight;
      if (!inFlight) {
        const e = entry;
        // The shared request carries no caller's abort signal: one caller cancelling must not fail the others.
        const { abortSignal: _ignored, ...rest } = options ?? {};
        inFlight = e.inFlight = inner
          .getToken(scopes, rest)
          .then((t) => {
            if (!t) throw new Error('The credential returned no token.');
            e.token = t;
            return t;
          })
          .finally(() => {
            e.inFlight = undefined;
          });
      }
      return untilAborted(inFlight, options?.abortSignal);
    },
  };
  return shared;
}
