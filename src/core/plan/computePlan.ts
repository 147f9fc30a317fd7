// computePlan(desired, observed): a pure function from the configuration and what the tenant holds to the steps
// that make the tenant match. No I/O here, so every tenant shape can be tested in milliseconds.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import { APP_TAG, OIDC_ODATA_TYPE, type GraphApplication, type GraphIdentityProvider } from '../graph/model';
import { odataString } from '../graph/port';
import { itsmeRedirectUris, loginLocation, policyDiscoveryUrl, portalLinks, runUserFlowUrl } from '../urls';
import {
  CONSENT_SCOPES,
  SECRET_MARKER,
  desiredApplication,
  desiredFlowSettings,
  desiredIdentityProvider,
  desiredUserFlow,
} from './desired';
import type { ObservedTenant } from './observe';
import { kindOf, type TenantKind } from './tenant';
import { assertConfigFitsKind } from './kindCheck';
import { computeExternalPlan, externalOutputs } from './external/plan';
import { consentGrantsOf, findApplication, findIdentityProvider, identityProviderDifferences, servicePrincipalsOf } from './ownership';
import { computeCustomPolicyPlan } from './customPolicy/plan';
import { isCustomPolicy } from './customPolicy/desired';
import { customPolicyPlanOutputs } from './customPolicy/outputs';
import { planApplicationClaims } from './applicationClaims';
import { PLACEHOLDERS, type Clash, type Plan, type PlanOptions, type PlanOutputs, type PlanStep, type StepResource } from './types';

export { findApplication, findIdentityProvider } from './ownership';

const enc = encodeURIComponent;

export function diffIdentityProvider(config: ItsmeSetupConfig, have: GraphIdentityProvider): { body: Record<string, unknown>; changes: string[] } {
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

function diffApplication(config: ItsmeSetupConfig, have: GraphApplication, kind: TenantKind = 'b2c'): { body: Record<string, unknown>; changes: string[] } {
  const want = desiredApplication(config, kind);
  const body: Record<string, unknown> = {};
  const changes: string[] = [];
  if (kind === 'external') {
    if (have.signInAudience !== want.signInAudience) {
      body['signInAudience'] = want.signInAudience;
      changes.push(`signInAudience: ${JSON.stringify(have.signInAudience ?? null)} → ${want.signInAudience}`);
    }
  } else if (have.signInAudience !== want.signInAudience || have.api?.requestedAccessTokenVersion !== 2) {
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
  if (kindOf(observed.tenant) === 'external') return externalOutputs(config, observed, appId);
  if (isCustomPolicy(config)) return customPolicyPlanOutputs(config, observed, appId);
  const loc = loginLocation(observed.tenant.initialDomain, observed.tenant.shortName, config.tenant.loginHost);
  return {
    loginHost: loc.loginHost,
    runUserFlowUrl: appId ? runUserFlowUrl(loc, { flowId: config.userFlow.id, clientId: appId, redirectUri: config.app.redirectUris[0] }) : undefined,
    itsmeRedirectUris: itsmeRedirectUris(loc),
    policyDiscoveryUrl: policyDiscoveryUrl(loc, config.userFlow.id),
    portal: portalLinks(loc, config.userFlow.id, appId),
  };
}

/** "Resolve the identity provider step": `on` names the step without an article. */
export function blocked(step: Omit<PlanStep, 'action' | 'requests' | 'reason'>, on: string): PlanStep {
  return { ...step, action: 'manual', requests: [], reason: l10n.t('Waits for the {0} step to be resolved first.', on), manual: { text: l10n.t('Resolve the {0} step, then apply again.', on) } };
}

function providerClashes(config: ItsmeSetupConfig, clash: GraphIdentityProvider[]): Clash[] {
  const want = desiredIdentityProvider(config);
  return clash.map((p) => ({ id: p.id, type: p['@odata.type'], differences: identityProviderDifferences(want, p) }));
}

function applicationClashes(config: ItsmeSetupConfig, clash: GraphApplication[], kind: TenantKind): Clash[] {
  return clash.map((a) => ({ id: a.id, type: 'application', differences: [l10n.t('tags: not tagged {0} (not made by this tool)', APP_TAG), ...diffApplication(config, a, kind).changes] }));
}

const ids = (xs: Array<{ id: string }>): string => xs.map((x) => x.id).join(', ');

/** The documented read that finds a provider someone else created meanwhile (a 409 on our POST). */
const IDP_LOOKUP = { method: 'GET', version: 'beta', path: '/identity/identityProviders' } as const;

function planIdentityProvider(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions): PlanStep {
  const want = desiredIdentityProvider(config);
  const base = { resource: 'identityProvider' as const, dependsOn: [], label: want.displayName };
  const { match, clash, adopt } = findIdentityProvider(config, observed, options);
  const clashes = providerClashes(config, clash);
  const withClashes = clashes.length ? { clashes } : {};
  if (match) {
    const { body, changes } = diffIdentityProvider(config, match);
    if (!changes.length) return { ...base, ...withClashes, action: 'noop', targetId: match.id, requests: [], reason: l10n.t('The itsme identity provider "{0}" matches the configuration.', want.displayName) };
    return {
      ...base,
      ...withClashes,
      action: 'update',
      targetId: match.id,
      changes,
      reason: l10n.t('The itsme identity provider "{0}" differs from the configuration.', want.displayName),
      requests: [{ method: 'PATCH', version: 'beta', path: `/identity/identityProviders/${enc(match.id)}`, body }],
    };
  }
  if (adopt) {
    // Adopting takes the provider over with our partner code, so it must get our secret too: the one it holds
    // belongs to whoever made it (and Graph never shows it).
    const { body, changes } = diffIdentityProvider(config, adopt);
    return {
      ...base,
      ...withClashes,
      action: 'adopt',
      targetId: adopt.id,
      changes: [...changes, 'clientSecret: ← the itsme client secret of this configuration'],
      reason: l10n.t('Identity provider {0} is adopted on request: from now on it is this configuration\'s.', adopt.id),
      requests: [{ method: 'PATCH', version: 'beta', path: `/identity/identityProviders/${enc(adopt.id)}`, body: { ...body, '@odata.type': OIDC_ODATA_TYPE, clientSecret: SECRET_MARKER } }],
    };
  }
  if (clash.length) {
    return {
      ...base,
      clashes,
      action: 'manual',
      requests: [],
      reason: l10n.t('Identity provider {0} is already named "{1}" but is not this configuration\'s (ours is an OpenID Connect provider with partner code {2}); it is left alone.', ids(clash), want.displayName, want.clientId),
      manual: {
        text: l10n.t(
          'Choose another identity provider display name (identityProvider.displayName), or adopt the existing one explicitly (itsme-b2c apply --adopt-identity-provider {0}): it then gets this configuration\'s partner code, endpoints and secret.',
          clash[0]!.id,
        ),
      },
    };
  }
  return {
    ...base,
    action: 'create',
    reason: l10n.t('No itsme identity provider named "{0}" exists.', want.displayName),
    requests: [{ method: 'POST', version: 'beta', path: '/identity/identityProviders', body: { ...want, clientSecret: SECRET_MARKER } }],
    onConflict: IDP_LOOKUP,
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
      onConflict: { method: 'GET', version: 'beta', path: `/identity/b2cUserFlows/${enc(config.userFlow.id)}` },
    };
  }
  if (flow.userFlowType && flow.userFlowType !== config.userFlow.type) {
    return {
      ...base,
      action: 'manual',
      targetId: flow.id,
      requests: [],
      clashes: [{ id: flow.id, type: 'userFlow', differences: [`userFlowType: ${JSON.stringify(flow.userFlowType)} → ${JSON.stringify(config.userFlow.type)}`] }],
      reason: l10n.t('User flow {0} exists but is a {1} flow, not sign-up-or-sign-in; it is left alone.', flow.id, flow.userFlowType),
      manual: { text: l10n.t('Choose another user flow name (userFlow.name).') },
    };
  }
  return { ...base, action: 'noop', targetId: flow.id, requests: [], reason: l10n.t('User flow {0} exists.', flow.id) };
}

function planLink(config: ItsmeSetupConfig, observed: ObservedTenant, idp: PlanStep, flow: PlanStep): PlanStep {
  const base = { resource: 'userFlowLink' as const, dependsOn: ['identityProvider', 'userFlow'] as StepResource[], label: `${idp.label} → ${flow.label}` };
  if (idp.action === 'manual') return blocked(base, l10n.t('identity provider'));
  if (flow.action === 'manual') return blocked(base, l10n.t('user flow'));
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
  const base = { resource: 'userFlowSettings' as const, dependsOn: ['userFlow'] as StepResource[], label: l10n.t('{0} token lifetimes and MFA', config.userFlow.id) };
  if (flow.action === 'manual') return blocked(base, l10n.t('user flow'));
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
  if (!have) return { ...write, reason: l10n.t('Microsoft Graph has no official setting for token lifetimes or MFA. The wizard tries the unofficial one, then checks that the tenant kept it; if not, it tells you the step to do in the Azure portal.') };
  const tl = have.tokenLifetimeConfiguration;
  if (!tl) {
    // Absent on a GET says nothing about support: the flow may never have been patched (an apply stopped between
    // the flow's creation and this PATCH). Only the read-back after our own PATCH decides "unsupported".
    return { ...write, reason: l10n.t('The tenant shows no token lifetimes for {0}; they are written and read back (if the tenant does not keep them, a portal step remains).', config.userFlow.id) };
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

export function planApplication(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions): PlanStep {
  const kind = kindOf(observed.tenant);
  const base = { resource: 'application' as const, dependsOn: [], label: config.app.displayName };
  const { match, clash, adopt } = findApplication(config, observed, options);
  const clashes = applicationClashes(config, clash, kind);
  const withClashes = clashes.length ? { clashes } : {};
  const target = match ?? adopt;
  if (target) {
    const { body, changes } = diffApplication(config, target, kind);
    if (adopt) {
      // The tag is what makes it ours from now on (and what destroy deletes): adopting is adding it.
      return {
        ...base,
        ...withClashes,
        action: 'adopt',
        targetId: adopt.id,
        changes: [...changes, `tags: + ${APP_TAG}`],
        reason: l10n.t('App registration {0} is adopted on request: from now on it is this configuration\'s.', adopt.id),
        requests: [{ method: 'PATCH', version: 'v1.0', path: `/applications/${enc(adopt.id)}`, body: { ...body, tags: [...(adopt.tags ?? []), APP_TAG] } }],
      };
    }
    if (!changes.length) return { ...base, ...withClashes, action: 'noop', targetId: target.id, requests: [], reason: l10n.t('App registration "{0}" matches the configuration.', config.app.displayName) };
    return {
      ...base,
      ...withClashes,
      action: 'update',
      targetId: target.id,
      changes,
      reason: l10n.t('App registration "{0}" differs from the configuration.', config.app.displayName),
      requests: [{ method: 'PATCH', version: 'v1.0', path: `/applications/${enc(target.id)}`, body }],
    };
  }
  if (clash.length) {
    // Display names are not unique in Entra: creating ours beside it would leave two lookalikes nobody can tell apart.
    return {
      ...base,
      clashes,
      action: 'manual',
      requests: [],
      reason: l10n.t('App registration {0} is already named "{1}" but was not made by this tool (no {2} tag); no lookalike is created beside it.', ids(clash), config.app.displayName, APP_TAG),
      manual: { text: l10n.t('Choose another app.displayName, or adopt the existing app registration explicitly (itsme-b2c apply --adopt-app {0}).', clash[0]!.id) },
    };
  }
  return {
    ...base,
    action: 'create',
    reason: l10n.t('No app registration "{0}" of this configuration exists.', config.app.displayName),
    requests: [{ method: 'POST', version: 'v1.0', path: '/applications', body: desiredApplication(config, kind) }],
  };
}

export function planServicePrincipal(config: ItsmeSetupConfig, observed: ObservedTenant, appStep: PlanStep, app: GraphApplication | undefined): PlanStep {
  const base = { resource: 'servicePrincipal' as const, dependsOn: ['application'] as StepResource[], label: config.app.displayName };
  if (appStep.action === 'manual') return blocked(base, l10n.t('app registration'));
  const sp = servicePrincipalsOf(observed, app).match;
  if (sp) return { ...base, action: 'noop', targetId: sp.id, requests: [], reason: l10n.t('The app\'s service principal exists.') };
  const appId = app?.appId ?? PLACEHOLDERS.applicationAppId;
  return {
    ...base,
    action: 'create',
    reason: l10n.t('Admin consent needs the app\'s service principal, which does not exist yet.'),
    requests: [{ method: 'POST', version: 'v1.0', path: '/servicePrincipals', body: { appId } }],
    // A 409 means another run made it: the service principal of our app is ours.
    onConflict: { method: 'GET', version: 'v1.0', path: `/servicePrincipals?$filter=appId eq ${odataString(appId)}` },
  };
}

export function planConsent(config: ItsmeSetupConfig, observed: ObservedTenant, spStep: PlanStep, app: GraphApplication | undefined): PlanStep {
  const base = { resource: 'adminConsent' as const, dependsOn: ['servicePrincipal'] as StepResource[], label: l10n.t('admin consent: openid, offline_access') };
  if (!config.app.adminConsent) return { ...base, action: 'noop', requests: [], reason: l10n.t('Admin consent is not requested in the configuration.') };
  if (spStep.action === 'manual') return blocked(base, l10n.t('app registration'));
  if (!observed.graphServicePrincipalId) {
    return {
      ...base,
      action: 'manual',
      requests: [],
      reason: l10n.t('Microsoft Graph\'s service principal was not found in this tenant.'),
      manual: { text: l10n.t('In the portal, open the app registration → API permissions → "Grant admin consent".') },
    };
  }
  const sp = servicePrincipalsOf(observed, app).match;
  const grant = consentGrantsOf(observed, sp).match;
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
  const spId = sp?.id ?? PLACEHOLDERS.servicePrincipalId;
  return {
    ...base,
    action: 'create',
    reason: l10n.t('Admin consent for openid and offline_access is not granted.'),
    requests: [
      {
        method: 'POST',
        version: 'v1.0',
        path: '/oauth2PermissionGrants',
        body: { clientId: spId, consentType: 'AllPrincipals', resourceId: observed.graphServicePrincipalId, scope: CONSENT_SCOPES.join(' ') },
      },
    ],
    // "Permission entry already exists" (409 or 400): find it with the documented read and complete its scope.
    onConflict: { method: 'GET', version: 'v1.0', path: `/oauth2PermissionGrants?$filter=clientId eq ${odataString(spId)}` },
  };
}

/**
 * The DELETEs that remove copies of our objects, in dependency order: grants, then service principals, then apps,
 * then identity providers (each unlinked from our flow first when the flow offers it).
 */
export function duplicateRemovals(config: ItsmeSetupConfig, observed: ObservedTenant, keptApps: GraphApplication[], extraIdps: GraphIdentityProvider[], extraApps: GraphApplication[]): { requests: PlanStep['requests']; changes: string[] } {
  const requests: PlanStep['requests'] = [];
  const changes: string[] = [];
  // Extra grants and service principals of the apps we keep.
  for (const app of keptApps) {
    const sps = servicePrincipalsOf(observed, app);
    for (const g of consentGrantsOf(observed, sps.match).duplicates) {
      requests.push({ method: 'DELETE', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(g.id)}` });
      changes.push(l10n.t('admin consent grant {0}: a copy of {1}', g.id, consentGrantsOf(observed, sps.match).match!.id));
    }
    for (const sp of sps.duplicates) {
      requests.push({ method: 'DELETE', version: 'v1.0', path: `/servicePrincipals/${enc(sp.id)}` });
      changes.push(l10n.t('service principal {0}: a copy of {1}', sp.id, sps.match!.id));
    }
  }
  // Extra apps go with their service principals and grants (deleted explicitly: never rely on a cascade).
  for (const app of extraApps) {
    for (const sp of observed.servicePrincipals.filter((x) => x.appId === app.appId)) {
      for (const g of sp.oauth2PermissionGrants ?? []) if (g.clientId === sp.id) requests.push({ method: 'DELETE', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(g.id)}` });
      requests.push({ method: 'DELETE', version: 'v1.0', path: `/servicePrincipals/${enc(sp.id)}` });
    }
    requests.push({ method: 'DELETE', version: 'v1.0', path: `/applications/${enc(app.id)}` });
    changes.push(l10n.t('app registration {0} (appId {1}, created {2}) with its service principal and consent', app.id, app.appId, app.createdDateTime ?? '?'));
  }
  for (const p of extraIdps) {
    if (observed.userFlow && observed.userFlowLinks.includes(p.id)) {
      requests.push({ method: 'DELETE', version: 'beta', path: `/identity/b2cUserFlows/${enc(observed.userFlow.id)}/userFlowIdentityProviders/${enc(p.id)}/$ref` });
    }
    requests.push({ method: 'DELETE', version: 'beta', path: `/identity/identityProviders/${enc(p.id)}` });
    changes.push(l10n.t('identity provider {0} ("{1}", partner code {2})', p.id, p.displayName ?? '', p.clientId ?? ''));
  }
  return { requests, changes };
}

export function planDuplicates(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions): PlanStep | undefined {
  const idps = findIdentityProvider(config, observed, options);
  const apps = findApplication(config, observed, options);
  const kept = apps.match ? [apps.match] : [];
  const { requests, changes } = duplicateRemovals(config, observed, kept, idps.duplicates, apps.duplicates);
  if (!requests.length) return undefined;
  return {
    resource: 'duplicates',
    action: 'removeDuplicate',
    dependsOn: [],
    label: l10n.t('copies of this configuration\'s objects'),
    changes,
    reason: l10n.t('Exact copies of this configuration\'s objects exist (two applies ran at once); the oldest of each is kept (identity providers: the one the user flow offers, else the smallest id) and the others are removed.'),
    requests,
  };
}

/** The apply plan for a configuration against an observed tenant. Pure. */
export function computePlan(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions = {}): Plan {
  // A field set for the other kind (token lifetimes for an external tenant…) is refused before any write.
  assertConfigFitsKind(config, kindOf(observed.tenant));
  if (kindOf(observed.tenant) === 'external') return computeExternalPlan(config, observed, options);
  if (isCustomPolicy(config)) return computeCustomPolicyPlan(config, observed, options);
  const owned = findApplication(config, observed, options);
  const app = owned.match ?? owned.adopt;
  const outputs = outputsFor(config, observed, app?.appId);
  const idp = planIdentityProvider(config, observed, options);
  const flow = planUserFlow(config, observed);
  const appStep = planApplication(config, observed, options);
  const sp = planServicePrincipal(config, observed, appStep, app);
  const steps = [
    idp,
    flow,
    planLink(config, observed, idp, flow),
    planFlowSettings(config, observed, flow, outputs),
    planApplicationClaims(config, observed, flow, outputs, blocked),
    appStep,
    sp,
    planConsent(config, observed, sp, app),
  ];
  const dups = planDuplicates(config, observed, options);
  if (dups) steps.push(dups);
  return { kind: 'apply', tenant: observed.tenant, steps, needsSecret: idp.action === 'create' || idp.action === 'adopt', outputs };
}

export { outputsFor };
