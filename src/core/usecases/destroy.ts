// Remove what this configuration made, in two steps because people confirm in between: planDestroy reads the
// tenant and says what would go (and what stays, and why); applyDestroy removes exactly that. The one
// implementation behind the extension's "Remove" and `itsme-b2c destroy`.
import type { ItsmeSetupConfig } from '../config/types';
import type { GraphPort } from '../graph/port';
import { computeDestroyPlan } from '../plan/destroyPlan';
import { observe } from '../plan/observe';
import type { Plan, PlanStep } from '../plan/types';
import { runPlan, type PlanRun, type PlanRunOptions } from './runPlan';

export async function planDestroy(graph: GraphPort, config: ItsmeSetupConfig, signal?: AbortSignal): Promise<Plan> {
  return computeDestroyPlan(config, await observe(graph, config, signal));
}

/** The steps that remove something (to confirm, and to name in the result). */
export function removals(plan: Plan): PlanStep[] {
  return plan.steps.filter((s) => s.action === 'delete' || s.action === 'unlink' || s.action === 'removeDuplicate');
}

export function applyDestroy(graph: GraphPort, plan: Plan, options: Omit<PlanRunOptions, 'secret'> = {}): Promise<PlanRun> {
  return runPlan(plan, graph, options);
}
