// itsme.signIn: pick the B2C tenant and the sign-in method, keep a service principal's secret in SecretStorage,
// and confirm the tenant is a B2C tenant. The settings record the choice; the check itself writes nothing.
import * as vscode from 'vscode';
import { checkTenantReference, tenantReferenceProblem } from '../../core/usecases/checkTenant';
import { readSettings, updateSetting, type SignInMethod } from '../settings';
import type { Command } from './context';

export interface SignInArgs {
  tenant?: string;
  method?: SignInMethod;
  clientId?: string;
  /** For automation (extension-host tests); people are asked with a password box. */
  secret?: string;
}

export const signIn = {
  id: 'itsme.signIn',
  async run(ctx, raw) {
    const args = (raw as SignInArgs | undefined) ?? {};
    const s = readSettings();
    const typed =
      args.tenant ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign in to an Azure AD B2C tenant'),
        prompt: vscode.l10n.t('The B2C tenant: its domain (contosob2c.onmicrosoft.com) or id'),
        value: s.tenant,
        ignoreFocusOut: true,
        validateInput: (v) => tenantReferenceProblem(v),
      }));
    const tenant = typed?.trim();
    if (!tenant) return false;
    const problem = tenantReferenceProblem(tenant);
    if (problem) throw new Error(problem);
    const methods: Array<vscode.QuickPickItem & { id: SignInMethod }> = [
      { id: 'microsoft', label: vscode.l10n.t('Microsoft account'), detail: vscode.l10n.t('VS Code\'s Microsoft sign-in with your management app registration (setting itsme.clientId)') },
      { id: 'servicePrincipal', label: vscode.l10n.t('Service principal'), detail: vscode.l10n.t('A management app\'s client id and secret (the secret is kept in SecretStorage)') },
      { id: 'azureCli', label: vscode.l10n.t('Azure CLI'), detail: vscode.l10n.t('The account of `az login`') },
    ];
    const method = args.method ?? (await vscode.window.showQuickPick(methods, { title: vscode.l10n.t('How do you sign in?'), ignoreFocusOut: true }))?.id;
    if (!method) return false;
    await updateSetting('tenant', tenant);
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
      await ctx.secrets.storeServicePrincipalSecret(tenant, secret);
    }
    ctx.session.reset();
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the tenant…') }, async () => checkTenantReference(await ctx.session.graphPort(true, tenant), tenant));
    await ctx.signIn.set(method, tenant);
    await vscode.commands.executeCommand('setContext', 'itsme.signedIn', true);
    ctx.session.notifyChanged();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to {0} (Azure AD B2C).', info.initialDomain));
    return true;
  },
} satisfies Command;
