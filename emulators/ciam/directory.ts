// What the emulated ciamlogin.com sign-in service reads from the external tenant: its flows (each with its
// identity providers, resolved with the UNMASKED client secret, and its linked apps), and the app registrations.
// A small read-only view, so the sign-in service does not depend on how the Graph emulator stores its records;
// `graphDirectory` (graph.ts) builds it from the Graph emulator's external tenant.

export interface CiamIdentityProvider {
  id: string;
  /** '#microsoft.graph.oidcIdentityProvider', '#microsoft.graph.builtInIdentityProvider', … */
  type: string;
  displayName: string;
  /** For oidcIdentityProvider: what the sign-in uses. */
  clientId?: string;
  /** The real secret (clientAuthentication.clientSecret), never the "*****" Graph returns. */
  clientSecret?: string;
  issuer?: string;
  wellKnownEndpoint?: string;
  scope?: string;
  responseType?: string;
  /** oidcInboundClaimMappingOverride: Entra claim → the IdP's claim name (address is an object of the same). */
  inboundClaimMapping?: Record<string, unknown>;
}

export interface CiamFlow {
  id: string;
  displayName: string;
  /** onInteractiveAuthFlowStart.isSignUpAllowed. */
  isSignUpAllowed: boolean;
  identityProviders: CiamIdentityProvider[];
  /** conditions.applications.includeApplications[].appId. */
  appIds: string[];
  /** The flow collects the email as a required attribute (onAttributeCollection): sign-up then needs one. */
  emailRequired: boolean;
}

export interface CiamApp {
  appId: string;
  displayName: string;
  /** web.redirectUris (the loopback receiver http://localhost:PORT is one too). */
  redirectUris: string[];
  /** web.implicitGrantSettings.enableIdTokenIssuance: needed for response_type=id_token. */
  idTokenIssuance: boolean;
  /**
   * The redirect URIs by platform: the platform of the redirect URI a code was issued to decides the client type at
   * the token endpoint (web = confidential, spa = public + CORS, publicClient = public; v2-oauth2-auth-code-flow.md).
   */
  platforms: { web: string[]; spa: string[]; publicClient: string[] };
  /** The app's client secrets (passwordCredentials[].secretText as the tenant holds them). */
  secrets: string[];
}

export interface CiamDirectory {
  tenantId: string;
  /** The initial domain's label: <subdomain>.onmicrosoft.com, <subdomain>.ciamlogin.com. */
  subdomain: string;
  flows(): CiamFlow[];
  apps(): CiamApp[];
}
