// The itsme provider of an external tenant (oidcIdentityProvider, external-id.md §2): its desired shape, the diff,
// and the request that creates, updates or adopts it. The issuer comes from itsme's discovery document (pre-flight):
// no provider is created while that document fails the checks External ID makes.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../../config/types';
import type { GraphIdentityProvider } from '../../graph/model';
import type { ObservedTenant } from '../observe';
import type { Clash, PlanOptions, PlanStep } from '../types';
import type { Owned } from '../ownership';
import { clientSecretAuthentication, desiredOidcProvider, type DesiredOidcProvider } from './desired';
import { EXTERNAL_GUESSES } from './guesses';
import { findExternalProvider, isOidcProviderType } from './ownership';
import { EXTERNAL_OIDC_ODATA_TYPE } from '../../graph/model';

const enc = encodeURIComponent;
const V = (): 'v1.0' | 'beta' => EXTERNAL_GUESSES.providerVersion;

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).filter(([, y]) => y !== null && y !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** Field-level differences and the PATCH body; the issuer is compared only when the discovery document gave one. */
export function diffExternalProvider(want: DesiredOidcProvider, have: GraphIdentityProvider, issuerKnown: boolean): { body: Record<string, unknown>; changes: string[] } {
  const body: Record<string, unknown> = {};
  const changes: string[] = [];
  const keys = ['displayName', 'clientId', ...(issuerKnown ? (['issuer'] as const) : []), 'wellKnownEndpoint', 'responseType', 'scope'] as const;
  for (const key of keys) {
    if ((have[key] ?? '') !== want[key]) {
      body[key] = want[key];
      changes.push(`${key}: ${JSON.stringify(have[key] ?? null)} → ${JSON.stringify(want[key])}`);
    }
  }
  if (stable(have.inboundClaimMapping ?? {}) !== stable(want.inboundClaimMapping)) {
    body['inboundClaimMapping'] = want.inboundClaimMapping;
    const h = (have.inboundClaimMapping ?? {}) as Record<string, unknown>;
    const w = want.inboundClaimMapping as Record<string, unknown>;
    changes.push(`inboundClaimMapping: ${[...new Set([...Object.keys(h), ...Object.keys(w)])].filter((k) => stable(h[k] ?? null) !== stable(w[k] ?? null)).join(', ')}`);
  }
  if (Object.keys(body).length) body['@odata.type'] = EXTERNAL_OIDC_ODATA_TYPE;
  return { body, changes };
}

/** What differs between a provider with our name and ours (never the secret). */
export function externalProviderDifferences(config: ItsmeSetupConfig, want: DesiredOidcProvider, have: GraphIdentityProvider): string[] {
  const out: string[] = [];
  if (!isOidcProviderType(have['@odata.type'])) out.push(`@odata.type: ${JSON.stringify(have['@odata.type'] ?? null)} (not ${EXTERNAL_OIDC_ODATA_TYPE})`);
  if (have.clientId !== config.itsme.partnerCode) out.push(`clientId: ${JSON.stringify(have.clientId ?? null)} → ${JSON.stringify(config.itsme.partnerCode)}`);
  return [...out, ...diffExternalProvider(want, have, true).changes.filter((c) => !c.startsWith('clientId') && !c.startsWith('displayName'))];
}

export const PROVIDER_LOOKUP = { method: 'GET', version: EXTERNAL_GUESSES.providerVersion, path: '/identity/identityProviders' } as const;

export function planExternalProvider(config: ItsmeSetupConfig, observed: ObservedTenant, options: PlanOptions, owned: Owned<GraphIdentityProvider> = findExternalProvider(config, observed, options)): PlanStep {
  const discovery = observed.external?.discovery;
  const issuer = discovery?.issuer;
  const want = desiredOidcProvider(config, issuer ?? '');
  const base = { resource: 'identityProvider' as const, dependsOn: [], label: want.displayName };
  const { match, clash, adopt } = owned;
  const clashes: Clash[] = clash.map((p) => ({ id: p.id, type: p['@odata.type'], differences: externalProviderDifferences(config, want, p) }));
  const withClashes = clashes.length ? { clashes } : {};
  if (match) {
    const { body, changes } = diffExternalProvider(want, match, !!issuer);
    if (!changes.length) return { ...base, ...withClashes, action: 'noop', targetId: match.id, requests: [], reason: l10n.t('The itsme identity provider "{0}" matches the configuration.', want.displayName) };
    return { ...base, ...withClashes, action: 'update', targetId: match.id, changes, reason: l10n.t('The itsme identity provider "{0}" differs from the configuration.', want.displayName), requests: [{ method: 'PATCH', version: V(), path: `/identity/identityProviders/${enc(match.id)}`, body }] };
  }
  const preflightFailed = (): PlanStep => ({
    ...base,
    ...withClashes,
    action: 'manual',
    requests: [],
    reason: l10n.t('itsme\'s discovery document does not pass the pre-flight, so External ID would refuse the provider: {0}', (discovery?.problems ?? []).join(' ')),
    manual: { text: l10n.t('Check the itsme environment and endpoint version (itsme.environment, itsme.generation, itsme.metadataUrl) against your onboarding mail, then apply again.') },
  });
  if (adopt) {
    if (!issuer || !discovery?.ok) return preflightFailed();
    const { body, changes } = diffExternalProvider(want, adopt, true);
    return {
      ...base,
      ...withClashes,
      action: 'adopt',
      targetId: adopt.id,
      changes: [...changes, 'clientAuthentication: ← the itsme client secret of this configuration'],
      reason: l10n.t('Identity provider {0} is adopted on request: from now on it is this configuration\'s.', adopt.id),
      requests: [{ method: 'PATCH', version: V(), path: `/identity/identityProviders/${enc(adopt.id)}`, body: { ...body, '@odata.type': EXTERNAL_OIDC_ODATA_TYPE, clientId: config.itsme.partnerCode, clientAuthentication: clientSecretAuthentication() } }],
    };
  }
  if (clash.length) {
    return {
      ...base,
      clashes,
      action: 'manual',
      requests: [],
      reason: l10n.t('Identity provider {0} is already named "{1}" but is not this configuration\'s (ours is an OpenID Connect provider with partner code {2}); it is left alone.', clash.map((p) => p.id).join(', '), want.displayName, want.clientId),
      manual: { text: l10n.t('Choose another identity provider display name (identityProvider.displayName), or adopt the existing one explicitly (itsme-b2c apply --adopt-identity-provider {0}): it then gets this configuration\'s partner code, endpoints and secret.', clash[0]!.id) },
    };
  }
  if (!issuer || !discovery?.ok) return preflightFailed();
  return {
    ...base,
    action: 'create',
    reason: l10n.t('No itsme identity provider named "{0}" exists.', want.displayName),
    requests: [{ method: 'POST', version: V(), path: '/identity/identityProviders', body: { ...want, clientAuthentication: clientSecretAuthentication() } }],
    onConflict: PROVIDER_LOOKUP,
  };
}
