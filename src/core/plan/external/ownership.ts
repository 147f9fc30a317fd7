// The ownership test in an external tenant (README "Ownership"; the same rules as B2C):
// - itsme provider: an oidcIdentityProvider with our display name (case-insensitive) AND our partner code (clientId).
//   Copies: the one our flow offers is kept, else the smallest id.
// - user flow: our display name AND (itsme, our provider, is offered by it, OR our tag in its description — set only
//   on the flows this tool creates, so a flow whose itsme link was interrupted is still recognised). With
//   userFlow.existing the flow of that name is the user's: itsme and the app are added to it, it is never changed
//   otherwise nor deleted. Copies: the one our app is linked to is kept, else the smallest id.
// - app registration, service principal and consent: as in B2C (ownership.ts).
import type { ItsmeSetupConfig } from '../../config/types';
import { EXTERNAL_OIDC_ODATA_TYPE, type GraphEventsFlow, type GraphIdentityProvider } from '../../graph/model';
import type { ObservedTenant } from '../observe';
import type { Owned } from '../ownership';
import type { PlanOptions } from '../types';
import { flowDisplayName } from './desired';
import { FLOW_TAG } from './guesses';
import { flowAppIds, flowProviderIds } from './observe';

const sameName = (a: string | undefined, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** GUESS (external-id.md §2.1): Graph matches type names case-insensitively; the docs' example spells it OidcIdentityProvider. */
export function isOidcProviderType(t: string | undefined): boolean {
  return (t ?? '').replace(/^#/, '').toLowerCase() === EXTERNAL_OIDC_ODATA_TYPE.replace(/^#/, '').toLowerCase();
}

export function isOurExternalProvider(config: ItsmeSetupConfig, p: GraphIdentityProvider): boolean {
  return isOidcProviderType(p['@odata.type']) && sameName(p.displayName, config.identityProvider.displayName) && p.clientId === config.itsme.partnerCode;
}

export function flowsOf(observed: ObservedTenant): GraphEventsFlow[] {
  return observed.external?.flows ?? [];
}

/**
 * Our providers; the one kept is the one offered by `keptFlow` (the flow our app signs in through), else one offered
 * by a flow of our name, else the smallest id.
 */
export function findExternalProvider(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}, keptFlow?: GraphEventsFlow): Owned<GraphIdentityProvider> {
  const named = observed.identityProviders.filter((p) => sameName(p.displayName, config.identityProvider.displayName));
  const ours = named.filter((p) => isOurExternalProvider(config, p));
  const clash = named.filter((p) => !ours.includes(p));
  const inKept = new Set(keptFlow ? flowProviderIds(keptFlow) : []);
  const offered = new Set(flowsOf(observed).filter((f) => sameName(f.displayName, flowDisplayName(config))).flatMap(flowProviderIds));
  const rank = (p: GraphIdentityProvider): number => (inKept.has(p.id) ? 0 : offered.has(p.id) ? 1 : 2);
  const [match, ...duplicates] = [...ours].sort((a, b) => rank(a) - rank(b) || byId(a, b));
  const adoptId = options.adopt?.identityProvider;
  const adopt = !match && adoptId ? clash.find((p) => p.id === adoptId && isOidcProviderType(p['@odata.type'])) : undefined;
  return { match, duplicates, clash: clash.filter((p) => p !== adopt), adopt };
}

export interface OwnedFlow extends Owned<GraphEventsFlow> {
  /** The flow is the user's (userFlow.existing): link to it, never change or delete it. */
  existing: boolean;
}

/** Our flows: by name, then offering one of our providers or carrying our tag; `appId` picks the one kept. */
export function findExternalFlow(config: ItsmeSetupConfig, observed: ObservedTenant, ourProviderIds: readonly string[], appId?: string): OwnedFlow {
  const named = flowsOf(observed).filter((f) => sameName(f.displayName, flowDisplayName(config)));
  if (config.userFlow.existing) {
    const [match, ...others] = [...named].sort(byId);
    return { match, duplicates: [], clash: others, existing: true };
  }
  const ours = named.filter((f) => (f.description ?? '') === FLOW_TAG || flowProviderIds(f).some((id) => ourProviderIds.includes(id)));
  const clash = named.filter((f) => !ours.includes(f));
  const linked = (f: GraphEventsFlow): number => (appId && flowAppIds(f).includes(appId) ? 0 : 1);
  const [match, ...duplicates] = [...ours].sort((a, b) => linked(a) - linked(b) || byId(a, b));
  return { match, duplicates, clash, existing: false };
}

/** The flow an app is linked to (an app can be in one flow only, external-id.md §3.6). */
export function flowOfApp(observed: ObservedTenant, appId: string): GraphEventsFlow | undefined {
  return flowsOf(observed).find((f) => flowAppIds(f).includes(appId));
}
