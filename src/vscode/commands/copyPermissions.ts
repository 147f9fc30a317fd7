// itsme.copyPermissions: the Microsoft Graph permissions the management app registration needs, to the clipboard
// (the walkthrough's "register the management app" step). Which kind (delegated or application) follows the
// sign-in method, because that is what the user picks in the portal's "Request API permissions" page. What is
// copied and said: permissionsText.ts (External ID's and custom policies' extra permissions are said, not copied).
import * as vscode from 'vscode';
import { permissionsToCopy } from '../permissionsText';
import { readSettings } from '../settings';
import type { Command } from './context';

export const copyPermissions = {
  id: 'itsme.copyPermissions',
  async run() {
    const { text, message } = permissionsToCopy(readSettings().signInMethod);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(message);
    return text;
  },
} satisfies Command;
