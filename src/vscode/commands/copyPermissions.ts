// itsme.copyPermissions: the Microsoft Graph permissions the management app registration needs, to the clipboard
// (the walkthrough's "register the management app" step). Which kind (delegated or application) follows the
// sign-in method, because that is what the user picks in the portal's "Request API permissions" page.
import * as vscode from 'vscode';
import { GRAPH_SCOPES } from '../../core/auth/scopes';
import { readSettings } from '../settings';
import type { Command } from './context';

export const copyPermissions = {
  id: 'itsme.copyPermissions',
  async run() {
    const text = GRAPH_SCOPES.join('\n');
    await vscode.env.clipboard.writeText(text);
    const kind =
      readSettings().signInMethod === 'servicePrincipal'
        ? vscode.l10n.t('Add them as application permissions of Microsoft Graph, then grant admin consent.')
        : vscode.l10n.t('Add them as delegated permissions of Microsoft Graph, then grant admin consent.');
    // External ID's user flows are authenticationEventsFlows, written with EventListener.ReadWrite.All
    // (external-id.md §4). Said, not copied: the list stays the one every B2C tenant needs.
    const external = vscode.l10n.t('For a Microsoft Entra External ID (external) tenant, add {0} too: its user flows need it.', 'EventListener.ReadWrite.All');
    void vscode.window.showInformationMessage(`${vscode.l10n.t('Copied {0} permissions: {1}. {2}', GRAPH_SCOPES.length, GRAPH_SCOPES.join(', '), kind)} ${external}`);
    return text;
  },
} satisfies Command;
