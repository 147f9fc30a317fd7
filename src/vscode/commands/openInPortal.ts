// itsme.openInPortal: the Azure portal page (B2C) or Microsoft Entra admin center page (External ID) of a tree
// node's object, or a pick of the plan's portal links, named in words ("Identity providers", "App registration of
// the test app"), the URL only as the row's detail.
import * as vscode from 'vscode';
import { portalLinkName } from '../../core/format';
import type { TreeNode } from '../tree';
import type { Command } from './context';

export const openInPortal = {
  id: 'itsme.openInPortal',
  async run(ctx, node) {
    const outputs = (await ctx.tenant.fresh()).plan.outputs;
    const links = outputs.portal;
    const external = outputs.kind === 'external';
    const kind = (node as TreeNode | undefined)?.kind;
    const byKind: Record<string, string | undefined> = {
      itsmeIdentityProvider: links['identityProviders'],
      // External ID's admin center has no deep link to one flow that is documented: its list of user flows.
      itsmeUserFlow: links['userFlowProperties'] ?? links['userFlows'],
      itsmeApplication: links['appRegistration'] ?? links['appRegistrations'],
    };
    let url = kind ? byKind[kind] : undefined;
    if (!url) {
      const pick = await vscode.window.showQuickPick(
        Object.entries(links).map(([k, v]) => ({ label: `$(link-external) ${portalLinkName(k)}`, detail: v, url: v })),
        external
          ? { title: vscode.l10n.t('Open in Azure Portal'), placeHolder: vscode.l10n.t('Which page of the Microsoft Entra admin center?'), ignoreFocusOut: true }
          : { title: vscode.l10n.t('Open in Azure Portal'), placeHolder: vscode.l10n.t('Which page of the Azure portal?'), ignoreFocusOut: true },
      );
      url = pick?.url;
    }
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  },
} satisfies Command;
