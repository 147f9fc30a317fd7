// What the sign-in prompts accept, with messages that name the field and the fix. Checked while typing and again
// before anything is saved: an invalid tenant or client id is never written to the settings.
import * as l10n from '@vscode/l10n';
import { checkTenant } from '../config/fieldChecks';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The B2C tenant: its domain or its id. */
export function signInTenantProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Enter the B2C tenant: its domain (contosob2c.onmicrosoft.com) or its tenant id (a GUID).');
  return checkTenant(v, l10n.t('The tenant'));
}

/** The management app registration's client id: a GUID, the "Application (client) ID" of its Overview page. */
export function clientIdProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Enter the client id: the "Application (client) ID" on the Overview page of your management app in App registrations.');
  if (!GUID.test(v)) return l10n.t('The client id must be a GUID such as 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d: copy the "Application (client) ID" from App registrations → your management app → Overview.');
  return undefined;
}
