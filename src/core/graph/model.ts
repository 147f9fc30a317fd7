// The shapes of the Graph objects the engine reads and writes (beta identity, v1.0 apps), per the CSDL excerpts
// in emulators/graph/schemas. Only the properties the engine uses are typed.
import type { ClaimsMapping } from '../config/types';

export const OIDC_ODATA_TYPE = '#microsoft.graph.openIdConnectIdentityProvider';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Microsoft Graph delegated scope ids used by the B2C test-app scripts (graph-b2c.md §3). */
export const SCOPE_IDS = {
  openid: '37f7f235-527c-4136-accd-4a02d197296e',
  offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
} as const;
/** Tag put on the app registrations this tool makes, so destroy never deletes one made by hand. */
export const APP_TAG = 'itsme-b2c:managed';

export interface GraphIdentityProvider {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  clientId?: string;
  clientSecret?: string;
  // External ID's oidcIdentityProvider (v1.0 CSDL; external-id.md §2).
  issuer?: string;
  wellKnownEndpoint?: string;
  clientAuthentication?: { '@odata.type'?: string; clientSecret?: string };
  inboundClaimMapping?: OidcClaimMapping | null;
  metadataUrl?: string;
  scope?: string;
  responseType?: string;
  responseMode?: string;
  domainHint?: string | null;
  claimsMapping?: Partial<ClaimsMapping> | null;
}

export interface TokenLifetimeConfiguration {
  accessAndIdTokenLifetimeInMinutes?: number;
  refreshTokenLifetimeInDays?: number;
  rollingRefreshTokenLifetimeInDays?: number;
}

export interface GraphUserFlow {
  id: string;
  userFlowType?: string;
  userFlowTypeVersion?: number;
  // Undocumented (graph-b2c.md §2.4): present only when the tenant stores them.
  tokenLifetimeConfiguration?: TokenLifetimeConfiguration;
  multifactorAuthenticationConfiguration?: { multifactorAuthenticationState?: string };
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName?: string;
  /** v1.0 returns it for applications and service principals; the oldest copy is the one kept. */
  createdDateTime?: string | null;
  signInAudience?: string;
  tags?: string[];
  api?: { requestedAccessTokenVersion?: number | null };
  web?: {
    redirectUris?: string[];
    implicitGrantSettings?: { enableIdTokenIssuance?: boolean; enableAccessTokenIssuance?: boolean };
  };
  requiredResourceAccess?: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName?: string;
  createdDateTime?: string | null;
}

export interface GraphPermissionGrant {
  id: string;
  clientId: string;
  consentType: string;
  principalId?: string | null;
  resourceId: string;
  scope: string;
}

export interface GraphOrganization {
  id: string;
  displayName?: string;
  tenantType?: string | null;
  verifiedDomains?: Array<{ name: string; isInitial?: boolean; isDefault?: boolean }>;
}

/** External ID's provider type and its client-secret authentication (CSDL names; external-id.md §2.1). */
export const EXTERNAL_OIDC_ODATA_TYPE = '#microsoft.graph.oidcIdentityProvider';
export const CLIENT_SECRET_AUTH_ODATA_TYPE = '#microsoft.graph.oidcClientSecretAuthentication';
export const EVENTS_FLOW_ODATA_TYPE = '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow';

/** oidcInboundClaimMappingOverride: each value names the itsme claim (external-id.md §2.5). */
export interface OidcClaimMapping {
  sub?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  email_verified?: string;
  phone_number?: string;
  phone_number_verified?: string;
  address?: { street_address?: string; locality?: string; region?: string; postal_code?: string; country?: string } | null;
}

/** An External ID user flow (authenticationEventsFlow); list responses carry its providers and apps inline (§3.3). */
export interface GraphEventsFlow {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  description?: string | null;
  conditions?: { applications?: { includeAllApplications?: boolean; includeApplications?: Array<{ appId: string }> } } | null;
  onInteractiveAuthFlowStart?: { isSignUpAllowed?: boolean } | null;
  onAuthenticationMethodLoadStart?: { '@odata.type'?: string; identityProviders?: GraphIdentityProvider[] } | null;
  onAttributeCollection?: { attributes?: Array<{ id: string }> } | null;
  onUserCreateStart?: { userTypeToCreate?: string } | null;
}

/** trustFrameworkKey (beta): the readable parts only; k, d, p, q… are "not readable". */
export interface GraphTrustFrameworkKey {
  kid?: string;
  /** 'sig' | 'enc' */
  use?: string;
  /** 'RSA' / 'rsa' or 'OCT' / 'oct' (the docs show both casings) */
  kty?: string;
  nbf?: number | string;
  exp?: number | string;
  status?: string;
}

/** trustFrameworkKeySet (beta): a policy key container, id with the B2C_1A_ prefix the service adds. */
export interface GraphTrustFrameworkKeySet {
  id: string;
  keys?: GraphTrustFrameworkKey[];
}
