// itsme.openAppRegistrations: the Azure portal's App registrations list, in the B2C tenant of itsme.tenant when it
// is set (the tenant in the path makes the portal switch directory, as urls.ts's portal links do), where the
// management app is registered.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import type { Command } from './context';

const BLADE = '#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade';

/** The portal URL: scoped to the tenant (a domain or a GUID) when one is set, else the signed-in user's home directory. */
export function appRegistrationsUrl(tenant: string): string {
  const t = tenant.trim();
  return /^[\w.-]+$/.test(t) ? `https://portal.azure.com/${encodeURIComponent(t)}${BLADE}` : `https://portal.azure.com/${BLADE}`;
}

export const openAppRegistrations = {
  id: 'itsme.openAppRegistrations',
  async run() {
    const url = appRegistrationsUrl(readSettings().tenant);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  },
} satisfies Command;
