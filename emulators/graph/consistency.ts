// Eventual consistency after POST /applications (graph-b2c.md §3).
//
// Real Graph replicates a new application across directory replicas; for a while a request served by another
// replica does not see it: POST /servicePrincipals for its appId fails with NoBackingApplicationObject, and
// GET/PATCH /applications/{id} answer 404. The emulator models this per application with a time window
// (consistencyDelayMs) and/or a count of failing attempts (deterministic for tests): the application is
// "replicating" while either still holds. Lists ($filter=displayName eq …) see it at once (the reference
// reports no list lag).
import type { RuntimeOptions } from './api';
import type { TenantState } from './state';

export function startReplication(state: TenantState, appObjectId: string, appId: string, opts: RuntimeOptions['consistency']): void {
  if (opts.delayMs <= 0 && opts.failures <= 0) return;
  state.replication[appObjectId] = { appId, visibleAt: Date.now() + Math.max(0, opts.delayMs), failuresLeft: Math.max(0, opts.failures) };
}

/**
 * True when this attempt must fail because the application is still replicating. Each failing attempt uses up
 * one of the counted failures; once time and count are both exhausted the entry is dropped.
 */
export function stillReplicating(state: TenantState, key: { objectId?: string; appId?: string }): boolean {
  const entry = Object.entries(state.replication).find(
    ([id, r]) => (key.objectId !== undefined && id === key.objectId) || (key.appId !== undefined && r.appId.toLowerCase() === key.appId.toLowerCase()),
  );
  if (!entry) return false;
  const [id, r] = entry;
  const timePending = Date.now() < r.visibleAt;
  if (!timePending && r.failuresLeft <= 0) {
    delete state.replication[id];
    return false;
  }
  if (r.failuresLeft > 0) r.failuresLeft--;
  return true;
}
