// The tenant's itsme objects as the tree shows them, for both kinds: Azure AD B2C (the OpenID Connect provider, the
// B2C user flow and its links) and Microsoft Entra External ID (the oidcIdentityProvider, the sign-up/sign-in
// authenticationEventsFlow with the providers it offers and the apps linked to it). Found with the engine's own
// ownership rules, so the tree names exactly what apply and destroy would touch.
import type { ItsmeSetupConfig } from '../../core/config/types';
import type { GraphApplication, GraphIdentityProvider } from '../../core/graph/model';
import { findApplication, findIdentityProvider } from '../../core/plan/computePlan';
import { flowDisplayName } from '../../core/plan/external/desired';
import { flowAppIds, flowProviderIds } from '../../core/plan/external/observe';
import { findExternalFlow, findExternalProvider } from '../../core/plan/external/ownership';
import type { ObservedTenant } from '../../core/plan/observe';
import { kindOf, type TenantKind } from '../../core/plan/tenant';

export interface TreeFlow {
  /** B2C: B2C_1_<name>; External ID: the flow's object id. */
  id: string;
  /** What the row says: B2C's flow id, External ID's display name. */
  label: string;
  /** Display names (or ids) of the identity providers the flow offers. */
  providers: string[];
  /** External ID: the appIds linked to the flow (the flow is chosen by the app). */
  appIds?: string[];
  /** External ID: whether people can sign up (B2C's sign-up-or-sign-in flow always lets them). */
  signUpAllowed?: boolean;
  /** Whether itsme (the matched provider) is among `providers`. */
  offersItsme: boolean;
}

export interface TreeObjects {
  kind: TenantKind;
  idp?: GraphIdentityProvider;
  /** Where the tenant reads itsme's discovery document: B2C's metadataUrl, External ID's wellKnownEndpoint. */
  metadataUrl?: string;
  flow?: TreeFlow;
  app?: GraphApplication;
}

const nameOf = (observed: ObservedTenant, id: string): string => observed.identityProviders.find((p) => p.id === id)?.displayName ?? id;

export function treeObjects(config: ItsmeSetupConfig, observed: ObservedTenant): TreeObjects {
  const kind = kindOf(observed.tenant);
  const app = findApplication(config, observed).match;
  if (kind === 'external') {
    const idp = findExternalProvider(config, observed).match;
    const flow = findExternalFlow(config, observed, idp ? [idp.id] : [], app?.appId).match;
    const ids = flow ? flowProviderIds(flow) : [];
    return {
      kind,
      idp,
      metadataUrl: idp?.wellKnownEndpoint,
      app,
      flow: flow && {
        id: flow.id,
        label: flow.displayName ?? flowDisplayName(config),
        providers: ids.map((id) => nameOf(observed, id)),
        appIds: flowAppIds(flow),
        signUpAllowed: flow.onInteractiveAuthFlowStart?.isSignUpAllowed !== false,
        offersItsme: !!idp && ids.includes(idp.id),
      },
    };
  }
  const idp = findIdentityProvider(config, observed).match;
  const f = observed.userFlow;
  return {
    kind,
    idp,
    metadataUrl: idp?.metadataUrl,
    app,
    flow: f ? { id: f.id, label: f.id, providers: observed.userFlowLinks.map((id) => nameOf(observed, id)), offersItsme: !!idp && observed.userFlowLinks.includes(idp.id) } : undefined,
  };
}
