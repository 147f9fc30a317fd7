// The B2C tenant's Identity Experience Framework objects (custom policies and policy keys), as the service holds
// them, and the GUESS switches of the trustFramework endpoints (docs/reference/b2c-custom-policy.md §3, §6).
//
// Key material (an uploaded secret's `k`, a generated RSA key's private part) is kept here, write-only: the
// B2C sign-in emulator reads it to run a custom-policy journey, but no Graph response ever returns it.

/** One policy file: the XML as uploaded, and the PolicyId of its <BasePolicy> when it has one. */
export interface PolicyRecord {
  id: string;
  xml: string;
  basePolicyId?: string;
}

/** A trustFrameworkKey. `k` (oct secret) and `privateKeyPem` (RSA) are never returned ("not readable"). */
export interface KeyRecord {
  kid: string;
  use: 'sig' | 'enc';
  kty: 'oct' | 'RSA';
  nbf?: number;
  exp?: number;
  /** uploadSecret: the secret as sent. */
  k?: string;
  /** generateKey: the private key (PKCS#8 PEM) and the public JWK parts the docs' response shows. */
  privateKeyPem?: string;
  n?: string;
  e?: string;
}

export interface KeySetRecord {
  id: string;
  keys: KeyRecord[];
}

export interface TrustFrameworkState {
  policies: PolicyRecord[];
  keySets: KeySetRecord[];
}

export const emptyTrustFramework = (): TrustFrameworkState => ({ policies: [], keySets: [] });

/** Behaviour switches: each is a GUESS where the reference is silent (set per emulator or live, reset() restores). */
export interface TrustFrameworkSwitches {
  /**
   * GUESS (§6 step 2, open question Q3): PUT refuses a file whose PolicyId differs from the id in the URL.
   * Default true; false stores the policy under the PolicyId of the XML.
   */
  policyIdMustMatchUrl: boolean;
  /**
   * GUESS (§3 "Upload order"): DELETE of a policy that another stored policy names as its BasePolicy. 'refuse'
   * (default: 400, so a destroy in the wrong order shows up in tests) or 'allow' (204; the reference's own guess
   * is that the service allows it and the children then fail at run time).
   */
  deleteBasePolicy: 'refuse' | 'allow';
  /**
   * GUESS (§3 keys): POST keySets with an id that already starts with B2C_1A_ keeps it ('keep', default, as user
   * flows do) or prefixes it again ('prefixAgain').
   */
  prefixedKeySetId: 'keep' | 'prefixAgain';
  /** GUESS (§2.4, Q4): key set ids compare 'caseSensitive' (default: catches inconsistent spellings) or 'caseInsensitive'. */
  keySetIds: 'caseSensitive' | 'caseInsensitive';
  /** GUESS (§6 step 7): HTTP status of a failed policy validation (code AADB2C): 400 (default) or 409. */
  validationErrorStatus: 400 | 409;
  /**
   * GUESS (§6 step 4): references to a TechnicalProfile (ClaimsExchange, CpimIssuer…, session, Include…), a
   * ContentDefinition or a UserJourney (DefaultUserJourney) are checked with the documented ClaimType message
   * pattern ('all', default), or only the documented ClaimType and ClaimsTransformation references ('documented').
   */
  referenceChecks: 'all' | 'documented';
  /**
   * GUESS (§6 step 5): a key set that exists but holds no key satisfies a StorageReferenceId ('accept', default: the
   * reference only says the key set must exist) or does not ('refuse').
   */
  emptyKeySet: 'accept' | 'refuse';
  /**
   * GUESS (§6 step 6): an InputClaim with a DefaultValue needs no earlier step that outputs it (true, default:
   * itsme's guide uploads its "claims" InputClaim that way); false demands a producer for every input claim.
   */
  inputClaimDefaultSatisfies: boolean;
  /**
   * GUESS (§6 step 6): the journey checks run on the relying party's DefaultUserJourney when the chain has a
   * RelyingParty ('relyingParty', default, as the reference says) or on every journey of every upload ('everyJourney').
   */
  journeyChecks: 'relyingParty' | 'everyJourney';
  /**
   * GUESS (§6 step 6): required metadata that is absent (OpenIdConnect METADATA / client_id, the JWT issuer's
   * issuer_refresh_token_user_identity_claim_type) gets the documented "invalid value \"\"" message like an empty
   * item ('asEmpty', default) or passes ('ignore'). An empty item is always refused (documented).
   */
  missingRequiredMetadata: 'asEmpty' | 'ignore';
  /** GUESS (§3 "Create only"): POST /trustFramework/policies with an id that exists: 409 Conflict ('conflict', default) or replaces it ('replace'). */
  postExistingPolicy: 'conflict' | 'replace';
}

export const TRUST_FRAMEWORK_SWITCH_DEFAULTS: Readonly<TrustFrameworkSwitches> = {
  policyIdMustMatchUrl: true,
  deleteBasePolicy: 'refuse',
  prefixedKeySetId: 'keep',
  keySetIds: 'caseSensitive',
  validationErrorStatus: 400,
  referenceChecks: 'all',
  emptyKeySet: 'accept',
  inputClaimDefaultSatisfies: true,
  journeyChecks: 'relyingParty',
  missingRequiredMetadata: 'asEmpty',
  postExistingPolicy: 'conflict',
};

/** Policy ids compare case-insensitively (the service reports them upper-cased, §6 step 3). */
export function findPolicy(tf: TrustFrameworkState, id: string): PolicyRecord | undefined {
  return tf.policies.find((p) => p.id.toLowerCase() === id.toLowerCase());
}

export function findKeySet(tf: TrustFrameworkState, id: string, sw: TrustFrameworkSwitches): KeySetRecord | undefined {
  return sw.keySetIds === 'caseSensitive' ? tf.keySets.find((k) => k.id === id) : tf.keySets.find((k) => k.id.toLowerCase() === id.toLowerCase());
}

/** The active key of a key set ("only one key is active at a time"): the newest key already valid and not expired. */
export function activeKey(ks: KeySetRecord, nowSeconds = Math.floor(Date.now() / 1000)): KeyRecord | undefined {
  return [...ks.keys].reverse().find((k) => (k.nbf === undefined || k.nbf <= nowSeconds) && (k.exp === undefined || k.exp > nowSeconds));
}

/** A key as Graph returns it: no secret or private material. The RSA public parts are in the docs' response. */
export function publicKey(k: KeyRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { kid: k.kid, use: k.use, kty: k.kty };
  if (k.nbf !== undefined) out.nbf = k.nbf;
  if (k.exp !== undefined) out.exp = k.exp;
  if (k.kty === 'RSA') Object.assign(out, { e: k.e, n: k.n });
  return out;
}
