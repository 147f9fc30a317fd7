// The checks a custom-policy token adds (B2C custom-policy variant): each extra itsme claim the configuration
// requested is in the token, itsme's assurance level (the base policy maps itsme's acr to itsme_acr) is the one
// configured, and the ID token lives exactly the JWT issuer's configured seconds. The expectations come from the
// plan (plan.outputs.customPolicy.expectations), so the check and the generated policy cannot disagree.
import * as l10n from '@vscode/l10n';
import { ITSME_CLAIMS } from '../policy/claims';
import type { CustomPolicyOutputs } from '../plan/types';
import type { TokenCheck } from './checkIdToken';

export type CustomPolicyExpectations = CustomPolicyOutputs['expectations'];

function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** The itsme scope that releases a token claim, for the "what to fix" words (national number → eid). */
function scopeOf(tokenClaim: string): string | undefined {
  return ITSME_CLAIMS.find((c) => c.tokenClaim === tokenClaim)?.scope;
}

export function customPolicyChecks(payload: Record<string, unknown>, want: CustomPolicyExpectations, policyId: string): TokenCheck[] {
  const checks: TokenCheck[] = [];
  for (const claim of want.claims) {
    const label = l10n.t('Claim {0}', claim);
    const value = payload[claim];
    if (value !== undefined && value !== null && value !== '') {
      checks.push({ id: `claim:${claim}`, ok: true, label, detail: l10n.t('Present: {0}', shown(value)) });
      continue;
    }
    const scope = scopeOf(claim);
    checks.push({
      id: `claim:${claim}`,
      ok: false,
      label,
      detail: l10n.t('The token has no {0}, which the configuration requests.', claim),
      fix: scope
        ? l10n.t('Check that your itsme service releases the scope {0} (ask itsme onboarding if not) and that policy {1} in the tenant is the one generated for this configuration: apply it again.', scope, policyId)
        : l10n.t('Check that policy {0} in the tenant is the one generated for this configuration (apply it again) and that your itsme service may release this claim.', policyId),
    });
  }
  const acr = payload[want.assurance.claim];
  const assuranceLabel = l10n.t('Assurance level');
  if (acr === want.assurance.value) {
    checks.push({ id: 'assurance', ok: true, label: assuranceLabel, detail: l10n.t('{0} = {1}, as configured.', want.assurance.claim, want.assurance.value) });
  } else {
    checks.push({
      id: 'assurance',
      ok: false,
      label: assuranceLabel,
      detail:
        acr === undefined
          ? l10n.t('The token has no {0} claim; expected {1}.', want.assurance.claim, want.assurance.value)
          : l10n.t('{0} is {1} instead of the configured {2}.', want.assurance.claim, shown(acr), want.assurance.value),
      fix: l10n.t('Check the assurance setting (customPolicy.assurance) and apply again so that policy {0} sends it to itsme as acr_values; advanced needs an itsme service that allows the itsme code.', policyId),
    });
  }
  const iat = payload['iat'];
  const exp = payload['exp'];
  const lifetime = typeof iat === 'number' && typeof exp === 'number' ? exp - iat : undefined;
  const lifetimeLabel = l10n.t('Lifetime');
  if (lifetime === want.idTokenLifetimeSeconds) {
    checks.push({ id: 'lifetime', ok: true, label: lifetimeLabel, detail: l10n.t('{0} seconds, as configured.', lifetime) });
  } else {
    checks.push({
      id: 'lifetime',
      ok: false,
      label: lifetimeLabel,
      detail:
        lifetime === undefined
          ? l10n.t('The token has no iat or exp claim; the configured lifetime is {0} seconds.', want.idTokenLifetimeSeconds)
          : l10n.t('{0} seconds instead of the configured {1}.', lifetime, want.idTokenLifetimeSeconds),
      fix: l10n.t('The ID token lifetime is the JWT issuer\'s id_token_lifetime_secs in policy {0}: set customPolicy.tokenLifetimes.idTokenSeconds and apply again, so the tenant holds the policy generated for it.', policyId),
    });
  }
  return checks;
}
