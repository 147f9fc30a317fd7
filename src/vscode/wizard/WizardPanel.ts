// The webview host of the setup wizard: one panel at a time, a strict CSP with a nonce, a ready handshake, and every
// incoming message checked by the protocol guards. The state machine runs here (through WizardRunner); the page
// only renders the view it is sent. Closing the panel aborts an apply in flight; reopening resumes (at review).
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewHtml';
import type { ItsmeSetupConfig } from '../../core/config/types';
import type { HostMessage } from '../../protocol/messages';
import { parseWebviewMessage } from '../../protocol/guards';
import { initialState } from '../../wizard/initial';
import { restore, WIZARD_STATE_KEY } from '../../wizard/persistence';
import { WizardRunner } from '../../wizard/runner';
import type { WizardServices } from '../../wizard/services';
import type { WizardState } from '../../wizard/state';
import type { FormStepId } from '../../wizard/steps';
import { toView } from '../../wizard/view';
import { showPolicyFile } from './policyDocuments';
import { dropLogFor } from '../log';

/** What both wizard hosts (this panel and the QuickPick flow) need from the extension. */
export interface WizardDeps {
  extensionUri: vscode.Uri;
  services: WizardServices;
  /** Where the wizard's progress is kept between sessions (values typed and the step; never the secret). */
  memento: vscode.Memento;
  log: vscode.LogOutputChannel;
  onRunUserFlow(url: string): unknown;
  onCopy(text: string): unknown;
  onOpenUrl(url: string): unknown;
  /** Values to start from when there is no wizard in progress (a saved configuration). */
  initialConfig?: ItsmeSetupConfig;
  /** The extension's sign-in ("Sign in" / "Sign out"), so the wizard knows when Apply cannot work. */
  signIn?: SignInWatch;
  /** Start afresh from initialConfig at this step ("Edit…" in the tree) instead of resuming. */
  startStep?: FormStepId;
}

export interface SignInWatch {
  /** The tenant signed in to, or undefined when not signed in. */
  signedInTenant(): Promise<string | undefined>;
  onDidChange: vscode.Event<void>;
}

/** The saved wizard if there is one (resume), else a new one from the saved configuration or the defaults. */
export function startingState(deps: Pick<WizardDeps, 'memento' | 'initialConfig' | 'startStep'>): WizardState {
  if (deps.startStep) return { ...initialState(deps.initialConfig), step: deps.startStep };
  return restore(deps.memento.get<string>(WIZARD_STATE_KEY)) ?? initialState(deps.initialConfig);
}

export function createRunner(deps: WizardDeps, onState: (state: WizardState) => void): WizardRunner {
  return new WizardRunner(startingState(deps), {
    services: deps.services,
    persist: (serialized) => deps.memento.update(WIZARD_STATE_KEY, serialized),
    copy: (text) => deps.onCopy(text),
    openUrl: (url) => deps.onOpenUrl(url),
    // jwt.ms: the authorize URL in the browser; VS Code: the Run user flow command, which receives the token itself.
    runUserFlow: (url, target) => (target === 'vscode' ? vscode.commands.executeCommand('itsme.runUserFlow', { target: 'vscode' }) : deps.onRunUserFlow(url)),
    signIn: async () => (await vscode.commands.executeCommand<boolean | undefined>('itsme.signIn')) === true,
    openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', 'itsme.'),
    showLog: () => vscode.commands.executeCommand('itsme.showLog'),
    openPolicy: (id, xml) => showPolicyFile(id, xml),
    onState,
    log: { info: (m) => deps.log.info(m), warn: (m) => deps.log.warn(m) },
  });
}


export class WizardPanel {
  static readonly viewType = 'itsme.wizard';
  private static current: WizardPanel | undefined;

  private ready = false;
  private readonly runner: WizardRunner;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the wizard, or brings the open one to the front (one wizard at a time). */
  static show(deps: WizardDeps): WizardPanel {
    if (WizardPanel.current) {
      WizardPanel.current.panel.reveal();
      return WizardPanel.current;
    }
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(WizardPanel.viewType, vscode.l10n.t('Set up itsme sign-in'), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [root],
      // No retainContextWhenHidden: a hidden page is discarded and, shown again, re-renders from the host's state.
    });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'itsme.svg');
    panel.webview.html = webviewHtml(panel.webview, root, 'wizard', vscode.l10n.t('Set up itsme sign-in'));
    WizardPanel.current = new WizardPanel(panel, deps);
    return WizardPanel.current;
  }

  /** The open wizard, if any (for commands and extension-host tests). */
  static get currentPanel(): WizardPanel | undefined {
    return WizardPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: WizardDeps,
  ) {
    this.runner = createRunner(deps, () => this.postState());
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    if (deps.signIn) this.disposables.push(deps.signIn.onDidChange(() => void this.syncSignIn()));
    void this.syncSignIn().then(() => this.runner.start());
  }

  /** Tells the machine about the extension's sign-in: signed in (and to which tenant), or signed out since. */
  private signedIn = false;
  private async syncSignIn(): Promise<void> {
    const tenant = await this.deps.signIn?.signedInTenant().catch(() => undefined);
    if (tenant) this.runner.dispatch({ type: 'signedIn', tenant });
    // Only a sign-out seen while open: a wizard may sign in on its own tenant check without the Sign in command.
    else if (this.signedIn) this.runner.dispatch({ type: 'signedOut' });
    this.signedIn = !!tenant;
  }

  get state(): WizardState {
    return this.runner.state;
  }

  /** Every message from the page comes through here, checked; exposed so tests can send malformed ones. */
  handleMessage(raw: unknown): void {
    // Counted and summarised, never one line per message: a page may send thousands (protocol/dropLog.ts).
    const drop = dropLogFor(this.deps.log);
    const msg = parseWebviewMessage(raw, (reason) => drop(`wizard: ${reason}`));
    if (!msg) return;
    if (msg.type === 'ready') {
      // (Again after the page was hidden and reloaded.) Translations first, then the state to render.
      this.ready = true;
      void this.post({ type: 'init', ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}) });
      this.postState();
      return;
    }
    if (!this.ready) {
      drop(`wizard: dropped a "${msg.type}" message that came before "ready"`);
      return;
    }
    switch (msg.type) {
      case 'event':
        return this.runner.dispatch(msg.event);
      case 'storeSecret':
        // The value goes to SecretStorage and nowhere else: not to state, the log, or back to the page.
        return void this.runner.storeSecret(msg.value, msg.next ? { type: 'next' } : undefined);
      case 'clearSecret':
        return void this.runner.clearSecret();
    }
  }

  private postState(): void {
    if (this.ready) void this.post({ type: 'state', view: toView(this.runner.state) });
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    WizardPanel.current = undefined;
    this.runner.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
