// Rotate the itsme client secret: read the tenant, find this configuration's identity provider, PATCH only its
// secret. The one implementation behind the extension's command and `itsme-b2c rotate-secret`.
import type { ItsmeSetupConfig } from '../config/types';
import type { GraphPort } from '../graph/port';
import { observe } from '../plan/observe';
import { computeRotatePlan } from '../plan/rotatePlan';
import { runPlan, type PlanRun, type PlanRunOptions } from './runPlan';

/**
 * Status "manualRemaining" (nothing written) when there is no identity provider of this configuration to rotate:
 * the plan's only step says so and what to run first. Throws MissingSecretError when the secret is missing.
 */
export async function rotateSecret(graph: GraphPort, config: ItsmeSetupConfig, secret: string | undefined, options: Omit<PlanRunOptions, 'secret'> = {}): Promise<PlanRun> {
  const plan = computeRotatePlan(config, await observe(graph, config, options.signal));
  return runPlan(plan, graph, { ...options, secret });
}
