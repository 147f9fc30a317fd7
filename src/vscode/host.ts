// Everything behind the commands and the tree, loaded on first use (extension.ts stays tiny so activation is
// cheap). Composes the session (sign-in + engine), the wizard, the tree snapshot and the command handlers.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { resolveConfig } from '../core/config/validate';
import { observe } from '../core/plan/observe';
import { computeDestroyPlan } from '../core/plan/destroyPlan';
import { computeRotatePlan } from '../core/plan/rotatePlan';
import { checkTenant } from '../core/plan/checkTenant';
import { applyPlan } from '../core/apply/applyPlan';
import { applyConfiguration } from '../core/apply/applyConfiguration';
import { findApplication } from '../core/plan/computePlan';
import { checkIdToken } from '../core/token/checkIdToken';
import { randomBytes } from 'node:crypto';
import { loopbackRedirectUri, receiveOnLoopback } from './token/loopback';
import { TOKEN_SCHEME, TokenView } from './token/tokenView';
import { WizardPanel } from './wizard/WizardPanel';
import { runQuickPickWizard } from './wizard/quickPickWizard';
import { ConfigStore } from './configStore';
import { createLog } from './log';
import { runCommand } from './runCommand';
import { Secrets } from './secrets';
import { Session } from './session';
import { readSettings, updateSetting, type SignInMethod } from './settings';
import { buildTree, errorNode, isConfigured, snapshotOf, toTreeItem, type Snapshot, type TreeNode } from './tree';

const SIGNED_IN_KEY = 'itsme.signedIn';

export interface SignInArgs {
  tenant?: string;
  method?: SignInMethod;
  clientId?: string;
  /** For automation (extension-host tests); people are asked with a password box. */
  secret?: string;
}

export interface RunArgs {
  /** 'vscode' = the loopback receiver; otherwise a registered redirect URI. Asked when absent. */
  target?: string;
}

export interface Host {
  commands: Record<string, (...args: unknown[]) => Promise<unknown>>;
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
  onDidChangeTree: vscode.Event<void>;
  /** The last snapshot the tree showed (for tests). */
  lastSnapshot(): Snapshot | undefined;
  /** What the wizard would start from: the saved configuration, else the workspace's itsme-b2c.json. */
  initialWizardConfig(): Promise<ItsmeSetupConfig | undefined>;
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
  let snapshot: Snapshot | undefined;
  const tokenView = new TokenView();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(TOKEN_SCHEME, tokenView));
  context.subscriptions.push(
    log.channel,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('itsme')) session.reset();
    }),
  );

  const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

  async function isSignedIn(): Promise<boolean> {
    const s = readSettings();
    const mark = context.globalState.get<string>(SIGNED_IN_KEY);
    if (!s.tenant || mark !== `${s.signInMethod}:${s.tenant.toLowerCase()}`) return false;
    if (s.signInMethod === 'servicePrincipal') return !!(await secrets.servicePrincipalSecret(s.tenant));
    return true;
  }

  async function refreshSnapshot(): Promise<TreeNode[]> {
    const signedIn = await isSignedIn();
    await setContext('itsme.signedIn', signedIn);
    if (!signedIn) {
      snapshot = undefined;
      await setContext('itsme.configured', false);
      return [];
    }
    const current = session.currentConfig();
    if (!current) return [errorNode(vscode.l10n.t('Set the B2C tenant (setting itsme.tenant).'))];
    try {
      snapshot = snapshotOf(current.config, await observe(await session.graphPort(false), current.config));
      const configured = isConfigured(snapshot);
      await setContext('itsme.configured', configured);
      return configured ? buildTree(snapshot) : [];
    } catch (e) {
      log.error(`tree: ${e instanceof Error ? e.message : String(e)}`);
      return [errorNode(log.redactor.redact(e instanceof Error ? e.message : String(e)))];
    }
  }

  async function freshSnapshot(): Promise<Snapshot> {
    await refreshSnapshot();
    if (!snapshot) throw new Error(vscode.l10n.t('Sign in to the B2C tenant and set up itsme first (itsme: Set up itsme sign-in).'));
    return snapshot;
  }

  /** A workspace's itsme-b2c.json (the CLI's configuration file) prefills the wizard when nothing was saved. */
  async function workspaceConfig(): Promise<ItsmeSetupConfig | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'itsme-b2c.json'));
      const r = resolveConfig(JSON.parse(new TextDecoder().decode(bytes)));
      if (!r.ok) log.warn(`itsme-b2c.json in the workspace is not used: ${r.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
      return r.ok ? r.config : undefined;
    } catch {
      return undefined;
    }
  }

  async function wizardDeps() {
    const current = session.currentConfig();
    return {
      extensionUri: context.extensionUri,
      services: session.wizardServices(),
      memento: context.globalState,
      log: log.channel,
      onRunUserFlow: (url: string) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
      onCopy: (text: string) => void vscode.env.clipboard.writeText(text),
      onOpenUrl: (url: string) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
      initialConfig: current?.saved ? current.config : await workspaceConfig(),
    };
  }

  async function signIn(args: SignInArgs = {}): Promise<boolean> {
    const s = readSettings();
    const tenant =
      args.tenant ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to an Azure AD B2C tenant'),
        prompt: vscode.l10n.t('The B2C tenant: its domain (contosob2c.onmicrosoft.com) or id'),
        value: s.tenant,
        ignoreFocusOut: true,
        validateInput: (v) => {
          const r = resolveConfig({ tenant: v.trim(), itsme: { partnerCode: 'x', serviceCode: 'x' } });
          return r.ok ? undefined : r.issues.find((i) => i.field === 'tenant')?.message;
        },
      }));
    if (!tenant) return false;
    const methods: Array<vscode.QuickPickItem & { id: SignInMethod }> = [
      { id: 'microsoft', label: vscode.l10n.t('Microsoft account'), detail: vscode.l10n.t('VS Code\'s Microsoft sign-in with your management app registration (setting itsme.clientId)') },
      { id: 'servicePrincipal', label: vscode.l10n.t('Service principal'), detail: vscode.l10n.t('A management app\'s client id and secret (the secret is kept in SecretStorage)') },
      { id: 'azureCli', label: vscode.l10n.t('Azure CLI'), detail: vscode.l10n.t('The account of `az login`') },
    ];
    const method = args.method ?? (await vscode.window.showQuickPick(methods, { title: vscode.l10n.t('How do you sign in?'), ignoreFocusOut: true }))?.id;
    if (!method) return false;
    await updateSetting('tenant', tenant.trim());
    await updateSetting('signInMethod', method);
    if (method !== 'azureCli') {
      const clientId =
        args.clientId ??
        (await vscode.window.showInputBox({ title: vscode.l10n.t('Management app client id'), prompt: vscode.l10n.t('Client id (GUID) of the app registration that manages the tenant'), value: s.clientId, ignoreFocusOut: true }));
      if (!clientId) return false;
      await updateSetting('clientId', clientId.trim());
    }
    if (method === 'servicePrincipal') {
      const secret = args.secret ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Service principal secret'), prompt: vscode.l10n.t('Stored in VS Code SecretStorage, never in settings'), password: true, ignoreFocusOut: true }));
      if (!secret) return false;
      await secrets.storeServicePrincipalSecret(tenant.trim(), secret);
    }
    session.reset();
    const probe = resolveConfig({ tenant: tenant.trim(), itsme: { partnerCode: 'x', serviceCode: 'x' } });
    if (!probe.ok) return false;
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the tenant…') }, async () => checkTenant(await session.graphPort(true), probe.config));
    await context.globalState.update(SIGNED_IN_KEY, `${method}:${tenant.trim().toLowerCase()}`);
    await setContext('itsme.signedIn', true);
    session.notifyChanged();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to {0} (Azure AD B2C).', info.initialDomain));
    return true;
  }

  /** Adds the loopback redirect to the app through the engine (the saved configuration grows by that URI). */
  async function registerLoopback(snap: Snapshot, uri: string): Promise<void> {
    const config = structuredClone(snap.config);
    config.app.redirectUris = [...config.app.redirectUris, uri];
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Adding {0} to the app registration…', uri) }, async () =>
      applyConfiguration(await session.graphPort(true), config, { secret: await secrets.itsmeSecret(config.tenant.tenant ?? '') }),
    );
    if (result.status === 'failed' || result.status === 'cancelled') throw result.error ?? new Error(vscode.l10n.t('Could not add the redirect URI.'));
    await session.configs.save(config);
  }

  async function runUserFlow(args: RunArgs): Promise<unknown> {
    const snap = await freshSnapshot();
    const app = findApplication(snap.config, snap.observed).match;
    if (!snap.plan.outputs.runUserFlowUrl || !app) throw new Error(vscode.l10n.t('There is no app registration to run the user flow with: run itsme: Set up itsme sign-in.'));
    const loopback = loopbackRedirectUri(readSettings().loopbackPort);
    const registered = (app.web?.redirectUris ?? []).filter((u) => u !== loopback);
    type Choice = vscode.QuickPickItem & { uri: string };
    const choices: Choice[] = [
      ...registered.map((u) => ({ uri: u, label: u === 'https://jwt.ms' ? vscode.l10n.t('jwt.ms (default)') : u, detail: vscode.l10n.t('Opens the user flow; the token is shown at {0}', u) })),
      { uri: loopback, label: vscode.l10n.t('Show the token in VS Code'), detail: vscode.l10n.t('Receives it on {0} and checks it{1}', loopback, app.web?.redirectUris?.includes(loopback) ? '' : vscode.l10n.t(' (adds this redirect URI to the app first)')) },
    ];
    const target = args.target === 'vscode' ? loopback : args.target ?? (await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Where should the token go?'), ignoreFocusOut: true }))?.uri;
    if (!target) return undefined;
    const url = new URL(snap.plan.outputs.runUserFlowUrl);
    url.searchParams.set('redirect_uri', target);
    if (target !== loopback) {
      log.info(`run user flow: ${url.toString()}`);
      await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
      return url.toString();
    }
    if (!app.web?.redirectUris?.includes(loopback)) {
      const add = vscode.l10n.t('Add and run');
      const ok = args.target === 'vscode' ? add : await vscode.window.showInformationMessage(vscode.l10n.t('The app registration has no {0} redirect URI yet. Add it?', loopback), { modal: true }, add);
      if (ok !== add) return undefined;
      await registerLoopback(snap, loopback);
    }
    const nonce = randomBytes(16).toString('hex');
    const state = randomBytes(16).toString('hex');
    url.searchParams.set('nonce', nonce);
    url.searchParams.set('state', state);
    log.info(`run user flow (token to VS Code): ${url.toString()}`);
    const params = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for the sign-in in your browser…'), cancellable: true },
      async (_p, cancel) => {
        const pending = receiveOnLoopback(readSettings().loopbackPort, state, cancel);
        await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
        return pending;
      },
    );
    const error = params.get('error');
    if (error) throw new Error(vscode.l10n.t('The user flow returned {0}: {1}', error, params.get('error_description') ?? ''));
    const idToken = params.get('id_token');
    if (!idToken) throw new Error(vscode.l10n.t('The user flow returned neither a token nor an error.'));
    const report = await checkIdToken(idToken, {
      discoveryUrl: snap.plan.outputs.policyDiscoveryUrl,
      clientId: app.appId,
      nonce,
      lifetimeMinutes: snap.config.userFlow.accessAndIdTokenLifetimeMinutes,
      claimsMapping: snap.config.identityProvider.claimsMapping,
      flowId: snap.config.userFlow.id,
      idpName: snap.config.identityProvider.displayName,
    });
    log.info(`id token checks: ${report.checks.map((c) => `${c.id}=${c.ok ? 'ok' : 'FAILED'}`).join(' ')}`);
    await tokenView.show(report, vscode.l10n.t('ID token from {0}', snap.config.userFlow.id));
    return report;
  }

  const commands: Host['commands'] = {
    'itsme.setup': () =>
      runCommand(log, 'setup', async () => {
        if (readSettings().wizardMode === 'quickPick') return runQuickPickWizard(await wizardDeps());
        return WizardPanel.show(await wizardDeps());
      }),
    'itsme.setupQuickPick': () => runCommand(log, 'setupQuickPick', async () => runQuickPickWizard(await wizardDeps())),
    'itsme.signIn': (args) => runCommand(log, 'signIn', () => signIn((args as SignInArgs | undefined) ?? {})),
    'itsme.signOut': () =>
      runCommand(log, 'signOut', async () => {
        const s = readSettings();
        if (s.tenant) await secrets.clearServicePrincipalSecret(s.tenant);
        await context.globalState.update(SIGNED_IN_KEY, undefined);
        session.reset();
        void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}.', s.tenant || vscode.l10n.t('the tenant')));
      }),
    'itsme.refresh': () => runCommand(log, 'refresh', async () => session.notifyChanged()),
    'itsme.runUserFlow': (args) => runCommand(log, 'runUserFlow', () => runUserFlow((args as RunArgs | undefined) ?? {})),
    'itsme.copyRedirectUris': () =>
      runCommand(log, 'copyRedirectUris', async () => {
        const snap = await freshSnapshot();
        const text = snap.plan.outputs.itsmeRedirectUris.join('\n');
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied the redirect URIs to send to itsme (onboarding@itsme-id.com): {0}', snap.plan.outputs.itsmeRedirectUris.join(', ')));
        return text;
      }),
    'itsme.openInPortal': (node) =>
      runCommand(log, 'openInPortal', async () => {
        const snap = await freshSnapshot();
        const links = snap.plan.outputs.portal;
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
      }),
    'itsme.rotateSecret': (args) =>
      runCommand(log, 'rotateSecret', async () => {
        const snap = await freshSnapshot();
        const secret =
          (args as { secret?: string } | undefined)?.secret ??
          (await vscode.window.showInputBox({ title: vscode.l10n.t('Rotate the itsme client secret'), prompt: vscode.l10n.t('The new client secret from itsme (kept in SecretStorage)'), password: true, ignoreFocusOut: true }));
        if (!secret) return undefined;
        const plan = computeRotatePlan(snap.config, snap.observed);
        if (plan.steps[0]?.action === 'manual') throw new Error(plan.steps[0].reason);
        await secrets.storeItsmeSecret(readSettings().tenant, secret);
        const r = await applyPlan(plan, await session.graphPort(true), { secret });
        const failed = r.outcomes.find((o) => o.status === 'failed');
        if (failed) throw failed.error ?? new Error(failed.detail);
        void vscode.window.showInformationMessage(vscode.l10n.t('The itsme client secret of "{0}" was replaced.', plan.steps[0]!.label));
        session.notifyChanged();
        return true;
      }),
    'itsme.remove': (args) =>
      runCommand(log, 'remove', async () => {
        const snap = await freshSnapshot();
        const plan = computeDestroyPlan(snap.config, snap.observed);
        const doomed = plan.steps.filter((x) => x.action === 'delete' || x.action === 'unlink');
        if (!doomed.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Nothing of this itsme configuration is left to remove.'));
          return false;
        }
        const list = doomed.map((x) => `• ${x.action === 'unlink' ? vscode.l10n.t('unlink') : vscode.l10n.t('delete')} ${x.resource}: ${x.label}`).join('\n');
        const confirm = vscode.l10n.t('Remove');
        const ok = (args as { confirm?: boolean } | undefined)?.confirm ? confirm : await vscode.window.showWarningMessage(vscode.l10n.t('Remove the itsme configuration from {0}?', snap.observed.tenant.initialDomain), { modal: true, detail: list }, confirm);
        if (ok !== confirm) return false;
        const graph = await session.graphPort(true);
        const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing the itsme configuration…'), cancellable: false }, () => applyPlan(plan, graph));
        const failed = r.outcomes.find((o) => o.status === 'failed');
        session.notifyChanged();
        if (failed) throw failed.error ?? new Error(failed.detail);
        void vscode.window.showInformationMessage(vscode.l10n.t('Removed: {0}.', doomed.map((x) => x.label).join(', ')));
        return true;
      }),
    'itsme.showLog': async () => log.show(),
  };

  return {
    commands,
    getChildren: async (node) => (node ? (node.children ?? []) : refreshSnapshot()),
    getTreeItem: toTreeItem,
    onDidChangeTree: session.onDidChange,
    lastSnapshot: () => snapshot,
    wizardServices: () => session.wizardServices(),
    initialWizardConfig: async () => (await wizardDeps()).initialConfig,
    tokenView,
  };
}
