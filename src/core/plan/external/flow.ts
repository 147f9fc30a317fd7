// The External ID user flow (externalUsersSelfServiceSignUpEventsFlow, external-id.md §3), itsme's place in it
// (the $ref on onAuthenticationMethodLoadStart, §3.5) and the test app's link to it (includeApplications, §3.6).
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import { EVENTS_FLOW_ODATA_TYPE, type GraphApplication } from '../../graph/model';
import { odataString } from '../../graph/port';
import { blocked } from '../computePlan';
import type { ObservedTenant } from '../observe';
import { PLACEHOLDERS, type PlanStep, type StepResource } from '../types';
import { desiredEventsFlow, flowDisplayName } from './desired';
import { EXTERNAL_GUESSES } from './guesses';
import { flowOfApp, type OwnedFlow } from './ownership';
import { flowProviderIds } from './observe';

const enc = encodeURIComponent;
export const FLOW_IDPS = '/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp';
export const FLOWS_LOOKUP = { method: 'GET', version: 'v1.0', path: '/identity/authenticationEventsFlows' } as const;

/** The documented read of the flow an app is linked to (§3.3). */
export function flowOfAppRequest(appId: string): PlanStep['requests'][number] {
  return { method: 'GET', version: 'v1.0', path: `/identity/authenticationEventsFlows?$filter=microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/conditions/applications/includeApplications/any(appId:appId/appId eq ${odataString(appId)})` };
}

export function providerUnlinkPath(flowId: string, providerId: string): string {
  return `/identity/authenticationEventsFlows/${enc(flowId)}${FLOW_IDPS}/${EXTERNAL_GUESSES.providerUnlinkWithSegment ? 'identityProviders/' : ''}${enc(providerId)}/$ref`;
}

export function planExternalFlow(config: ItsmeSetupConfig, owned: OwnedFlow): PlanStep {
  const name = flowDisplayName(config);
  const base = { resource: 'userFlow' as const, dependsOn: [], label: name };
  const flow = owned.match;
  if (owned.existing) {
    if (flow) return { ...base, action: 'noop', targetId: flow.id, requests: [], reason: l10n.t('User flow "{0}" exists and is yours (userFlow.existing): itsme and the test app are added to it, nothing else in it changes.', name) };
    return { ...base, action: 'manual', requests: [], reason: l10n.t('There is no user flow named "{0}" to add itsme to (userFlow.existing is true).', name), manual: { text: l10n.t('Give the exact name of an existing user flow in userFlow.name, or set userFlow.existing to false to have one created.') } };
  }
  if (flow) {
    if (flow.onInteractiveAuthFlowStart && flow.onInteractiveAuthFlowStart.isSignUpAllowed === false) {
      return {
        ...base,
        action: 'update',
        targetId: flow.id,
        changes: ['onInteractiveAuthFlowStart.isSignUpAllowed: false → true'],
        reason: l10n.t('User flow "{0}" does not allow sign-up: people new to the tenant could not sign up with itsme.', name),
        // PATCH needs the flow's @odata.type (authenticationeventsflow-update).
        requests: [{ method: 'PATCH', version: 'v1.0', path: `/identity/authenticationEventsFlows/${enc(flow.id)}`, body: { '@odata.type': EVENTS_FLOW_ODATA_TYPE, onInteractiveAuthFlowStart: { '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp', isSignUpAllowed: true } } }],
      };
    }
    return { ...base, action: 'noop', targetId: flow.id, requests: [], reason: l10n.t('User flow "{0}" exists.', name) };
  }
  if (owned.clash.length) {
    return {
      ...base,
      action: 'manual',
      requests: [],
      clashes: owned.clash.map((f) => ({ id: f.id, type: 'userFlow', differences: [l10n.t('does not offer this configuration\'s itsme provider and was not made by this tool')] })),
      reason: l10n.t('User flow "{0}" ({1}) exists but is not this configuration\'s; it is left alone.', name, owned.clash.map((f) => f.id).join(', ')),
      manual: { text: l10n.t('Choose another user flow name (userFlow.name), or set userFlow.existing to true to add itsme and the test app to that flow.') },
    };
  }
  return {
    ...base,
    action: 'create',
    reason: l10n.t('User flow "{0}" does not exist. It is created with sign-up allowed, then itsme is added to it.', name),
    requests: [{ method: 'POST', version: 'v1.0', path: '/identity/authenticationEventsFlows', body: desiredEventsFlow(config) }],
    onConflict: FLOWS_LOOKUP,
  };
}

export function planExternalFlowLink(owned: OwnedFlow, idp: PlanStep, flow: PlanStep): PlanStep {
  const base = { resource: 'userFlowLink' as const, dependsOn: ['identityProvider', 'userFlow'] as StepResource[], label: `${idp.label} → ${flow.label}` };
  if (idp.action === 'manual') return blocked(base, l10n.t('identity provider'));
  if (flow.action === 'manual') return blocked(base, l10n.t('user flow'));
  if (idp.targetId && owned.match && flowProviderIds(owned.match).includes(idp.targetId)) {
    return { ...base, action: 'noop', requests: [], reason: l10n.t('{0} is already offered by {1}.', idp.label, flow.label) };
  }
  const flowId = flow.targetId ?? PLACEHOLDERS.userFlowId;
  return {
    ...base,
    action: 'link',
    reason: l10n.t('{0} is not yet offered by {1}.', idp.label, flow.label),
    requests: [{ method: 'POST', version: 'v1.0', path: `/identity/authenticationEventsFlows/${flowId}${FLOW_IDPS}/identityProviders/$ref`, body: { '@odata.id': EXTERNAL_GUESSES.providerRef(idp.targetId ?? PLACEHOLDERS.identityProviderId) } }],
  };
}

/** The app's link to the flow. An app linked to another flow is a clash the plan names: it is never moved. */
export function planAppFlowLink(observed: ObservedTenant, owned: OwnedFlow, flow: PlanStep, appStep: PlanStep, app: GraphApplication | undefined): PlanStep {
  const base = { resource: 'appFlowLink' as const, dependsOn: ['userFlow', 'servicePrincipal'] as StepResource[], label: `${appStep.label} → ${flow.label}` };
  if (appStep.action === 'manual') return blocked(base, l10n.t('app registration'));
  if (flow.action === 'manual') return blocked(base, l10n.t('user flow'));
  if (app) {
    const linked = flowOfApp(observed, app.appId);
    if (linked && owned.match && linked.id === owned.match.id) return { ...base, action: 'noop', requests: [], reason: l10n.t('App "{0}" signs in through user flow "{1}".', appStep.label, flow.label) };
    if (linked) {
      return {
        ...base,
        action: 'manual',
        requests: [],
        clashes: [{ id: linked.id, type: 'userFlow', differences: [l10n.t('app {0} is linked to user flow "{1}"', app.appId, linked.displayName ?? linked.id)] }],
        reason: l10n.t('App "{0}" is already linked to another user flow, "{1}" ({2}). An app can be in one user flow only, and it is not moved.', appStep.label, linked.displayName ?? linked.id, linked.id),
        manual: { text: l10n.t('In the Microsoft Entra admin center, open User flows → "{0}" → Applications and remove "{1}" there if it should sign in with itsme; or choose another app.displayName. Then apply again.', linked.displayName ?? linked.id, appStep.label) },
      };
    }
  }
  const appId = app?.appId ?? PLACEHOLDERS.applicationAppId;
  const flowId = flow.targetId ?? PLACEHOLDERS.userFlowId;
  return {
    ...base,
    action: 'create',
    reason: l10n.t('In External ID the app chooses the user flow: "{0}" is linked to "{1}" (it needs its service principal first).', appStep.label, flow.label),
    requests: [{ method: 'POST', version: 'v1.0', path: `/identity/authenticationEventsFlows/${flowId}/conditions/applications/includeApplications`, body: { '@odata.type': '#microsoft.graph.authenticationConditionApplication', appId } }],
    onConflict: flowOfAppRequest(appId),
  };
}
