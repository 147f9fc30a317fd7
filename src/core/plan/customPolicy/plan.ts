// The apply plan of the custom-policy variant (B2C only): the three key sets, then the base policy, then the relying
// party, then the app registration, its service principal and admin consent exactly as for the user flow. No
// identity provider and no user flow. Pure: observed state in, steps out.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import { findApplication, planApplication, planConsent, planDuplicates, planServicePrincipal, blocked } from '../computePlan';
import type { ObservedTenant } from '../observe';
import type { Plan, PlanOptions, PlanStep, StepResource } from '../types';
import { desiredCustomPolicy } from './desired';
import { KEY_SET_RESOURCES, keySetSpecs, planKeySet } from './keySets';
import { planPolicy } from './policies';
import { customPolicyPlanOutputs } from './outputs';
import type { ObservedCustomPolicy } from './observe';

export function observedPolicies(observed: ObservedTenant): ObservedCustomPolicy {
  // observe() reads them for this variant; an empty tenant view when called without (a plan computed offline).
  return observed.customPolicy ?? { policyIds: [], base: null, relyingParty: null, keySets: [] };
}

export function computeCustomPolicyPlan(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}): Plan {
  const d = desiredCustomPolicy(config, observed.tenant.initialDomain);
  const cp = observedPolicies(observed);
  const keySteps = keySetSpecs(d).map((spec) => planKeySet(spec, cp));
  const keyBlock = keySteps.find((s) => s.action === 'manual');
  const keysDeps: StepResource[] = [...KEY_SET_RESOURCES];
  let basePolicy = planPolicy('base', d, cp, options, keysDeps);
  if (keyBlock && basePolicy.action !== 'manual') basePolicy = blocked({ resource: 'basePolicy', dependsOn: keysDeps, label: basePolicy.label }, l10n.t('key set {0}', keyBlock.label));
  let rpPolicy = planPolicy('relyingParty', d, cp, options, [...keysDeps, 'basePolicy']);
  if (rpPolicy.action !== 'manual') {
    if (keyBlock) rpPolicy = blocked({ resource: 'relyingPartyPolicy', dependsOn: rpPolicy.dependsOn, label: rpPolicy.label }, l10n.t('key set {0}', keyBlock.label));
    else if (basePolicy.action === 'manual') rpPolicy = blocked({ resource: 'relyingPartyPolicy', dependsOn: rpPolicy.dependsOn, label: rpPolicy.label }, l10n.t('base policy'));
  }
  const owned = findApplication(config, observed, options);
  const app = owned.match ?? owned.adopt;
  const appStep = planApplication(config, observed, options);
  const sp = planServicePrincipal(config, observed, appStep, app);
  const steps: PlanStep[] = [...keySteps, basePolicy, rpPolicy, appStep, sp, planConsent(config, observed, sp, app)];
  const dups = planDuplicates(config, observed, options);
  if (dups) steps.push(dups);
  const secretStep = keySteps[0]!;
  return {
    kind: 'apply',
    tenant: observed.tenant,
    steps,
    // Only a missing or empty itsme secret key set needs the secret; a complete one is never rewritten.
    needsSecret: secretStep.action === 'create' || secretStep.action === 'update',
    outputs: customPolicyPlanOutputs(config, observed, app?.appId),
  };
}
