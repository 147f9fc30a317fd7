// Applying a one-off plan (rotate, destroy) and saying how it went, once for every host: the extension and the
// CLI read the same status and the same error instead of each scanning the outcomes in its own way.
import { applyPlan, type ApplyReporter, type StepOutcome } from '../apply/applyPlan';
import type { GraphPort } from '../graph/port';
import type { Plan } from '../plan/types';

export type PlanRunStatus = 'done' | 'noChanges' | 'manualRemaining' | 'failed' | 'cancelled';

export interface PlanRun {
  status: PlanRunStatus;
  plan: Plan;
  outcomes: StepOutcome[];
  writes: number;
  /** The first failure, as an Error whose message says what went wrong (status "failed" only). */
  error?: Error;
}

export interface PlanRunOptions {
  /** The itsme client secret, for a plan that needs it (rotate). */
  secret?: string;
  signal?: AbortSignal;
  reporter?: ApplyReporter;
}

/** The run's status from its outcomes: a failure outranks a cancel, which outranks a manual step left. */
export function statusOfOutcomes(outcomes: readonly StepOutcome[]): PlanRunStatus {
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'skipped')) return 'failed';
  if (outcomes.some((o) => o.status === 'cancelled')) return 'cancelled';
  if (outcomes.some((o) => o.status === 'manual')) return 'manualRemaining';
  return outcomes.some((o) => o.status === 'done') ? 'done' : 'noChanges';
}

export async function runPlan(plan: Plan, graph: GraphPort, options: PlanRunOptions = {}): Promise<PlanRun> {
  const r = await applyPlan(plan, graph, options);
  const status = statusOfOutcomes(r.outcomes);
  const failed = r.outcomes.find((o) => o.status === 'failed');
  const error = status === 'failed' && failed ? (failed.error ?? new Error(failed.detail ?? failed.label)) : undefined;
  return { status, plan, outcomes: r.outcomes, writes: r.writes, ...(error ? { error } : {}) };
}
