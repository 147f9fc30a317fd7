// A B2C user flow's "Application claims" (the claims its tokens carry): which ones this configuration needs, and the
// step that gets them ticked. The documented Graph API cannot read or set them (docs/reference/graph-b2c.md §2.3);
// an unmerged docs branch (§2.4, fork xumzheng/microsoft-graph-docs: resources/b2cidentityuserflow.md, relationship
// "applicationClaims | identityUserFlowAttribute collection") shows a relationship, so the step is treated like the
// token lifetimes (computePlan.ts planFlowSettings): where the tenant lists the relationship, the missing claims are
// added and read back; where it does not, or does not keep them, the step is a named manual portal step.
// The request shape is the docs branch's as far as it goes; its list/remove pages are unfinished copies of the
// identity-provider link page, so adding and removing follow the $ref convention of userFlowIdentityProviders (§2.2):
//   GET  /beta/identity/b2cUserFlows/{id}/applicationClaims
//   POST /beta/identity/b2cUserFlows/{id}/applicationClaims/$ref  {"@odata.id": "{graph}/beta/identity/userFlowAttributes/{attr}"}
import * as l10n from '@vscode/l10n';
import type { ClaimsMapping, ItsmeSetupConfig } from '../config/types';
import type { GraphRequest } from '../graph/port';
import type { ObservedTenant } from './observe';
import type { PlanOutputs, PlanStep, StepResource } from './types';

export interface ApplicationClaim {
  /** The identityUserFlowAttribute id (built-ins as Graph lists them; GUESS for emails and identityProvider). */
  attributeId: string;
  /** The row's label under user flow → Application claims in the Azure portal (the portal's own English name). */
  portalName: string;
  /** The claim's name in a user flow's ID token. */
  tokenClaim: string;
}

/** The claims-mapping fields and what each needs ticked (token names as B2C user flows emit them). */
const FOR_MAPPING: Record<Exclude<keyof ClaimsMapping, 'userId'>, ApplicationClaim> = {
  displayName: { attributeId: 'displayName', portalName: 'Display Name', tokenClaim: 'name' },
  givenName: { attributeId: 'givenName', portalName: 'Given Name', tokenClaim: 'given_name' },
  surname: { attributeId: 'surname', portalName: 'Surname', tokenClaim: 'family_name' },
  email: { attributeId: 'emails', portalName: 'Email Addresses', tokenClaim: 'emails' },
};

/** Which identity provider signed the user in: how an app tells an itsme sign-in from a local account's. */
const IDENTITY_PROVIDER: ApplicationClaim = { attributeId: 'identityProvider', portalName: 'Identity Provider', tokenClaim: 'idp' };

/** The application claims this configuration needs: each mapped claim (userId is the sub, always there) and idp. */
export function wantedApplicationClaims(mapping: ClaimsMapping): ApplicationClaim[] {
  const keys = ['displayName', 'givenName', 'surname', 'email'] as const;
  return [...keys.filter((k) => mapping[k]).map((k) => FOR_MAPPING[k]), IDENTITY_PROVIDER];
}

/** The relationship's read (also the step's verify). */
export function applicationClaimsRead(flowId: string): GraphRequest {
  return { method: 'GET', version: 'beta', path: `/identity/b2cUserFlows/${encodeURIComponent(flowId)}/applicationClaims` };
}

function addRequest(flowId: string, c: ApplicationClaim): GraphRequest {
  return {
    method: 'POST',
    version: 'beta',
    path: `/identity/b2cUserFlows/${encodeURIComponent(flowId)}/applicationClaims/$ref`,
    body: { '@odata.id': `{graph}/beta/identity/userFlowAttributes/${c.attributeId}` },
  };
}

/** The attribute ids a read of the relationship listed (identityUserFlowAttribute objects). */
export function listedClaimIds(body: unknown): string[] {
  const value = (body as { value?: Array<{ id?: unknown }> } | undefined)?.value;
  return Array.isArray(value) ? value.flatMap((a) => (typeof a?.id === 'string' ? [a.id] : [])) : [];
}

/** Every wanted claim is in what was read (attribute ids compare case-insensitively). */
export function claimsListed(body: unknown, wanted: readonly string[]): boolean {
  const have = new Set(listedClaimIds(body).map((x) => x.toLowerCase()));
  return wanted.every((w) => have.has(w.toLowerCase()));
}

/** "In the portal, open user flow B2C_1_itsme → Application claims: tick Display Name, …; then Save." */
export function applicationClaimsManualText(flowId: string, claims: readonly ApplicationClaim[]): string {
  return l10n.t('In the portal, open user flow {0} → Application claims: tick {1}; then Save.', flowId, claims.map((c) => c.portalName).join(', '));
}

/**
 * The step. `observed.applicationClaims` says what the read of the relationship gave: the listed ids, or that the
 * tenant does not offer it (Graph's unknown-segment 400, or any refusal); absent when the flow does not exist yet.
 */
export function planApplicationClaims(config: ItsmeSetupConfig, observed: ObservedTenant, flow: PlanStep, outputs: PlanOutputs, blocked: (s: Omit<PlanStep, 'action' | 'requests' | 'reason'>, on: string) => PlanStep): PlanStep {
  const flowId = config.userFlow.id;
  const base = { resource: 'userFlowClaims' as const, dependsOn: ['userFlow'] as StepResource[], label: l10n.t('{0} application claims', flowId) };
  if (flow.action === 'manual') return blocked(base, l10n.t('user flow'));
  const wanted = wantedApplicationClaims(config.identityProvider.claimsMapping);
  const manual = { text: applicationClaimsManualText(flowId, wanted), portalUrl: outputs.portal['userFlowProperties'] };
  const seen = observed.applicationClaims;
  if (seen?.kind === 'unavailable') {
    return {
      ...base,
      action: 'manual',
      targetId: flowId,
      requests: [],
      reason: l10n.t('Microsoft Graph has no documented way to choose a user flow\'s application claims, and this tenant does not offer the unofficial one ({0}): they are ticked in the portal.', seen.code ?? String(seen.status ?? '')),
      manual,
    };
  }
  const have = new Set((seen?.ids ?? []).map((x) => x.toLowerCase()));
  const missing = wanted.filter((c) => !have.has(c.attributeId.toLowerCase()));
  if (seen && !missing.length) {
    return { ...base, action: 'noop', targetId: flowId, requests: [], reason: l10n.t('The application claims {0} are ticked (read from the tenant).', wanted.map((c) => c.portalName).join(', ')) };
  }
  return {
    ...base,
    action: 'update',
    ...(seen ? { targetId: flowId } : {}),
    changes: missing.map((c) => `applicationClaims: + ${c.portalName} (${c.tokenClaim})`),
    reason: seen
      ? l10n.t('The user flow\'s tokens lack {0}: they are added through Microsoft Graph\'s unofficial application-claims relationship and read back.', missing.map((c) => c.portalName).join(', '))
      : l10n.t('Microsoft Graph has no official setting for a user flow\'s application claims. The wizard tries the unofficial one, then checks that the tenant kept it; if not, it tells you the step to do in the Azure portal.'),
    requests: missing.map((c) => addRequest(flowId, c)),
    verify: applicationClaimsRead(flowId),
    verifyIncludes: wanted.map((c) => c.attributeId),
    manual,
  };
}
