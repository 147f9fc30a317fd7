// The plan: one step per tenant object, each with its action, its reason and the exact Graph requests it sends.
// The same plan is shown on the review page, printed by `itsme-b2c plan` and applied.
import type { GraphRequest } from '../graph/port';
import type { TenantInfo, TenantKind } from './tenant';
import type { DiscoveryCheck } from './external/discovery';
import type { EmailNotice } from './external/emailNotice';

export type StepResource =
  | 'identityProvider'
  | 'userFlow'
  | 'userFlowLink'
  | 'userFlowSettings'
  /** B2C user flow: its "Application claims" (the claims its tokens carry; unofficial in Graph, else a portal step). */
  | 'userFlowClaims'
  | 'application'
  | 'servicePrincipal'
  | 'adminConsent'
  /** External ID: the test app's link to the user flow (conditions/applications/includeApplications). */
  | 'appFlowLink'
  /** Exact copies of our objects (two applies at once on two machines): all removed but the one kept. */
  | 'duplicates'
  /** B2C custom policy: the key set holding the itsme client secret (uploadSecret, use sig). */
  | 'itsmeSecretKeySet'
  /** B2C custom policy: the JWT issuer's token signing key set (generateKey RSA sig). */
  | 'signingKeySet'
  /** B2C custom policy: the JWT issuer's refresh-token encryption key set (generateKey RSA enc). */
  | 'encryptionKeySet'
  /** B2C custom policy: B2C_1A_<name>_base (claims schema, itsme technical profile, JWT issuer, journey). */
  | 'basePolicy'
  /** B2C custom policy: B2C_1A_<name>, the relying party that inherits from the base. */
  | 'relyingPartyPolicy';

export type StepAction = 'create' | 'update' | 'link' | 'noop' | 'manual' | 'delete' | 'unlink' | 'adopt' | 'removeDuplicate';

/** An object with our name that fails the ownership test: named in the plan, never written. */
export interface Clash {
  id: string;
  /** Its @odata.type (identity providers) or "application". */
  type?: string;
  /** What differs from this configuration, field by field (never a secret). */
  differences: string[];
}

/** Explicit opt-ins to take over an object that fails the ownership test (CLI --adopt-…); shown as "adopt". */
export interface PlanOptions {
  /** policies: custom-policy ids (B2C_1A_…) that fail the ownership test and are to be overwritten anyway (--adopt-policy). */
  adopt?: { identityProvider?: string; application?: string; policies?: string[] };
}

/** Ids a later step needs from an earlier one; written as {placeholder} inside request paths and bodies. */
export const PLACEHOLDERS = {
  identityProviderId: '{identityProvider.id}',
  applicationId: '{application.id}',
  applicationAppId: '{application.appId}',
  servicePrincipalId: '{servicePrincipal.id}',
  graphServicePrincipalId: '{graphServicePrincipal.id}',
  /** External ID: the id Graph gives a new user flow (a GUID). */
  userFlowId: '{userFlow.id}',
} as const;

export type ContextKey = keyof typeof PLACEHOLDERS;
export type StepContext = Partial<Record<ContextKey, string>>;

export interface ManualInstruction {
  /** What to do, in words. */
  text: string;
  /** Where to do it. */
  portalUrl?: string;
}

export interface PlanStep {
  resource: StepResource;
  action: StepAction;
  /** Why this action, for people. */
  reason: string;
  /** Steps that must finish first (dependency order; steps without a path between them run in parallel). */
  dependsOn: StepResource[];
  /** Name of the object, for display. */
  label: string;
  /** The existing object's id, when there is one. */
  targetId?: string;
  /** Field-level differences behind an update. */
  changes?: string[];
  /** The writes, in order, with placeholders and the secret marker. */
  requests: GraphRequest[];
  /** Objects with our name that are not ours: named, with what differs; never written. */
  clashes?: Clash[];
  /**
   * For a create that can meet a 409 (someone made it meanwhile): the documented read that finds the existing
   * object, so the conflict is resolved in the same round (adopted if ours, a clash if not).
   */
  onConflict?: GraphRequest;
  /** A read that checks the write took (token lifetimes): never claim what was not read back. */
  verify?: GraphRequest;
  /** For a verify read of a collection: the ids it must list (application claims) for the step to count as done. */
  verifyIncludes?: string[];
  manual?: ManualInstruction;
}

/** B2C custom policy: what the plan's outputs say about the generated policy set (review, token checks, tree). */
export interface CustomPolicyOutputs {
  /** The generated files in upload order (base first), exactly as uploaded: shown read-only on review. */
  policies: Array<{ id: string; xml: string }>;
  /** The key set ids the policies reference (itsme secret, signing, encryption). */
  keySets: { itsmeSecret: string; tokenSigning: string; tokenEncryption: string };
  /** The relying-party policy id, the p= of the sign-in URL (B2C_1A_<name>). */
  policyId: string;
  /** What a token from this policy must carry: the extra claims by their token names, itsme's acr, lifetimes. */
  expectations: {
    /** e.g. ['national_number', 'birthdate'] (ITSME_CLAIMS[].tokenClaim of the requested claims). */
    claims: string[];
    /** The token claim that carries itsme's assurance level, and the value expected in it (full acr URI). */
    assurance: { claim: string; value: string };
    idTokenLifetimeSeconds: number;
    accessTokenLifetimeSeconds: number;
  };
}

export interface PlanOutputs {
  /** Absent: 'userFlow'. */
  variant?: 'userFlow' | 'customPolicy';
  /** Present exactly when variant is 'customPolicy'. */
  customPolicy?: CustomPolicyOutputs;
  /** Absent in outputs made before External ID support: B2C. */
  kind?: TenantKind;
  loginHost: string;
  /**
   * Run-user-flow URL (jwt.ms by default); undefined until the app exists. External ID: the ciamlogin authorize
   * URL (the app's link picks the flow, no p=).
   */
  runUserFlowUrl?: string;
  /** The two redirect URIs to give itsme (B2C …/oauth2/authresp; External ID …/federation/oauth2). */
  itsmeRedirectUris: string[];
  /** The discovery document of the policy (B2C) or of the tenant on ciamlogin (External ID). */
  policyDiscoveryUrl: string;
  /** Azure portal (B2C) or Entra admin center (External ID) links. */
  portal: Record<string, string>;
  /** External ID: the ID tokens' iss, https://<tenant id>.ciamlogin.com/<tenant id>/v2.0. */
  tokenIssuer?: string;
  /** External ID: itsme's discovery document checked before apply. */
  preflight?: DiscoveryCheck;
  /** External ID: the email question, said before apply. */
  emailNotice?: EmailNotice;
}

export interface Plan {
  kind: 'apply' | 'destroy' | 'rotateSecret';
  tenant: TenantInfo;
  steps: PlanStep[];
  /** True when some write needs the itsme client secret (creating the identity provider, or rotating it). */
  needsSecret: boolean;
  outputs: PlanOutputs;
}

export function writesOf(plan: Plan): number {
  return plan.steps.reduce((n, s) => n + s.requests.length, 0);
}

export function isNoChange(plan: Plan): boolean {
  return plan.steps.every((s) => s.action === 'noop' || s.action === 'manual');
}
