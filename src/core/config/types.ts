// The itsme configuration model: what the user chooses, after defaults are applied and values validated.
// The itsme client secret is deliberately absent: it is supplied separately (SecretStorage, env, stdin).

export type ItsmeEnvironment = 'e2e' | 'prd';
/** v2: partners onboarded since 2025-06-25; legacy: the csapi client-secret API of Microsoft's guide. */
export type EndpointGeneration = 'v2' | 'legacy' | 'custom';

export interface ClaimsMapping {
  userId: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  email?: string;
}

export type RefreshSlidingWindow = { kind: 'noExpiry' } | { kind: 'bounded'; days: number };

export interface ItsmeSettings {
  environment: ItsmeEnvironment;
  generation: EndpointGeneration;
  /** Only for generation 'custom'. */
  customMetadataUrl?: string;
  /** itsme "partner code" = the OIDC client id. */
  partnerCode: string;
  serviceCode: string;
  scopes: { phone: boolean; address: boolean };
}

export interface IdentityProviderSettings {
  displayName: string;
  claimsMapping: ClaimsMapping;
  domainHint?: string;
}

export interface UserFlowSettings {
  /** The full id with the B2C_1_ prefix the service adds, e.g. B2C_1_itsme. */
  id: string;
  type: 'signUpOrSignIn';
  version: number;
  accessAndIdTokenLifetimeMinutes: number;
  refreshSlidingWindow: RefreshSlidingWindow;
  mfa: 'off';
  /** External ID only: add itsme to the existing flow of this name instead of creating one (never deleted). */
  existing?: boolean;
}

export interface AppSettings {
  displayName: string;
  redirectUris: string[];
  implicitGrant: { idTokens: boolean; accessTokens: boolean };
  adminConsent: boolean;
}

export interface TenantSettings {
  /** Tenant id (GUID) or domain (name.onmicrosoft.com); optional when the credential already targets a tenant. */
  tenant?: string;
  /**
   * Custom login domain (e.g. login.contoso.com) instead of <tenant>.b2clogin.com (B2C) or <tenant>.ciamlogin.com
   * (External ID); also how the sandbox points the sign-in URLs at its emulator.
   */
  loginHost?: string;
}

/**
 * B2C only: 'userFlow' (a built-in user flow with the OpenID Connect provider; the default) or 'customPolicy' (an
 * itsme-only Identity Experience Framework policy set the tool generates: national number, assurance, lifetimes).
 */
export type SetupVariant = 'userFlow' | 'customPolicy';

/** The custom-policy variant's own settings (configuration file: the `customPolicy` object). */
export interface CustomPolicySettings {
  /** Without the B2C_1A_ prefix the service adds: the files are B2C_1A_<name>_base and B2C_1A_<name>. */
  name: string;
  /** itsme claims to request, by key of ITSME_CLAIMS (src/core/policy/claims.ts), e.g. 'nationalNumber'. */
  claims: string[];
  /** basic → acr_values acr_basic; advanced → acr_advanced (the itsme code forced). */
  assurance: 'basic' | 'advanced';
  /** Fixed language of itsme's pages (ui_locales); absent: itsme's own choice. */
  uiLocale?: 'nl' | 'fr' | 'de' | 'en';
  /** The JWT issuer's lifetimes, in the documented ranges (LIFETIME_RANGES in src/core/policy/options.ts). */
  lifetimes: {
    accessTokenSeconds: number;
    idTokenSeconds: number;
    refreshTokenSeconds: number;
    /** Sliding window in seconds, or 'noExpiry' (allow_infinite_rolling_refresh_token). */
    rollingWindow: number | 'noExpiry';
  };
}

export interface ItsmeSetupConfig {
  tenant: TenantSettings;
  itsme: ItsmeSettings;
  identityProvider: IdentityProviderSettings;
  userFlow: UserFlowSettings;
  app: AppSettings;
  /** Absent: 'userFlow' (files and objects made before custom policies). */
  variant?: SetupVariant;
  /** Present exactly when variant is 'customPolicy'. */
  customPolicy?: CustomPolicySettings;
}

/** One validation problem: the dotted field path (as in the JSON file) and a message that says how to fix it. */
export interface ConfigIssue {
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; config: ItsmeSetupConfig } | { ok: false; issues: ConfigIssue[] };
