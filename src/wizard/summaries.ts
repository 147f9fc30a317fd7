// Projections of the engine's objects into what the wizard shows: no Graph requests, no Error objects, nothing
// that cannot be posted to a webview or persisted.
import * as l10n from '@vscode/l10n';
import { nextStep, type ApplyResult } from '../core/apply/applyConfiguration';
import type { StepOutcome } from '../core/apply/applyPlan';
import { isNoChange, type Plan } from '../core/plan/types';
import { failureCause } from './failure';
import { kindOf } from '../core/plan/tenant';
import type { FailureCause, PlanSummary, ProgressRow, ResultSummary } from './state';

export function summarizePlan(plan: Plan): PlanSummary {
  return {
    tenant: { initialDomain: plan.tenant.initialDomain, kind: kindOf(plan.tenant), ...(plan.tenant.displayName ? { displayName: plan.tenant.displayName } : {}) },
    steps: plan.steps.map((s) => ({
      resource: s.resource,
      action: s.action,
      label: s.label,
      reason: s.reason,
      changes: [...(s.changes ?? [])],
      // A step that will be tried automatically carries its portal fallback too; show it only when it IS the step.
      ...(s.manual && s.action === 'manual' ? { manual: { ...s.manual } } : {}),
    })),
    needsSecret: plan.needsSecret,
    noChange: isNoChange(plan),
    outputs: structuredClone(plan.outputs),
  };
}

export function pendingRows(plan: PlanSummary): ProgressRow[] {
  return plan.steps.map((s) => ({ resource: s.resource, action: s.action, label: s.label, status: 'pending' }));
}

export function rowOf(o: StepOutcome): ProgressRow {
  return {
    resource: o.resource,
    action: o.action,
    label: o.label,
    status: o.status,
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.manual ? { manual: { ...o.manual } } : {}),
  };
}

/** Replaces the row of the outcome's resource (a resource reported twice, e.g. "running" then "done", keeps one row). */
export function withOutcome(rows: ProgressRow[], o: StepOutcome): ProgressRow[] {
  const row = rowOf(o);
  return rows.some((r) => r.resource === o.resource) ? rows.map((r) => (r.resource === o.resource ? row : r)) : [...rows, row];
}

/** Rows the run never reached say so, instead of "waiting" on a page where nothing waits any more. */
export function notStarted(rows: ProgressRow[]): ProgressRow[] {
  return rows.map((r) => (r.status === 'pending' || r.status === 'running' ? { ...r, status: 'skipped', detail: l10n.t('Not started: the run stopped before this step.') } : r));
}

export function summarizeResult(result: ApplyResult): ResultSummary {
  const unfinished = result.status === 'failed' || result.status === 'cancelled';
  return {
    status: result.status,
    rows: result.outcomes.map(rowOf),
    outputs: structuredClone(result.outputs),
    nothingWritten: result.writes === 0,
    ...(result.error ? { error: result.error.message } : {}),
    ...(result.next ? { next: result.next } : {}),
    ...(unfinished ? { cause: failureCause(result.error, result.status === 'cancelled') } : {}),
  };
}

/** A run that threw before the engine could give its account (e.g. the sign-in was gone): the rows as they stood. */
export function summarizeFailure(rows: ProgressRow[], outputs: ResultSummary['outputs'], message: string, cancelled: boolean, cause: FailureCause | undefined): ResultSummary {
  const status = cancelled ? 'cancelled' : 'failed';
  return {
    status,
    rows: notStarted(rows),
    outputs,
    nothingWritten: !rows.some((r) => r.status === 'done'),
    error: message,
    next: nextStep(status),
    cause: cancelled ? 'retry' : (cause ?? 'log'),
  };
}
