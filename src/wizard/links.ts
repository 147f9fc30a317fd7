// Copy and link targets. The webview names a target; the machine finds the text or URL in its own state, so an
// untrusted page can never make the host open or copy something of its choosing.
import * as l10n from '@vscode/l10n';
import type { PlanOutputs } from '../core/plan/types';
import { ONBOARDING_EMAIL, type CopyTarget, type LinkTarget, type ProgressRow, type WizardState } from './state';

export { ONBOARDING_EMAIL };

export const GUIDE_URL = 'https://learn.microsoft.com/azure/active-directory-b2c/partner-itsme';

/** The outputs the current step can show: the finished result's, else the reviewed plan's. */
export function outputsOf(state: WizardState): PlanOutputs | undefined {
  if (state.step === 'done') return state.result.outputs;
  if (state.step === 'apply') return state.plan.outputs;
  if (state.step === 'review' && state.plan.status === 'ready') return state.plan.plan.outputs;
  return undefined;
}

function manualOf(state: WizardState, resource: string): string | undefined {
  const rows: Array<Pick<ProgressRow, 'resource' | 'manual'>> =
    state.step === 'done' ? state.result.rows : state.step === 'review' && state.plan.status === 'ready' ? state.plan.plan.steps : state.step === 'apply' ? state.rows : [];
  return rows.find((r) => r.resource === resource)?.manual?.portalUrl;
}

/** A generated policy file of the plan (review) or of the result (done), by its place in the upload order. */
export function policyFile(state: WizardState, index: number): { id: string; xml: string } | undefined {
  return outputsOf(state)?.customPolicy?.policies[index];
}

export function copyText(state: WizardState, which: CopyTarget): string | undefined {
  const outputs = outputsOf(state);
  if (!outputs) return undefined;
  switch (which) {
    case 'redirect-0':
      return outputs.itsmeRedirectUris[0];
    case 'redirect-1':
      return outputs.itsmeRedirectUris[1];
    case 'redirectUris':
      return outputs.itsmeRedirectUris.length ? outputs.itsmeRedirectUris.join('\n') : undefined;
    case 'runUserFlowUrl':
      return outputs.runUserFlowUrl;
  }
}

/**
 * A mail draft to itsme's onboarding desk asking to allow-list the two redirect URIs: what they need to find the
 * partner account (partner code, environment) and the URIs, exactly. Never the secret (the state has none).
 */
export function itsmeMailDraft(state: WizardState): { subject: string; body: string } | undefined {
  const uris = outputsOf(state)?.itsmeRedirectUris ?? [];
  if (!uris.length) return undefined;
  const partner = state.form.partnerCode.trim();
  const env = state.form.environment === 'prd' ? l10n.t('prd (production)') : l10n.t('e2e (test)');
  const subject = l10n.t('Redirect URIs for partner code {0} ({1})', partner, state.form.environment);
  const body = [
    l10n.t('Hello,'),
    '',
    l10n.t('Please allow-list these redirect URIs for our itsme partner account.'),
    '',
    l10n.t('Partner code: {0}', partner),
    l10n.t('Environment: {0}', env),
    l10n.t('Redirect URIs:'),
    ...uris.map((u) => `  ${u}`),
    '',
    l10n.t('Thank you.'),
  ].join('\n');
  return { subject, body };
}

export function linkUrl(state: WizardState, which: LinkTarget): string | undefined {
  if (which === 'onboarding') return `mailto:${ONBOARDING_EMAIL}`;
  if (which === 'mailItsme') {
    const draft = itsmeMailDraft(state);
    // RFC 6068: percent-encoded, CRLF line breaks in the body.
    return draft && `mailto:${ONBOARDING_EMAIL}?subject=${encodeURIComponent(draft.subject)}&body=${encodeURIComponent(draft.body.replace(/\n/g, '\r\n'))}`;
  }
  if (which === 'guide') return GUIDE_URL;
  const [kind, key] = which.split(':') as [string, string];
  if (kind === 'manual') return manualOf(state, key);
  const portal = outputsOf(state)?.portal;
  return portal && Object.prototype.hasOwnProperty.call(portal, key) ? portal[key] : undefined;
}
