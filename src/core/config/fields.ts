// The configuration, declared once: one row per field of the configuration file. Validation (validate.ts), the
// file ⇄ resolved configuration mapping (toConfigFile), the wizard's form ⇄ file mapping and its issue routing
// (src/wizard), the webview's and the QuickPick's controls, and the CLI's flags are all derived from these rows.
// A new field, tenant kind or variant adds rows here, not code paths elsewhere.
// Pure: no Node, no vscode — the webview bundle imports it. Words go through l10n and are read when shown (the
// page configures its bundle after loading), hence `() => l10n.t(…)`.
import * as l10n from '@vscode/l10n';
import { ITSME_CLAIMS } from '../policy/claims';
import { LIFETIME_RANGES, UI_LOCALES } from '../policy/options';
import {
  DEFAULT_APP_NAME,
  DEFAULT_CLAIMS_MAPPING,
  DEFAULT_FLOW_NAME,
  DEFAULT_FLOW_VERSION,
  DEFAULT_IDP_NAME,
  DEFAULT_POLICY_CLAIMS,
  DEFAULT_POLICY_NAME,
  DEFAULT_REDIRECT_URIS,
  DEFAULT_TOKEN_LIFETIME_MINUTES,
  FLOW_PREFIX,
  POLICY_PREFIX,
  SLIDING_WINDOW_DAYS_BOUNDS,
  TOKEN_LIFETIME_BOUNDS,
} from './defaults';
import * as check from './fieldChecks';
import { checkRedirectUri } from './redirectUri';
import type { RefreshSlidingWindow, SetupVariant } from './types';

/**
 * Tenant kinds and their variants: Azure AD B2C with a user flow or with an itsme-only custom policy (the file's
 * `variant`), and Microsoft Entra External ID (an external tenant, tenantType CIAM) with its sign-up/sign-in user flow.
 */
export type TenantVariant = 'b2c/userFlow' | 'b2c/customPolicy' | 'external/userFlow';
export const TENANT_VARIANTS: readonly TenantVariant[] = ['b2c/userFlow', 'b2c/customPolicy', 'external/userFlow'];

/** The wizard's form steps that hold fields (the same names as src/wizard/steps.ts, checked there at compile time). */
export type FieldStep = 'tenant' | 'environment' | 'credentials' | 'identityProvider' | 'userFlow' | 'customPolicy' | 'app';

/** Controls shown together: the QuickPick asks a group's checkboxes at once and hides the claims behind one question. */
export type FieldGroup = 'scopes' | 'claims' | 'appOptions';

type Words = () => string;

export interface OptionSpec {
  value: string;
  label?: Words;
  help?: Words;
}

/** One control of the wizard (webview and QuickPick). A field usually has one; the refresh window has two. */
export interface ControlSpec {
  /** The form field (also the webview element id, field-<name>). */
  name: string;
  step: FieldStep;
  /**
   * text: one line; lines: a list, one per line; choice: one of `options`; check: a checkbox; checks: some of
   * `options`, a checkbox each (the form holds the chosen values one per line, as for lines).
   */
  input: 'text' | 'lines' | 'choice' | 'check' | 'checks';
  /** Defaults to the field's label and help. */
  label?: Words;
  help?: Words;
  placeholder?: string;
  /** For a choice: the values and their words (defaults to the field's options). */
  options?: readonly OptionSpec[];
  /** The form's value before anything is typed, when the field's default does not give one. */
  initial?: string;
  /** Shown only when another control holds this value. */
  visibleWhen?: { field: string; equals: string };
  group?: FieldGroup;
  /** The label says "(optional)". */
  optional?: boolean;
  /** Where the field's validation messages are shown, when it has several controls. */
  showsErrors?: boolean;
  /**
   * Shown only once the tenant check said the tenant's kind: a choice one kind must never see (B2C's setup variant:
   * an external tenant has no custom policies), not even while the check is still running.
   */
  kindKnown?: boolean;
}

/** Reads a value of the raw configuration file by its dotted path. */
export type RawReader = (path: string) => unknown;

interface RowBase {
  /** Dotted path in the configuration file (what the user writes and what messages name). */
  path: string;
  /** The field in the user's words: wizard label, QuickPick title, the start of every message about it. */
  label: Words;
  help?: Words;
  appliesTo: readonly TenantVariant[];
  /** A stricter check of the value for one kind, applied once the tenant's kind is known (kindIssues). */
  kindCheck?: Partial<Record<TenantVariant, check.Check>>;
  /** For each variant the field does not apply to: why (a value set for such a tenant is refused with this). */
  notFor?: Partial<Record<TenantVariant, Words>>;
  /** Where the resolved configuration (ItsmeSetupConfig) holds it, when not at `path`. */
  model?: string;
  /** Between the file's value (validated, normalised) and the resolved configuration's, when they differ. */
  toModel?: (fileValue: never) => unknown;
  fromModel?: (modelValue: never) => unknown;
  /** Only meaningful when another field holds a value: required then (if `required`), refused otherwise. */
  onlyWhen?: { path: string; equals: string };
  /** The CLI flag that overrides it (a boolean field's flag sets it to true). */
  cli?: { flag: string; arg?: string };
  wizard?: readonly ControlSpec[];
}

export type FieldRow = RowBase &
  (
    | { type: 'text'; default?: string; required?: (ref: string) => string; normalize?: (value: string) => string; check?: check.Check }
    | { type: 'choice'; options: readonly OptionSpec[]; default: string | ((raw: RawReader) => string); invalid: (ref: string) => string }
    | { type: 'flag'; default: boolean }
    /** `orWord`: a word allowed instead of a number (the rolling window's "noExpiry"). */
    | { type: 'integer'; default: number; min: number; max: number; orWord?: string }
    /** An itsme claim name; empty removes an optional claim from the mapping. */
    | { type: 'claim'; default: string; required?: (ref: string) => string }
    | { type: 'urlList'; default: readonly string[]; itemCheck: (value: string) => string | undefined; invalid: (ref: string) => string }
    | { type: 'slidingWindow'; min: number; max: number; invalid: (ref: string) => string }
    /** Some of `options`, in any order, none allowed (duplicates dropped): e.g. the itsme claims a policy asks for. */
    | { type: 'choiceList'; options: readonly OptionSpec[]; default: readonly string[]; invalid: (ref: string) => string }
  );

const B2C: readonly TenantVariant[] = ['b2c/userFlow'];
const EXTERNAL: readonly TenantVariant[] = ['external/userFlow'];
/** Rows both kinds read: one configuration file serves a B2C tenant and an external tenant alike. */
const BOTH: readonly TenantVariant[] = ['b2c/userFlow', 'external/userFlow'];
/** Rows every variant reads: the tenant, itsme's codes and endpoints, the test app. */
const ALL: readonly TenantVariant[] = ['b2c/userFlow', 'b2c/customPolicy', 'external/userFlow'];
/** The custom-policy variant's own rows (the `customPolicy` object). */
const POLICY: readonly TenantVariant[] = ['b2c/customPolicy'];
/** External ID user flows have no token-lifetime or MFA property (external-id.md §6). */
const NO_FLOW_SETTINGS_IN_EXTERNAL = { 'external/userFlow': () => l10n.t('External ID user flows have no token lifetime, refresh window or MFA setting (Microsoft Graph offers none); leave it out for an external tenant.') };
/** Why the user-flow variant's objects have no place in a custom-policy configuration. */
const NO_PROVIDER_IN_POLICY = { 'b2c/customPolicy': () => l10n.t('The custom-policy variant has no identity provider object: its policy holds the itsme technical profile, and customPolicy.claims chooses the claims. Leave it out, or set variant to "userFlow".') };
const NO_FLOW_IN_POLICY = { 'b2c/customPolicy': () => l10n.t('The custom-policy variant has no user flow: the policy B2C_1A_<customPolicy.name> takes its place, with its lifetimes in customPolicy.tokenLifetimes. Leave it out, or set variant to "userFlow".') };
const NO_SCOPES_IN_POLICY = { 'b2c/customPolicy': () => l10n.t('The custom policy asks itsme for the scopes its claims need (customPolicy.claims). Leave it out, or set variant to "userFlow".') };
/** Custom policies are an Azure AD B2C feature (Identity Experience Framework); External ID has none. */
const NO_POLICY_IN_EXTERNAL = { 'external/userFlow': () => l10n.t('Custom policies exist only in Azure AD B2C (the Identity Experience Framework); Microsoft Entra External ID has none. Leave it out, or use a B2C tenant.') };
/** The custom-policy rows are used only with "variant": "customPolicy". */
const WITH_POLICY = { path: 'variant', equals: 'customPolicy' } as const;
const lifetime = <N extends string>(key: keyof typeof LIFETIME_RANGES, name: N, label: Words, help: Words, flag: string) =>
  ({
    path: `customPolicy.tokenLifetimes.${key}`,
    label,
    help,
    appliesTo: POLICY,
    notFor: NO_POLICY_IN_EXTERNAL,
    model: `customPolicy.lifetimes.${key}`,
    onlyWhen: WITH_POLICY,
    type: 'integer',
    default: LIFETIME_RANGES[key].default,
    min: LIFETIME_RANGES[key].min,
    max: LIFETIME_RANGES[key].max,
    cli: { flag, arg: '<seconds>' },
    wizard: [{ name, step: 'customPolicy', input: 'text', placeholder: String(LIFETIME_RANGES[key].default) }],
  }) as const;
const optionalClaim = <N extends string>(key: 'givenName' | 'surname' | 'email', name: N, label: Words, placeholder: string) =>
  ({
    path: `identityProvider.claimsMapping.${key}`,
    label,
    help: () => l10n.t('Empty for none.'),
    appliesTo: BOTH,
    notFor: NO_PROVIDER_IN_POLICY,
    type: 'claim',
    default: DEFAULT_CLAIMS_MAPPING[key] ?? '',
    wizard: [{ name, step: 'identityProvider', input: 'text', placeholder, group: 'claims', optional: true }],
  }) as const;

export const CONFIG_FIELDS = [
  {
    path: 'tenant',
    label: () => l10n.t('Tenant domain or id'),
    help: () => l10n.t('Its <name>.onmicrosoft.com domain or its tenant id (GUID). Leave empty to use the tenant you signed in to.'),
    appliesTo: ALL,
    model: 'tenant.tenant',
    type: 'text',
    check: check.checkTenant,
    cli: { flag: 'tenant', arg: '<id|domain>' },
    wizard: [{ name: 'tenant', step: 'tenant', input: 'text', placeholder: 'contosob2c.onmicrosoft.com' }],
  },
  {
    path: 'loginHost',
    label: () => l10n.t('Custom login domain'),
    help: () => l10n.t('Only if your tenant uses a custom domain instead of <name>.b2clogin.com (B2C) or <name>.ciamlogin.com (External ID).'),
    appliesTo: ALL,
    model: 'tenant.loginHost',
    type: 'text',
    check: check.checkLoginHost,
    cli: { flag: 'login-host', arg: '<host>' },
    wizard: [{ name: 'loginHost', step: 'tenant', input: 'text', placeholder: 'login.contoso.com', optional: true }],
  },
  {
    path: 'variant',
    label: () => l10n.t('Setup variant'),
    help: () => l10n.t('Azure AD B2C only. A user flow (the guide\'s way) maps the user id, names and email from itsme. A custom policy the tool generates also gives the Belgian national number and other itsme claims, itsme\'s advanced assurance (the itsme code forced) and token lifetimes in seconds; choose it when your app needs one of those.'),
    appliesTo: ['b2c/userFlow', 'b2c/customPolicy'],
    notFor: NO_POLICY_IN_EXTERNAL,
    type: 'choice',
    options: [
      { value: 'userFlow', label: () => l10n.t('User flow'), help: () => l10n.t('sub, names and email; set up as in Microsoft\'s guide.') },
      { value: 'customPolicy', label: () => l10n.t('Custom policy'), help: () => l10n.t('also the national number and other itsme claims, advanced assurance, lifetimes in seconds.') },
    ],
    default: 'userFlow',
    // The default variant is not written back: user-flow files stay as they were before custom policies.
    fromModel: (v: SetupVariant) => (v === 'userFlow' ? undefined : v),
    invalid: (ref) => l10n.t('{0} must be "userFlow" (a B2C user flow, as in the guide) or "customPolicy" (an itsme-only custom policy the tool generates; Azure AD B2C only).', ref),
    cli: { flag: 'variant', arg: '<userFlow|customPolicy>' },
    // On the first step after the tenant check (the tenant step itself is skipped right after a sign-in).
    wizard: [{ name: 'variant', step: 'environment', input: 'choice', kindKnown: true }],
  },
  {
    path: 'itsme.environment',
    label: () => l10n.t('itsme environment'),
    help: () => l10n.t('Which itsme environment B2C talks to.'),
    appliesTo: ALL,
    type: 'choice',
    options: [
      { value: 'e2e', label: () => l10n.t('e2e (test)'), help: () => l10n.t('itsme\'s test environment, with test identities.') },
      { value: 'prd', label: () => l10n.t('prd (production)'), help: () => l10n.t('real itsme users.') },
    ],
    default: 'e2e',
    invalid: (ref) => l10n.t('{0} must be "e2e" (itsme test environment) or "prd" (production).', ref),
    cli: { flag: 'environment', arg: '<e2e|prd>' },
    wizard: [{ name: 'environment', step: 'environment', input: 'choice' }],
  },
  {
    path: 'itsme.generation',
    label: () => l10n.t('itsme endpoint version'),
    help: () => l10n.t('Which set of itsme URLs your partner account uses. How to tell: the host in the URLs itsme sent you. idp.<env>.itsme.services means v2; oidc.<env>.itsme.services/clientsecret-oidc/csapi means legacy.'),
    appliesTo: ALL,
    type: 'choice',
    options: [
      { value: 'v2', label: () => l10n.t('v2'), help: () => l10n.t('onboarded on or after 25 June 2025 (host idp.<env>.itsme.services).') },
      { value: 'legacy', label: () => l10n.t('legacy'), help: () => l10n.t('onboarded before 25 June 2025: the csapi URL of Microsoft\'s guide.') },
      { value: 'custom', label: () => l10n.t('custom URL'), help: () => l10n.t('a discovery URL itsme gave you.') },
    ],
    // A file that gives a metadata URL but no generation means a custom one.
    default: (raw) => (typeof raw('itsme.metadataUrl') === 'string' && (raw('itsme.metadataUrl') as string).trim() ? 'custom' : 'v2'),
    invalid: (ref) => l10n.t('{0} must be "v2" (partners onboarded since 2025-06-25), "legacy" (the csapi client-secret API, onboarded earlier) or "custom" with a metadata URL (itsme.metadataUrl).', ref),
    cli: { flag: 'generation', arg: '<v2|legacy|custom>' },
    wizard: [{ name: 'generation', step: 'environment', input: 'choice' }],
  },
  {
    path: 'itsme.metadataUrl',
    label: () => l10n.t('Metadata URL'),
    help: () => l10n.t('The https URL of the .well-known/openid-configuration document itsme gave you.'),
    appliesTo: ALL,
    model: 'itsme.customMetadataUrl',
    onlyWhen: { path: 'itsme.generation', equals: 'custom' },
    type: 'text',
    required: (ref) => l10n.t('{0} is required with a custom endpoint URL: give the https URL of the .well-known/openid-configuration document.', ref),
    check: check.checkMetadataUrl,
    cli: { flag: 'metadata-url', arg: '<https url>' },
    wizard: [{ name: 'metadataUrl', step: 'environment', input: 'text', placeholder: 'https://…/.well-known/openid-configuration' }],
  },
  {
    path: 'itsme.partnerCode',
    label: () => l10n.t('Partner code'),
    help: () => l10n.t('The OpenID Connect client id itsme gave you at onboarding.'),
    appliesTo: ALL,
    type: 'text',
    default: '',
    required: (ref) => l10n.t('{0} is required: it is the client id itsme gave you at onboarding (e.g. abcd1234).', ref),
    check: check.checkPartnerCode,
    cli: { flag: 'partner-code', arg: '<code>' },
    wizard: [{ name: 'partnerCode', step: 'credentials', input: 'text', placeholder: 'abcd1234' }],
  },
  {
    path: 'itsme.serviceCode',
    label: () => l10n.t('Service code'),
    help: () => l10n.t('The code of your itsme service alone, without "service:".'),
    appliesTo: ALL,
    type: 'text',
    default: '',
    required: (ref) => l10n.t('{0} is required: it is the code of your itsme service (sent as scope service:<CODE>), e.g. MYBANK_LOGIN.', ref),
    check: check.checkServiceCode,
    cli: { flag: 'service-code', arg: '<code>' },
    wizard: [{ name: 'serviceCode', step: 'credentials', input: 'text', placeholder: 'MYBANK_LOGIN' }],
  },
  {
    path: 'itsme.scopes.phone',
    label: () => l10n.t('Also ask for the phone number'),
    help: () => l10n.t('Adds the scope phone.'),
    appliesTo: BOTH,
    notFor: NO_SCOPES_IN_POLICY,
    type: 'flag',
    default: false,
    cli: { flag: 'phone' },
    wizard: [{ name: 'scopePhone', step: 'credentials', input: 'check', group: 'scopes' }],
  },
  {
    path: 'itsme.scopes.address',
    label: () => l10n.t('Also ask for the address'),
    help: () => l10n.t('Adds the scope address.'),
    appliesTo: BOTH,
    notFor: NO_SCOPES_IN_POLICY,
    type: 'flag',
    default: false,
    cli: { flag: 'address' },
    wizard: [{ name: 'scopeAddress', step: 'credentials', input: 'check', group: 'scopes' }],
  },
  {
    path: 'identityProvider.displayName',
    label: () => l10n.t('Identity provider name'),
    help: () => l10n.t('The label of the sign-in button.'),
    appliesTo: BOTH,
    notFor: NO_PROVIDER_IN_POLICY,
    type: 'text',
    default: DEFAULT_IDP_NAME,
    check: check.checkIdpName,
    wizard: [{ name: 'idpDisplayName', step: 'identityProvider', input: 'text', placeholder: 'itsme' }],
  },
  {
    path: 'identityProvider.claimsMapping.userId',
    label: () => l10n.t('User ID claim'),
    help: () => l10n.t('The itsme claim for the user id.'),
    appliesTo: BOTH,
    notFor: NO_PROVIDER_IN_POLICY,
    type: 'claim',
    default: DEFAULT_CLAIMS_MAPPING.userId,
    required: (ref) => l10n.t('{0} is required by B2C: map it to an itsme claim (default: {1}).', ref, DEFAULT_CLAIMS_MAPPING.userId),
    wizard: [{ name: 'claimUserId', step: 'identityProvider', input: 'text', placeholder: 'sub', group: 'claims' }],
  },
  {
    path: 'identityProvider.claimsMapping.displayName',
    label: () => l10n.t('Display name claim'),
    help: () => l10n.t('The itsme claim for the display name.'),
    appliesTo: BOTH,
    notFor: NO_PROVIDER_IN_POLICY,
    type: 'claim',
    default: DEFAULT_CLAIMS_MAPPING.displayName,
    required: (ref) => l10n.t('{0} is required by B2C: map it to an itsme claim (default: {1}).', ref, DEFAULT_CLAIMS_MAPPING.displayName),
    wizard: [{ name: 'claimDisplayName', step: 'identityProvider', input: 'text', placeholder: 'name', group: 'claims' }],
  },
  optionalClaim('givenName', 'claimGivenName', () => l10n.t('Given name claim'), 'given_name'),
  optionalClaim('surname', 'claimSurname', () => l10n.t('Surname claim'), 'family_name'),
  optionalClaim('email', 'claimEmail', () => l10n.t('Email claim'), 'email'),
  {
    path: 'identityProvider.domainHint',
    label: () => l10n.t('Domain hint'),
    help: () => l10n.t('A short name for itsme (e.g. itsme.be). An app that sends it as domain_hint skips the choice of sign-in method and goes straight to itsme. Leave it empty if no app does (the guide leaves it empty).'),
    appliesTo: B2C,
    notFor: { ...NO_PROVIDER_IN_POLICY, 'external/userFlow': () => l10n.t('External ID\'s OpenID Connect provider has no domain hint (oidcIdentityProvider has no such property); leave it out for an external tenant.') },
    type: 'text',
    check: check.checkDomainHint,
    wizard: [{ name: 'domainHint', step: 'identityProvider', input: 'text', optional: true }],
  },
  {
    path: 'userFlow.name',
    label: () => l10n.t('User flow name'),
    help: () => l10n.t('B2C adds the B2C_1_ prefix. In External ID it is the flow\'s display name (spaces allowed).'),
    appliesTo: BOTH,
    notFor: NO_FLOW_IN_POLICY,
    model: 'userFlow.id',
    toModel: (name: string) => `${FLOW_PREFIX}${name}`,
    fromModel: (id: string) => id.slice(FLOW_PREFIX.length),
    type: 'text',
    default: DEFAULT_FLOW_NAME,
    // The service prepends B2C_1_; accept the name with or without it.
    normalize: (v) => (v.toUpperCase().startsWith(FLOW_PREFIX.toUpperCase()) ? v.slice(FLOW_PREFIX.length) : v),
    check: check.checkFlowNameAnyKind,
    kindCheck: { 'b2c/userFlow': check.checkFlowName },
    cli: { flag: 'flow-name', arg: '<name>' },
    wizard: [{ name: 'flowName', step: 'userFlow', input: 'text', placeholder: 'itsme' }],
  },
  {
    path: 'userFlow.existing',
    label: () => l10n.t('Add itsme to an existing user flow'),
    help: () => l10n.t('External ID only: add itsme (and the test app) to the existing user flow named above instead of creating one. That flow is never deleted; Remove takes only itsme and the test app out of it.'),
    appliesTo: EXTERNAL,
    notFor: { ...NO_FLOW_IN_POLICY, 'b2c/userFlow': () => l10n.t('Only for External ID: in Azure AD B2C the user flow named userFlow.name is used whether it exists or not; leave it out for a B2C tenant.') },
    type: 'flag',
    default: false,
    wizard: [{ name: 'flowExisting', step: 'userFlow', input: 'check' }],
  },
  {
    path: 'userFlow.type',
    label: () => l10n.t('User flow type'),
    appliesTo: BOTH,
    notFor: NO_FLOW_IN_POLICY,
    type: 'choice',
    options: [{ value: 'signUpOrSignIn' }],
    default: 'signUpOrSignIn',
    invalid: (ref) => l10n.t('{0} must be "signUpOrSignIn" ("Sign up and sign in", as in the guide).', ref),
  },
  {
    path: 'userFlow.version',
    label: () => l10n.t('User flow version'),
    appliesTo: B2C,
    notFor: { ...NO_FLOW_IN_POLICY, 'external/userFlow': () => l10n.t('External ID user flows have no version (externalUsersSelfServiceSignUpEventsFlow has none); leave it out for an external tenant.') },
    type: 'integer',
    default: DEFAULT_FLOW_VERSION,
    min: 1,
    max: 3,
  },
  {
    path: 'userFlow.tokenLifetimeMinutes',
    label: () => l10n.t('Access and ID token lifetime in minutes'),
    help: () => l10n.t('The guide uses 5 minutes (allowed: 5 to 1440).'),
    appliesTo: B2C,
    notFor: { ...NO_FLOW_IN_POLICY, ...NO_FLOW_SETTINGS_IN_EXTERNAL },
    model: 'userFlow.accessAndIdTokenLifetimeMinutes',
    type: 'integer',
    default: DEFAULT_TOKEN_LIFETIME_MINUTES,
    min: TOKEN_LIFETIME_BOUNDS.min,
    max: TOKEN_LIFETIME_BOUNDS.max,
    wizard: [{ name: 'tokenLifetimeMinutes', step: 'userFlow', input: 'text', placeholder: '5' }],
  },
  {
    path: 'userFlow.refreshSlidingWindow',
    label: () => l10n.t('Refresh token sliding window'),
    help: () => l10n.t('How long refresh tokens keep working.'),
    appliesTo: B2C,
    notFor: { ...NO_FLOW_IN_POLICY, ...NO_FLOW_SETTINGS_IN_EXTERNAL },
    type: 'slidingWindow',
    min: SLIDING_WINDOW_DAYS_BOUNDS.min,
    max: SLIDING_WINDOW_DAYS_BOUNDS.max,
    toModel: (v: 'noExpiry' | { days: number }): RefreshSlidingWindow => (v === 'noExpiry' ? { kind: 'noExpiry' } : { kind: 'bounded', days: v.days }),
    fromModel: (w: RefreshSlidingWindow) => (w.kind === 'noExpiry' ? 'noExpiry' : { days: w.days }),
    invalid: (ref) => l10n.t('{0} must be "noExpiry" (the guide\'s choice) or an object with "days": N, N from {1} to {2}.', ref, SLIDING_WINDOW_DAYS_BOUNDS.min, SLIDING_WINDOW_DAYS_BOUNDS.max),
    wizard: [
      {
        name: 'slidingWindow',
        step: 'userFlow',
        input: 'choice',
        initial: 'noExpiry',
        options: [
          { value: 'noExpiry', label: () => l10n.t('No expiry (the guide\'s choice)') },
          { value: 'bounded', label: () => l10n.t('Bounded') },
        ],
      },
      { name: 'slidingWindowDays', step: 'userFlow', input: 'text', label: () => l10n.t('Sliding window length (days)'),
        help: () => l10n.t('From {0} to {1} days.', SLIDING_WINDOW_DAYS_BOUNDS.min, SLIDING_WINDOW_DAYS_BOUNDS.max),
        placeholder: '90',
        // Offered when the user switches to a bounded window (B2C's own default is 90).
        initial: '90', visibleWhen: { field: 'slidingWindow', equals: 'bounded' }, showsErrors: true },
    ],
  },
  {
    path: 'userFlow.mfa',
    label: () => l10n.t('Multifactor authentication'),
    appliesTo: BOTH,
    notFor: NO_FLOW_IN_POLICY,
    type: 'choice',
    options: [{ value: 'off' }],
    default: 'off',
    invalid: (ref) => l10n.t('{0} must be "off": itsme already authenticates strongly and the guide disables MFA.', ref),
  },
  {
    path: 'customPolicy.name',
    label: () => l10n.t('Policy name'),
    help: () => l10n.t('The service adds B2C_1A_: the files are B2C_1A_<name>_base and B2C_1A_<name> (the p= of the sign-in URL).'),
    appliesTo: POLICY,
    notFor: NO_POLICY_IN_EXTERNAL,
    onlyWhen: WITH_POLICY,
    type: 'text',
    default: DEFAULT_POLICY_NAME,
    // The service prepends B2C_1A_; accept the name with or without it.
    normalize: (v) => (v.toUpperCase().startsWith(POLICY_PREFIX.toUpperCase()) ? v.slice(POLICY_PREFIX.length) : v),
    check: check.checkPolicyName,
    cli: { flag: 'policy-name', arg: '<name>' },
    wizard: [{ name: 'policyName', step: 'customPolicy', input: 'text', placeholder: DEFAULT_POLICY_NAME }],
  },
  {
    path: 'customPolicy.claims',
    label: () => l10n.t('itsme claims to request'),
    help: () => l10n.t('Each goes into the token under a clear name (e.g. nationalNumber → national_number). String and yes/no claims only: a custom policy cannot take itsme\'s JSON claims such as the address. One per line: {0}.', ITSME_CLAIMS.map((c) => c.key).join(', ')),
    appliesTo: POLICY,
    notFor: NO_POLICY_IN_EXTERNAL,
    onlyWhen: WITH_POLICY,
    type: 'choiceList',
    options: ITSME_CLAIMS.map((c) => ({ value: c.key, label: () => c.displayName, help: () => l10n.t('in the token as {0}', c.tokenClaim) })),
    default: DEFAULT_POLICY_CLAIMS,
    invalid: (ref) => l10n.t('{0} must be a list of these itsme claims (or empty): {1}.', ref, ITSME_CLAIMS.map((c) => c.key).join(', ')),
    cli: { flag: 'claim', arg: '<claim>' },
    wizard: [
      {
        name: 'policyClaims',
        step: 'customPolicy',
        input: 'checks',
        help: () => l10n.t('Each goes into the token under a clear name. String and yes/no claims only: a custom policy cannot take itsme\'s JSON claims such as the address.'),
      },
    ],
  },
  {
    path: 'customPolicy.assurance',
    label: () => l10n.t('itsme assurance level'),
    help: () => l10n.t('Sent to itsme as acr_values; the token carries the level itsme gave (itsme_acr).'),
    appliesTo: POLICY,
    notFor: NO_POLICY_IN_EXTERNAL,
    onlyWhen: WITH_POLICY,
    type: 'choice',
    options: [
      { value: 'basic', label: () => l10n.t('Basic'), help: () => l10n.t('the person confirms with a fingerprint, face or the itsme code (acr_basic).') },
      { value: 'advanced', label: () => l10n.t('Advanced'), help: () => l10n.t('the itsme code is forced, never a fingerprint or face (acr_advanced): for high-assurance sign-ins.') },
    ],
    default: 'basic',
    invalid: (ref) => l10n.t('{0} must be "basic" (fingerprint, face or itsme code) or "advanced" (the itsme code forced).', ref),
    cli: { flag: 'assurance', arg: '<basic|advanced>' },
    wizard: [{ name: 'assurance', step: 'customPolicy', input: 'choice' }],
  },
  {
    path: 'customPolicy.uiLocale',
    label: () => l10n.t('Language of itsme\'s pages'),
    help: () => l10n.t('Sent to itsme as ui_locales. Leave it out to let itsme choose.'),
    appliesTo: POLICY,
    notFor: NO_POLICY_IN_EXTERNAL,
    onlyWhen: WITH_POLICY,
    type: 'choice',
    options: [
      // The empty value: no ui_locales at all (absent from the file and the configuration).
      { value: '', label: () => l10n.t('itsme\'s choice') },
      ...UI_LOCALES.map((l) => ({ value: l, label: () => l })),
    ],
    default: '',
    toModel: (v: string) => v || undefined,
    invalid: (ref) => l10n.t('{0} must be one of {1}, or left out (itsme chooses).', ref, UI_LOCALES.join(', ')),
    cli: { flag: 'ui-locale', arg: `<${UI_LOCALES.join('|')}>` },
    wizard: [{ name: 'uiLocale', step: 'customPolicy', input: 'choice' }],
  },
  lifetime('accessTokenSeconds', 'accessTokenSeconds', () => l10n.t('Access token lifetime in seconds'), () => l10n.t('From {0} (5 minutes) to {1} (1 day).', LIFETIME_RANGES.accessTokenSeconds.min, LIFETIME_RANGES.accessTokenSeconds.max), 'access-token-seconds'),
  lifetime('idTokenSeconds', 'idTokenSeconds', () => l10n.t('ID token lifetime in seconds'), () => l10n.t('From {0} (5 minutes) to {1} (1 day).', LIFETIME_RANGES.idTokenSeconds.min, LIFETIME_RANGES.idTokenSeconds.max), 'id-token-seconds'),
  lifetime('refreshTokenSeconds', 'refreshTokenSeconds', () => l10n.t('Refresh token lifetime in seconds'), () => l10n.t('From {0} (1 day) to {1} (90 days).', LIFETIME_RANGES.refreshTokenSeconds.min, LIFETIME_RANGES.refreshTokenSeconds.max), 'refresh-token-seconds'),
  {
    ...lifetime('rollingWindow', 'rollingWindowSeconds', () => l10n.t('Refresh token sliding window in seconds'), () => l10n.t('How long refresh tokens keep being renewed: from {0} (1 day) to {1} (365 days), or "noExpiry".', LIFETIME_RANGES.rollingWindow.min, LIFETIME_RANGES.rollingWindow.max), 'rolling-window'),
    orWord: 'noExpiry',
    cli: { flag: 'rolling-window', arg: '<seconds|noExpiry>' },
  },
  {
    path: 'app.displayName',
    label: () => l10n.t('App registration name'),
    help: () => l10n.t('The test app\'s name.'),
    appliesTo: ALL,
    type: 'text',
    default: DEFAULT_APP_NAME,
    check: check.checkAppName,
    cli: { flag: 'app-name', arg: '<name>' },
    wizard: [{ name: 'appDisplayName', step: 'app', input: 'text', placeholder: 'itsme-test-jwtms' }],
  },
  {
    path: 'app.redirectUris',
    label: () => l10n.t('Redirect URIs'),
    help: () => l10n.t('One per line (or separated by commas). https://jwt.ms shows the token after "Run user flow". http://localhost:53117 is here once you used "Show the token in VS Code": VS Code receives the token on that address (setting itsme.loopbackPort).'),
    appliesTo: ALL,
    type: 'urlList',
    default: DEFAULT_REDIRECT_URIS,
    itemCheck: checkRedirectUri,
    invalid: (ref) => l10n.t('{0} must be a non-empty list of URLs, e.g. ["https://jwt.ms"].', ref),
    cli: { flag: 'redirect-uri', arg: '<url>' },
    wizard: [{ name: 'redirectUris', step: 'app', input: 'lines' }],
  },
  {
    path: 'app.implicitGrant.idTokens',
    label: () => l10n.t('Implicit grant: ID tokens'),
    help: () => l10n.t('Lets the user flow hand the ID token straight to the browser, where jwt.ms (or VS Code) reads it. The guide turns it on.'),
    appliesTo: ALL,
    type: 'flag',
    default: true,
    wizard: [{ name: 'implicitIdTokens', step: 'app', input: 'check', group: 'appOptions' }],
  },
  {
    path: 'app.implicitGrant.accessTokens',
    label: () => l10n.t('Implicit grant: access tokens'),
    help: () => l10n.t('The same for access tokens, for a test app that calls an API with one. The guide turns it on; signing in needs only ID tokens.'),
    appliesTo: ALL,
    type: 'flag',
    default: true,
    wizard: [{ name: 'implicitAccessTokens', step: 'app', input: 'check', group: 'appOptions' }],
  },
  {
    path: 'app.adminConsent',
    label: () => l10n.t('Grant admin consent for openid and offline_access'),
    help: () => l10n.t('So that people signing in are not asked to consent (the guide grants it).'),
    appliesTo: ALL,
    type: 'flag',
    default: true,
    wizard: [{ name: 'adminConsent', step: 'app', input: 'check', group: 'appOptions' }],
  },
] as const satisfies readonly FieldRow[];

/** Group titles (the QuickPick asks a group as one question). */
export function groupTitle(group: FieldGroup): string {
  switch (group) {
    case 'scopes':
      return l10n.t('Optional scopes');
    case 'claims':
      return l10n.t('Claims mapping');
    case 'appOptions':
      return l10n.t('App options');
  }
}

/** The itsme client secret is a wizard input but never a configuration field: the wizards ask it after this control. */
export const SECRET_AFTER = 'serviceCode';

/** How messages name a field: in the user's words, then where it sits in the file. */
export function fieldRef(row: Pick<FieldRow, 'label' | 'path'>): string {
  return l10n.t('{0} ({1})', row.label(), row.path);
}

export function rowOf(path: string): FieldRow | undefined {
  return (CONFIG_FIELDS as readonly FieldRow[]).find((r) => r.path === path);
}

/** The rows that apply to a tenant kind and variant ('any': every row, for a file read before the kind is known). */
export function fieldsFor(variant: TenantVariant | 'any'): readonly FieldRow[] {
  return (CONFIG_FIELDS as readonly FieldRow[]).filter((r) => variant === 'any' || r.appliesTo.includes(variant));
}

/** The row that chooses the setup variant (B2C only): 'userFlow' (the default) or 'customPolicy'. */
export const VARIANT_FIELD = 'variant';

/**
 * The tenant variants a configuration serves, from the tenant's kind (undefined: not known yet, either kind) and the
 * file's setup variant: a custom policy is B2C's; an external tenant has user flows only (a custom-policy setting
 * in a file for one is refused with why, see NO_POLICY_IN_EXTERNAL).
 */
export function servedVariants(kind: 'b2c' | 'external' | undefined, setup: unknown): TenantVariant[] {
  if (kind === 'external') return ['external/userFlow'];
  if (setup === 'customPolicy') return ['b2c/customPolicy'];
  return kind === 'b2c' ? ['b2c/userFlow'] : ['b2c/userFlow', 'external/userFlow'];
}

/** Whether a row exists for at least one of these variants. */
export function appliesToAny(row: Pick<FieldRow, 'appliesTo'>, variants: readonly TenantVariant[]): boolean {
  return row.appliesTo.some((v) => variants.includes(v));
}

/** Why a row does not apply to a variant, in words (a generic sentence when the row gives none). */
export function notApplicableReason(row: FieldRow, variant: TenantVariant): string {
  return row.notFor?.[variant]?.() ?? l10n.t('It does not exist for this kind of tenant.');
}
