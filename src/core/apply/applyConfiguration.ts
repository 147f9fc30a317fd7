// observe → plan → apply, repeated while a transient failure (throttling past its retries, a dropped connection,
// slow replication) left work undone. Each round reads the tenant again, so a write whose response was lost is
// found and adopted instead of repeated: no duplicates, whatever failed where. (A 409 is not transient: it is
// resolved within its round, see conflicts.ts.) Whatever fails in whatever round after the first, the result is
// still an account: what was written, what was not, and what to run next.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../config/types';
import { GraphRequestError, isCancelled } from '../graph/errors';
import type { GraphPort } from '../graph/port';
import { computePlan, findApplication, outputsFor } from '../plan/computePlan';
import { observe, type ObservedTenant, type ObserveOptions } from '../plan/observe';
import { isNoChange, type Plan, type PlanOptions, type PlanOutputs, type StepResource } from '../plan/types';
import { applyPlan, type ApplyReporter, type ConsistencyPolicy, type StepOutcome } from './applyPlan';

export type ApplyStatus = 'noChanges' | 'applied' | 'manualRemaining' | 'failed' | 'cancelled';

export interface ApplyResult {
  status: ApplyStatus;
  /** The plan of the first round: what the user was shown. */
  plan: Plan;
  /** Per resource, the most significant outcome across rounds (a "done" is not hidden by a later "noop"). */
  outcomes: StepOutcome[];
  outputs: PlanOutputs;
  rounds: number;
  writes: number;
  error?: Error;
  /** What to do next, in words (absent when there is nothing left to do). */
  next?: string;
}

export interface ApplyConfigurationOptions {
  secret?: string;
  signal?: AbortSignal;
  reporter?: ApplyReporter & { onPlan?(plan: Plan, round: number): void };
  consistency?: Partial<ConsistencyPolicy>;
  /** observe→plan→apply rounds at most (the first included). */
  maxRounds?: number;
  /** Explicit adoptions of objects that fail the ownership test (shown in the plan as "adopt"). */
  plan?: PlanOptions;
  /** How observe reads itsme's discovery document (External ID's pre-flight). */
  observe?: ObserveOptions;
}

/**
 * The latest round's outcome wins, with one exception: "no change" after an earlier round wrote (or tried to write,
 * and the write took effect although its response was lost) means that earlier write is what made it so.
 */
function merge(prev: StepOutcome | undefined, next: StepOutcome): StepOutcome {
  if (prev && next.status === 'noop' && prev.status !== 'noop' && prev.status !== 'manual') return { ...next, status: 'done', detail: prev.detail };
  return next;
}

function statusOf(outcomes: StepOutcome[]): ApplyStatus {
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'skipped')) return 'failed';
  if (outcomes.some((o) => o.status === 'cancelled')) return 'cancelled';
  if (outcomes.some((o) => o.status === 'manual')) return 'manualRemaining';
  return outcomes.some((o) => o.status === 'done') ? 'applied' : 'noChanges';
}

function isTransient(o: StepOutcome): boolean {
  return o.status === 'failed' && o.error instanceof GraphRequestError && o.error.transient;
}

export async function applyConfiguration(graph: GraphPort, config: ItsmeSetupConfig, options: ApplyConfigurationOptions = {}): Promise<ApplyResult> {
  const maxRounds = options.maxRounds ?? 4;
  const merged = new Map<StepResource, StepOutcome>();
  let firstPlan: Plan | undefined;
  let observed: ObservedTenant | undefined;
  let writes = 0;
  let appId: string | undefined;
  let rounds = 0;
  let readError: Error | undefined;
  for (let round = 1; round <= maxRounds; round++) {
    rounds = round;
    try {
      observed = await observe(graph, config, options.signal, options.observe);
    } catch (e) {
      // Nothing written yet: the error is the whole story. After a round that wrote, it must not hide that round.
      if (round === 1) throw e;
      readError = e as Error;
      break;
    }
    const plan = computePlan(config, observed, options.plan);
    firstPlan ??= plan;
    options.reporter?.onPlan?.(plan, round);
    appId = findApplication(config, observed, options.plan).match?.appId ?? appId;
    if (isNoChange(plan)) {
      for (const s of plan.steps) {
        const o: StepOutcome = { resource: s.resource, action: s.action, label: s.label, status: s.action === 'manual' ? 'manual' : 'noop', detail: s.reason, manual: s.manual };
        merged.set(s.resource, merge(merged.get(s.resource), o));
        options.reporter?.onStep?.(o);
      }
      break;
    }
    let result;
    try {
      result = await applyPlan(plan, graph, { secret: options.secret, signal: options.signal, reporter: options.reporter, consistency: options.consistency });
    } catch (e) {
      if (isCancelled(e)) break;
      throw e;
    }
    writes += result.writes;
    appId = result.context.applicationAppId ?? appId;
    for (const o of result.outcomes) merged.set(o.resource, merge(merged.get(o.resource), o));
    const cancelled = result.outcomes.some((o) => o.status === 'cancelled');
    const retry = result.outcomes.some(isTransient);
    if (cancelled || !retry) break;
  }
  const plan = firstPlan!;
  // The first plan's order, then anything a later round added (copies made meanwhile by another apply).
  const order = [...plan.steps.map((s) => s.resource), ...[...merged.keys()].filter((r) => !plan.steps.some((s) => s.resource === r))];
  const outcomes = order.map((r) => merged.get(r)!).filter(Boolean);
  let status: ApplyStatus = options.signal?.aborted && statusOf(outcomes) !== 'applied' ? 'cancelled' : statusOf(outcomes);
  if (readError && !isCancelled(readError)) status = 'failed';
  if (readError && isCancelled(readError)) status = 'cancelled';
  const error = readError && !isCancelled(readError) ? readError : outcomes.find((o) => o.status === 'failed')?.error;
  return { status, plan, outcomes, outputs: outputsFor(config, observed!, appId), rounds, writes, error, next: nextStep(status) };
}

/** What to run next, for every ending but success. */
export function nextStep(status: ApplyStatus): string | undefined {
  switch (status) {
    case 'failed':
      return l10n.t('Run apply again: it reads the tenant first, keeps what was written and completes the rest (nothing is created twice).');
    case 'cancelled':
      return l10n.t('Run apply again to complete the configuration: it keeps what was written.');
    case 'manualRemaining':
      return l10n.t('Do the manual steps listed, then run apply again: it checks them and writes nothing else.');
    default:
      return undefined;
  }
}
