// The single-flight credential wrapper (src/core/auth/sharedCredential.ts), on a counting inner credential.
import assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { REFRESH_MARGIN_MS, shareCredential } from '../../src/core/auth/sharedCredential';
import { CancelledError } from '../../src/core/graph/errors';

const HOUR = 3_600_000;

/** An inner credential that counts its calls and answers after `delayMs`, failing while `fail` is set. */
function counting(clock: { now: number }, delayMs = 20) {
  const calls: Array<{ scopes: string | string[]; options?: GetTokenOptions }> = [];
  const state = { fail: false, calls };
  const credential: TokenCredential = {
    async getToken(scopes, options) {
      calls.push({ scopes, options });
      await new Promise((r) => setTimeout(r, delayMs));
      if (state.fail) throw new Error('AADSTS7000215: Invalid client secret provided.');
      return { token: `t${calls.length}`, expiresOnTimestamp: clock.now + HOUR } satisfies AccessToken;
    },
  };
  return { credential, state };
}

describe('shareCredential: one token per run', () => {
  it('shares one request among concurrent callers', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = counting(clock);
    const shared = shareCredential(credential, () => clock.now);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => shared.getToken('https://graph.microsoft.com/.default')));
    assert.equal(state.calls.length, 1);
    assert.deepEqual(new Set(tokens.map((t) => t?.token)), new Set(['t1']));
  });

  it('reuses the token until the refresh margin before expiry, then fetches a new one', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = counting(clock, 0);
    const shared = shareCredential(credential, () => clock.now);
    const scope = ['https://graph.microsoft.com/.default'];
    assert.equal((await shared.getToken(scope))?.token, 't1');
    clock.now += HOUR - REFRESH_MARGIN_MS - 1;
    assert.equal((await shared.getToken(scope))?.token, 't1');
    clock.now += 1;
    assert.equal((await shared.getToken(scope))?.token, 't2');
    assert.equal(state.calls.length, 2);
  });

  it('keeps tokens for other scopes and claims apart', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = counting(clock, 0);
    const shared = shareCredential(credential, () => clock.now);
    await shared.getToken('https://graph.microsoft.com/.default');
    await shared.getToken('https://graph.microsoft.us/.default');
    await shared.getToken('https://graph.microsoft.com/.default', { claims: '{"access_token":{}}' });
    await shared.getToken('https://graph.microsoft.com/.default');
    assert.equal(state.calls.length, 3);
  });

  it('does not cache a failure: every waiter gets it, and the next call tries again', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = counting(clock);
    const shared = shareCredential(credential, () => clock.now);
    state.fail = true;
    const results = await Promise.allSettled([shared.getToken('s'), shared.getToken('s'), shared.getToken('s')]);
    assert.ok(results.every((r) => r.status === 'rejected' && /AADSTS7000215/.test(String(r.reason))));
    assert.equal(state.calls.length, 1);
    state.fail = false;
    assert.equal((await shared.getToken('s'))?.token, 't2');
  });

  it('a caller that cancels stops waiting; the others still get the token', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = counting(clock, 100);
    const shared = shareCredential(credential, () => clock.now);
    const abort = new AbortController();
    const cancelled = shared.getToken('s', { abortSignal: abort.signal });
    const other = shared.getToken('s');
    setTimeout(() => abort.abort(), 10);
    await assert.rejects(cancelled, CancelledError);
    assert.equal((await other)?.token, 't1');
    assert.equal(state.calls.length, 1);
    assert.equal(state.calls[0]!.options?.abortSignal, undefined, 'the shared request carries no caller signal');
  });

  it('wrapping twice is wrapping once', () => {
    const { credential } = counting({ now: 0 });
    const shared = shareCredential(credential);
    assert.equal(shareCredential(shared), shared);
  });
});
