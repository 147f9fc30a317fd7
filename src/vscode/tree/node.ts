// A node of the tenants tree and the VS Code TreeItem it becomes. One static contextValue per kind (the menus in
// package.json key on it); every node carries its tenant, so a command run from it acts on that tenant.
import * as vscode from 'vscode';

export type NodeKind =
  | 'itsmeTenant'
  | 'itsmeTenantSignedOut'
  | 'itsmeRedirectUris'
  | 'itsmeIdentityProvider'
  | 'itsmeUserFlow'
  | 'itsmeApplication'
  /** B2C custom policy: a generated policy (the relying party runs like a user flow) and a policy key set. */
  | 'itsmePolicy'
  | 'itsmeKeySet'
  /** A value: Copy (inline and in the context menu). */
  | 'itsmeValue'
  /** A configured value: Copy, and Edit… (the wizard at its step). */
  | 'itsmeValueEditable'
  /** A next step to click (Sign in, Set up). */
  | 'itsmeAction'
  | 'itsmeDetail'
  | 'itsmeWarning'
  | 'itsmeError';

export interface TreeNode {
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown: what the label and description do not say (never just the two again). */
  tooltip?: string;
  icon?: string;
  children?: TreeNode[];
  /** The tenant the node belongs to (the command argument's `tenant`, see commands/context.ts). */
  tenant?: string;
  /** Stable across refreshes (keeps what is expanded); unique in the tree. */
  id?: string;
  /**
   * For commands run from the node: `value` (what Copy copies, whole), `field` (the configuration path Edit…
   * opens, e.g. itsme.partnerCode), `step` (a wizard step), `id`/`flowId`/`appId` (the object).
   */
  data?: Record<string, string>;
  /** Run on click (action nodes). */
  command?: { command: string; title: string; arguments?: unknown[] };
}

function icon(n: TreeNode): vscode.ThemeIcon | undefined {
  if (!n.icon) return undefined;
  const color = n.kind === 'itsmeWarning' && n.icon === 'warning' ? 'list.warningForeground' : n.kind === 'itsmeError' ? 'list.errorForeground' : undefined;
  return new vscode.ThemeIcon(n.icon, color ? new vscode.ThemeColor(color) : undefined);
}

export function toTreeItem(n: TreeNode): vscode.TreeItem {
  const expanded = n.kind === 'itsmeTenant' || n.kind === 'itsmeRedirectUris';
  const collapsible = n.children?.length ? (expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(n.label, collapsible);
  if (n.id) item.id = n.id;
  item.description = n.description;
  // Screen readers (and the UI tests) hear the value too, not only the label.
  item.accessibilityInformation = { label: n.description ? `${n.label}, ${n.description}` : n.label };
  if (n.tooltip) {
    const md = new vscode.MarkdownString(n.tooltip, true);
    md.isTrusted = false;
    item.tooltip = md;
  }
  item.contextValue = n.kind;
  item.iconPath = icon(n);
  if (n.command) item.command = n.command;
  return item;
}

export function errorNode(message: string, tenant?: string): TreeNode {
  return { kind: 'itsmeError', label: message, icon: 'error', tenant, tooltip: `$(error) ${mdEscape(message)}\n\n${vscode.l10n.t('The whole message is in the log (itsme: Show log).')}` };
}

/** Markdown-escapes text from the tenant (names, URLs) so it shows as typed. */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** A value in backticks (code), safe whatever it holds. */
export function mdCode(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text}${ticks}`;
}
