// The External ID variant: the ordered list of resource modules for an external tenant (provider, flow, itsme in
// the flow, app, service principal, consent, the app's link to the flow, copies), and its outputs. Pure.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import type { GraphIdentityProvider } from '../../graph/model';
import { duplicateRemovals, planApplication, planConsent, planServicePrincipal } from '../computePlan';
import type { ObservedTenant } from '../observe';
import { findApplication } from '../ownership';
import type { Plan, PlanOptions, PlanOutputs, PlanStep } from '../types';
import { emailNotice } from './emailNotice';
import { planAppFlowLink, planExternalFlow, planExternalFlowLink, providerUnlinkPath } from './flow';
import { EXTERNAL_GUESSES } from './guesses';
import { findExternalFlow, findExternalProvider, flowsOf, type OwnedFlow } from './ownership';
import { flowProviderIds } from './observe';
import { planExternalProvider } from './provider';
import { ciamDiscoveryUrl, ciamIssuer, ciamLocation, entraLinks, federationRedirectUris, testSignInUrl } from './urls';

const enc = encodeURIComponent;

export function externalOutputs(config: ItsmeSetupConfig, observed: ObservedTenant, appId?: string): PlanOutputs {
  const t = observed.tenant;
  const loc = ciamLocation(t.id ?? t.initialDomain, t.initialDomain, t.shortName, config.tenant.loginHost);
  return {
    kind: 'external',
    loginHost: loc.loginHost,
    runUserFlowUrl: appId ? testSignInUrl(loc, { clientId: appId, redirectUri: config.app.redirectUris[0] }) : undefined,
    itsmeRedirectUris: federationRedirectUris(loc),
    policyDiscoveryUrl: ciamDiscoveryUrl(loc),
    tokenIssuer: ciamIssuer(loc),
    portal: entraLinks(loc, appId),
    ...(observed.external ? { preflight: observed.external.discovery } : {}),
    emailNotice: emailNotice(),
  };
}

/** Our providers and flow, found once for every module. */
export function ownedExternal(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}) {
  const all = findExternalProvider(config, observed, options);
  const ourIds = [all.match, all.adopt, ...all.duplicates].filter(Boolean).map((p) => p!.id);
  const apps = findApplication(config, observed, options);
  const app = apps.match ?? apps.adopt;
  const flow = findExternalFlow(config, observed, ourIds, app?.appId);
  // Copies: keep the provider the kept flow offers, so sign-in never loses its button.
  const providers = findExternalProvider(config, observed, options, flow.match);
  return { providers, ourIds, apps, app, flow };
}

/** DELETEs for copies of our flow and provider (after the app copies): flows first, then providers, each unlinked first. */
export function externalCopyRemovals(observed: ObservedTenant, flow: OwnedFlow, extraProviders: GraphIdentityProvider[], deletedFlows: ReadonlySet<string> = new Set()): { requests: PlanStep['requests']; changes: string[] } {
  const requests: PlanStep['requests'] = [];
  const changes: string[] = [];
  const gone = new Set(deletedFlows);
  for (const f of flow.duplicates) {
    requests.push({ method: 'DELETE', version: 'v1.0', path: `/identity/authenticationEventsFlows/${enc(f.id)}` });
    changes.push(l10n.t('user flow {0} ("{1}"): a copy of {2}', f.id, f.displayName ?? '', flow.match?.id ?? ''));
    gone.add(f.id);
  }
  for (const p of extraProviders) {
    for (const f of flowsOf(observed)) if (!gone.has(f.id) && flowProviderIds(f).includes(p.id)) requests.push({ method: 'DELETE', version: 'v1.0', path: providerUnlinkPath(f.id, p.id) });
    requests.push({ method: 'DELETE', version: EXTERNAL_GUESSES.providerVersion, path: `/identity/identityProviders/${enc(p.id)}` });
    changes.push(l10n.t('identity provider {0} ("{1}", partner code {2})', p.id, p.displayName ?? '', p.clientId ?? ''));
  }
  return { requests, changes };
}

export function computeExternalPlan(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}): Plan {
  const o = ownedExternal(config, observed, options);
  const outputs = externalOutputs(config, observed, o.app?.appId);
  const idp = planExternalProvider(config, observed, options, o.providers);
  const flow = planExternalFlow(config, o.flow);
  const appStep = planApplication(config, observed, options);
  const sp = planServicePrincipal(config, observed, appStep, o.app);
  const steps = [idp, flow, planExternalFlowLink(o.flow, idp, flow), appStep, sp, planConsent(config, observed, sp, o.app), planAppFlowLink(observed, o.flow, flow, appStep, o.app)];
  const apps = duplicateRemovals(config, observed, o.apps.match ? [o.apps.match] : [], [], o.apps.duplicates);
  const copies = externalCopyRemovals(observed, o.flow, o.providers.duplicates);
  const requests = [...apps.requests, ...copies.requests];
  if (requests.length) {
    steps.push({
      resource: 'duplicates',
      action: 'removeDuplicate',
      dependsOn: ['userFlowLink', 'appFlowLink'],
      label: l10n.t('copies of this configuration\'s objects'),
      changes: [...apps.changes, ...copies.changes],
      reason: l10n.t('Exact copies of this configuration\'s objects exist (two applies ran at once); one of each is kept (the user flow the app signs in through, the identity provider that flow offers, the oldest app) and the others are removed.'),
      requests,
    });
  }
  return { kind: 'apply', tenant: observed.tenant, steps, needsSecret: idp.action === 'create' || idp.action === 'adopt', outputs };
}
