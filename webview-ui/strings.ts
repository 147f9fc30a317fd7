// The page's words, through @vscode/l10n (the host sends the bundle for VS Code's display language).
import * as l10n from '@vscode/l10n';
import type { StepId } from '../src/wizard/steps';
import type { PageId } from '../src/wizard/view';
import type { RowStatus, StepAction, StepResource } from '../src/wizard/state';
import type { TenantKind } from '../src/wizard/tenantKind';

/** The platform in full, for the review's tenant line and the tenant check. */
export function platformName(kind: TenantKind): string {
  return kind === 'external' ? l10n.t('Microsoft Entra External ID') : l10n.t('Azure AD B2C');
}

/** The platform in short, inside sentences ("B2C will read", "External ID will read"). */
export function platformShort(kind: TenantKind): string {
  return kind === 'external' ? l10n.t('External ID') : l10n.t('B2C');
}


/** A step's title; the tenant step names the kind once the tenant check said it (`kind` undefined: not yet). */
export function stepTitle(step: StepId, kind?: TenantKind): string {
  switch (step) {
    case 'prerequisites':
      return l10n.t('Before you start');
    case 'tenant':
      return kind === 'external' ? l10n.t('External ID tenant') : kind === 'b2c' ? l10n.t('Azure AD B2C tenant') : l10n.t('B2C or External ID tenant');
    case 'environment':
      return l10n.t('itsme environment');
    case 'credentials':
      return l10n.t('itsme credentials');
    case 'identityProvider':
      return l10n.t('Identity provider');
    case 'userFlow':
      return l10n.t('User flow');
    case 'customPolicy':
      return l10n.t('Custom policy');
    case 'app':
      return l10n.t('App registration');
    case 'review':
      return l10n.t('Review the plan');
    case 'apply':
      return l10n.t('Applying');
    case 'done':
      return l10n.t('Done');
  }
}

/** The heading of the page shown: a step's title, or "Setup did not finish" for a run that did not. */
export function pageTitle(page: PageId, kind?: TenantKind): string {
  return page === 'failed' ? l10n.t('Setup did not finish') : stepTitle(page, kind);
}

export function actionWord(action: StepAction): string {
  switch (action) {
    case 'create':
      return l10n.t('create');
    case 'update':
      return l10n.t('update');
    case 'link':
      return l10n.t('link');
    case 'noop':
      return l10n.t('no change');
    case 'manual':
      return l10n.t('manual');
    case 'delete':
      return l10n.t('delete');
    case 'unlink':
      return l10n.t('unlink');
    case 'adopt':
      return l10n.t('adopt');
    case 'removeDuplicate':
      return l10n.t('remove duplicate');
  }
}

export function statusWord(status: RowStatus): string {
  switch (status) {
    case 'pending':
      return l10n.t('waiting');
    case 'running':
      return l10n.t('running');
    case 'done':
      return l10n.t('done');
    case 'noop':
      return l10n.t('no change');
    case 'manual':
      return l10n.t('manual step');
    case 'failed':
      return l10n.t('failed');
    case 'skipped':
      return l10n.t('skipped');
    case 'cancelled':
      return l10n.t('cancelled');
  }
}

export function resourceName(resource: StepResource): string {
  switch (resource) {
    case 'identityProvider':
      return l10n.t('itsme identity provider');
    case 'userFlow':
      return l10n.t('User flow');
    case 'userFlowLink':
      return l10n.t('itsme in the user flow');
    case 'userFlowSettings':
      return l10n.t('Token lifetimes');
    case 'userFlowClaims':
      return l10n.t('Application claims');
    case 'application':
      return l10n.t('App registration');
    case 'servicePrincipal':
      return l10n.t('Service principal');
    case 'adminConsent':
      return l10n.t('Admin consent');
    case 'appFlowLink':
      return l10n.t('App link to user flow');
    case 'duplicates':
      return l10n.t('Duplicates');
    case 'itsmeSecretKeySet':
      return l10n.t('Policy key: itsme client secret');
    case 'signingKeySet':
      return l10n.t('Policy key: token signing');
    case 'encryptionKeySet':
      return l10n.t('Policy key: token encryption');
    case 'basePolicy':
      return l10n.t('Base policy');
    case 'relyingPartyPolicy':
      return l10n.t('Relying-party policy');
  }
}
