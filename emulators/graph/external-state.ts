// Read-only views of an external (CIAM) tenant for the sign-in emulator (ciamlogin) and tests: what a sign-in needs
// to know about the tenant, without going through Graph (no masking, no permissions). Pass `emu.state` (read it
// afresh each time: seed()/reset() replace it). Nothing here writes.
//
//   const si = externalSignIn(emu.state, clientId);   // undefined: no such app, or the app is in no flow
//   si.flow.isSignUpAllowed; si.providers[0].clientAuthentication.clientSecret   // the real secret
//   ciamEndpoints(emu.state).issuer                   // https://<tid>.ciamlogin.com/<tid>/v2.0
import type { ApplicationRecord, EventsFlowRecord, IdentityProviderRecord, Obj, ServicePrincipalRecord, TenantState } from './state';

/** An oidcIdentityProvider as stored: clientAuthentication.clientSecret is the value the client wrote. */
export type OidcProviderRecord = IdentityProviderRecord & {
  clientId: string;
  issuer: string;
  wellKnownEndpoint?: string | null;
  responseType: string;
  scope: string;
  clientAuthentication: Obj & { '@odata.type': string; clientSecret?: string };
  inboundClaimMapping?: (Obj & { address?: Obj | null }) | null;
};

/** A flow as the sign-in sees it. Providers are the live records in link order (built-in ones included). */
export interface ExternalFlowView {
  id: string;
  displayName: string;
  isSignUpAllowed: boolean;
  /** onUserCreateStart.userTypeToCreate ('member' when the handler is absent: the portal's default). */
  userTypeToCreate: string;
  providers: IdentityProviderRecord[];
  /** Only the custom OIDC providers of `providers` (itsme among them), unmasked. */
  oidcProviders: OidcProviderRecord[];
  /** appIds of includeApplications. */
  appIds: string[];
  /** Ids of the attributes the flow collects (onAttributeCollection.attributes), e.g. ['email', 'displayName']. */
  attributeIds: string[];
  /** The attribute page inputs (attribute, required, hidden, …), as stored. */
  inputs: Obj[];
  record: EventsFlowRecord;
}

export interface ExternalSignIn {
  app: ApplicationRecord;
  servicePrincipal: ServicePrincipalRecord | undefined;
  flow: ExternalFlowView;
  /** The app's redirect URIs by platform (web: jwt.ms; publicClient / spa: the loopback receiver). */
  redirectUris: { web: string[]; spa: string[]; publicClient: string[] };
}

export interface CiamEndpoints {
  /** The tenant subdomain (initial domain's first label), lower case: the ciamlogin.com host label. */
  subdomain: string;
  /** <subdomain>.ciamlogin.com */
  host: string;
  /** https://<tid>.ciamlogin.com/<tid>/v2.0 (external-id.md §1, §5) */
  issuer: string;
  /** The two federation redirect URIs to give itsme (§5). */
  federationRedirectUris: [string, string];
}

const isOidc = (p: IdentityProviderRecord): p is OidcProviderRecord => /oidcIdentityProvider$/i.test(String(p['@odata.type']));

export function isExternalTenant(state: TenantState): boolean {
  return state.tenantType === 'CIAM';
}

export function ciamEndpoints(state: TenantState): CiamEndpoints {
  const initial = state.verifiedDomains.find((d) => d.isInitial)?.name ?? `${state.tenantName}.onmicrosoft.com`;
  const subdomain = initial.split('.')[0]!.toLowerCase();
  const host = `${subdomain}.ciamlogin.com`;
  return {
    subdomain,
    host,
    issuer: `https://${state.tenantId}.ciamlogin.com/${state.tenantId}/v2.0`,
    federationRedirectUris: [`https://${host}/${state.tenantId}/federation/oauth2`, `https://${host}/${subdomain}.onmicrosoft.com/federation/oauth2`],
  };
}

/** The tenant's custom OIDC providers (unmasked). */
export function oidcProviders(state: TenantState): OidcProviderRecord[] {
  return state.identityProviders.filter(isOidc);
}

export function flowView(state: TenantState, flow: EventsFlowRecord): ExternalFlowView {
  const providers = flow.identityProviderIds.flatMap((id) => state.identityProviders.filter((p) => p.id.toLowerCase() === id.toLowerCase()));
  const page = ((flow.onAttributeCollection ?? {}) as Obj).attributeCollectionPage as Obj | undefined;
  const views = (page?.views ?? []) as Obj[];
  return {
    id: flow.id,
    displayName: flow.displayName,
    isSignUpAllowed: ((flow.onInteractiveAuthFlowStart ?? {}) as Obj).isSignUpAllowed !== false,
    userTypeToCreate: String(((flow.onUserCreateStart ?? {}) as Obj).userTypeToCreate ?? 'member'),
    providers,
    oidcProviders: providers.filter(isOidc),
    appIds: [...flow.appIds],
    attributeIds: flow.attributes.map((a) => String(a.id)),
    inputs: views.flatMap((v) => (v.inputs ?? []) as Obj[]),
    record: flow,
  };
}

export function externalFlows(state: TenantState): ExternalFlowView[] {
  return state.authenticationEventsFlows.map((f) => flowView(state, f));
}

/** The flow an app is linked to (an app is in at most one flow, §3.6). */
export function flowForApp(state: TenantState, appId: string): ExternalFlowView | undefined {
  const f = state.authenticationEventsFlows.find((x) => x.appIds.some((a) => a.toLowerCase() === appId.toLowerCase()));
  return f ? flowView(state, f) : undefined;
}

/** What an authorize request for `clientId` runs: the app, its flow and redirect URIs; undefined when either is missing. */
export function externalSignIn(state: TenantState, clientId: string): ExternalSignIn | undefined {
  const app = state.applications.find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
  const flow = flowForApp(state, clientId);
  if (!app || !flow) return undefined;
  const uris = (k: string) => [...((((app[k] ?? {}) as Obj).redirectUris ?? []) as string[])];
  return {
    app,
    servicePrincipal: state.servicePrincipals.find((sp) => sp.appId.toLowerCase() === clientId.toLowerCase()),
    flow,
    redirectUris: { web: uris('web'), spa: uris('spa'), publicClient: uris('publicClient') },
  };
}
