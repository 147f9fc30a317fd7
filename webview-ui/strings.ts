// The page's words, through @vscode/l10n (the host sends the bundle for VS Code's display language).
import * as l10n from '@vscode/l10n';
import type { StepId } from '../src/wizard/steps';
import type { RowStatus, StepAction, StepResource } from '../src/wizard/state';

export const t = l10n.t;

export function stepTitle(step: StepId): string {
  switch (step) {
    case 'prerequisites':
      return t('Before you start');
    case 'tenant':
      return t('Azure AD B2C tenant');
    case 'environment':
      return t('itsme environment');
    case 'credentials':
      return t('itsme credentials');
    case 'identityProvider':
      return t('Identity provider');
    case 'userFlow':
      return t('User flow');
    case 'app':
      return t('App registration');
    case 'review':
      return t('Review the plan');
    case 'apply':
      return t('Applying');
    case 'done':
      return t('Done');
  }
}

export function actionWord(action: StepAction): string {
  switch (action) {
    case 'create':
      return t('create');
    case 'update':
      return t('update');
    case 'link':
      return t('link');
    case 'noop':
      return t('no change');
    case 'manual':
      return t('manual');
    case 'delete':
      return t('delete');
    case 'unlink':
      return t('unlink');
  }
}

export function statusWord(status: RowStatus): string {
  switch (status) {
    case 'pending':
      return t('waiting');
    case 'running':
      return t('running');
    case 'done':
      return t('done');
    case 'noop':
      return t('no change');
    case 'manual':
      return t('manual step');
    case 'failed':
      return t('failed');
    case 'skipped':
      return t('skipped');
    case 'cancelled':
      return t('cancelled');
  }
}

export function resourceName(resource: StepResource): string {
  switch (resource) {
    case 'identityProvider':
      return t('itsme identity provider');
    case 'userFlow':
      return t('User flow');
    case 'userFlowLink':
      return t('itsme in the user flow');
    case 'userFlowSettings':
      return t('Token lifetimes');
    case 'application':
      return t('App registration');
    case 'servicePrincipal':
      return t('Service principal');
    case 'adminConsent':
      return t('Admin consent');
  }
}
