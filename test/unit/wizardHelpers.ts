// Shared by the wizard tests: drive the machine with events, and plans/results from the real engine.
import { transition } from '../../src/wizard/transition';
import type { Transition, WizardEffect, WizardEvent, WizardState } from '../../src/wizard/state';
import type { ApplyResult } from '../../src/core/apply/applyConfiguration';
import type { StepOutcome } from '../../src/core/apply/applyPlan';
import { computePlan } from '../../src/core/plan/computePlan';
import type { Plan } from '../../src/core/plan/types';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { config, configuredTenant, emptyTenant } from './fixtures';

export const SECRET = 'S3cr3t-itsme-Value-0123456789';

/** Applies events in order; returns the final transition and every effect emitted on the way. */
export function run(state: WizardState, ...events: WizardEvent[]): Transition & { all: WizardEffect[] } {
  let current: Transition = { state, effects: [] };
  const all: WizardEffect[] = [];
  for (const e of events) {
    current = transition(current.state, e);
    all.push(...current.effects);
  }
  return { ...current, all };
}

export function effectOf<T extends WizardEffect['type']>(t: Transition, type: T): Extract<WizardEffect, { type: T }> {
  const e = t.effects.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} effect in ${JSON.stringify(t.effects.map((x) => x.type))}`);
  return e as Extract<WizardEffect, { type: T }>;
}

export function freshPlan(c: ItsmeSetupConfig = config()): Plan {
  return computePlan(c, emptyTenant());
}

export function unchangedPlan(c: ItsmeSetupConfig = config()): Plan {
  return computePlan(c, configuredTenant(c));
}

export function outcomesOf(plan: Plan, status: StepOutcome['status']): StepOutcome[] {
  return plan.steps.map((s) => ({ resource: s.resource, action: s.action, label: s.label, status: s.action === 'noop' ? 'noop' : s.action === 'manual' ? 'manual' : status }));
}

export function resultOf(plan: Plan, status: ApplyResult['status'], writes: number, outputs = plan.outputs): ApplyResult {
  return { status, plan, outcomes: outcomesOf(plan, status === 'cancelled' ? 'cancelled' : 'done'), outputs, rounds: 1, writes };
}
