// The tenant the emulator serves: plain JSON-serializable objects, so tests can deep-inspect and deep-compare them.
//
// Records are stored the way the service stores them, not the way it returns them: an identity provider keeps its
// real clientSecret here (responses mask it as "****"), so a test can check what the engine actually sent.
import { seedEventsFlow } from './external-flows';
import { newGrantId, newGuid, newOidcProviderId } from './ids';
import { emptyTrustFramework, type TrustFrameworkState } from './trust-framework-state';

/** organization.tenantType: B2C, a workforce tenant, or an Entra External ID external tenant (external-id.md §1). */
export type TenantType = 'AAD B2C' | 'AAD' | 'CIAM';
export type Obj = Record<string, unknown>;

export type IdentityProviderRecord = Obj & { '@odata.type': string; id: string; displayName: string | null };

export type UserFlowRecord = Obj & {
  id: string;
  userFlowType: string;
  userFlowTypeVersion: number;
  isLanguageCustomizationEnabled: boolean;
  defaultLanguageTag: string | null;
  /** Ids of the linked identity providers (the userFlowIdentityProviders navigation property). */
  userFlowIdentityProviders: string[];
  /** Undocumented (graph-b2c.md §2.4); present only once set, and only in 'store' mode. */
  tokenLifetimeConfiguration?: Obj;
  multifactorAuthenticationConfiguration?: Obj;
  /**
   * The ticked rows of the portal's Application claims blade, as attribute ids (application-claims.ts); absent on a
   * seeded flow = the new-flow default.
   */
  applicationClaims?: string[];
};

/**
 * An External ID user flow (authenticationEventsFlow, external-id.md §3), stored the way the service holds it: the
 * handlers without their navigation properties, which are kept as id lists (identityProviderIds, appIds) so a
 * provider or an app is one object however many flows name it. `attributes` are the identityUserFlowAttribute
 * objects the flow collects (onAttributeCollection.attributes). Read it through external-state.ts.
 */
export type EventsFlowRecord = Obj & {
  '@odata.type': string;
  id: string;
  displayName: string;
  description: string | null;
  /** Not in the v1.0 CSDL (the type is open); docs default 500 (§3.1). */
  priority: number;
  /** onAuthenticationMethodLoadStart.identityProviders, in link order. */
  identityProviderIds: string[];
  /** conditions.applications.includeApplications[].appId, in link order. */
  appIds: string[];
  attributes: Obj[];
  onInteractiveAuthFlowStart: Obj | null;
  onAuthenticationMethodLoadStart: Obj | null;
  onAttributeCollection: Obj | null;
  onAttributeCollectionStart: Obj | null;
  onAttributeCollectionSubmit: Obj | null;
  onUserCreateStart: Obj | null;
};

export type ApplicationRecord = Obj & { id: string; appId: string; displayName: string | null };
export type ServicePrincipalRecord = Obj & { id: string; appId: string; displayName: string | null };
export type PermissionGrantRecord = Obj & {
  id: string;
  clientId: string;
  consentType: string;
  principalId: string | null;
  resourceId: string;
  scope: string;
};

export interface VerifiedDomain {
  name: string;
  isInitial: boolean;
  isDefault: boolean;
  type: string;
  capabilities: string;
}

export interface TenantState {
  tenantId: string;
  tenantType: TenantType;
  /** Short name: contosob2c → contosob2c.onmicrosoft.com, contosob2c.b2clogin.com. */
  tenantName: string;
  displayName: string;
  createdDateTime: string;
  verifiedDomains: VerifiedDomain[];
  /** Application permissions (app roles on Microsoft Graph) granted to the management client; go into its tokens. */
  grantedPermissions: string[];
  management: { clientId: string; clientSecret: string; applicationId: string; servicePrincipalId: string };
  identityProviders: IdentityProviderRecord[];
  userFlows: UserFlowRecord[];
  /** External ID user flows (tenantType CIAM only; empty elsewhere). */
  authenticationEventsFlows: EventsFlowRecord[];
  applications: ApplicationRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  oauth2PermissionGrants: PermissionGrantRecord[];
  /** Custom policies and policy key sets (B2C only; trust-framework-state.ts). Holds key material: never log it. */
  trustFramework: TrustFrameworkState;
  /**
   * Applications still replicating (graph-b2c.md §3), by application object id. While an entry is pending,
   * POST /servicePrincipals for its appId and GET/PATCH /applications/{id} fail as on the real service.
   */
  replication: Record<string, { appId: string; visibleAt: number; failuresLeft: number }>;
}

/** What a test can seed: a tenant as if objects had been made by hand (in the portal), without validation. */
export interface TenantSeed {
  tenantType?: TenantType;
  tenantName?: string;
  tenantId?: string;
  displayName?: string;
  grantedPermissions?: string[];
  management?: { clientId?: string; clientSecret?: string };
  /**
   * `@odata.type` defaults to openIdConnectIdentityProvider (B2C) or oidcIdentityProvider (CIAM); `id` is generated
   * when absent (OIDC-V1-<name>-<guid> in B2C, a GUID in CIAM). A CIAM tenant's built-in providers are always there.
   */
  identityProviders?: Array<Obj & { displayName: string; id?: string; '@odata.type'?: string }>;
  /** `id` gets the B2C_1_ prefix when missing; `identityProviderIds` are linked (userFlowIdentityProviders). */
  userFlows?: Array<
    Obj & {
      id: string;
      userFlowType?: string;
      userFlowTypeVersion?: number;
      identityProviderIds?: string[];
      tokenLifetimeConfiguration?: Obj;
      multifactorAuthenticationConfiguration?: Obj;
    }
  >;
  /**
   * CIAM only: hand-made External ID user flows. `identityProviderIds` (default ['EmailPassword-OAUTH']) and `appIds`
   * are linked as given, without the service's checks; the rest defaults to a sign-up-allowed member flow.
   */
  authenticationEventsFlows?: Array<Obj & { displayName: string; id?: string; identityProviderIds?: string[]; appIds?: string[] }>;
  /** Partial application objects; id/appId are generated when absent, the rest gets the service's defaults. */
  applications?: Obj[];
  /** `appId` refers to a seeded application (or any appId, for a "foreign" service principal). */
  servicePrincipals?: Array<Obj & { appId: string; id?: string }>;
  /** clientId/resourceId are service principal object ids (see MICROSOFT_GRAPH_SP_ID). */
  oauth2PermissionGrants?: Array<Obj & { clientId: string; resourceId: string; consentType?: string; scope?: string; id?: string }>;
}

export const DEFAULT_TENANT_ID = '6e2b7c1a-0b3f-4c5d-9e8f-b2c0c0ffee01';
export const DEFAULT_TENANT_NAME = 'contosob2c';
/** The default external (CIAM) tenant: its own id and subdomain (contosoext.onmicrosoft.com, contosoext.ciamlogin.com). */
export const DEFAULT_EXTERNAL_TENANT_ID = '9c1e5a7d-2f4b-4e8a-b6d3-c1a0e0ffee02';
export const DEFAULT_EXTERNAL_TENANT_NAME = 'contosoext';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Object id of the Microsoft Graph service principal in emulated tenants (differs per tenant in reality). */
export const MICROSOFT_GRAPH_SP_ID = 'a1b2c3d4-0003-4000-8000-00000000a001';
export const DEFAULT_MANAGEMENT_CLIENT_ID = '7d1f0b52-5c2e-4a8b-9f3d-1e7a2b6c9d01';
export const DEFAULT_MANAGEMENT_CLIENT_SECRET = 'emu~ManagementSecret.NotReal-0123456789';
/** The permission set of graph-b2c.md §9, as application permissions. */
export const DEFAULT_PERMISSIONS: readonly string[] = [
  'IdentityProvider.ReadWrite.All',
  'IdentityUserFlow.ReadWrite.All',
  'Application.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Organization.Read.All',
];

/**
 * An external tenant's default grants: user flows are EventListener.* there (external-id.md §4), not
 * IdentityUserFlow.*.
 */
export const DEFAULT_EXTERNAL_PERMISSIONS: readonly string[] = [
  'IdentityProvider.ReadWrite.All',
  'EventListener.ReadWrite.All',
  'Application.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Organization.Read.All',
];

/**
 * The built-in providers every external tenant has (external-id.md §2.2): ids, display names and
 * identityProviderType as the list responses of GDC v1/api/identitycontainer-list-authenticationeventsflows.md show
 * them. Assumption: EmailOtpSignup's and AADSignup's identityProviderType (the docs show only EmailPassword's).
 */
export const CIAM_BUILT_IN_PROVIDERS: ReadonlyArray<{ id: string; displayName: string; identityProviderType: string }> = [
  { id: 'EmailPassword-OAUTH', displayName: 'Email with password', identityProviderType: 'EmailPassword' },
  { id: 'EmailOtpSignup-OAUTH', displayName: 'Email one-time passcode', identityProviderType: 'EmailOTP' },
  { id: 'AADSignup-OAUTH', displayName: 'Azure Active Directory Sign up', identityProviderType: 'AADSignup' },
];

/** The display name of the app every B2C and every external tenant has (external-id.md §5: do not delete it). */
export const B2C_EXTENSIONS_APP_NAME = 'b2c-extensions-app. Do not modify. Used by AADB2C for storing user data.';

/**
 * Delegated scopes of Microsoft Graph used by the app registration (graph-b2c.md §3): openid, offline_access,
 * profile, email, User.Read, with their well-known ids.
 */
export const GRAPH_DELEGATED_SCOPES: ReadonlyArray<{ id: string; value: string }> = [
  { id: '37f7f235-527c-4136-accd-4a02d197296e', value: 'openid' },
  { id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', value: 'offline_access' },
  { id: '14dad69e-099b-42c9-810b-d002981feec1', value: 'profile' },
  { id: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', value: 'email' },
  { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', value: 'User.Read' },
];

export function initialDomain(state: Pick<TenantState, 'tenantName'>): string {
  return `${state.tenantName}.onmicrosoft.com`;
}

const clone = <T>(v: T): T => structuredClone(v);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge for PATCH and defaults: objects merge key by key, arrays and primitives replace. */
export function deepMerge(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : clone(v);
  }
  return out;
}

/** An application as the service returns it after creation: every property present, defaults filled in. */
export function normalizeApplication(input: Obj, state: TenantState): ApplicationRecord {
  const defaults: Obj = {
    id: newGuid(),
    deletedDateTime: null,
    appId: newGuid(),
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    displayName: null,
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    nativeAuthenticationApisEnabled: null,
    notes: null,
    publisherDomain: initialDomain(state),
    serviceManagementReference: null,
    signInAudience: 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    uniqueName: null,
    samlMetadataUrl: null,
    defaultRedirectUri: null,
    certification: null,
    optionalClaims: null,
    servicePrincipalLockConfiguration: null,
    requestSignatureVerification: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: [],
    },
    spa: { redirectUris: [] },
  };
  return deepMerge(defaults, input) as ApplicationRecord;
}

/** A service principal derived from its application, like the service does on POST /servicePrincipals. */
export function normalizeServicePrincipal(input: Obj & { appId: string }, state: TenantState): ServicePrincipalRecord {
  const app = state.applications.find((a) => a.appId === input.appId);
  const api = (app?.api ?? {}) as Obj;
  const web = (app?.web ?? {}) as Obj;
  const defaults: Obj = {
    id: newGuid(),
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDisplayName: app?.displayName ?? null,
    appDescription: null,
    appId: input.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: app ? state.tenantId : null,
    appRoleAssignmentRequired: false,
    createdDateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: app?.displayName ?? null,
    homepage: (web.homePageUrl as string | null) ?? null,
    loginUrl: null,
    logoutUrl: (web.logoutUrl as string | null) ?? null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: clone((web.redirectUris as string[] | undefined) ?? []),
    servicePrincipalNames: [input.appId, ...((app?.identifierUris as string[] | undefined) ?? [])],
    servicePrincipalType: 'Application',
    signInAudience: app?.signInAudience ?? 'AzureADMyOrg',
    tags: [],
    tokenEncryptionKeyId: null,
    addIns: [],
    appRoles: clone((app?.appRoles as unknown[] | undefined) ?? []),
    info: null,
    keyCredentials: [],
    oauth2PermissionScopes: clone((api.oauth2PermissionScopes as unknown[] | undefined) ?? []),
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
  return deepMerge(defaults, input) as ServicePrincipalRecord;
}

export function normalizeGrant(input: Obj): PermissionGrantRecord {
  return {
    id: newGrantId(),
    consentType: 'AllPrincipals',
    principalId: null,
    scope: '',
    ...clone(input),
  } as PermissionGrantRecord;
}

/** The Microsoft Graph service principal exists in every tenant (graph-b2c.md §3 looks it up by appId). */
function graphServicePrincipal(): ServicePrincipalRecord {
  return {
    id: MICROSOFT_GRAPH_SP_ID,
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: 'Microsoft Graph',
    appId: MICROSOFT_GRAPH_APP_ID,
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', // Microsoft's own tenant
    appRoleAssignmentRequired: false,
    displayName: 'Microsoft Graph',
    servicePrincipalNames: [MICROSOFT_GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/'],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    tags: [],
    appRoles: [],
    oauth2PermissionScopes: GRAPH_DELEGATED_SCOPES.map((s) => ({
      id: s.id,
      value: s.value,
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: s.value,
      adminConsentDescription: s.value,
      userConsentDisplayName: s.value,
      userConsentDescription: s.value,
    })),
    replyUrls: [],
    keyCredentials: [],
    passwordCredentials: [],
  };
}

/** Builds a fresh tenant from a seed: built-in objects first (Graph SP, the management app), then the seed's. */
export function createTenantState(seed: TenantSeed = {}): TenantState {
  const tenantType = seed.tenantType ?? 'AAD B2C';
  const ciam = tenantType === 'CIAM';
  const tenantName = seed.tenantName ?? (ciam ? DEFAULT_EXTERNAL_TENANT_NAME : DEFAULT_TENANT_NAME);
  const state: TenantState = {
    tenantId: seed.tenantId ?? (ciam ? DEFAULT_EXTERNAL_TENANT_ID : DEFAULT_TENANT_ID),
    tenantType,
    tenantName,
    displayName: seed.displayName ?? (tenantType === 'AAD B2C' ? `${tenantName} (B2C)` : tenantName),
    createdDateTime: '2024-01-15T09:30:00Z',
    verifiedDomains: [
      {
        name: `${tenantName}.onmicrosoft.com`,
        isInitial: true,
        isDefault: true,
        type: 'Managed',
        capabilities: tenantType === 'AAD B2C' ? 'None' : 'Email, OfficeCommunicationsOnline',
      },
    ],
    grantedPermissions: [...(seed.grantedPermissions ?? (ciam ? DEFAULT_EXTERNAL_PERMISSIONS : DEFAULT_PERMISSIONS))],
    management: {
      clientId: seed.management?.clientId ?? DEFAULT_MANAGEMENT_CLIENT_ID,
      clientSecret: seed.management?.clientSecret ?? DEFAULT_MANAGEMENT_CLIENT_SECRET,
      applicationId: '',
      servicePrincipalId: '',
    },
    identityProviders: [],
    userFlows: [],
    authenticationEventsFlows: [],
    applications: [],
    servicePrincipals: [graphServicePrincipal()],
    oauth2PermissionGrants: [],
    trustFramework: emptyTrustFramework(),
    replication: {},
  };

  // The app registration the management client authenticates as (created by hand by whoever set up automation).
  const mgmtApp = normalizeApplication(
    { appId: state.management.clientId, displayName: 'itsme-b2c automation (emulator)', signInAudience: 'AzureADMyOrg' },
    state,
  );
  state.applications.push(mgmtApp);
  const mgmtSp = normalizeServicePrincipal({ appId: mgmtApp.appId }, state);
  state.servicePrincipals.push(mgmtSp);
  state.management.applicationId = mgmtApp.id;
  state.management.servicePrincipalId = mgmtSp.id;
  if (tenantType === 'AAD B2C' || ciam) {
    // Every B2C and every external tenant has this app (external-id.md §5); an engine listing applications must
    // not trip over it.
    state.applications.push(normalizeApplication({ displayName: B2C_EXTENSIONS_APP_NAME, signInAudience: 'AzureADMyOrg' }, state));
  }
  if (ciam) {
    for (const p of CIAM_BUILT_IN_PROVIDERS) {
      state.identityProviders.push({ '@odata.type': '#microsoft.graph.builtInIdentityProvider', ...p, state: null } as IdentityProviderRecord);
    }
  }

  for (const idp of seed.identityProviders ?? []) {
    const type = idp['@odata.type'] ?? (ciam ? '#microsoft.graph.oidcIdentityProvider' : '#microsoft.graph.openIdConnectIdentityProvider');
    state.identityProviders.push({
      ...clone(idp),
      '@odata.type': type.startsWith('#') ? type : `#${type}`,
      id: idp.id ?? (ciam ? newGuid() : newOidcProviderId(idp.displayName)),
    } as IdentityProviderRecord);
  }
  for (const f of seed.userFlows ?? []) {
    const { identityProviderIds, ...rest } = clone(f);
    state.userFlows.push({
      userFlowType: 'signUpOrSignIn',
      userFlowTypeVersion: 3,
      isLanguageCustomizationEnabled: false,
      defaultLanguageTag: 'en',
      ...rest,
      id: /^B2C_1_/i.test(f.id) ? f.id : `B2C_1_${f.id}`,
      userFlowIdentityProviders: [...(identityProviderIds ?? [])],
    } as UserFlowRecord);
  }
  for (const a of seed.applications ?? []) state.applications.push(normalizeApplication(a, state));
  for (const sp of seed.servicePrincipals ?? []) state.servicePrincipals.push(normalizeServicePrincipal(sp, state));
  for (const f of seed.authenticationEventsFlows ?? []) state.authenticationEventsFlows.push(seedEventsFlow(f));
  for (const g of seed.oauth2PermissionGrants ?? []) state.oauth2PermissionGrants.push(normalizeGrant(g));
  return state;
}
