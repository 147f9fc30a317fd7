// What the emulated B2C needs to run a custom policy (b2c-custom-policy.md §4, §6 "At run time"), read from the
// Graph emulator's trustFramework state: the relying party merged with its BasePolicy chain
// (graph/trust-framework-merge.ts), its DefaultUserJourney, the OpenID Connect technical profile of a claims
// exchange as an upstream request (metadata, input claims, the secret of the client_secret key set), the mapping
// of the upstream ID token through OutputClaims, and the JwtIssuer's token: claims, lifetime and signing key.
// The HTTP side (redirects, callback, answers) is in server.ts, shared with the user flows.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { mergeStoredPolicy, PolicyChainError, type ClaimRef, type MergedPolicyModel, type OrchestrationStepDef, type TechnicalProfileDef } from '../graph/trust-framework-merge';
import { activeKey, findKeySet, findPolicy, type TrustFrameworkState, type TrustFrameworkSwitches } from '../graph/trust-framework-state';

/** Custom policies are the B2C_1A_ ones (user flows are B2C_1_); the service compares ids case-insensitively. */
export const isCustomPolicyId = (id: string): boolean => /^b2c_1a_/i.test(id);

/** A journey that cannot run: a B2C error code and its message (error-codes.md wording, shortened). */
export class JourneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JourneyError';
  }
}

/** Run-time codes from B2C's public error list (error-codes.md). */
export const JOURNEY_ERR = {
  /** "The key container with ID '{0}' in tenant '{1}' does not have a valid key. Reason: {2}." */
  keyContainer: 'AADB2C90019',
  /** "The technical profile '{0}' does not exist in the policy '{1}' of tenant '{2}'." */
  technicalProfile: 'AADB2C90021',
  /** "Profile '{0}' does not contain the required metadata key '{1}'." */
  metadata: 'AADB2C90023',
  /** "Policy '{0}' does not specify a default user journey." (GUESS: also for a journey id that does not resolve.) */
  journey: 'AADB2C90031',
  /** "User journey '{0}' does not contain a send claims step." */
  sendClaims: 'AADB2C90040',
  /** "No suitable claims providers were found." */
  noProvider: 'AADB2C90051',
} as const;

export interface CustomPolicyRun {
  policy: MergedPolicyModel;
  journeyId: string;
  steps: OrchestrationStepDef[];
}

/**
 * The stored relying party `id` (case-insensitive) merged with its chain; undefined when no such policy is stored.
 * A policy without a usable journey, or a chain with a missing base (deleted after upload), is a JourneyError.
 */
export function loadCustomPolicy(tf: TrustFrameworkState, id: string, tenant: string): CustomPolicyRun | undefined {
  const stored = findPolicy(tf, id);
  if (!stored) return undefined;
  let policy: MergedPolicyModel;
  try {
    policy = mergeStoredPolicy(tf, stored.id);
  } catch (e) {
    // GUESS (§3): a base deleted after its children were uploaded makes the children fail at run time.
    if (e instanceof PolicyChainError) throw new JourneyError(JOURNEY_ERR.journey, `Policy '${stored.id}' of tenant '${tenant}' cannot be loaded: ${e.message}`);
    throw e;
  }
  const journeyId = policy.relyingParty?.defaultUserJourney;
  const journey = journeyId ? policy.userJourneys.get(journeyId) : undefined;
  if (!journeyId || !journey) throw new JourneyError(JOURNEY_ERR.journey, `Policy '${stored.id}' in tenant '${tenant}' does not specify a default user journey that exists.`);
  return { policy, journeyId, steps: journey.steps };
}

/** The claims collected so far in a journey (ClaimType id → value). */
export type ClaimBag = Record<string, unknown>;

/**
 * Preconditions (userjourneys.md): ClaimsExist / ClaimEquals with ExecuteActionsIf; the only action is
 * SkipThisOrchestrationStep. Per the doc, a null or uninitialized claim makes a ClaimEquals precondition be ignored.
 */
export function skipStep(step: OrchestrationStepDef, bag: ClaimBag): boolean {
  return step.preconditions.some((p) => {
    if (p.action && p.action !== 'SkipThisOrchestrationStep') return false;
    const [claim, value] = p.values;
    if (!claim) return false;
    const present = bag[claim] !== undefined && bag[claim] !== null && bag[claim] !== '';
    if (p.type === 'ClaimsExist') return present === p.executeActionsIf;
    if (p.type === 'ClaimEquals') return present ? (String(bag[claim]) === value) === p.executeActionsIf : false;
    return false;
  });
}

export function technicalProfile(run: CustomPolicyRun, id: string, tenant: string): TechnicalProfileDef {
  const tp = run.policy.technicalProfiles.get(id);
  if (!tp) throw new JourneyError(JOURNEY_ERR.technicalProfile, `The technical profile '${id}' does not exist in the policy '${run.policy.policyId}' of tenant '${tenant}'.`);
  return tp;
}

/** The active key of the key set a technical profile names for `keyId` (AADB2C90019 when there is none). */
function keyOf(tp: TechnicalProfileDef, keyId: string, tf: TrustFrameworkState, sw: TrustFrameworkSwitches, tenant: string) {
  const storage = tp.cryptographicKeys[keyId];
  const fail = (reason: string) => new JourneyError(JOURNEY_ERR.keyContainer, `The key container with ID '${storage ?? keyId}' in tenant '${tenant}' does not have a valid key. Reason: ${reason}.`);
  if (!storage) throw fail(`technical profile '${tp.id}' names no key '${keyId}'`);
  const ks = findKeySet(tf, storage, sw);
  if (!ks) throw fail('the key container does not exist');
  const key = activeKey(ks);
  if (!key) throw fail('no active key (the key set is empty, or its keys are expired or not yet valid)');
  return key;
}

/** What the OpenID Connect technical profile sends to the identity provider (openid-connect-technical-profile.md). */
export interface UpstreamRequest {
  name: string;
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
  responseType: string;
  responseMode: string;
  scope: string;
  /** Each InputClaim as an extra authorization parameter (name: PartnerClaimType, else the ClaimType id; GUESS). */
  extra: Record<string, string>;
  /** The `issuer` metadata: when set, the ID token's iss must equal it. */
  issuer?: string;
  /** The `IdTokenAudience` metadata: when set, aud must equal it (else client_id). */
  audience?: string;
}

export function upstreamOf(tp: TechnicalProfileDef, bag: ClaimBag, tf: TrustFrameworkState, sw: TrustFrameworkSwitches, tenant: string): UpstreamRequest {
  const m = tp.metadata;
  const need = (key: string): string => {
    if (!m[key]) throw new JourneyError(JOURNEY_ERR.metadata, `Profile '${tp.id}' does not contain the required metadata key '${key}'.`);
    return m[key]!;
  };
  const responseType = m['response_types'] || 'code';
  const auth = m['token_endpoint_auth_method'] || 'client_secret_post';
  // The secret is needed only for the code flow with client_secret_post / _basic (openid-connect-technical-profile.md).
  const needsSecret = responseType === 'code' && (auth === 'client_secret_post' || auth === 'client_secret_basic');
  const secret = needsSecret ? keyOf(tp, 'client_secret', tf, sw, tenant).k ?? '' : '';
  const extra: Record<string, string> = {};
  for (const c of tp.inputClaims) {
    const v = claimValue(c, bag[c.claimTypeReferenceId]);
    if (v !== undefined && v !== '') extra[c.partnerClaimType ?? c.claimTypeReferenceId] = String(v);
  }
  return {
    name: tp.displayName ?? tp.id,
    metadataUrl: need('METADATA'),
    clientId: need('client_id'),
    clientSecret: secret,
    responseType,
    // The documented default response_mode is form_post; the emulated callback reads the query (itsme's mode).
    responseMode: m['response_mode'] || 'form_post',
    scope: m['scope'] || 'openid',
    extra,
    ...(m['issuer'] ? { issuer: m['issuer'] } : {}),
    ...(m['IdTokenAudience'] ? { audience: m['IdTokenAudience'] } : {}),
  };
}

/** A claim's value: AlwaysUseDefaultValue wins; DefaultValue when the claim is empty. */
function claimValue(c: ClaimRef, v: unknown): unknown {
  if (c.alwaysUseDefaultValue && c.defaultValue !== undefined) return c.defaultValue;
  return v === undefined || v === null || v === '' ? c.defaultValue : v;
}

/** OutputClaims of an OIDC profile: the IdP claim named PartnerClaimType (else the ClaimType id) → the ClaimType. */
export function mapOutputClaims(tp: TechnicalProfileDef, idToken: Record<string, unknown>, bag: ClaimBag): void {
  for (const c of tp.outputClaims) {
    const fromIdp = idToken[c.partnerClaimType ?? c.claimTypeReferenceId];
    const v = claimValue(c, typeof fromIdp === 'object' && fromIdp !== null ? undefined : fromIdp);
    if (v !== undefined) bag[c.claimTypeReferenceId] = v;
  }
}

/** A boolean ClaimType travels as a JSON boolean in the token (GUESS, §6 step 5); other values as given. */
function typed(run: CustomPolicyRun, claimTypeId: string, v: unknown): unknown {
  if (run.policy.claimTypes.get(claimTypeId)?.dataType === 'boolean' && typeof v === 'string') return v.toLowerCase() === 'true';
  return v;
}

export interface IssuedToken {
  claims: Record<string, unknown>;
  subject: string;
  lifetimeSeconds: number;
  /** token_lifetime_secs: the access token's lifetime (jwt-issuer-technical-profile.md, default 3600). */
  accessLifetimeSeconds: number;
  /**
   * refresh_token_lifetime_secs (default 1209600) and the sliding window: rolling_refresh_token_lifetime_secs
   * (default 7776000), none when allow_infinite_rolling_refresh_token is true (configure-tokens.md, custom policy).
   */
  refresh: { lifetimeSec: number; rollingSec: number | null };
  /** The acr claim: the policy id in lowercase, unless AuthenticationContextReferenceClaimPattern is None. */
  acr?: string;
  /** AuthorityWithTfp puts the policy in the issuer (jwt-issuer-technical-profile.md IssuanceClaimPattern). */
  issuerWithTfp: boolean;
  signingKey: KeyObject;
  kid: string;
}

/** SendClaims with the JwtIssuer profile: the RP OutputClaims under their PartnerClaimType names, signed RS256. */
export function tokenOf(run: CustomPolicyRun, issuer: TechnicalProfileDef, bag: ClaimBag, tf: TrustFrameworkState, sw: TrustFrameworkSwitches, tenant: string): IssuedToken {
  const rp = run.policy.relyingParty?.technicalProfile;
  const claims: Record<string, unknown> = {};
  for (const c of rp?.outputClaims ?? []) {
    const v = claimValue(c, bag[c.claimTypeReferenceId]);
    if (v !== undefined) claims[c.partnerClaimType ?? c.claimTypeReferenceId] = typed(run, c.claimTypeReferenceId, v);
  }
  // SubjectNamingInfo ClaimType: "A reference to an output claim's PartnerClaimType" (relyingparty.md).
  const subjectClaim = rp?.subjectNamingInfo ?? 'sub';
  const subject = claims[subjectClaim];
  delete claims['sub'];
  const key = keyOf(issuer, 'issuer_secret', tf, sw, tenant);
  if (key.kty !== 'RSA' || !key.privateKeyPem) {
    throw new JourneyError(JOURNEY_ERR.keyContainer, `The key container with ID '${issuer.cryptographicKeys['issuer_secret']}' in tenant '${tenant}' does not have a valid key. Reason: the active key is not an RSA key.`);
  }
  const m = issuer.metadata;
  // jwt-issuer-technical-profile.md: id_token_lifetime_secs, default 3600.
  const lifetime = Number(m['id_token_lifetime_secs'] || 3600);
  const secs = (key: string, dflt: number) => {
    const n = Number(m[key] || dflt);
    return Number.isFinite(n) && n > 0 ? n : dflt;
  };
  return {
    claims,
    subject: typeof subject === 'string' ? subject : String(subject ?? ''),
    lifetimeSeconds: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3600,
    accessLifetimeSeconds: secs('token_lifetime_secs', 3600),
    refresh: {
      lifetimeSec: secs('refresh_token_lifetime_secs', 1209600),
      rollingSec: String(m['allow_infinite_rolling_refresh_token'] ?? '').toLowerCase() === 'true' ? null : secs('rolling_refresh_token_lifetime_secs', 7776000),
    },
    ...(m['AuthenticationContextReferenceClaimPattern'] === 'None' ? {} : { acr: run.policy.policyId.toLowerCase() }),
    issuerWithTfp: m['IssuanceClaimPattern'] === 'AuthorityWithTfp',
    signingKey: createPrivateKey(key.privateKeyPem),
    kid: key.kid,
  };
}

/** The signing key(s) a policy's JWKS publishes: the active key of each JwtIssuer's issuer_secret key set. */
export function policyJwks(run: CustomPolicyRun, tf: TrustFrameworkState, sw: TrustFrameworkSwitches): JWK[] {
  const out: JWK[] = [];
  for (const step of run.steps) {
    const tp = step.cpimIssuerTechnicalProfileReferenceId ? run.policy.technicalProfiles.get(step.cpimIssuerTechnicalProfileReferenceId) : undefined;
    const ks = tp?.cryptographicKeys['issuer_secret'] ? findKeySet(tf, tp.cryptographicKeys['issuer_secret'], sw) : undefined;
    const key = ks ? activeKey(ks) : undefined;
    if (key?.kty === 'RSA' && key.n && key.e && !out.some((k) => k.kid === key.kid)) out.push({ kty: 'RSA', n: key.n, e: key.e, kid: key.kid, use: 'sig', alg: 'RS256' });
  }
  return out;
}
