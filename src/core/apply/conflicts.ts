// A create that meets "already exists" (409, or 400 "Permission entry already exists" for a grant) is resolved in
// the same round: the documented read the plan names (step.onConflict) finds the object; if it passes the ownership
// test it is adopted (and completed with a PATCH where it differs), otherwise it is a clash left alone. A 409 is never
// retried as transient: repeating the POST cannot succeed.
import * as l10n from '@vscode/l10n';
import { GraphRequestError } from '../graph/errors';
import { OIDC_ODATA_TYPE, type GraphIdentityProvider, type GraphPermissionGrant, type GraphServicePrincipal, type GraphUserFlow } from '../graph/model';
import type { GraphCollection, GraphRequest } from '../graph/port';
import { identityProviderDifferences, isOurIdentityProvider, sameOdataType } from '../plan/ownership';
import type { DesiredIdentityProvider } from '../plan/desired';
import type { PlanStep, StepContext } from '../plan/types';
import { EVENTS_FLOW_ODATA_TYPE, EXTERNAL_OIDC_ODATA_TYPE, type GraphEventsFlow } from '../graph/model';
import { isOidcProviderType } from '../plan/external/ownership';
import { FLOW_TAG } from '../plan/external/guesses';
import { EXTERNAL_GUESSES } from '../plan/external/guesses';

/** 409 on any create; for a grant also the 400 reported in the wild (graph-b2c.md §3, "Permission entry already exists"). */
export function isAlreadyExists(step: PlanStep, e: unknown): e is GraphRequestError {
  if (!(e instanceof GraphRequestError) || step.action !== 'create' || !step.onConflict) return false;
  if (e.kind === 'conflict') return true;
  // External ID documents no status for "name taken" or "app already in a flow" (external-id.md §7: 400 or 409):
  // a 400 is looked up too, and stands as it is when the lookup finds nothing (settleConflict).
  if (e.status === 400 && (step.resource === 'appFlowLink' || (step.resource === 'userFlow' && step.requests[0]?.path === '/identity/authenticationEventsFlows'))) return true;
  return step.resource === 'adminConsent' && e.status === 400 && /already exists/i.test(e.graphMessage ?? '');
}

export type ConflictResolution =
  | { kind: 'adopted'; detail: string; followUp?: GraphRequest }
  | { kind: 'clash'; detail: string; manualText: string }
  /** Not visible yet (replication): the next round reads the tenant again. */
  | { kind: 'notFound' };

const enc = encodeURIComponent;

function itemsOf<T>(body: unknown): T[] {
  const b = body as Partial<GraphCollection<T>> | T | undefined;
  if (b && typeof b === 'object' && Array.isArray((b as GraphCollection<T>).value)) return (b as GraphCollection<T>).value;
  return b ? [b as T] : [];
}

/**
 * Decides what the existing object is, from the lookup's response and the create body that was refused, and
 * records its id in the context so the dependent steps go on.
 */
export function resolveConflict(step: PlanStep, created: Record<string, unknown>, lookupBody: unknown, ctx: StepContext): ConflictResolution {
  const already = l10n.t('It already existed (made meanwhile, e.g. by another apply): adopted.');
  if (isOidcProviderType(created['@odata.type'] as string | undefined) || created['@odata.type'] === EVENTS_FLOW_ODATA_TYPE || step.resource === 'appFlowLink') {
    return resolveExternalConflict(step, created, lookupBody, ctx, already);
  }
  switch (step.resource) {
    case 'identityProvider': {
      const want = created as unknown as DesiredIdentityProvider;
      const named = itemsOf<GraphIdentityProvider>(lookupBody).filter((p) => (p.displayName ?? '').toLowerCase() === want.displayName.toLowerCase());
      const ours = named.filter((p) => isOurIdentityProvider(want, p)).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (ours[0]) {
        ctx.identityProviderId = ours[0].id;
        const { clientSecret: _secret, ...desired } = want as DesiredIdentityProvider & { clientSecret?: string };
        const diff = identityProviderDifferences(desired, ours[0]);
        if (!diff.length) return { kind: 'adopted', detail: already };
        const body: Record<string, unknown> = { '@odata.type': OIDC_ODATA_TYPE };
        for (const k of ['metadataUrl', 'scope', 'responseType', 'responseMode', 'claimsMapping', 'domainHint'] as const) if (desired[k] !== undefined) body[k] = desired[k];
        return { kind: 'adopted', detail: already, followUp: { method: 'PATCH', version: 'beta', path: `/identity/identityProviders/${enc(ours[0].id)}`, body } };
      }
      const other = named.find((p) => sameOdataType(p['@odata.type'], OIDC_ODATA_TYPE)) ?? named[0];
      if (!other) return { kind: 'notFound' };
      return {
        kind: 'clash',
        detail: l10n.t('Identity provider {0} is named "{1}" but is not this configuration\'s ({2}); it is left alone.', other.id, want.displayName, identityProviderDifferences(want, other).join('; ')),
        manualText: l10n.t('Choose another identity provider display name (identityProvider.displayName), or adopt the existing one explicitly (itsme-b2c apply --adopt-identity-provider {0}).', other.id),
      };
    }
    case 'userFlow': {
      const flow = itemsOf<GraphUserFlow>(lookupBody)[0];
      if (!flow) return { kind: 'notFound' };
      const wantType = created['userFlowType'];
      if (flow.userFlowType && flow.userFlowType !== wantType) {
        return {
          kind: 'clash',
          detail: l10n.t('User flow {0} exists but is a {1} flow, not sign-up-or-sign-in; it is left alone.', flow.id, flow.userFlowType),
          manualText: l10n.t('Choose another user flow name (userFlow.name).'),
        };
      }
      return { kind: 'adopted', detail: already };
    }
    case 'servicePrincipal': {
      const sp = itemsOf<GraphServicePrincipal>(lookupBody).find((x) => x.appId === created['appId']);
      if (!sp) return { kind: 'notFound' };
      ctx.servicePrincipalId = sp.id; // the service principal of our app is ours
      return { kind: 'adopted', detail: already };
    }
    case 'adminConsent': {
      const grant = itemsOf<GraphPermissionGrant>(lookupBody).find((g) => g.clientId === created['clientId'] && g.resourceId === created['resourceId'] && g.consentType === 'AllPrincipals');
      if (!grant) return { kind: 'notFound' };
      const have = grant.scope.split(/\s+/).filter(Boolean);
      const missing = String(created['scope'] ?? '').split(/\s+/).filter((s) => s && !have.includes(s));
      if (!missing.length) return { kind: 'adopted', detail: already };
      return { kind: 'adopted', detail: already, followUp: { method: 'PATCH', version: 'v1.0', path: `/oauth2PermissionGrants/${enc(grant.id)}`, body: { scope: [...have, ...missing].join(' ') } } };
    }
    default:
      return { kind: 'notFound' };
  }
}

/** The same decisions in an external tenant: provider (type, name, partner code), flow (name and our tag), app link. */
function resolveExternalConflict(step: PlanStep, created: Record<string, unknown>, lookupBody: unknown, ctx: StepContext, already: string): ConflictResolution {
  const sameName = (a: unknown, b: unknown): boolean => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();
  switch (step.resource) {
    case 'identityProvider': {
      const named = itemsOf<GraphIdentityProvider>(lookupBody).filter((p) => sameName(p.displayName, created['displayName']));
      const ours = named.filter((p) => isOidcProviderType(p['@odata.type']) && p.clientId === created['clientId']).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (ours[0]) {
        ctx.identityProviderId = ours[0].id;
        // Made meanwhile by another apply of this configuration: complete it (the secret is the one in use here).
        const { displayName: _n, ...rest } = created;
        return { kind: 'adopted', detail: already, followUp: { method: 'PATCH', version: EXTERNAL_GUESSES.providerVersion, path: `/identity/identityProviders/${enc(ours[0].id)}`, body: { ...rest, '@odata.type': EXTERNAL_OIDC_ODATA_TYPE } } };
      }
      const other = named[0];
      if (!other) return { kind: 'notFound' };
      return {
        kind: 'clash',
        detail: l10n.t('Identity provider {0} is named "{1}" but is not this configuration\'s (type {2}, partner code {3}); it is left alone.', other.id, String(created['displayName']), other['@odata.type'] ?? '?', other.clientId ?? '?'),
        manualText: l10n.t('Choose another identity provider display name (identityProvider.displayName), or adopt the existing one explicitly (itsme-b2c apply --adopt-identity-provider {0}).', other.id),
      };
    }
    case 'userFlow': {
      const named = itemsOf<GraphEventsFlow>(lookupBody).filter((f) => sameName(f.displayName, created['displayName']));
      const ours = named.filter((f) => f.description === FLOW_TAG || (ctx.identityProviderId && (f.onAuthenticationMethodLoadStart?.identityProviders ?? []).some((p) => p.id === ctx.identityProviderId))).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (ours[0]) {
        ctx.userFlowId = ours[0].id;
        return { kind: 'adopted', detail: already };
      }
      if (!named[0]) return { kind: 'notFound' };
      return {
        kind: 'clash',
        detail: l10n.t('User flow "{0}" ({1}) exists but is not this configuration\'s; it is left alone.', String(created['displayName']), named[0].id),
        manualText: l10n.t('Choose another user flow name (userFlow.name), or set userFlow.existing to true to add itsme and the test app to that flow.'),
      };
    }
    case 'appFlowLink': {
      const flow = itemsOf<GraphEventsFlow>(lookupBody)[0];
      if (!flow) return { kind: 'notFound' };
      if (flow.id === ctx.userFlowId) return { kind: 'adopted', detail: l10n.t('The app was already linked to the user flow.') };
      return {
        kind: 'clash',
        detail: l10n.t('The app is linked to another user flow, "{0}" ({1}); an app can be in one user flow only, and it is not moved.', flow.displayName ?? flow.id, flow.id),
        manualText: l10n.t('In the Microsoft Entra admin center, open User flows → "{0}" → Applications and remove the app there if it should sign in with itsme; or choose another app.displayName. Then apply again.', flow.displayName ?? flow.id),
      };
    }
    default:
      return { kind: 'notFound' };
  }
}
