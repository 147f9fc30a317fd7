// URLs people need after an External ID setup (external-id.md §1, §5): the two redirect URIs to give itsme, the
// test sign-in URL (the flow is chosen by the app's link, so no p=), the discovery document, the tokens' issuer and
// Entra admin center links. loginHost replaces <subdomain>.ciamlogin.com (custom URL domain, or the sandbox's emulator).
import { EXTERNAL_GUESSES } from './guesses';

export interface CiamLocation {
  /** <subdomain>.ciamlogin.com, or the custom login domain. */
  loginHost: string;
  /** The tenant id (GUID). */
  tenantId: string;
  /** <subdomain>.onmicrosoft.com */
  initialDomain: string;
  subdomain: string;
  /** True when loginHost was given (not <subdomain>.ciamlogin.com). */
  custom: boolean;
}

export function ciamLocation(tenantId: string, initialDomain: string, subdomain: string, customLoginHost?: string): CiamLocation {
  // Entra emits the subdomain in lower case; itsme whitelists redirect URIs exactly (GUESS §5: lower case).
  const sub = subdomain.toLowerCase();
  return { loginHost: customLoginHost ?? `${sub}.ciamlogin.com`, tenantId, initialDomain: initialDomain.toLowerCase(), subdomain: sub, custom: !!customLoginHost };
}

/** The two redirect URIs itsme must whitelist (ED how-to-custom-oidc-federation-customers). */
export function federationRedirectUris(loc: CiamLocation): string[] {
  return [`https://${loc.loginHost}/${loc.tenantId}/federation/oauth2`, `https://${loc.loginHost}/${loc.initialDomain}/federation/oauth2`];
}

export interface TestSignInParams {
  clientId: string;
  redirectUri?: string;
  nonce?: string;
}

/** Authorize on ciamlogin: the app's link picks the flow (no p=); id_token to jwt.ms like the portal's Run user flow. */
export function testSignInUrl(loc: CiamLocation, p: TestSignInParams): string {
  const q = new URLSearchParams({
    client_id: p.clientId,
    nonce: p.nonce ?? 'defaultNonce',
    redirect_uri: p.redirectUri ?? 'https://jwt.ms',
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'fragment',
    prompt: 'login',
  });
  return `https://${loc.loginHost}/${loc.tenantId}/oauth2/v2.0/authorize?${q.toString()}`;
}

export function ciamDiscoveryUrl(loc: CiamLocation): string {
  return `https://${loc.loginHost}/${loc.tenantId}/v2.0/.well-known/openid-configuration`;
}

/** The iss of the ID tokens: https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 (security-tokens.md). */
export function ciamIssuer(loc: CiamLocation): string {
  const host = loc.custom && EXTERNAL_GUESSES.issuerFollowsLoginHost ? loc.loginHost : `${loc.tenantId}.ciamlogin.com`;
  return `https://${host}/${loc.tenantId}/v2.0`;
}

/** Microsoft Entra admin center deep links (the blade paths are the admin center's own; tenant in the path). */
export function entraLinks(loc: CiamLocation, appId?: string): Record<string, string> {
  const base = `https://entra.microsoft.com/${loc.initialDomain}`;
  return {
    identityProviders: `${base}#view/Microsoft_AAD_IAM/CompanyRelationshipsMenuBlade/~/IdentityProviders`,
    userFlows: `${base}#view/Microsoft_AAD_IAM/CompanyRelationshipsMenuBlade/~/UserFlows`,
    ...(appId ? { appRegistration: `${base}#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}` } : {}),
    appRegistrations: `${base}#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`,
  };
}
