// itsme.openInPortal: the Azure portal page of a tree node's object, or a pick of the plan's portal links.
import * as vscode from 'vscode';
import type { TreeNode } from '../tree';
import type { Command } from './context';

export const openInPortal = {
  id: 'itsme.openInPortal',
  async run(ctx, node) {
    const links = (await ctx.tenant.fresh()).plan.outputs.portal;
    const kind = (node as TreeNode | undefined)?.kind;
    const byKind: Record<string, string | undefined> = {
      itsmeIdentityProvider: links['identityProviders'],
      itsmeUserFlow: links['userFlowProperties'],
      itsmeApplication: links['appRegistration'] ?? links['appRegistrations'],
    };
    let url = kind ? byKind[kind] : undefined;
    if (!url) {
      const pick = await vscode.window.showQuickPick(
        Object.entries(links).map(([k, v]) => ({ label: k, detail: v })),
        { title: vscode.l10n.t('Open in Azure portal'), ignoreFocusOut: true },
      );
      url = pick?.detail;
    }
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  },
} satisfies Command;
