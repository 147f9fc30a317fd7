// What the sign-in service reads of an app registration (the Graph emulator's state): its redirect URIs by
// platform (web = confidential or implicit, spa and publicClient = public clients), its implicit-grant switches,
// its client secrets (passwordCredentials with their secretText, kept in the state only), and the scopes an
// authorization request may ask (B2C access-tokens.md, https://learn.microsoft.com/en-us/azure/active-directory-b2c/access-tokens):
//   openid, offline_access; the app's own client id ("an access token … for your own service or web API,
//   represented by the same client ID"); a published API scope <App ID URI>/<scope value>.
import type { ApplicationRecord, TenantState } from '../graph/state';

type Obj = Record<string, unknown>;

export type RedirectKind = 'web' | 'spa' | 'publicClient';

export interface AppView {
  app: ApplicationRecord;
  clientId: string;
  /** Every registered redirect URI, by platform. */
  redirectUris: Record<RedirectKind, string[]>;
  idTokenImplicit: boolean;
  accessTokenImplicit: boolean;
  /** The secretText of each client secret still valid (passwordCredentials). */
  secrets: string[];
}

export function appView(state: TenantState, clientId: string): AppView | undefined {
  const app = state.applications.find((a) => a.appId === clientId);
  if (!app) return undefined;
  const uris = (k: string) => ((((app[k] ?? {}) as Obj).redirectUris ?? []) as string[]).slice();
  const web = (app['web'] ?? {}) as { implicitGrantSettings?: { enableIdTokenIssuance?: boolean; enableAccessTokenIssuance?: boolean } };
  const now = Date.now();
  const secrets = ((app['passwordCredentials'] ?? []) as Obj[])
    .filter((p) => typeof p['secretText'] === 'string' && (!p['endDateTime'] || Date.parse(String(p['endDateTime'])) > now))
    .map((p) => String(p['secretText']));
  return {
    app,
    clientId,
    redirectUris: { web: uris('web'), spa: uris('spa'), publicClient: uris('publicClient') },
    idTokenImplicit: !!web.implicitGrantSettings?.enableIdTokenIssuance,
    accessTokenImplicit: !!web.implicitGrantSettings?.enableAccessTokenIssuance,
    secrets,
  };
}

/** The platform a redirect URI is registered under (exact match), web first. */
export function redirectKind(v: AppView, uri: string): RedirectKind | undefined {
  return (['web', 'spa', 'publicClient'] as const).find((k) => v.redirectUris[k].includes(uri));
}

/** Standard OIDC scopes B2C takes without effect on the token (MSAL sends "openid profile offline_access"). */
const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'address', 'phone']);

export interface ResourceScope {
  /** The access token's audience: the API app's client id. */
  audience: string;
  /** The scp value ('' for the client-id-as-scope convention, which grants no named scope). */
  value: string;
}

/** A scope that names a resource, or undefined (OIDC scopes), or 'unknown'. */
export function resourceScope(state: TenantState, clientId: string, scope: string): ResourceScope | 'unknown' | undefined {
  if (OIDC_SCOPES.has(scope)) return undefined;
  if (scope === clientId) return { audience: clientId, value: '' };
  const i = scope.lastIndexOf('/');
  if (i > 0) {
    const base = scope.slice(0, i);
    const value = scope.slice(i + 1);
    for (const a of state.applications) {
      const ids = (a['identifierUris'] ?? []) as string[];
      const published = ((((a['api'] ?? {}) as Obj).oauth2PermissionScopes ?? []) as Obj[]).filter((s) => s['isEnabled'] !== false).map((s) => String(s['value']));
      if (ids.includes(base) && published.includes(value)) return { audience: a.appId, value };
    }
  }
  return 'unknown';
}
