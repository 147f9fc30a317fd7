// The ownership test: which objects in the tenant are this configuration's. Only those are ever written or deleted;
// anything else with our name is a clash the plan names (with what differs) and leaves alone.
//
// - Identity provider: an OIDC provider (@odata.type openIdConnectIdentityProvider) with our display name
//   (case-insensitive, as B2C compares names) AND our partner code (clientId). The metadata URL, scope and the
//   rest may differ: they are then updated. The secret is never read (Graph returns "****") nor compared.
// - App registration: our display name AND our tag (APP_TAG), which only this tool sets (on create or explicit adopt).
// - Service principal: the one of our app (appId). Consent grant: AllPrincipals, of our service principal, to
//   Microsoft Graph's service principal.
//
// Duplicates (two applies at once on two machines): when several objects pass the test, one is kept and the rest
// are removed. The kept one is the oldest by createdDateTime where Graph returns it (applications, service
// principals), ties and missing dates broken by the smallest id (string order). Identity providers have no creation
// date: the one our user flow already offers is kept (so sign-in never loses its button), else the smallest id.
// Grants have none either: the smallest id is kept (its scope is then completed if needed).
import { APP_TAG, OIDC_ODATA_TYPE, type GraphApplication, type GraphIdentityProvider, type GraphPermissionGrant } from '../graph/model';
import type { ItsmeSetupConfig } from '../config/types';
import { desiredIdentityProvider, type DesiredIdentityProvider } from './desired';
import type { ObservedServicePrincipal, ObservedTenant } from './observe';
import type { PlanOptions } from './types';

export function sameOdataType(a: string | undefined, b: string): boolean {
  return (a ?? '').replace(/^#/, '') === b.replace(/^#/, '');
}

const sameName = (a: string | undefined, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();

export function isOurIdentityProvider(want: Pick<DesiredIdentityProvider, 'displayName' | 'clientId'>, p: GraphIdentityProvider): boolean {
  return sameOdataType(p['@odata.type'], OIDC_ODATA_TYPE) && sameName(p.displayName, want.displayName) && p.clientId === want.clientId;
}

/** Oldest first by createdDateTime (missing dates last), then by id. */
function byAge<T extends { id: string; createdDateTime?: string | null }>(a: T, b: T): number {
  const da = a.createdDateTime ?? '\uffff';
  const db = b.createdDateTime ?? '\uffff';
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Owned<T> {
  /** Ours, the one kept. */
  match?: T;
  /** Ours too: exact copies to remove. */
  duplicates: T[];
  /** Our name, not ours: never written. */
  clash: T[];
  /** A clash the user asked to adopt (PlanOptions.adopt). */
  adopt?: T;
}

export function findIdentityProvider(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}): Owned<GraphIdentityProvider> {
  const want = desiredIdentityProvider(config);
  const named = observed.identityProviders.filter((p) => sameName(p.displayName, want.displayName));
  const ours = named.filter((p) => isOurIdentityProvider(want, p));
  const clash = named.filter((p) => !ours.includes(p));
  const linked = (p: GraphIdentityProvider): number => (observed.userFlowLinks.includes(p.id) ? 0 : 1);
  const [match, ...duplicates] = [...ours].sort((a, b) => linked(a) - linked(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const adoptId = options.adopt?.identityProvider;
  const adopt = !match && adoptId ? clash.find((p) => p.id === adoptId && sameOdataType(p['@odata.type'], OIDC_ODATA_TYPE)) : undefined;
  return { match, duplicates, clash: clash.filter((p) => p !== adopt), adopt };
}

export function findApplication(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}): Owned<GraphApplication> {
  const named = observed.applications.filter((a) => a.displayName === config.app.displayName);
  const ours = named.filter((a) => a.tags?.includes(APP_TAG));
  const clash = named.filter((a) => !ours.includes(a));
  const [match, ...duplicates] = [...ours].sort(byAge);
  const adoptId = options.adopt?.application;
  const adopt = !match && adoptId ? clash.find((a) => a.id === adoptId) : undefined;
  return { match, duplicates, clash: clash.filter((a) => a !== adopt), adopt };
}

/** The service principals of an app: the oldest is kept, the rest are duplicates. */
export function servicePrincipalsOf(observed: ObservedTenant, app: GraphApplication | undefined): { match?: ObservedServicePrincipal; duplicates: ObservedServicePrincipal[] } {
  if (!app) return { duplicates: [] };
  const [match, ...duplicates] = observed.servicePrincipals.filter((sp) => sp.appId === app.appId).sort(byAge);
  return { match, duplicates };
}

/** The admin-consent grants of a service principal to Microsoft Graph: the smallest id is kept. */
export function consentGrantsOf(observed: ObservedTenant, sp: ObservedServicePrincipal | undefined): { match?: GraphPermissionGrant; duplicates: GraphPermissionGrant[] } {
  if (!sp || !observed.graphServicePrincipalId) return { duplicates: [] };
  const [match, ...duplicates] = (sp.oauth2PermissionGrants ?? [])
    .filter((g) => g.clientId === sp.id && g.resourceId === observed.graphServicePrincipalId && g.consentType === 'AllPrincipals')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { match, duplicates };
}

/** What differs between a provider with our name and the desired one, field by field; never the secret. */
export function identityProviderDifferences(want: DesiredIdentityProvider, have: GraphIdentityProvider): string[] {
  const out: string[] = [];
  if (!sameOdataType(have['@odata.type'], OIDC_ODATA_TYPE)) out.push(`@odata.type: ${JSON.stringify(have['@odata.type'] ?? null)} (not ${OIDC_ODATA_TYPE})`);
  for (const key of ['clientId', 'metadataUrl', 'scope', 'responseType', 'responseMode'] as const) {
    if ((have[key] ?? '') !== want[key]) out.push(`${key}: ${JSON.stringify(have[key] ?? null)} → ${JSON.stringify(want[key])}`);
  }
  const haveMap = (have.claimsMapping ?? {}) as Record<string, unknown>;
  const wantMap = (want.claimsMapping ?? {}) as Record<string, unknown>;
  const mapDiff = [...new Set([...Object.keys(haveMap), ...Object.keys(wantMap)])].filter((k) => (haveMap[k] ?? null) !== (wantMap[k] ?? null));
  if (mapDiff.length) out.push(`claimsMapping: ${mapDiff.join(', ')}`);
  if ((have.domainHint ?? null) !== (want.domainHint ?? null)) out.push(`domainHint: ${JSON.stringify(have.domainHint ?? null)} → ${JSON.stringify(want.domainHint ?? null)}`);
  return out;
}
