// computePlan(desired, observed): a pure function from the configuration and what the tenant holds to the steps
// that make the tenant match. No I/O here, so every tenant shape can be tested in milliseconds.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import { APP_TAG, OIDC_ODATA_TYPE, type GraphApplication, type GraphIdentityProvider } from '../graph/model';
import { classifyMetadataUrl } from '../itsme/endpoints';
import { itsmeRedirectUris, loginLocation, policyDiscoveryUrl, portalLinks, runUserFlowUrl } from '../urls';
import {
  CONSENT_SCOPES,
  SECRET_MARKER,
  desiredApplication,
  desiredFlowSettings,
  desiredIdentityProvider,
  desiredUserFlow,
} from './desired';
import type { ObservedServicePrincipal, ObservedTenant } from './observe';
import { PLACEHOLDERS, type Plan, type PlanOutputs, type PlanStep } from './types';

const enc = encodeURIComponent;

function sameOdataType(a: string | undefined, b: string): boolean {
  return (a ?? '').replace(/^#/, '') === b.replace(/^#/, '');
}

/** Our identity provider: an OIDC provider with the configured name that is an itsme (or this config's) provider. */
export function findIdentityProvider(config: ItsmeSetupConfig, observed: ObservedTenant): { match?: GraphIdentityProvider; clash?: GraphIdentityProvider[] } {
  const want = desiredIdentityProvider(config);
  const sameName = observed.identityProviders.filter((p) => (p.displayName ?? '').toLowerCase() === want.displayName.toLowerCase());
  const ours = sameName.filter(
    (p) =>
      sameOdataType(p['@odata.type'], OIDC_ODATA_TYPE) &&
      (p.metadataUrl === want.metadataUrl || p.clientId === want.clientId || classifyMetadataUrl(p.metadataUrl ?? '').generation !== 'custom'),
  );
  if (ours.length === 1) return { match: ours[0] };
  return { clash: ours.length > 1 ? ours : sameName.length ? sameName : undefined };
}

/** Our app registration: the configured name, and our tag or one of the configured redirect URIs. */
export function findApplication(config: ItsmeSetupConfig, observed: ObservedTenant): { match?: GraphApplication; ambiguous?: GraphApplication[] } {
  const named = observed.applications.filter((a) => a.displayName === config.app.displayName);
  const tagged = named.filter((a) => a.tags?.includes(APP_TAG));
  const byRedirect = named.filter((a) => (a.web?.redirectUris ?? []).some((u) => config.app.redirectUris.includes(u)));
  const candidates = tagged.length ? tagged : byRedirect;
  if (candidates.length === 1) return { match: candidates[0] };
  return candidates.length > 1 ? { ambiguous: candidates } : {};
}

function diffIdentityProvider(config: ItsmeSetupConfig, have: GraphIdentityProvider): { body: Record<string, unknown>; changes: string[] } {
  const want = desiredIdentityProvider(config);
  const body: Record<string, unknown> = {};
  const changes: string[] = [];
  for (const key of ['displayName', 'clientId', 'metadataUrl', 'scope', 'responseType', 'responseMode'] as const) {
    if ((have[key] ?? '') !== want[key]) {
      body[key] = want[key];
      changes.push(`${key}: ${JSON.stringify(have[key] ?? null)} → ${JSON.stringify(want[key])}`);
    }
  }
  const haveMap = have.claimsMapping ?? {};
  const wantMap = want.claimsMapping ?? {};
  const mapKeys = new Set([...Object.keys(haveMap), ...Object.keys(wantMap)]);
  const mapDiff = [...mapKeys].filter((k) => ((haveMap as Record<string, unknown>)[k] ?? null) !== ((wantMap as Record<string, unknown>)[k] ?? null));
  if (mapDiff.length) {
    body['claimsMapping'] = wantMap;
    changes.push(`claimsMapping: ${mapDiff.join(', ')}`);
  }
  if ((have.domainHint ?? null) !== (want.domainHint ?? null)) {
    body['domainHint'] = want.domainHint ?? null;
    changes.push(`domainHint: ${JSON.stringify(have.domainHint ?? null)} → ${JSON.stringify(want.domainHint ?? null)}`);
  }
  if (Object.keys(body).length) body['@odata.type'] = OIDC_ODATA_TYPE;
  return { body, changes };
}

function diffApplication(config: ItsmeSetupConfig, have: GraphApplication): { body: Record<string, unknown>; changes: string[] } {
  const want = desiredApplication(config);
  const body: Record<string, unknown> = {};
  const changes: string[] = [];
  if (have.signInAudience !== want.signInAudience || have.api?.requestedAccessTokenVersion !== 2) {
    // Sent together: Graph rejects the audience without requestedAccessTokenVersion 2 in the same payload.
    body['signInAudience'] = want.signInAudience;
    body['api'] = { ...(have.api ?? {}), requestedAccessTokenVersion: 2 };
    changes.push(`signInAudience/api.requestedAccessTokenVersion → ${want.signInAudience}/2`);
  }
  const haveUris = have.web?.redirectUris ?? [];
  const missing = config.app.redirectUris.filter((u) => !haveUris.includes(u));
  const ig = have.web?.implicitGrantSettings ?? {};
  const wantIg = want.web!.implicitGrantSettings!;
  const igDiff = (ig.enableIdTokenIssuance ?? false) !== wantIg.enableIdTokenIssuance || (ig.enableAccessTokenIssuance ?? false) !== wantIg.enableAccessTokenIssuance;
  if (missing.length || igDiff) {
    // Redirect URIs added by hand stay: only the configured ones are ensured.
    body['web'] = { ...(have.web ?? {}), redirectUris: [...haveUris, ...missing], implicitGrantSettings: { ...ig, ...wantIg } };
    if (missing.length) changes.push(`web.redirectUris: + ${missing.join(', ')}`);
    if (igDiff) changes.push(`web.implicitGrantSettings → idTokens ${wantIg.enableIdTokenIssuance}, accessTokens ${wantIg.enableAccessTokenIssuance}`);
  }
  const wantRra = want.requiredResourceAccess![0]!;
  const haveRra = have.requiredResourceAccess ?? [];
  const graphEntry = haveRra.find((r) => r.resourceAppId === wantRra.resourceAppId);
  const missingScopes = wantRra.resourceAccess.filter((w) => !(graphEntry?.resourceAccess ?? []).some((h) => h.id === w.id));
  if (missingScopes.length) {
    const merged = { resourceAppId: wantRra.resourceAppId, resourceAccess: [...(graphEntry?.resourceAccess ?? []), ...missingScopes] };
    body['requiredResourceAccess'] = [...haveRra.filter((r) => r !== graphEntry), merged];
    changes.push('requiredResourceAccess: + openid, offline_access');
  }
  // No tag is added to an adopted app: the tag means "created by this tool", and destroy deletes only those.
  return { body, changes };
}

function outputsFor(config: ItsmeSetupConfig, observed: ObservedTenant, appId?: string): PlanOutputs {
  const loc = loginLocation(observed.tenant.initialDomain, observed.tenant.shortName, config.tenant.loginHost);
  return {
    loginHost: loc.loginHost,
    runUserFlowUrl: appId ? runUserFlowUrl(loc, { flowId: config.userFlow.id, clientId: appId, redirectUri: config.app.redirectUris[0] }) : undefined,
    itsmeRedirectUris: itsmeRedirectUris(loc),
    policyDiscoveryUrl: policyDiscoveryUrl(loc, config.userFlow.id),
    portal: portalLinks(loc, config.userFlow.id, appId),
  };
}

function blocked(step: Omit<PlanStep, 'action' | 'requests' | 'reason'>, on: string): PlanStep {
  return { ...step, action: 'manual', requests: [], reason: l10n.t('Waits for {0} to be resolved first.', on), manual: { text: l10n.t('Resolve the {0} step, then apply again.', on) } };
}

function planIdentityProvider(config: ItsmeSetupConfig, observed: ObservedTenant): PlanStep {
  const want = desiredIdentityProvider(config);
  const base = { resource: 'identityProvider' as const, dependsOn: [], label: want.displayName };
  const { match, clash } = findIdentityProvider(config, observed);
  if (match) {
    const { body, changes } = diffIdentityProvider(config, match);
    if (!changes.length) return { ...base, action: 'noop', targetId: match.id, requests: [], reason: l10n.t('The itsme identity provider "{0}" matches the configuration.', want.displayName) };
    return {
      ...base,
      action: 'update',
      targetId: match.id,
      changes,
      reason: l10n.t('The itsme identity provider "{0}" differs from the configuration.', want.displayName),
      requests: [{ method: 'PATCH', version: 'beta', path: `/identity/identityProviders/${enc(match.id)}`, body }],
    };
  }
  if (clash) {
    return {
      ...base,
      action: 'manual',
      requests: [],
      reason: l10n.t('Another identity provider is already named "{0}" and is not an itsme provider of this configuration; it is left alone.', want.displayName),
      manual: { text: l10n.t('Choose another identity provider display name (identityProvider.displayName), or rename the existing "{0}" in the portal.', want.displayName) },
    };
  }
  return {
    ...base,
    action: 'create',
    reason: l10n.t('No itsme identity provider named "{0}" exists.', want.displayName),
    requests: [{ method: 'POST', version: 'beta', path: '/identity/identityProviders', body: { ...want, clientSecret: SECRET_MARKER } }],
  };
}

function planUserFlow(config: ItsmeSetupConfig, observed: ObservedTenant): PlanStep {
  const base = { resource: 'userFlow' as const, dependsOn: [], label: config.userFlow.id };
  const flow = observed.userFlow;
  if (!flow) {
    return {
      ...base,
      action: 'create',
      reason: l10n.t('User flow {0} does not exist.', config.userFlow.id),
      requests: [{ method: 'POST', version: 'beta', path: '/identity/b2cUserFlows', body: desiredUserFlow(config) }],
    };
  }
  if (flow.userFlowType && flow.userFlowType !== config.userFlow.type) {
    return {
      ...base,
      action: 'manual',
      targetId: flow.id,
      requests: [],
      reason: l10n.t('User flow {0} exists but is a {1} flow, not sign-up-or-sign-in; it is left alone.', flow.id, flow.userFlowType),
      manual: { text: l10n.t('Choose another user flow name (userFlow.name).') },
    };
  }
  return { ...base, action: 'noop', targetId: flow.id, requests: [], reason: l10n.t('User flow {0} exists.', flow.id) };
}

function planLink(config: ItsmeSetupConfig, observed: ObservedTenant, idp: PlanStep, flow: PlanStep): PlanStep {
  const base = { resource: 'userFlowLink' as const, dependsOn: ['identityProvider', 'userFlow'] as PlanStep['resource'][], label: `${idp.label} → ${flow.label}` };
  if (idp.action === 'manual') return blocked(base, l10n.t('the identity provider'));
  if (flow.action === 'manual') return blocked(base, l10n.t('the user flow'));
  if (idp.targetId && observed.userFlowLinks.includes(idp.targetId)) {
    return { ...base, action: 'noop', requests: [], reason: l10n.t('{0} is already offered by {1}.', idp.label, flow.label) };
  }
  const idpId = idp.targetId ?? PLACEHOLDERS.identityProviderId;
  return {
    ...base,
    action: 'link',
    reason: l10n.t('{0} is not yet offered by {1}.', idp.label, flow.label),
    requests: [
      {
        method: 'POST',
        version: 'beta',
        path: `/identity/b2cUserFlows/${enc(config.userFlow.id)}/userFlowIdentityProviders/$ref`,
        body: { '@odata.id': `{graph}/beta/identity/identityProviders/${idpId}` },
      },
    ],
  };
}

function planFlowSettings(config: ItsmeSetupConfig, observed: ObservedTenant, flow: PlanStep, outputs: PlanOutputs): PlanStep {
  const base = { resource: 'userFlowSettings' as const, dependsOn: ['userFlow'] as PlanStep['resource'][], label: l10n.t('{0} token lifetimes and MFA', config.userFlow.id) };
  if (flow.action === 'manual') return blocked(base, l10n.t('the user flow'));
  const want = desiredFlowSettings(config);
  const manualText = l10n.t(
    'In the portal, open user flow {0} → Properties: set "Access & ID token lifetimes (minutes)" to {1}, "Refresh token sliding window lifetime" to {2}, and multifactor authentication to Off; then Save.',
    config.userFlow.id,
    config.userFlow.accessAndIdTokenLifetimeMinutes,
    config.userFlow.refreshSlidingWindow.kind === 'noExpiry' ? l10n.t('No expiry') : l10n.t('Bounded, {0} days', config.userFlow.refreshSlidingWindow.days),
  );
  const path = `/identity/b2cUserFlows/${enc(config.userFlow.id)}`;
  const write: PlanStep = {
    ...base,
    action: 'update',
    reason: '',
    requests: [{ method: 'PATCH', version: 'beta', path, body: want }],
    verify: { method: 'GET', version: 'beta', path },
    manual: { text: manualText, portalUrl: outputs.portal['userFlowProperties'] },
  };
  const have = observed.userFlow;
  if (!have) return { ...write, reason: l10n.t('Graph has no documented property for token lifetimes or MFA; the undocumented ones are tried and read back.') };
  const tl = have.tokenLifetimeConfiguration;
  if (!tl) {
    return { ...base, action: 'manual', requests: [], reason: l10n.t('This tenant does not expose token lifetimes or MFA through Graph; they are a portal step.'), manual: write.manual };
  }
  const changes: string[] = [];
  const wantTl = want.tokenLifetimeConfiguration;
  if (tl.accessAndIdTokenLifetimeInMinutes !== wantTl.accessAndIdTokenLifetimeInMinutes) changes.push(`accessAndIdTokenLifetimeInMinutes: ${tl.accessAndIdTokenLifetimeInMinutes ?? null} → ${wantTl.accessAndIdTokenLifetimeInMinutes}`);
  if (tl.rollingRefreshTokenLifetimeInDays !== wantTl.rollingRefreshTokenLifetimeInDays) changes.push(`rollingRefreshTokenLifetimeInDays: ${tl.rollingRefreshTokenLifetimeInDays ?? null} → ${wantTl.rollingRefreshTokenLifetimeInDays}`);
  const mfa = have.multifactorAuthenticationConfiguration?.multifactorAuthenticationState;
  if (mfa !== undefined && mfa !== want.multifactorAuthenticationConfiguration.multifactorAuthenticationState) changes.push(`multifactorAuthenticationState: ${mfa} → off`);
  if (!changes.length) return { ...base, action: 'noop', requests: [], reason: l10n.t('Token lifetimes and MFA match the configuration (read from the tenant).') };
  return { ...write, changes, reason: l10n.t('Token lifetimes or MFA differ from the configuration.') };
}

function planApplication(config: ItsmeSetupConfig, observed: ObservedTenant): PlanStep {
  const base = { resource: 'application' as const, dependsOn: [], label: config.app.displayName };
  const { match, ambiguous } = findApplication(config, observed);
  if (ambiguous) {
    return {
      ...base,
      action: 'manual',
      requests: [],
      reason: l10n.t('{0} app registrations named "{1}" could be this configuration\'s; none is touched.', ambiguous.length, config.app.displayName),
      manual: { text: l10n.t('Delete or rename the extra app registrations named "{0}" in the portal, or choose another app.displayName.', config.app.displayName) },
    };
  }
  if (!match) {
    return {
      ...base,
      action: 'create',
      reason: l10n.t('No app registration "{0}" of this configuration exists.', config.app.displayName),
      requests: [{ method: 'POST', version: 'v1.0', path: '/applications', body: desiredApplication(config) }],
    };
  }
  const { body, changes } = diffApplication(config, match);
  if (!changes.length) return { ...base, action: 'noop', targetId: match.id, requests: [], reason: l10n.t('App registration "{0}" matches the configuration.', config.app.displayName) };
  return {
    ...base,
    action: 'update',
    targetId: match.id,
    changes,
    reason: l10n.t('App registration "{0}" differs from the configuration.', config.app.displayName),
    requests: [{ method: 'PATCH', version: 'v1.0', path: `/applications/${enc(match.id)}`, body }],
  };
}

function spOf(observed: ObservedTenant, app: GraphApplication | undefined): ObservedServicePrincipal | undefined {
  return app ? observed.servicePrincipals.find((sp) => sp.appId === app.appId) : undefined;
}

function planServicePrincipal(config: ItsmeSetupConfig, observed: ObservedTenant, appStep: PlanStep, app: GraphApplication | undefined): PlanStep {
  const base = { resource: 'servicePrincipal' as const, dependsOn: ['application'] as PlanStep['resource'][], label: config.app.displayName };
  if (appStep.action === 'manual') return blocked(base, l10n.t('the app registration'));
  const sp = spOf(observed, app);
  if (sp) return { ...base, action: 'noop', targetId: sp.id, requests: [], reason: l10n.t('The app\'s service principal exists.') };
  return {
    ...base,
    action: 'create',
    reason: l10n.t('Admin consent needs the app\'s service principal, which does not exist yet.'),
    requests: [{ method: 'POST', version: 'v1.0', path: '/servicePrincipals', body: { appId: app?.appId ?? PLACEHOLDERS.applicationAppId } }],
  };
}

function planConsent(config: ItsmeSetupConfig, observed: ObservedTenant, spStep: PlanStep, app: GraphApplication | undefined): PlanStep {
  const base = { resource: 'adminConsent' as const, dependsOn: ['servicePrincipal'] as PlanStep['resource'][], label: l10n.t('admin consent: openid, offline_access') };
  if (!config.app.adminConsent) return { ...base, action: 'noop', requests: [], reason: l10n.t('Admin consent is not requested in the configuration.') };
  if (spStep.action === 'manual') return blocked(base, l10n.t('the app registration'));
  if (!observed.graphServicePrincipalId) {
    return {
      ...base,
      action: 'manual',
      requests: [],
      reason: l10n.t('Microsoft Graph\'s service principal was not found in this tenant.'),
      manual: { text: l10n.t('In the portal, open the app registration → API permissions → "Grant admin consent".') },
    };
  }
  const sp = spOf(observed, app);
  const grant = sp?.oauth2PermissionGrants?.find((g) => g.resourceId === observed.graphServicePrincipalId && g.consentType === 'AllPrincipals');
  if (grant) {
    const have = grant.scope.split(/\s+/).filter(Boolean);
    const missing = CONSENT_SCOPES.filter((s) => !have.includes(s));
    if (!missing.length) return { ...base, action: 'noop', targetId: grant.id, requests: [], reason: l10n.t('Admin consent for openid and offline_access is granted.') };
    return {
      ...base,
      action: 'update',
      targetId: grant.id,
      changes: [`scope: + ${missing.join(' ')}`],
      reason: l10n.t('The admin consent lacks {0}.', missing.join(', ')),
      requests: [{ method: 'PATCH', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(grant.id)}`, body: { scope: [...have, ...missing].join(' ') } }],
    };
  }
  return {
    ...base,
    action: 'create',
    reason: l10n.t('Admin consent for openid and offline_access is not granted.'),
    requests: [
      {
        method: 'POST',
        version: 'v1.0',
        path: '/oauth2PermissionGrants',
        body: { clientId: sp?.id ?? PLACEHOLDERS.servicePrincipalId, consentType: 'AllPrincipals', resourceId: observed.graphServicePrincipalId, scope: CONSENT_SCOPES.join(' ') },
      },
    ],
  };
}

/** The apply plan for a configuration against an observed tenant. Pure. */
export function computePlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  const app = findApplication(config, observed).match;
  const outputs = outputsFor(config, observed, app?.appId);
  const idp = planIdentityProvider(config, observed);
  const flow = planUserFlow(config, observed);
  const appStep = planApplication(config, observed);
  const sp = planServicePrincipal(config, observed, appStep, app);
  const steps = [idp, flow, planLink(config, observed, idp, flow), planFlowSettings(config, observed, flow, outputs), appStep, sp, planConsent(config, observed, sp, app)];
  return { kind: 'apply', tenant: observed.tenant, steps, needsSecret: idp.action === 'create', outputs };
}

export { outputsFor };
