// Copy and link targets. The webview names a target; the machine finds the text or URL in its own state, so an
// untrusted page can never make the host open or copy something of its choosing.
import type { PlanOutputs } from '../core/plan/types';
import type { CopyTarget, LinkTarget, ProgressRow, WizardState } from './state';

export const ONBOARDING_EMAIL = 'onboarding@itsme-id.com';
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

export function linkUrl(state: WizardState, which: LinkTarget): string | undefined {
  if (which === 'onboarding') return `mailto:${ONBOARDING_EMAIL}`;
  if (which === 'guide') return GUIDE_URL;
  const [kind, key] = which.split(':') as [string, string];
  if (kind === 'manual') return manualOf(state, key);
  const portal = outputsOf(state)?.portal;
  return portal && Object.prototype.hasOwnProperty.call(portal, key) ? portal[key] : undefined;
}
