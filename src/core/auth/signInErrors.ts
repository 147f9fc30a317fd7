// Sign-in failures in words. Microsoft Entra's token endpoint answers with an AADSTS code and a long English
// description (with trace and correlation ids); people need what happened and what to do. The table below
// recognises the codes a first setup meets; the raw text goes to the log only (the caller logs it).
// Codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import * as l10n from '@vscode/l10n';

export type SignInProblemKind = 'unknownClient' | 'wrongTenant' | 'consent' | 'badSecret' | 'expiredSecret' | 'missingSecret';

export interface SignInProblem {
  /** "AADSTS700016" */
  code: string;
  kind: SignInProblemKind;
  /** What happened, in words. */
  what: string;
  /** What to do about it. */
  todo: string;
}

export interface SignInContext {
  tenant?: string;
  clientId?: string;
}

const q = (v: string | undefined, fallback: () => string): string => (v ? `"${v}"` : fallback());

const TABLE: Record<string, { kind: SignInProblemKind; what(c: SignInContext): string; todo(c: SignInContext): string }> = {
  // Application with identifier '…' was not found in the directory '…'.
  '700016': {
    kind: 'unknownClient',
    what: (c) => l10n.t('The client id {0} is not registered in the tenant {1}: there is no app registration with that id.', q(c.clientId, () => l10n.t('of the management app')), q(c.tenant, () => l10n.t('you signed in to'))),
    todo: () => l10n.t('Copy the "Application (client) ID" from App registrations → your management app → Overview in that tenant, and sign in again.'),
  },
  // Tenant '…' not found.
  '90002': {
    kind: 'wrongTenant',
    what: (c) => l10n.t('The tenant {0} was not found.', q(c.tenant, () => l10n.t('you named'))),
    todo: () => l10n.t('Check the tenant\'s domain (contosob2c.onmicrosoft.com) or its id (a GUID) in the Azure portal, and sign in again.'),
  },
  // User account '…' from identity provider '…' does not exist in tenant '…'.
  '50020': {
    kind: 'wrongTenant',
    what: (c) => l10n.t('The account you signed in with is not a user of the tenant {0}.', q(c.tenant, () => l10n.t('you named'))),
    todo: () => l10n.t('Sign in with an account of that B2C tenant (or one invited to it), or check that the tenant is the right one.'),
  },
  // The user or administrator has not consented to use the application.
  '65001': {
    kind: 'consent',
    what: () => l10n.t('The management app\'s Microsoft Graph permissions have no admin consent in this tenant.'),
    todo: () => l10n.t('In App registrations → your management app → API permissions, choose "Grant admin consent", then sign in again.'),
  },
  // Invalid client secret provided.
  '7000215': {
    kind: 'badSecret',
    what: () => l10n.t('The service principal\'s secret is wrong.'),
    todo: () => l10n.t('Enter the secret\'s Value (not its Secret ID) from App registrations → Certificates & secrets, and sign in again.'),
  },
  // The provided client secret keys for app '…' are expired.
  '7000222': {
    kind: 'expiredSecret',
    what: () => l10n.t('The service principal\'s secret has expired.'),
    todo: () => l10n.t('Create a new client secret in App registrations → Certificates & secrets, and sign in again with it.'),
  },
  // The request body must contain … 'client_assertion' or 'client_secret'.
  '7000218': {
    kind: 'missingSecret',
    what: () => l10n.t('No secret was sent for the service principal.'),
    todo: () => l10n.t('Sign in again and enter the service principal\'s secret.'),
  },
};

/** Every AADSTS code in a text, in order ("AADSTS700016"). */
export function aadstsCodes(text: string): string[] {
  return [...text.matchAll(/AADSTS(\d{4,8})/g)].map((m) => `AADSTS${m[1]}`);
}

/** The first recognised AADSTS code of a sign-in failure's text, in words; undefined when none is recognised. */
export function translateSignInError(text: string, context: SignInContext = {}): SignInProblem | undefined {
  for (const code of aadstsCodes(text)) {
    const row = TABLE[code.slice('AADSTS'.length)];
    if (row) return { code, kind: row.kind, what: row.what(context), todo: row.todo(context) };
  }
  return undefined;
}

/** What a person is shown: what happened, then what to do. */
export function signInProblemText(p: SignInProblem): string {
  return `${p.what} ${p.todo}`;
}
