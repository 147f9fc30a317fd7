// itsme.copyRedirectUris: the two …/oauth2/authresp URIs to send to itsme, to the clipboard.
import * as vscode from 'vscode';
import type { Command } from './context';

export const copyRedirectUris = {
  id: 'itsme.copyRedirectUris',
  async run(ctx) {
    const snap = await ctx.tenant.fresh();
    const uris = snap.plan.outputs.itsmeRedirectUris;
    const text = uris.join('\n');
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the redirect URIs to send to itsme (onboarding@itsme-id.com): {0}', uris.join(', ')));
    return text;
  },
} satisfies Command;
