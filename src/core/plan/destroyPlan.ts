// The destroy plan: delete what this configuration made, in reverse dependency order, and nothing made by hand.
// "Made by this configuration" without local memory: the app carries our tag (set only when we create it); the
// identity provider is the itsme provider of this configuration; the user flow is deleted only when it offers no
// other identity provider than ours — otherwise only our link is removed.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import { APP_TAG } from '../graph/model';
import { findApplication, findIdentityProvider, outputsFor } from './computePlan';
import type { ObservedTenant } from './observe';
import type { Plan, PlanStep } from './types';

const enc = encodeURIComponent;

export function computeDestroyPlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const steps: PlanStep[] = [];
  const idp = findIdentityProvider(config, observed).match;
  const app = findApplication(config, observed).match;
  const ownApp = app?.tags?.includes(APP_TAG) ? app : undefined;
  const sp = ownApp ? observed.servicePrincipals.find((s) => s.appId === ownApp.appId) : undefined;
  const grant = sp?.oauth2PermissionGrants?.find((g) => g.resourceId === observed.graphServicePrincipalId && g.consentType === 'AllPrincipals');
  const flow = observed.userFlow;
  const otherLinks = observed.userFlowLinks.filter((id) => id !== idp?.id);
  const flowIsOurs = !!flow && otherLinks.length === 0;

  const keep = (resource: PlanStep['resource'], label: string, reason: string): PlanStep => ({ resource, action: 'noop', dependsOn: [], label, requests: [], reason });

  steps.push(
    grant
      ? { resource: 'adminConsent', action: 'delete', dependsOn: [], label: l10n.t('admin consent: openid, offline_access'), targetId: grant.id, reason: l10n.t('Granted for this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(grant.id)}` }] }
      : keep('adminConsent', l10n.t('admin consent'), l10n.t('No admin consent of this configuration\'s app exists.')),
  );
  if (flow && idp && observed.userFlowLinks.includes(idp.id) && !flowIsOurs) {
    steps.push({
      resource: 'userFlowLink',
      action: 'unlink',
      dependsOn: [],
      label: `${idp.displayName} → ${flow.id}`,
      reason: l10n.t('User flow {0} also offers other identity providers, so it is kept; only itsme is removed from it.', flow.id),
      requests: [{ method: 'DELETE', version: 'beta', path: `/identity/b2cUserFlows/${enc(flow.id)}/userFlowIdentityProviders/${enc(idp.id)}/$ref` }],
    });
  }
  steps.push(
    flowIsOurs
      ? { resource: 'userFlow', action: 'delete', dependsOn: [], label: flow.id, targetId: flow.id, reason: l10n.t('User flow {0} offers only itsme.', flow.id), requests: [{ method: 'DELETE', version: 'beta', path: `/identity/b2cUserFlows/${enc(flow.id)}` }] }
      : keep('userFlow', config.userFlow.id, flow ? l10n.t('User flow {0} offers other identity providers: kept.', flow.id) : l10n.t('User flow {0} does not exist.', config.userFlow.id)),
  );
  steps.push(
    idp
      ? { resource: 'identityProvider', action: 'delete', dependsOn: ['userFlow', 'userFlowLink'], label: idp.displayName ?? idp.id, targetId: idp.id, reason: l10n.t('The itsme identity provider of this configuration.'), requests: [{ method: 'DELETE', version: 'beta', path: `/identity/identityProviders/${enc(idp.id)}` }] }
      : keep('identityProvider', config.identityProvider.displayName, l10n.t('No itsme identity provider of this configuration exists.')),
  );
  steps.push(
    sp
      ? { resource: 'servicePrincipal', action: 'delete', dependsOn: ['adminConsent'], label: config.app.displayName, targetId: sp.id, reason: l10n.t('Service principal of this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/servicePrincipals/${enc(sp.id)}` }] }
      : keep('servicePrincipal', config.app.displayName, l10n.t('No service principal of this configuration\'s app exists.')),
  );
  steps.push(
    ownApp
      ? { resource: 'application', action: 'delete', dependsOn: ['servicePrincipal'], label: config.app.displayName, targetId: ownApp.id, reason: l10n.t('Created by this tool (tagged {0}).', APP_TAG), requests: [{ method: 'DELETE', version: 'v1.0', path: `/applications/${enc(ownApp.id)}` }] }
      : keep('application', config.app.displayName, app ? l10n.t('App registration "{0}" was not created by this tool: kept.', config.app.displayName) : l10n.t('No app registration of this configuration exists.')),
  );
  return { kind: 'destroy', tenant: observed.tenant, steps, needsSecret: false, outputs: outputsFor(config, observed, app?.appId) };
}
