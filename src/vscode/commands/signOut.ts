// itsme.signOut: forget the sign-in mark and a service principal's secret; the settings (the user's choice) stay.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import type { Command } from './context';

export const signOut = {
  id: 'itsme.signOut',
  async run(ctx) {
    const s = readSettings();
    if (s.tenant) await ctx.secrets.clearServicePrincipalSecret(s.tenant);
    await ctx.signIn.clear();
    ctx.session.reset();
    // At once, not at the tree's next refresh: the palette and the view offer "Sign In" again, "Sign Out" goes.
    await vscode.commands.executeCommand('setContext', 'itsme.signedIn', false);
    await vscode.commands.executeCommand('setContext', 'itsme.configured', false);
    ctx.session.notifyChanged();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}.', s.tenant || vscode.l10n.t('the tenant')));
  },
} satisfies Command;
