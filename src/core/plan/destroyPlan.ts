// The destroy plan: delete what this configuration made, in reverse dependency order, and nothing made by hand.
// "Made by this configuration" without local memory is the ownership test (ownership.ts): the app carries our tag
// (set only when we create or explicitly adopt it); the identity provider is an OIDC provider with our name and
// partner code; the user flow is deleted only when it offers no other identity provider than ours — otherwise only
// our link is removed. Every copy that passes the test goes (two applies at once leave copies); every object with our
// name that fails it stays, and the plan says which and why.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import { APP_TAG } from '../graph/model';
import { duplicateRemovals, outputsFor } from './computePlan';
import { consentGrantsOf, findApplication, findIdentityProvider, servicePrincipalsOf } from './ownership';
import type { ObservedTenant } from './observe';
import { kindOf } from './tenant';
import { computeExternalDestroyPlan } from './external/destroy';
import { isCustomPolicy } from './customPolicy/desired';
import { computeCustomPolicyDestroyPlan } from './customPolicy/destroy';
import type { Plan, PlanStep } from './types';

const enc = encodeURIComponent;

const keep = (resource: PlanStep['resource'], label: string, reason: string): PlanStep => ({ resource, action: 'noop', dependsOn: [], label, requests: [], reason });

/** The app registration's part of a destroy (shared by both B2C variants): its consent, service principal and itself. */
function appDestroyParts(config: ItsmeSetupConfig, observed: ObservedTenant): { consent: PlanStep; servicePrincipal: PlanStep; application: PlanStep } {
  const apps = findApplication(config, observed);
  const ownApp = apps.match;
  const sp = servicePrincipalsOf(observed, ownApp).match;
  const grant = consentGrantsOf(observed, sp).match;
  const leftApps = apps.clash.map((a) => a.id).join(', ');
  const appLeft = leftApps ? ' ' + l10n.t('Left alone, not made by this tool (no {0} tag): {1}.', APP_TAG, leftApps) : '';
  return {
    consent: grant
      ? { resource: 'adminConsent', action: 'delete', dependsOn: [], label: l10n.t('admin consent: openid, offline_access'), targetId: grant.id, reason: l10n.t('Granted for this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(grant.id)}` }] }
      : keep('adminConsent', l10n.t('admin consent'), l10n.t('No admin consent of this configuration\'s app exists.')),
    servicePrincipal: sp
      ? { resource: 'servicePrincipal', action: 'delete', dependsOn: ['adminConsent'], label: config.app.displayName, targetId: sp.id, reason: l10n.t('Service principal of this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/servicePrincipals/${enc(sp.id)}` }] }
      : keep('servicePrincipal', config.app.displayName, l10n.t('No service principal of this configuration\'s app exists.')),
    application: ownApp
      ? { resource: 'application', action: 'delete', dependsOn: ['servicePrincipal'], label: config.app.displayName, targetId: ownApp.id, reason: l10n.t('Created by this tool (tagged {0}).', APP_TAG) + appLeft, requests: [{ method: 'DELETE', version: 'v1.0', path: `/applications/${enc(ownApp.id)}` }] }
      : keep('application', config.app.displayName, (apps.clash.length ? l10n.t('App registration "{0}" was not created by this tool: kept.', config.app.displayName) : l10n.t('No app registration of this configuration exists.')) + appLeft),
  };
}

/** The app's destroy steps and the removal of copies of the app (two applies at once), for the custom-policy variant. */
export function appDestroySteps(config: ItsmeSetupConfig, observed: ObservedTenant): PlanStep[] {
  const parts = appDestroyParts(config, observed);
  const apps = findApplication(config, observed);
  const steps = [parts.consent, parts.servicePrincipal, parts.application];
  const dups = duplicateRemovals(config, observed, apps.match ? [apps.match] : [], [], apps.duplicates);
  if (dups.requests.length) {
    steps.push({ resource: 'duplicates', action: 'removeDuplicate', dependsOn: [], label: l10n.t('copies of this configuration\'s objects'), changes: dups.changes, reason: l10n.t('Copies of this configuration\'s objects (two applies ran at once): all removed.'), requests: dups.requests });
  }
  return steps;
}

export function computeDestroyPlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  if (kindOf(observed.tenant) === 'external') return computeExternalDestroyPlan(config, observed);
  if (isCustomPolicy(config)) return computeCustomPolicyDestroyPlan(config, observed);
  const steps: PlanStep[] = [];
  const idps = findIdentityProvider(config, observed);
  const apps = findApplication(config, observed);
  const idp = idps.match;
  const ownApp = apps.match;
  const flow = observed.userFlow;
  const ourIdpIds = new Set([idp, ...idps.duplicates].filter(Boolean).map((p) => p!.id));
  const otherLinks = observed.userFlowLinks.filter((id) => !ourIdpIds.has(id));
  const flowIsOurs = !!flow && otherLinks.length === 0 && (!flow.userFlowType || flow.userFlowType === config.userFlow.type);
  const leftIdps = idps.clash.map((p) => p.id).join(', ');


  const app = appDestroyParts(config, observed);
  steps.push(app.consent);
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
      : keep('userFlow', config.userFlow.id, flow ? l10n.t('User flow {0} offers other identity providers (or is another kind of flow): kept.', flow.id) : l10n.t('User flow {0} does not exist.', config.userFlow.id)),
  );
  const idpLeft = leftIdps ? ' ' + l10n.t('Left alone, not this configuration\'s (another type or partner code): {0}.', leftIdps) : '';
  steps.push(
    idp
      ? { resource: 'identityProvider', action: 'delete', dependsOn: ['userFlow', 'userFlowLink'], label: idp.displayName ?? idp.id, targetId: idp.id, reason: l10n.t('The itsme identity provider of this configuration.') + idpLeft, requests: [{ method: 'DELETE', version: 'beta', path: `/identity/identityProviders/${enc(idp.id)}` }] }
      : keep('identityProvider', config.identityProvider.displayName, l10n.t('No itsme identity provider of this configuration exists.') + idpLeft),
  );
  steps.push(app.servicePrincipal, app.application);
  const dups = duplicateRemovals(config, observed, ownApp ? [ownApp] : [], idps.duplicates, apps.duplicates);
  if (dups.requests.length) {
    steps.push({
      resource: 'duplicates',
      action: 'removeDuplicate',
      // Copies of the provider may be offered by the flow: they go after the flow (or their link) is gone.
      dependsOn: ['userFlow', 'userFlowLink'],
      label: l10n.t('copies of this configuration\'s objects'),
      changes: dups.changes,
      reason: l10n.t('Copies of this configuration\'s objects (two applies ran at once): all removed.'),
      requests: dups.requests.filter((r) => !(flowIsOurs && r.path.endsWith('/$ref'))),
    });
  }
  return { kind: 'destroy', tenant: observed.tenant, steps, needsSecret: false, outputs: outputsFor(config, observed, ownApp?.appId) };
}
