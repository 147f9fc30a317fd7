// Reads what an external tenant holds for this configuration, after the shared first round of observe() told the
// kind: every identity provider (v1.0), every user flow with the providers it offers and the apps linked to it,
// and itsme's discovery document (the pre-flight), all at once. List responses carry a flow's providers and apps
// inline (external-id.md §3.3); a flow whose response lacks them is completed with the documented per-flow reads.
import type { ItsmeSetupConfig } from '../../config/types';
import { metadataUrlOf } from '../../config/validate';
import type { GraphEventsFlow, GraphIdentityProvider } from '../../graph/model';
import type { GraphPort, GraphRequest } from '../../graph/port';
import { readAll } from '../../graph/read';
import { preflightDiscovery, type DiscoveryCheck, type DiscoveryFetcher } from './discovery';
import { EXTERNAL_GUESSES } from './guesses';

export interface ObservedExternal {
  /** Every user flow, each with its providers (onAuthenticationMethodLoadStart) and apps (includeApplications). */
  flows: GraphEventsFlow[];
  /** itsme's discovery document, checked against what External ID needs. */
  discovery: DiscoveryCheck;
}

const FLOW_CAST = '/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp';

export function externalReads(): Record<string, GraphRequest> {
  return {
    identityProviders: { method: 'GET', version: EXTERNAL_GUESSES.providerVersion, path: '/identity/identityProviders' },
    flows: { method: 'GET', version: 'v1.0', path: '/identity/authenticationEventsFlows' },
  };
}

/** The documented read of a flow's providers (the trailing slash is the doc's). */
export function flowProvidersRequest(flowId: string): GraphRequest {
  return { method: 'GET', version: 'v1.0', path: `/identity/authenticationEventsFlows/${encodeURIComponent(flowId)}${FLOW_CAST}/identityProviders/` };
}

export function flowAppsRequest(flowId: string): GraphRequest {
  return { method: 'GET', version: 'v1.0', path: `/identity/authenticationEventsFlows/${encodeURIComponent(flowId)}/conditions/applications/includeApplications` };
}

/** The flows the ids of the providers it offers. */
export function flowProviderIds(flow: GraphEventsFlow): string[] {
  return (flow.onAuthenticationMethodLoadStart?.identityProviders ?? []).map((p) => p.id);
}

export function flowAppIds(flow: GraphEventsFlow): string[] {
  return (flow.conditions?.applications?.includeApplications ?? []).map((a) => a.appId);
}

async function completeFlow(graph: GraphPort, flow: GraphEventsFlow, signal?: AbortSignal): Promise<GraphEventsFlow> {
  const needIdps = !Array.isArray(flow.onAuthenticationMethodLoadStart?.identityProviders);
  const needApps = !Array.isArray(flow.conditions?.applications?.includeApplications);
  if (!needIdps && !needApps) return flow;
  const [idps, apps] = await Promise.all([
    needIdps ? readAll<GraphIdentityProvider>(graph, flowProvidersRequest(flow.id), signal) : undefined,
    needApps ? readAll<{ appId: string }>(graph, flowAppsRequest(flow.id), signal) : undefined,
  ]);
  if (idps && !idps.ok) throw idps.error;
  if (apps && !apps.ok) throw apps.error;
  return {
    ...flow,
    onAuthenticationMethodLoadStart: { ...(flow.onAuthenticationMethodLoadStart ?? {}), identityProviders: idps ? idps.value : flow.onAuthenticationMethodLoadStart!.identityProviders },
    conditions: { ...(flow.conditions ?? {}), applications: { ...(flow.conditions?.applications ?? {}), includeApplications: apps ? apps.value : flow.conditions!.applications!.includeApplications } },
  };
}

export async function observeExternal(
  graph: GraphPort,
  config: ItsmeSetupConfig,
  signal?: AbortSignal,
  fetcher?: DiscoveryFetcher,
): Promise<{ identityProviders: GraphIdentityProvider[]; external: ObservedExternal }> {
  const r = externalReads();
  const [idps, flows, discovery] = await Promise.all([
    readAll<GraphIdentityProvider>(graph, r['identityProviders']!, signal),
    readAll<GraphEventsFlow>(graph, r['flows']!, signal),
    preflightDiscovery(metadataUrlOf(config), fetcher, signal),
  ]);
  if (!idps.ok) throw idps.error;
  if (!flows.ok) throw flows.error;
  const complete = await Promise.all(flows.value.map((f) => completeFlow(graph, f, signal)));
  return { identityProviders: idps.value, external: { flows: complete, discovery } };
}
