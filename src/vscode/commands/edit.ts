// itsme.edit: "Edit…" on a configured value or object of the tree: the setup wizard, for that node's tenant,
// opened at the step that holds the field (the field table, src/core/config/fields.ts, says which).
import * as vscode from 'vscode';
import { rowOf } from '../../core/config/fields';
import type { TreeNode } from '../tree';
import type { Command } from './context';

/** The wizard step of a node: its configuration field's step, else the object's own step. */
export function stepOf(node: TreeNode | undefined): string | undefined {
  const field = node?.data?.field;
  const row = field ? rowOf(field) : undefined;
  return row?.wizard?.[0]?.step ?? node?.data?.step;
}

export const edit = {
  id: 'itsme.edit',
  async run(_ctx, raw) {
    const node = raw as TreeNode | undefined;
    // itsme.setup runs on the node's tenant and opens the wizard at `step` (see commands/setup.ts).
    return vscode.commands.executeCommand('itsme.setup', { tenant: node?.tenant, step: stepOf(node) });
  },
} satisfies Command;
