// itsme.copyValue: a tree value to the clipboard, whole (the description may show it shortened).
import * as vscode from 'vscode';
import type { TreeNode } from '../tree';
import type { Command } from './context';

export const copyValue = {
  id: 'itsme.copyValue',
  async run(_ctx, raw) {
    const node = raw as TreeNode | undefined;
    const text = node?.data?.value ?? node?.description ?? node?.label;
    if (!text) return undefined;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', node?.label ?? ''), 3000);
    return text;
  },
} satisfies Command;
