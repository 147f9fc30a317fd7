// Reads what the tenant holds for this configuration (an external tenant: plus external/observe.ts's round): one round of parallel GETs, plus, as soon as the service
// principals are known, their delegated grants (the documented read needs the principal's object id, so that one
// read follows the service-principal read; the others do not wait for it). Nothing is remembered locally: every
// object is found again by type and name. Only documented query options are used (no $expand, graph-b2c.md §3).
import type { ItsmeSetupConfig } from '../config/types';
import type { GraphPort, GraphRequest } from '../graph/port';
import { orNull, read, readAll, type Outcome } from '../graph/read';
import { odataString } from '../graph/port';
import {
  MICROSOFT_GRAPH_APP_ID,
  type GraphApplication,
  type GraphIdentityProvider,
  type GraphOrganization,
  type GraphPermissionGrant,
  type GraphServicePrincipal,
  type GraphUserFlow,
} from '../graph/model';
import { kindOf, resolveTenantInfo, TENANT_TYPES, type TenantInfo } from './tenant';
import type { DiscoveryFetcher } from './external/discovery';
import { observeExternal, type ObservedExternal } from './external/observe';
import { isCustomPolicy } from './customPolicy/desired';
import { observeCustomPolicy, type ObservedCustomPolicy } from './customPolicy/observe';
import { applicationClaimsRead, listedClaimIds } from './applicationClaims';

export interface ObservedServicePrincipal extends GraphServicePrincipal {
  /** Its delegated grants, read with GET /oauth2PermissionGrants?$filter=clientId eq '<id>' (not $expand). */
  oauth2PermissionGrants?: GraphPermissionGrant[];
}

export interface ObservedTenant {
  tenant: TenantInfo;
  /** Every identity provider in the tenant (to find ours and to spot name clashes). */
  identityProviders: GraphIdentityProvider[];
  /** The configured user flow, or null when it does not exist. */
  userFlow: GraphUserFlow | null;
  /** Ids of the identity providers linked to that flow. */
  userFlowLinks: string[];
  /** App registrations with the configured display name. */
  applications: GraphApplication[];
  /** Service principals with that display name, each with its delegated permission grants. */
  servicePrincipals: ObservedServicePrincipal[];
  /** Object id of Microsoft Graph's service principal in this tenant (the consent's resource). */
  graphServicePrincipalId: string | null;
  /** External ID only (tenant.kind 'external'): its user flows and the itsme pre-flight. userFlow is then null. */
  external?: ObservedExternal;
  /** B2C custom-policy variant only: the policies and key sets (identityProviders and userFlow are then not read). */
  customPolicy?: ObservedCustomPolicy;
  /**
   * B2C user flow: its application claims as the undocumented relationship lists them (attribute ids), or that the
   * tenant does not offer it (applicationClaims.ts); absent when the flow does not exist (or was not read).
   */
  applicationClaims?: ObservedApplicationClaims;
}

export type ObservedApplicationClaims = { kind: 'listed'; ids: string[] } | { kind: 'unavailable'; status?: number; code?: string };

export interface ObserveOptions {
  /** How itsme's discovery document is read for an external tenant's pre-flight (default: an HTTPS GET). */
  fetchDiscovery?: DiscoveryFetcher;
}

/** The reads observe() sends, in order; exported so plan output and tests can name them. */
export function observeRequests(config: ItsmeSetupConfig): Record<string, GraphRequest> {
  const flow = encodeURIComponent(config.userFlow.id);
  const name = encodeURIComponent(odataString(config.app.displayName));
  return {
    organization: { method: 'GET', version: 'v1.0', path: '/organization?$select=id,displayName,tenantType,verifiedDomains' },
    providerTypes: { method: 'GET', version: 'beta', path: '/identity/identityProviders/availableProviderTypes' },
    identityProviders: { method: 'GET', version: 'beta', path: '/identity/identityProviders' },
    userFlow: { method: 'GET', version: 'beta', path: `/identity/b2cUserFlows/${flow}` },
    userFlowLinks: { method: 'GET', version: 'beta', path: `/identity/b2cUserFlows/${flow}/userFlowIdentityProviders` },
    applicationClaims: applicationClaimsRead(config.userFlow.id),
    applications: { method: 'GET', version: 'v1.0', path: `/applications?$filter=displayName eq ${name}` },
    servicePrincipals: {
      method: 'GET',
      version: 'v1.0',
      path: `/servicePrincipals?$filter=displayName eq ${name}`,
    },
    graphServicePrincipal: {
      method: 'GET',
      version: 'v1.0',
      path: `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appId`,
    },
  };
}

/** The documented read of a service principal's delegated grants (learn oauth2permissiongrant-list). */
export function grantsRequest(servicePrincipalId: string): GraphRequest {
  return { method: 'GET', version: 'v1.0', path: `/oauth2PermissionGrants?$filter=clientId eq ${odataString(servicePrincipalId)}` };
}

/** The service principals with their grants; a failed grant read fails the whole read (never "no grant"). */
async function servicePrincipalsWithGrants(graph: GraphPort, req: GraphRequest, signal?: AbortSignal): Promise<Outcome<ObservedServicePrincipal[]>> {
  const sps = await readAll<ObservedServicePrincipal>(graph, req, signal);
  if (!sps.ok) return sps;
  const grants = await Promise.all(sps.value.map((sp) => readAll<GraphPermissionGrant>(graph, grantsRequest(sp.id), signal)));
  const failed = grants.find((g) => !g.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, value: sps.value.map((sp, i) => ({ ...sp, oauth2PermissionGrants: (grants[i] as { ok: true; value: GraphPermissionGrant[] }).value })) };
}

/**
 * Reads the tenant. Throws NotB2CTenantError (before anything else can happen) when the tenant is not an
 * Azure AD B2C tenant, and GraphRequestError when a read fails for another reason than "not found".
 */
export async function observe(graph: GraphPort, config: ItsmeSetupConfig, signal?: AbortSignal, options: ObserveOptions = {}): Promise<ObservedTenant> {
  const r = observeRequests(config);
  const orgRead = readAll<GraphOrganization>(graph, r.organization!, signal);
  // External ID's reads start as soon as the organization says CIAM, beside the rest of the first round (and the
  // grants), so an external tenant costs no extra round trip for the reads that follow from its kind.
  const externalRead = orgRead.then((o) => (o.ok && o.value[0]?.tenantType === TENANT_TYPES.external ? observeExternal(graph, config, signal, options.fetchDiscovery) : undefined));
  externalRead.catch(() => undefined); // awaited below; never an unhandled rejection if the first round fails first
  // The custom-policy variant reads policies and key sets instead of the identity providers and the user flow.
  const custom = isCustomPolicy(config);
  const customRead = custom ? observeCustomPolicy(graph, config, signal) : undefined;
  customRead?.catch(() => undefined); // awaited below (B2C only)
  // The flow's application claims in the first round too (its id comes from the configuration), like its links:
  // looked at only when the flow exists, since for a missing flow the answer says nothing about support.
  const claimsRead = custom ? undefined : observeApplicationClaims(graph, r.applicationClaims!, signal);
  claimsRead?.catch(() => undefined); // awaited below (B2C user flow only)
  const none = <T>(value: T): Promise<Outcome<T>> => Promise.resolve({ ok: true, value });
  const [org, types, idps, flow, links, apps, sps, graphSp] = await Promise.all([
    orgRead,
    read<{ value: string[] }>(graph, r.providerTypes!, signal),
    custom ? none<GraphIdentityProvider[]>([]) : readAll<GraphIdentityProvider>(graph, r.identityProviders!, signal),
    custom ? none<GraphUserFlow | null>(null) : read<GraphUserFlow>(graph, r.userFlow!, signal),
    custom ? none<GraphIdentityProvider[]>([]) : readAll<GraphIdentityProvider>(graph, r.userFlowLinks!, signal),
    readAll<GraphApplication>(graph, r.applications!, signal),
    servicePrincipalsWithGrants(graph, r.servicePrincipals!, signal),
    read<GraphServicePrincipal>(graph, r.graphServicePrincipal!, signal),
  ]);
  // The tenant check comes first: in a non-B2C tenant the B2C reads fail, and that is not the user's problem.
  const tenant = resolveTenantInfo(config, org, types);
  if (!apps.ok) throw apps.error;
  if (!sps.ok) throw sps.error;
  if (kindOf(tenant) === 'external') {
    // The B2C reads of the first round (user flow, its links) answer nothing useful here and are not looked at.
    const ext = (await externalRead) ?? (await observeExternal(graph, config, signal, options.fetchDiscovery));
    return {
      tenant,
      identityProviders: ext.identityProviders,
      userFlow: null,
      userFlowLinks: [],
      applications: apps.value,
      servicePrincipals: sps.value,
      graphServicePrincipalId: orNull(graphSp)?.id ?? null,
      external: ext.external,
    };
  }
  if (!idps.ok) throw idps.error;
  if (customRead) {
    const cp = await customRead;
    if (!cp.ok) throw cp.error;
    return { tenant, identityProviders: [], userFlow: null, userFlowLinks: [], applications: apps.value, servicePrincipals: sps.value, graphServicePrincipalId: orNull(graphSp)?.id ?? null, customPolicy: cp.value };
  }
  const userFlow = orNull(flow);
  const linked = userFlow ? (orNull(links) ?? []) : [];
  const applicationClaims = userFlow && claimsRead ? await claimsRead : undefined;
  return {
    tenant,
    identityProviders: idps.value,
    userFlow,
    userFlowLinks: linked.map((l) => l.id),
    applications: apps.value,
    servicePrincipals: sps.value,
    graphServicePrincipalId: orNull(graphSp)?.id ?? null,
    ...(applicationClaims ? { applicationClaims } : {}),
  };
}

/**
 * The undocumented applicationClaims relationship of an existing flow. A refusal (the documented API answers 400
 * "Resource not found for the segment 'applicationClaims'", or 403/404/405) means "not offered here": the plan then
 * names the portal step. Transient failures (the client already retried them) and sign-in failures are thrown.
 */
async function observeApplicationClaims(graph: GraphPort, req: GraphRequest, signal?: AbortSignal): Promise<ObservedApplicationClaims> {
  const r = await read<unknown>(graph, req, signal);
  if (r.ok) return { kind: 'listed', ids: listedClaimIds(r.value) };
  if (['badRequest', 'notFound', 'permission'].includes(r.error.kind)) {
    return { kind: 'unavailable', status: r.error.status, code: r.error.code };
  }
  throw r.error;
}
