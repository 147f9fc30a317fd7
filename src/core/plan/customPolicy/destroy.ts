// destroy and rotate-secret for the custom-policy variant. destroy: the relying party first, then the base (a base
// another policy inherits from may be refused), then our key sets (only those that pass the ownership test: a
// starter pack's B2C_1A_TokenSigningKeyContainer is never ours), then the app as for the user flow.
// rotate-secret: uploadSecret of the new secret to our itsme secret key set; the newest key becomes the active one.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import type { ObservedTenant } from '../observe';
import type { Plan, PlanStep } from '../types';
import { appDestroySteps } from '../destroyPlan';
import { desiredCustomPolicy } from './desired';
import { findKeySet, isOurKeySet, keyRequest, keySetSpecs } from './keySets';
import { deletePolicyRequest, isOurPolicy, ownershipDifferences } from './policies';
import { customPolicyPlanOutputs } from './outputs';
import { observedPolicies } from './plan';

const enc = encodeURIComponent;

export function computeCustomPolicyDestroyPlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const d = desiredCustomPolicy(config, observed.tenant.initialDomain);
  const cp = observedPolicies(observed);
  const steps: PlanStep[] = [];
  const policy = (kind: 'base' | 'relyingParty'): PlanStep => {
    const have = kind === 'base' ? cp.base : cp.relyingParty;
    const resource = kind === 'base' ? ('basePolicy' as const) : ('relyingPartyPolicy' as const);
    const id = kind === 'base' ? d.ids.base : d.ids.relyingParty;
    const dependsOn = kind === 'base' ? (['relyingPartyPolicy'] as const) : [];
    if (!have) return { resource, action: 'noop', dependsOn: [...dependsOn], label: id, requests: [], reason: l10n.t('Policy {0} does not exist.', id) };
    if (!isOurPolicy(kind, d, have.xml)) {
      return {
        resource,
        action: 'noop',
        dependsOn: [...dependsOn],
        label: id,
        targetId: have.id,
        requests: [],
        clashes: [{ id: have.id, type: 'trustFrameworkPolicy', differences: ownershipDifferences(kind, d, have.xml) }],
        reason: l10n.t('Policy {0} is not this configuration\'s: kept.', have.id),
      };
    }
    return { resource, action: 'delete', dependsOn: [...dependsOn], label: id, targetId: have.id, requests: [deletePolicyRequest(have.id)], reason: l10n.t('Policy {0} of this configuration.', have.id) };
  };
  const rp = policy('relyingParty');
  const base = policy('base');
  steps.push(rp, base);
  for (const spec of keySetSpecs(d)) {
    const ks = findKeySet(cp, spec.id);
    // The policies reference the key sets: they go once both policies are gone.
    const dependsOn: PlanStep['dependsOn'] = ['relyingPartyPolicy', 'basePolicy'];
    if (!ks) steps.push({ resource: spec.resource, action: 'noop', dependsOn, label: spec.id, requests: [], reason: l10n.t('Key set {0} does not exist.', spec.id) });
    else if (!isOurKeySet(spec, ks)) steps.push({ resource: spec.resource, action: 'noop', dependsOn, label: spec.id, targetId: ks.id, requests: [], reason: l10n.t('Key set {0} holds other keys than this configuration\'s: kept.', ks.id) });
    else steps.push({ resource: spec.resource, action: 'delete', dependsOn, label: spec.id, targetId: ks.id, requests: [{ method: 'DELETE', version: 'beta', path: `/trustFramework/keySets/${enc(ks.id)}` }], reason: l10n.t('Key set {0} of this configuration.', ks.id) });
  }
  steps.push(...appDestroySteps(config, observed));
  return { kind: 'destroy', tenant: observed.tenant, steps, needsSecret: false, outputs: customPolicyPlanOutputs(config, observed) };
}

export function computeCustomPolicyRotatePlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const d = desiredCustomPolicy(config, observed.tenant.initialDomain);
  const spec = keySetSpecs(d)[0]!;
  const ks = findKeySet(observedPolicies(observed), spec.id);
  const step: PlanStep =
    ks && isOurKeySet(spec, ks)
      ? { resource: spec.resource, action: 'update', dependsOn: [], label: spec.id, targetId: ks.id, changes: ['uploadSecret (use sig): the new key becomes the active one'], reason: l10n.t('Upload a new itsme client secret to key set {0}.', ks.id), requests: [keyRequest(spec)] }
      : {
          resource: spec.resource,
          action: 'manual',
          dependsOn: [],
          label: spec.id,
          requests: [],
          reason: ks ? l10n.t('Key set {0} is not this configuration\'s: its secret is not replaced.', ks.id) : l10n.t('There is no key set {0} to rotate the secret of.', spec.id),
          manual: { text: ks ? l10n.t('Choose another policy name (customPolicy.name).') : l10n.t('Run apply first: it creates the key set with the secret.') },
        };
  return { kind: 'rotateSecret', tenant: observed.tenant, steps: [step], needsSecret: step.action === 'update', outputs: customPolicyPlanOutputs(config, observed) };
}
