// Apply the plan the user reviewed, not one computed afresh behind their back. The tenant is read again first
// (the engine's first round does that anyway); when that fresh plan would send other writes than the reviewed
// one — someone changed the tenant in between — nothing is written and the fresh plan comes back for review.
import { applyConfiguration, type ApplyConfigurationOptions, type ApplyResult } from '../apply/applyConfiguration';
import type { ItsmeSetupConfig } from '../config/types';
import { CancelledError } from '../graph/errors';
import type { GraphPort } from '../graph/port';
import type { Plan } from '../plan/types';

export interface PlanChanged {
  status: 'planChanged';
  /** The plan for the tenant as it is now: show it for review. */
  plan: Plan;
}

export type ReviewedApplyResult = ApplyResult | PlanChanged;

/** The writes a plan would send, in order: what an apply commits to (reasons, labels and reads aside). */
function writesSignature(plan: Plan): string {
  const writes = plan.steps
    .filter((s) => s.requests.length > 0)
    .map((s) => ({ resource: s.resource, action: s.action, targetId: s.targetId ?? null, requests: s.requests.map((r) => ({ method: r.method, version: r.version, path: r.path, body: r.body ?? null })) }));
  return JSON.stringify(writes);
}

/** True when applying `fresh` would write something other than what `reviewed` showed. */
export function changedSinceReview(reviewed: Plan, fresh: Plan): boolean {
  return writesSignature(reviewed) !== writesSignature(fresh);
}

class PlanChangedSignal extends CancelledError {}

export async function applyReviewedPlan(graph: GraphPort, config: ItsmeSetupConfig, reviewed: Plan, options: ApplyConfigurationOptions = {}): Promise<ReviewedApplyResult> {
  // Stopping happens inside the engine's first round, after its read and before its first write: the round's
  // plan is compared in onPlan, and a difference aborts the run (so not even a step starts) and is thrown.
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort(options.signal.reason);
  let changed: Plan | undefined;
  const reporter = options.reporter;
  try {
    const result = await applyConfiguration(graph, config, {
      ...options,
      signal: stop.signal,
      reporter: {
        onStep: (o) => {
          if (!changed) reporter?.onStep?.(o);
        },
        onPlan: (plan, round) => {
          if (round === 1 && changedSinceReview(reviewed, plan)) {
            changed = plan;
            stop.abort();
            throw new PlanChangedSignal();
          }
          reporter?.onPlan?.(plan, round);
        },
      },
    });
    return changed ? { status: 'planChanged', plan: changed } : result;
  } catch (e) {
    if (changed) return { status: 'planChanged', plan: changed };
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
