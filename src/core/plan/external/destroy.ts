// Destroy and rotate-secret in an external tenant. Destroy removes exactly what passes the ownership test, in
// reverse dependency order: the consent, the app's link to a flow that stays, our flow (only when it offers
// nothing but itsme and the local-account provider it was created with — deleting a flow also unlinks its apps),
// or else itsme's place in it, then the provider, the service principal and the app; every copy too.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import { APP_TAG } from '../../graph/model';
import { SECRET_MARKER } from '../desired';
import { duplicateRemovals } from '../computePlan';
import type { ObservedTenant } from '../observe';
import { consentGrantsOf, servicePrincipalsOf } from '../ownership';
import type { Plan, PlanStep } from '../types';
import { clientSecretAuthentication } from './desired';
import { providerUnlinkPath } from './flow';
import { EXTERNAL_GUESSES } from './guesses';
import { flowAppIds, flowProviderIds } from './observe';
import { externalCopyRemovals, externalOutputs, ownedExternal } from './plan';
import { EXTERNAL_OIDC_ODATA_TYPE } from '../../graph/model';

const enc = encodeURIComponent;

export function computeExternalDestroyPlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const o = ownedExternal(config, observed);
  const idp = o.providers.match;
  const app = o.apps.match;
  const sp = servicePrincipalsOf(observed, app).match;
  const grant = consentGrantsOf(observed, sp).match;
  const flow = o.flow.match;
  const builtIn = new Set(EXTERNAL_GUESSES.flowCreateProviders);
  const others = flow ? flowProviderIds(flow).filter((id) => !o.ourIds.includes(id) && !builtIn.has(id)) : [];
  const deleteFlow = !!flow && !o.flow.existing && others.length === 0;
  const steps: PlanStep[] = [];
  const keep = (resource: PlanStep['resource'], label: string, reason: string): PlanStep => ({ resource, action: 'noop', dependsOn: [], label, requests: [], reason });

  steps.push(
    grant
      ? { resource: 'adminConsent', action: 'delete', dependsOn: [], label: l10n.t('admin consent: openid, offline_access'), targetId: grant.id, reason: l10n.t('Granted for this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(grant.id)}` }] }
      : keep('adminConsent', l10n.t('admin consent'), l10n.t('No admin consent of this configuration\'s app exists.')),
  );
  if (flow && app && !deleteFlow && flowAppIds(flow).includes(app.appId)) {
    steps.push({ resource: 'appFlowLink', action: 'unlink', dependsOn: [], label: `${config.app.displayName} → ${flow.displayName ?? flow.id}`, reason: l10n.t('User flow "{0}" is kept; only the test app is taken out of it.', flow.displayName ?? flow.id), requests: [{ method: 'DELETE', version: 'v1.0', path: EXTERNAL_GUESSES.appUnlinkPath(enc(flow.id), enc(app.appId)) }] });
  }
  if (flow && idp && !deleteFlow && flowProviderIds(flow).includes(idp.id)) {
    steps.push({ resource: 'userFlowLink', action: 'unlink', dependsOn: [], label: `${idp.displayName} → ${flow.displayName ?? flow.id}`, reason: l10n.t('User flow "{0}" also offers other identity providers (or is yours), so it is kept; only itsme is removed from it.', flow.displayName ?? flow.id), requests: [{ method: 'DELETE', version: 'v1.0', path: providerUnlinkPath(flow.id, idp.id) }] });
  }
  steps.push(
    deleteFlow
      ? { resource: 'userFlow', action: 'delete', dependsOn: [], label: flow!.displayName ?? flow!.id, targetId: flow!.id, reason: l10n.t('User flow "{0}" was made for itsme and offers no other identity provider of yours.', flow!.displayName ?? flow!.id), requests: [{ method: 'DELETE', version: 'v1.0', path: `/identity/authenticationEventsFlows/${enc(flow!.id)}` }] }
      : keep('userFlow', config.userFlow.id, flow ? l10n.t('User flow "{0}" is kept (it is yours, or offers other identity providers).', flow.displayName ?? flow.id) : l10n.t('No user flow of this configuration exists.')),
  );
  const leftIdps = o.providers.clash.map((p) => p.id).join(', ');
  const idpLeft = leftIdps ? ' ' + l10n.t('Left alone, not this configuration\'s (another type or partner code): {0}.', leftIdps) : '';
  steps.push(
    idp
      ? { resource: 'identityProvider', action: 'delete', dependsOn: ['userFlow', 'userFlowLink'], label: idp.displayName ?? idp.id, targetId: idp.id, reason: l10n.t('The itsme identity provider of this configuration.') + idpLeft, requests: [{ method: 'DELETE', version: EXTERNAL_GUESSES.providerVersion, path: `/identity/identityProviders/${enc(idp.id)}` }] }
      : keep('identityProvider', config.identityProvider.displayName, l10n.t('No itsme identity provider of this configuration exists.') + idpLeft),
  );
  steps.push(
    sp
      ? { resource: 'servicePrincipal', action: 'delete', dependsOn: ['adminConsent', 'appFlowLink', 'userFlow'], label: config.app.displayName, targetId: sp.id, reason: l10n.t('Service principal of this configuration\'s app.'), requests: [{ method: 'DELETE', version: 'v1.0', path: `/servicePrincipals/${enc(sp.id)}` }] }
      : keep('servicePrincipal', config.app.displayName, l10n.t('No service principal of this configuration\'s app exists.')),
  );
  const leftApps = o.apps.clash.map((a) => a.id).join(', ');
  const appLeft = leftApps ? ' ' + l10n.t('Left alone, not made by this tool (no {0} tag): {1}.', APP_TAG, leftApps) : '';
  steps.push(
    app
      ? { resource: 'application', action: 'delete', dependsOn: ['servicePrincipal'], label: config.app.displayName, targetId: app.id, reason: l10n.t('Created by this tool (tagged {0}).', APP_TAG) + appLeft, requests: [{ method: 'DELETE', version: 'v1.0', path: `/applications/${enc(app.id)}` }] }
      : keep('application', config.app.displayName, (o.apps.clash.length ? l10n.t('App registration "{0}" was not created by this tool: kept.', config.app.displayName) : l10n.t('No app registration of this configuration exists.')) + appLeft),
  );
  const apps = duplicateRemovals(config, observed, app ? [app] : [], [], o.apps.duplicates);
  const copies = externalCopyRemovals(observed, o.flow, o.providers.duplicates, new Set(deleteFlow ? [flow!.id] : []));
  const requests = [...apps.requests, ...copies.requests];
  if (requests.length) {
    steps.push({ resource: 'duplicates', action: 'removeDuplicate', dependsOn: ['userFlow', 'userFlowLink'], label: l10n.t('copies of this configuration\'s objects'), changes: [...apps.changes, ...copies.changes], reason: l10n.t('Copies of this configuration\'s objects (two applies ran at once): all removed.'), requests });
  }
  return { kind: 'destroy', tenant: observed.tenant, steps, needsSecret: false, outputs: externalOutputs(config, observed, app?.appId) };
}

/** GUESS (external-id.md §2.3): the secret is replaced by PATCHing clientAuthentication whole, with its @odata.type. */
export function computeExternalRotatePlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const idp = ownedExternal(config, observed).providers.match;
  const body = EXTERNAL_GUESSES.rotateSendsWholeClientAuthentication
    ? { '@odata.type': EXTERNAL_OIDC_ODATA_TYPE, clientAuthentication: clientSecretAuthentication() }
    : { '@odata.type': EXTERNAL_OIDC_ODATA_TYPE, clientAuthentication: { clientSecret: SECRET_MARKER } };
  const step: PlanStep = idp
    ? { resource: 'identityProvider', action: 'update', dependsOn: [], label: idp.displayName ?? idp.id, targetId: idp.id, changes: ['clientAuthentication.clientSecret'], reason: l10n.t('Replace the itsme client secret of "{0}".', idp.displayName ?? idp.id), requests: [{ method: 'PATCH', version: EXTERNAL_GUESSES.providerVersion, path: `/identity/identityProviders/${enc(idp.id)}`, body }] }
    : { resource: 'identityProvider', action: 'manual', dependsOn: [], label: config.identityProvider.displayName, requests: [], reason: l10n.t('There is no itsme identity provider "{0}" to rotate the secret of.', config.identityProvider.displayName), manual: { text: l10n.t('Run apply first: it creates the identity provider with the secret.') } };
  return { kind: 'rotateSecret', tenant: observed.tenant, steps: [step], needsSecret: !!idp, outputs: externalOutputs(config, observed) };
}
