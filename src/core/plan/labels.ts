// Plan resources, actions and portal links in words, for every place a person reads them: the CLI's text output,
// the QuickPick review, the Remove dialog, the portal picker (and, later, the webview). Pure and vscode-free so
// the webview bundle can import it too. The resource keys stay in --json and in the engine.
import * as l10n from '@vscode/l10n';
import { CONSENT_SCOPES } from './desired';
import type { PlanStep, StepAction, StepResource } from './types';

const RESOURCE_NAMES: Record<StepResource, () => string> = {
  identityProvider: () => l10n.t('Identity provider'),
  userFlow: () => l10n.t('User flow'),
  userFlowLink: () => l10n.t('User flow link'),
  userFlowSettings: () => l10n.t('Token lifetimes'),
  userFlowClaims: () => l10n.t('Application claims'),
  application: () => l10n.t('App registration'),
  servicePrincipal: () => l10n.t('Service principal'),
  adminConsent: () => l10n.t('Admin consent'),
  appFlowLink: () => l10n.t('App link to user flow'),
  duplicates: () => l10n.t('Copies'),
  itsmeSecretKeySet: () => l10n.t('Policy key: itsme client secret'),
  signingKeySet: () => l10n.t('Policy key: token signing'),
  encryptionKeySet: () => l10n.t('Policy key: token encryption'),
  basePolicy: () => l10n.t('Base policy'),
  relyingPartyPolicy: () => l10n.t('Relying-party policy'),
};

/** "Identity provider", "User flow link", "Token lifetimes", "Admin consent"… */
export function resourceName(resource: StepResource): string {
  return RESOURCE_NAMES[resource]();
}

const ACTION_NAMES: Record<StepAction, () => string> = {
  create: () => l10n.t('Create'),
  update: () => l10n.t('Update'),
  link: () => l10n.t('Link'),
  noop: () => l10n.t('No change'),
  manual: () => l10n.t('Manual step'),
  delete: () => l10n.t('Delete'),
  unlink: () => l10n.t('Unlink'),
  adopt: () => l10n.t('Adopt'),
  removeDuplicate: () => l10n.t('Remove copy'),
};

/** "Create", "Delete", "Remove copy"… (capitalised: it starts a row or a sentence). */
export function actionName(action: StepAction): string {
  return ACTION_NAMES[action]();
}

/** The object a step acts on, without its kind: "itsme", "B2C_1_itsme", "openid, offline_access". */
export function stepObject(step: Pick<PlanStep, 'resource' | 'label'>): string {
  return step.resource === 'adminConsent' ? CONSENT_SCOPES.join(', ') : step.label;
}

/** The object with its kind, mid-sentence: "identity provider itsme", "admin consent for openid, offline_access". */
function objectPhrase(step: Pick<PlanStep, 'resource' | 'label'>): string {
  const o = stepObject(step);
  switch (step.resource) {
    case 'identityProvider':
      return l10n.t('identity provider {0}', o);
    case 'userFlow':
      return l10n.t('user flow {0}', o);
    case 'userFlowLink': // "itsme → B2C_1_itsme": "Unlink itsme → B2C_1_itsme"
    case 'userFlowSettings': // "B2C_1_itsme token lifetimes and MFA": the label already says what it is
      return o;
    case 'application':
      return l10n.t('app registration {0}', o);
    case 'servicePrincipal':
      return l10n.t('service principal of {0}', o);
    case 'adminConsent':
      return l10n.t('admin consent for {0}', o);
    case 'appFlowLink': // "itsme-test-jwtms → itsme"
    case 'userFlowClaims': // "B2C_1_itsme application claims"
      return o;
    case 'duplicates':
      return o;
    case 'itsmeSecretKeySet':
    case 'signingKeySet':
    case 'encryptionKeySet':
      return l10n.t('policy key {0}', o);
    case 'basePolicy':
    case 'relyingPartyPolicy':
      return l10n.t('custom policy {0}', o);
  }
}

/** One step as a sentence: "Delete admin consent for openid, offline_access", "Unlink itsme → B2C_1_itsme". */
export function stepSentence(step: Pick<PlanStep, 'resource' | 'label' | 'action'>): string {
  return l10n.t('{0} {1}', actionName(step.action), objectPhrase(step));
}

const PORTAL_NAMES: Record<string, () => string> = {
  identityProviders: () => l10n.t('Identity providers'),
  userFlows: () => l10n.t('User flows'),
  userFlowProperties: () => l10n.t('User flow properties (token lifetimes, MFA)'),
  appRegistration: () => l10n.t('App registration of the test app'),
  appRegistrations: () => l10n.t('App registrations'),
};

/** The portal page a link of plan.outputs.portal opens, in words; an unknown key is shown as it is. */
export function portalLinkName(key: string): string {
  return PORTAL_NAMES[key]?.() ?? key;
}
