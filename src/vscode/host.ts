// Everything behind the commands and the tree, loaded on first use (extension.ts stays tiny so activation is
// cheap). Composes the log, SecretStorage, the session (sign-in + engine) and the tenant snapshot, and hands them
// to the commands (commands/, one file each), registered through runCommand's one wrapper.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { COMMANDS } from './commands';
import type { CommandContext, CommandId } from './commands/context';
import { wizardDeps } from './commands/setup';
import { ConfigStore } from './configStore';
import { createLog } from './log';
import { commandTable, type CommandHandler } from './runCommand';
import { Secrets } from './secrets';
import { Session } from './session';
import { SignInMark } from './signInMark';
import { TenantSnapshot } from './tenantSnapshot';
import { TokenView } from './token/tokenView';
import { toTreeItem, type Snapshot, type TreeNode } from './tree';

export interface Host {
  commands: Record<CommandId, CommandHandler>;
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
  onDidChangeTree: vscode.Event<void>;
  /** The last snapshot the tree showed (for tests). */
  lastSnapshot(): Snapshot | undefined;
  /** What the wizard would start from: the saved configuration, else the workspace's itsme-b2c.json. */
  initialWizardConfig(): Promise<ItsmeSetupConfig | undefined>;
  /** The tenants the user added, with their sign-in (for extension-host tests). */
  tenants: SignInMark['tenants'];
  /** The token view (its last report, for tests). */
  tokenView: TokenView;
  /** The services the wizard runs on (for extension-host tests of the same paths the wizard takes). */
  wizardServices(): ReturnType<Session['wizardServices']>;
}

export function createHost(context: vscode.ExtensionContext): Host {
  // The engine's strings (@vscode/l10n) use the same translation bundle as the extension's (vscode.l10n).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = createLog();
  const secrets = new Secrets(context.secrets, (v) => log.redactor.add(v));
  const session = new Session(secrets, new ConfigStore(context.globalState), log);
  const signIn = new SignInMark(context.globalState, secrets);
  const tenant = new TenantSnapshot(session, signIn, log);
  const tokenView = new TokenView(context.extensionUri, log);
  context.subscriptions.push(
    log.channel,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('itsme')) session.reset();
    }),
  );
  const ctx: CommandContext = { extension: context, log, secrets, session, signIn, tenant, tokenView };

  return {
    commands: commandTable(ctx, COMMANDS),
    getChildren: async (node) => (node ? (node.children ?? []) : tenant.refresh()),
    getTreeItem: toTreeItem,
    onDidChangeTree: session.onDidChange,
    lastSnapshot: () => tenant.current,
    tenants: signIn.tenants,
    wizardServices: () => session.wizardServices(),
    initialWizardConfig: async () => (await wizardDeps(ctx)).initialConfig,
    tokenView,
  };
}
