// The two policies: B2C_1A_<N>_base, then B2C_1A_<N> (PUT …/$value creates or replaces; 200 and 201 both mean
// done). Compared after canonicalising (canonical.ts): equal is a no-op. Ownership: the base is ours when it has our
// itsme technical profile (Itsme-OIDC) with client_id = our partner code; the relying party when it inherits from
// our base and runs our journey. Anything else with our id is a clash, never written unless adopted (--adopt-policy).
import * as l10n from '@vscode/l10n';
import { XML_HEADERS, type GraphRequest } from '../../graph/port';
import { policyDifferences, policyFacts, samePolicy } from '../../policy/canonical';
import { ITSME_TP, JOURNEY_ID } from '../../policy/generate';
import type { PlanOptions, PlanStep, StepResource } from '../types';
import type { DesiredCustomPolicy } from './desired';
import type { ObservedCustomPolicy } from './observe';

const enc = encodeURIComponent;

export function putPolicyRequest(id: string, xml: string): GraphRequest {
  return { method: 'PUT', version: 'beta', path: `/trustFramework/policies/${enc(id)}/$value`, body: xml, headers: { ...XML_HEADERS } };
}

export function deletePolicyRequest(id: string): GraphRequest {
  return { method: 'DELETE', version: 'beta', path: `/trustFramework/policies/${enc(id)}` };
}

/** What keeps a stored policy from being ours; empty when it is ours. */
export function ownershipDifferences(kind: 'base' | 'relyingParty', d: DesiredCustomPolicy, xml: string): string[] {
  const facts = policyFacts(xml);
  if (!facts) return [l10n.t('not a TrustFrameworkPolicy document')];
  if (kind === 'base') {
    const tp = facts.technicalProfiles.get(ITSME_TP);
    if (!tp) return [l10n.t('no technical profile {0} (the itsme OpenID Connect profile)', ITSME_TP)];
    const clientId = tp.get('client_id');
    return clientId === d.options.partnerCode ? [] : [`${ITSME_TP} client_id: ${JSON.stringify(clientId ?? null)} → ${JSON.stringify(d.options.partnerCode)}`];
  }
  const out: string[] = [];
  if ((facts.basePolicyId ?? '').toLowerCase() !== d.ids.base.toLowerCase()) out.push(`BasePolicy: ${JSON.stringify(facts.basePolicyId ?? null)} → ${JSON.stringify(d.ids.base)}`);
  if (facts.defaultUserJourney !== JOURNEY_ID) out.push(`DefaultUserJourney: ${JSON.stringify(facts.defaultUserJourney ?? null)} → ${JSON.stringify(JOURNEY_ID)}`);
  return out;
}

export function isOurPolicy(kind: 'base' | 'relyingParty', d: DesiredCustomPolicy, xml: string): boolean {
  return ownershipDifferences(kind, d, xml).length === 0;
}

export function planPolicy(kind: 'base' | 'relyingParty', d: DesiredCustomPolicy, observed: ObservedCustomPolicy, options: PlanOptions, dependsOn: StepResource[]): PlanStep {
  const want = kind === 'base' ? d.base : d.relyingParty;
  const have = kind === 'base' ? observed.base : observed.relyingParty;
  const resource = kind === 'base' ? ('basePolicy' as const) : ('relyingPartyPolicy' as const);
  const base = { resource, dependsOn, label: want.id };
  if (!have) {
    return { ...base, action: 'create', reason: l10n.t('Policy {0} does not exist.', want.id), requests: [putPolicyRequest(want.id, want.xml)] };
  }
  if (samePolicy(have.xml, want.xml)) return { ...base, action: 'noop', targetId: have.id, requests: [], reason: l10n.t('Policy {0} matches the generated file.', have.id) };
  const notOurs = ownershipDifferences(kind, d, have.xml);
  const changes = policyDifferences(have.xml, want.xml);
  if (notOurs.length) {
    if ((options.adopt?.policies ?? []).some((id) => id.toLowerCase() === have.id.toLowerCase())) {
      return {
        ...base,
        action: 'adopt',
        targetId: have.id,
        changes: [...notOurs, ...changes],
        reason: l10n.t('Policy {0} is adopted on request: it is replaced by the generated file and is this configuration\'s from now on.', have.id),
        requests: [putPolicyRequest(want.id, want.xml)],
      };
    }
    return {
      ...base,
      action: 'manual',
      targetId: have.id,
      requests: [],
      clashes: [{ id: have.id, type: 'trustFrameworkPolicy', differences: notOurs }],
      reason:
        kind === 'base'
          ? l10n.t('Policy {0} exists but is not this configuration\'s (it has no itsme technical profile with partner code {1}); it is left alone.', have.id, d.options.partnerCode)
          : l10n.t('Policy {0} exists but is not this configuration\'s (it does not run journey {1} of {2}); it is left alone.', have.id, JOURNEY_ID, d.ids.base),
      manual: { text: l10n.t('Choose another policy name (customPolicy.name), or adopt the existing policy explicitly (itsme-b2c apply --adopt-policy {0}): it is then replaced by the generated file.', have.id) },
    };
  }
  return {
    ...base,
    action: 'update',
    targetId: have.id,
    changes,
    reason: l10n.t('Policy {0} differs from the generated file.', have.id),
    requests: [putPolicyRequest(want.id, want.xml)],
  };
}
