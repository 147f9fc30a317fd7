// What the tree shows and the tenant commands work on: the signed-in tenant read afresh through observe(), as a
// Snapshot (tree.ts projects it into nodes). Errors become an error node here, never an exception.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { observe } from '../core/plan/observe';
import type { Log } from './log';
import type { Session } from './session';
import type { SignInMark } from './signInMark';
import { buildTree, errorNode, isConfigured, snapshotOf, type Snapshot, type TreeNode } from './tree';

const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

export class TenantSnapshot {
  private last: Snapshot | undefined;

  constructor(
    private readonly session: Session,
    private readonly signIn: SignInMark,
    private readonly log: Log,
  ) {}

  /** The last snapshot the tree showed (for tests). */
  get current(): Snapshot | undefined {
    return this.last;
  }

  /** Reads the tenant again and returns the tree's root nodes (none: the view's welcome content shows). */
  async refresh(): Promise<TreeNode[]> {
    const signedIn = await this.signIn.isSignedIn();
    await setContext('itsme.signedIn', signedIn);
    if (!signedIn) {
      this.last = undefined;
      await setContext('itsme.configured', false);
      return [];
    }
    const current = this.session.currentConfig();
    if (!current) return [errorNode(vscode.l10n.t('Set the B2C tenant (setting itsme.tenant).'))];
    try {
      this.last = snapshotOf(current.config, await observe(await this.session.graphPort(false), current.config));
      const configured = isConfigured(this.last);
      await setContext('itsme.configured', configured);
      return configured ? buildTree(this.last) : [];
    } catch (e) {
      this.log.error(`tree: ${e instanceof Error ? e.message : String(e)}`);
      return [errorNode(this.log.redactor.redact(e instanceof Error ? e.message : String(e)))];
    }
  }

  /** The saved configuration of the signed-in tenant, without reading the tenant; or an Error saying what to do first. */
  async config(): Promise<ItsmeSetupConfig> {
    const current = (await this.signIn.isSignedIn()) ? this.session.currentConfig() : undefined;
    if (!current) throw new Error(vscode.l10n.t('Sign in to the B2C tenant and set up itsme first (itsme: Set up itsme sign-in).'));
    return current.config;
  }

  /** A snapshot read just now, or an Error saying what to do first (sign in, set up). */
  async fresh(): Promise<Snapshot> {
    await this.refresh();
    if (!this.last) throw new Error(vscode.l10n.t('Sign in to the B2C tenant and set up itsme first (itsme: Set up itsme sign-in).'));
    return this.last;
  }
}
