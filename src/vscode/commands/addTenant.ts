// itsme.addTenant: another tenant in the list (an e2e and a prd tenant side by side): "Sign in" to it, with its
// own method, client id and secret. The tenants already in the list keep theirs.
import * as vscode from 'vscode';
import type { Command } from './context';

export const addTenant = {
  id: 'itsme.addTenant',
  async run(_ctx, raw) {
    // The sign-in asks for the tenant; automation passes the same arguments as to itsme.signIn.
    return vscode.commands.executeCommand('itsme.signIn', raw);
  },
} satisfies Command;
