// Which one action fixes a run that did not finish. Decided from the error's type and Graph's error kind (never
// from Graph's message text); sign-in errors come from the host's credential (@azure/identity names its errors,
// the extension throws SignInNeededError), and the AADSTS code of an unknown client or tenant points to settings.
import { GraphRequestError, isCancelled } from '../core/graph/errors';
import type { FailureCause } from './state';

/** Sign-in errors whose cause is a setting (the management app's client id, the tenant), not an expired sign-in. */
const SETTINGS_CODES = /\bAADSTS(700016|90002|900023|90072)\b/;
const SIGN_IN_ERRORS = new Set(['SignInNeededError', 'AuthenticationRequiredError', 'CredentialUnavailableError', 'AuthenticationError', 'ClientAuthError', 'InteractionRequiredAuthError']);

export function failureCause(error: unknown, cancelled = false): FailureCause {
  if (cancelled || isCancelled(error)) return 'retry';
  if (error instanceof GraphRequestError) {
    if (error.kind === 'auth') return 'signIn';
    if (error.transient) return 'retry';
    return 'log';
  }
  if (!(error instanceof Error)) return 'log';
  if (SETTINGS_CODES.test(error.message)) return 'settings';
  // The extension's own "set itsme.clientId / itsme.tenant first" is a SignInNeededError that names a setting.
  if (error.name === 'SignInNeededError' && /\bitsme\.(clientId|tenant)\b/.test(error.message)) return 'settings';
  if (SIGN_IN_ERRORS.has(error.name)) return 'signIn';
  return 'log';
}
