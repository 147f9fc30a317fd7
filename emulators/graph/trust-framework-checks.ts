// The upload checks that need the merged BasePolicy chain (b2c-custom-policy.md §6 steps 4–6): references,
// key sets, and the journey. Each returns the service's messages (quoted from the issues the reference cites) for
// the "Validation failed: N validation error(s) …" envelope; the caller wraps them.
import type { MergedPolicyModel, TechnicalProfileDef, UserJourneyDef } from './trust-framework-merge';
import { findKeySet, type TrustFrameworkState, type TrustFrameworkSwitches } from './trust-framework-state';

export interface CheckContext {
  /** The uploaded file's PolicyId, as written (the messages name it so). */
  policyId: string;
  tenantDomain: string;
  tf: TrustFrameworkState;
  sw: TrustFrameworkSwitches;
}

/** Step 4: every reference resolves somewhere in the chain. */
export function referenceErrors(m: MergedPolicyModel, c: CheckContext): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  const missing = (kind: string, id: string, article = '') => {
    const key = `${kind}\u0000${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push(`Policy "${c.policyId}" of tenant "${c.tenantDomain}" makes a reference to ${article}${kind} with id "${id}" but neither the policy nor any of its base policies contain such an element.`);
  };
  const claim = (id: string) => {
    if (!m.claimTypes.has(id)) missing('ClaimType', id);
  };
  const transformation = (id: string) => {
    if (!m.claimsTransformations.has(id)) missing('ClaimsTransformation', id, 'a ');
  };
  // GUESS (switch referenceChecks): the same pattern for technical profiles, content definitions and journeys.
  const guessed = c.sw.referenceChecks === 'all';
  const profile = (id: string | undefined) => {
    if (guessed && id !== undefined && !m.technicalProfiles.has(id)) missing('TechnicalProfile', id);
  };

  for (const tp of m.technicalProfiles.values()) {
    for (const r of [...tp.inputClaims, ...tp.outputClaims, ...tp.persistedClaims]) claim(r.claimTypeReferenceId);
    for (const t of [...tp.inputClaimsTransformations, ...tp.outputClaimsTransformations]) transformation(t);
    profile(tp.sessionManagement);
    profile(tp.includeTechnicalProfile);
  }
  for (const j of m.userJourneys.values()) {
    for (const s of j.steps) {
      if (guessed && s.contentDefinitionReferenceId !== undefined && !m.contentDefinitions.has(s.contentDefinitionReferenceId)) {
        missing('ContentDefinition', s.contentDefinitionReferenceId);
      }
      for (const x of s.claimsExchanges) profile(x.technicalProfileReferenceId);
      profile(s.cpimIssuerTechnicalProfileReferenceId);
    }
  }
  const rp = m.relyingParty;
  if (rp) {
    if (guessed && rp.defaultUserJourney !== undefined && !m.userJourneys.has(rp.defaultUserJourney)) missing('UserJourney', rp.defaultUserJourney);
    for (const r of rp.technicalProfile?.outputClaims ?? []) claim(r.claimTypeReferenceId);
  }
  return errors;
}

/** Step 5: each StorageReferenceId names an existing key set ([MicrosoftDocs/azure-docs#20564]). */
export function keyErrors(m: MergedPolicyModel, c: CheckContext): string[] {
  const ids = new Set<string>();
  for (const tp of m.technicalProfiles.values()) for (const id of Object.values(tp.cryptographicKeys)) ids.add(id);
  return [...ids].flatMap((id) => {
    const ks = findKeySet(c.tf, id, c.sw);
    const ok = ks && (ks.keys.length > 0 || c.sw.emptyKeySet === 'accept');
    return ok ? [] : [`Tenant "${c.tenantDomain}" does not have CryptographicKey referenced by storageReferenceId "${id}".`];
  });
}

/**
 * Metadata a protocol cannot work without (openid-connect-technical-profile.md "Required: yes"; the JWT issuer's
 * issuer_refresh_token_user_identity_claim_type is "required"). An empty item gets the documented message
 * ([starterpack#57]); a missing one the same message (GUESS, switch missingRequiredMetadata).
 */
function requiredMetadata(tp: TechnicalProfileDef): string[] {
  if (tp.protocol?.name === 'OpenIdConnect' && tp.outputTokenFormat === undefined) return ['METADATA', 'client_id'];
  if (tp.outputTokenFormat === 'JWT') return ['issuer_refresh_token_user_identity_claim_type'];
  return [];
}

export function metadataErrors(m: MergedPolicyModel, c: CheckContext): string[] {
  const errors: string[] = [];
  for (const tp of m.technicalProfiles.values()) {
    for (const key of requiredMetadata(tp)) {
      const v = tp.metadata[key];
      if (v === '' || (v === undefined && c.sw.missingRequiredMetadata === 'asEmpty')) {
        errors.push(`TechnicalProfile "${tp.id}" in policy "${c.policyId}" of tenant "${c.tenantDomain}" defines an invalid value "" for the metadata item "${key}."`);
      }
    }
  }
  return errors;
}

/** The claims a technical profile produces, following IncludeTechnicalProfile. */
function outputsOf(m: MergedPolicyModel, tp: TechnicalProfileDef | undefined, depth = 0): string[] {
  if (!tp || depth > 10) return [];
  const included = tp.includeTechnicalProfile ? outputsOf(m, m.technicalProfiles.get(tp.includeTechnicalProfile), depth + 1) : [];
  return [...included, ...tp.outputClaims.map((o) => o.claimTypeReferenceId)];
}

function inputsOf(m: MergedPolicyModel, tp: TechnicalProfileDef | undefined, depth = 0): TechnicalProfileDef['inputClaims'] {
  if (!tp || depth > 10) return [];
  const included = tp.includeTechnicalProfile ? inputsOf(m, m.technicalProfiles.get(tp.includeTechnicalProfile), depth + 1) : [];
  return [...included, ...tp.inputClaims];
}

/** Step 6 for one journey: input claims produced earlier, and the claims-provider selection rule. */
function journeyStepErrors(m: MergedPolicyModel, j: UserJourneyDef, c: CheckContext): { errors: string[]; produced: Set<string> } {
  const errors: string[] = [];
  const produced = new Set<string>();
  let selectionSeen = false;
  for (const s of j.steps) {
    if (s.type === 'ClaimsProviderSelection' || s.type === 'CombinedSignInAndSignUp') selectionSeen = true;
    if (s.claimsExchanges.length > 1 && !selectionSeen) {
      errors.push(
        `User journey "${j.id}" in policy "${c.policyId}" of tenant "${c.tenantDomain}" has step ${s.order} with ${s.claimsExchanges.length} claims exchanges. It must be preceded by a claims provider selection in order to determine which claims exchange can be used.`,
      );
    }
    const profiles = s.claimsExchanges.map((x) => m.technicalProfiles.get(x.technicalProfileReferenceId));
    const reported = new Set<string>();
    for (const tp of profiles) {
      if (!tp) continue;
      for (const input of inputsOf(m, tp)) {
        const id = input.claimTypeReferenceId;
        // GUESS (switch inputClaimDefaultSatisfies): a DefaultValue stands in for a producer (itsme's guide uploads
        // an InputClaim "claims" that only has a DefaultValue).
        if (produced.has(id) || (input.defaultValue !== undefined && c.sw.inputClaimDefaultSatisfies) || reported.has(`${tp.id}\u0000${id}`)) continue;
        reported.add(`${tp.id}\u0000${id}`);
        errors.push(`Claim type "${id}" is the input claim of technical profile "${tp.id}" in step "${s.order}" of user journey "${j.id}" but it is not an output claim in any of the previous steps.`);
      }
    }
    for (const tp of profiles) for (const o of outputsOf(m, tp)) produced.add(o);
  }
  return { errors, produced };
}

/** Step 6: the relying party's journey (or every journey, GUESS switch journeyChecks) and the RP's output claims. */
export function journeyErrors(m: MergedPolicyModel, c: CheckContext): string[] {
  const errors: string[] = [];
  const rp = m.relyingParty;
  const rpJourney = rp?.defaultUserJourney !== undefined ? m.userJourneys.get(rp.defaultUserJourney) : undefined;
  const journeys = c.sw.journeyChecks === 'everyJourney' ? [...m.userJourneys.values()] : rpJourney ? [rpJourney] : [];
  for (const j of journeys) {
    const { errors: stepErrors, produced } = journeyStepErrors(m, j, c);
    errors.push(...stepErrors);
    if (j !== rpJourney) continue;
    for (const o of rp?.technicalProfile?.outputClaims ?? []) {
      if (o.defaultValue !== undefined || produced.has(o.claimTypeReferenceId)) continue;
      errors.push(`Claim type "${o.claimTypeReferenceId}" is the output claim of the relying party's technical profile, but it is not an output claim in any of the steps of user journey "${j.id}".`);
    }
  }
  return errors;
}
