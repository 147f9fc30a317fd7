// The custom-policy variant's own objects as the tree and `status` show them: each generated policy and each key set
// with its state — present, differs (ours, but not as configured: apply updates it), missing (apply creates it) or
// clash (same id, not ours: never written) — read from the step the engine planned for it. Nothing is read again.
import * as l10n from '@vscode/l10n';
import type { Plan, PlanStep, StepResource } from './plan/types';

export type PolicyObjectState = 'present' | 'differs' | 'missing' | 'clash';

export interface PolicyObject {
  kind: 'policy' | 'keySet';
  resource: StepResource;
  id: string;
  state: PolicyObjectState;
  /** The state in a sentence, with what differs (never key material: key sets are write-only). */
  message: string;
  /** A policy's generated XML, exactly as uploaded (to open it read-only). */
  xml?: string;
}

function stateOf(step: PlanStep | undefined): PolicyObjectState {
  if (!step) return 'present';
  if (step.clashes?.length) return 'clash';
  if (step.action === 'create') return 'missing';
  if (step.action === 'update' || step.action === 'adopt') return 'differs';
  return 'present';
}

function messageOf(kind: PolicyObject['kind'], id: string, state: PolicyObjectState, step: PlanStep | undefined): string {
  const what = (list: string[] | undefined) => (list?.length ? ` ${list.join('; ')}` : '');
  switch (state) {
    case 'present':
      return kind === 'policy' ? l10n.t('Policy {0} is in the tenant, as generated.', id) : l10n.t('Key set {0} is in the tenant.', id);
    case 'differs':
      return kind === 'policy'
        ? l10n.t('Policy {0} differs from the generated one: apply updates it.{1}', id, what(step?.changes))
        : l10n.t('Key set {0} is not as configured: apply completes it.{1}', id, what(step?.changes));
    case 'missing':
      return kind === 'policy' ? l10n.t('Policy {0} is not in the tenant: apply uploads it.', id) : l10n.t('Key set {0} is not in the tenant: apply creates it.', id);
    case 'clash':
      return l10n.t('{0} exists but is not this configuration\'s, so it is left alone (choose another policy name, or adopt it with --adopt-policy).{1}', id, what(step?.clashes?.flatMap((c) => c.differences)));
  }
}

/** The policies (base first) and key sets of a custom-policy plan; none for a user-flow plan. */
export function customPolicyObjects(plan: Plan): PolicyObject[] {
  const cp = plan.outputs.customPolicy;
  if (!cp) return [];
  const stepOf = (resource: StepResource) => plan.steps.find((s) => s.resource === resource);
  const policyResources: StepResource[] = ['basePolicy', 'relyingPartyPolicy'];
  const objects: PolicyObject[] = cp.policies.map((p, i) => {
    const resource = policyResources[i] ?? 'relyingPartyPolicy';
    const state = stateOf(stepOf(resource));
    return { kind: 'policy', resource, id: p.id, state, message: messageOf('policy', p.id, state, stepOf(resource)), xml: p.xml };
  });
  const keySets: Array<[StepResource, string]> = [
    ['itsmeSecretKeySet', cp.keySets.itsmeSecret],
    ['signingKeySet', cp.keySets.tokenSigning],
    ['encryptionKeySet', cp.keySets.tokenEncryption],
  ];
  for (const [resource, id] of keySets) {
    const state = stateOf(stepOf(resource));
    objects.push({ kind: 'keySet', resource, id, state, message: messageOf('keySet', id, state, stepOf(resource)) });
  }
  return objects;
}
