// URLs people need after a setup: Run user flow, the redirect URIs to give itsme, the policy's discovery
// document, and portal links (graph-b2c.md §6; itsme azureB2C.md).

export interface LoginLocation {
  /** <short>.b2clogin.com, or the custom login domain. */
  loginHost: string;
  /** contosob2c.onmicrosoft.com */
  initialDomain: string;
  shortName: string;
}

export function loginLocation(initialDomain: string, shortName: string, customLoginHost?: string): LoginLocation {
  return { loginHost: customLoginHost ?? `${shortName}.b2clogin.com`, initialDomain, shortName };
}

export interface RunUserFlowParams {
  flowId: string;
  clientId: string;
  redirectUri?: string;
  nonce?: string;
}

/** The portal's "Run user flow" URL: authorize with p=, response_type=id_token, prompt=login. */
export function runUserFlowUrl(loc: LoginLocation, p: RunUserFlowParams): string {
  const q = new URLSearchParams({
    p: p.flowId,
    client_id: p.clientId,
    nonce: p.nonce ?? 'defaultNonce',
    redirect_uri: p.redirectUri ?? 'https://jwt.ms',
    scope: 'openid',
    response_type: 'id_token',
    prompt: 'login',
  });
  return `https://${loc.loginHost}/${loc.initialDomain}/oauth2/v2.0/authorize?${q.toString()}`;
}

/** The two redirect URIs itsme must whitelist for this tenant (exact match, case-sensitive). */
export function itsmeRedirectUris(loc: LoginLocation): string[] {
  return [`https://${loc.loginHost}/${loc.shortName}/oauth2/authresp`, `https://${loc.loginHost}/${loc.initialDomain}/oauth2/authresp`];
}

export function policyDiscoveryUrl(loc: LoginLocation, flowId: string): string {
  return `https://${loc.loginHost}/${loc.initialDomain}/${flowId}/v2.0/.well-known/openid-configuration`;
}

/** Azure portal deep links, scoped to the tenant so the portal switches directory. */
export function portalLinks(loc: LoginLocation, flowId: string, appId?: string): Record<string, string> {
  const base = `https://portal.azure.com/${loc.initialDomain}`;
  return {
    identityProviders: `${base}#view/Microsoft_AAD_B2CAdmin/TenantManagementMenuBlade/~/IdentityProviders`,
    userFlows: `${base}#view/Microsoft_AAD_B2CAdmin/TenantManagementMenuBlade/~/UserJourneys`,
    userFlowProperties: `${base}#view/Microsoft_AAD_B2CAdmin/UserJourneyMenuBlade/~/properties/userJourneyId/${encodeURIComponent(flowId)}`,
    ...(appId ? { appRegistration: `${base}#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}` } : {}),
    appRegistrations: `${base}#view/Microsoft_AAD_B2CAdmin/TenantManagementMenuBlade/~/registeredApps`,
  };
}
