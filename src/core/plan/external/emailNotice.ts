// The email question, said plainly before apply (external-id.md §2.6). itsme always sends email_verified=false, and
// an email only when the person agreed to share one; External ID treats email as required. Microsoft documents two
// outcomes: the Graph page says the person is asked to verify the email during sign-up, the Entra how-to says the
// account cannot be created. Which one a tenant shows is not documented, so both are told, with what to do.
import * as l10n from '@vscode/l10n';

export interface EmailNotice {
  title: string;
  /** Paragraphs, in order: the facts, the two outcomes, what to do. */
  paragraphs: string[];
}

export function emailNotice(): EmailNotice {
  return {
    title: l10n.t('The email address at sign-up'),
    paragraphs: [
      l10n.t('itsme always sends email_verified = false, and sends an email address only when the person agrees to share it in the itsme app. External ID treats the email address as required for a new account.'),
      l10n.t('Depending on the tenant, one of two things happens the first time a person signs up with itsme: (1) External ID asks them to verify the email address: they get a one-time code by email and type it on the sign-up page, then the account is created; or (2) sign-up is refused with an error and no account is created.'),
      l10n.t('What to do: test a first sign-up with an itsme test identity before going live. If you see (1), tell your users to expect the code email and to share their email address in the itsme app. If you see (2), External ID cannot create itsme accounts in this tenant as it stands: use an Azure AD B2C custom policy instead, or ask Microsoft support about email verification for custom OpenID Connect providers.'),
    ],
  };
}
