// What the custom-policy variant wants in the tenant: the generated policy set, the key sets it references, and
// what a token from it must carry. policyOptionsOf turns the configuration into the generator's options (helper
// cp1's options.ts does the same once it lands; this adapter keeps the engine independent of that timing).
import { metadataUrlOf } from '../../config/validate';
import type { CustomPolicySettings, ItsmeSetupConfig } from '../../config/types';
import { ITSME_CLAIMS } from '../../policy/claims';
import { ACR_VALUES, generatePolicySet, keySetIds, policyIds, type GeneratedPolicy, type KeySetIds } from '../../policy/generate';
import { LIFETIME_RANGES, type CustomPolicyOptions } from '../../policy/options';
import type { CustomPolicyOutputs } from '../types';

/** The defaults of the `customPolicy` object (HELPERS10 decisions), for a configuration that names the variant only. */
export function customPolicySettingsOf(config: ItsmeSetupConfig): CustomPolicySettings {
  const cp = config.customPolicy;
  return {
    name: cp?.name ?? 'itsme',
    claims: cp?.claims ?? ['nationalNumber'],
    assurance: cp?.assurance ?? 'basic',
    ...(cp?.uiLocale ? { uiLocale: cp.uiLocale } : {}),
    lifetimes: cp?.lifetimes ?? {
      accessTokenSeconds: LIFETIME_RANGES.accessTokenSeconds.default,
      idTokenSeconds: LIFETIME_RANGES.idTokenSeconds.default,
      refreshTokenSeconds: LIFETIME_RANGES.refreshTokenSeconds.default,
      rollingWindow: LIFETIME_RANGES.rollingWindow.default,
    },
  };
}

export function isCustomPolicy(config: ItsmeSetupConfig): boolean {
  return config.variant === 'customPolicy';
}

/** The generator's options; tenantDomain is the tenant's initial domain (the policies' TenantId). */
export function policyOptionsOf(config: ItsmeSetupConfig, tenantDomain: string): CustomPolicyOptions {
  const cp = customPolicySettingsOf(config);
  return {
    tenant: tenantDomain,
    name: cp.name,
    metadataUrl: metadataUrlOf(config),
    partnerCode: config.itsme.partnerCode,
    serviceCode: config.itsme.serviceCode,
    claims: cp.claims,
    assurance: cp.assurance,
    ...(cp.uiLocale ? { uiLocale: cp.uiLocale } : {}),
    lifetimes: cp.lifetimes,
  };
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
