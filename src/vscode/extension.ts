// The extension's entry point, kept tiny: it registers the commands and the tree, and loads everything else
// (engine, Graph client, @azure/identity, wizard host) from dist/host.js on first use, so activate() costs
// almost nothing. No `*` activation: VS Code activates on a contributed command or view.
import * as vscode from 'vscode';
import type { Host } from './host';
import type { TreeNode } from './tree';

export const COMMAND_IDS = [
  'itsme.setup',
  'itsme.setupQuickPick',
  'itsme.signIn',
  'itsme.signOut',
  'itsme.refresh',
  'itsme.runUserFlow',
  'itsme.copyRedirectUris',
  'itsme.openInPortal',
  'itsme.rotateSecret',
  'itsme.remove',
  'itsme.showLog',
  'itsme.copyPermissions',
  'itsme.openAppRegistrations',
  'itsme.copyValue',
  'itsme.edit',
  'itsme.addTenant',
  'itsme.removeTenant',
] as const;

export interface ExtensionApi {
  /** How long activate() took, in ms (for the benchmark). */
  activationMs: number;
  /** Loads (once) and returns the host behind the commands and the tree (for extension-host tests). */
  host(): Promise<Host>;
}

/** The tree provider VS Code sees; it asks the host, loading it when the view first shows. */
class LazyTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  constructor(private readonly host: () => Promise<Host>) {}
  refresh(): void {
    this.emitter.fire();
  }
  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return (await this.host()).getChildren(node);
  }
  async getTreeItem(node: TreeNode): Promise<vscode.TreeItem> {
    return (await this.host()).getTreeItem(node);
  }
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  let hostPromise: Promise<Host> | undefined;
  const tree = new LazyTree(() => loadHost());
  const loadHost = (): Promise<Host> =>
    (hostPromise ??= Promise.resolve().then(() => {
      // A path esbuild does not follow, so host.js stays a separate bundle loaded on demand.
      const modulePath = './host.js';
      const host = (require(modulePath) as typeof import('./host')).createHost(context);
      context.subscriptions.push(host.onDidChangeTree(() => tree.refresh()));
      return host;
    }));
  context.subscriptions.push(vscode.window.registerTreeDataProvider('itsme.tenant', tree));
  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await loadHost()).commands[id]!(...args)));
  }
  return { activationMs: performance.now() - started, host: loadHost };
}

export function deactivate(): void {
  // Disposables are in context.subscriptions.
}
