// What the custom-policy variant wants in the tenant: the generated policy set, the key sets it references, and
// what a token from it must carry (the generator's options come from policyOptionsOf, the same as `itsme-b2c policy`).
import type { ItsmeSetupConfig } from '../../config/types';
import { ITSME_CLAIMS } from '../../policy/claims';
import { ACR_VALUES, generatePolicySet, keySetIds, policyIds, type GeneratedPolicy, type KeySetIds } from '../../policy/generate';
import { policyOptionsOf, type CustomPolicyOptions } from '../../policy/options';
import type { CustomPolicyOutputs } from '../types';

export function isCustomPolicy(config: ItsmeSetupConfig): boolean {
  return config.variant === 'customPolicy';
}

export interface DesiredCustomPolicy {
  options: CustomPolicyOptions;
  ids: { base: string; relyingParty: string };
  keySets: KeySetIds;
  base: GeneratedPolicy;
  relyingParty: GeneratedPolicy;
}

export function desiredCustomPolicy(config: ItsmeSetupConfig, tenantDomain: string): DesiredCustomPolicy {
  const options = policyOptionsOf(config, tenantDomain);
  const [base, relyingParty] = generatePolicySet(options);
  return { options, ids: policyIds(options.name), keySets: keySetIds(options.name), base: base!, relyingParty: relyingParty! };
}

/** The id to POST for a key set: the service adds B2C_1A_ (trustframework-post-keysets; the id is read back). */
export const postedKeySetId = (fullId: string): string => fullId.replace(/^B2C_1A_/, '');

export function customPolicyOutputs(d: DesiredCustomPolicy): CustomPolicyOutputs {
  const extra = ITSME_CLAIMS.filter((c) => d.options.claims.includes(c.key));
  return {
    policies: [d.base, d.relyingParty].map((p) => ({ id: p.id, xml: p.xml })),
    keySets: { ...d.keySets },
    policyId: d.ids.relyingParty,
    expectations: {
      claims: extra.map((c) => c.tokenClaim),
      assurance: { claim: 'itsme_acr', value: ACR_VALUES[d.options.assurance] },
      idTokenLifetimeSeconds: d.options.lifetimes.idTokenSeconds,
      accessTokenLifetimeSeconds: d.options.lifetimes.accessTokenSeconds,
    },
  };
}
