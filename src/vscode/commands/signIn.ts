// itsme.signIn: pick the B2C tenant and the sign-in method, keep a service principal's secret in SecretStorage,
// and confirm the tenant is a B2C tenant. The settings record the choice; the check itself writes nothing.
// The prompts are one multi-step input (step counter, Back); each value is checked as it is typed, and nothing
// is saved until every step holds a valid value — a client id that is not a GUID never reaches the settings.
import * as vscode from 'vscode';
import { clientIdProblem, signInTenantProblem } from '../../core/auth/signInInput';
import { kindOf } from '../../core/plan/tenant';
import { checkTenantReference } from '../../core/usecases/checkTenant';
import { inputBox, quickPick, type Frame, type Outcome } from '../quickInput';
import { readSettings, updateSetting, type SignInMethod } from '../settings';
import type { Command } from './context';

export interface SignInArgs {
  tenant?: string;
  method?: SignInMethod;
  clientId?: string;
  /** For automation (extension-host tests); people are asked with a password box. */
  secret?: string;
}

interface Answers {
  tenant: string;
  method: SignInMethod;
  clientId: string;
  secret: string;
}

type StepId = 'tenant' | 'method' | 'clientId' | 'secret';

/** The steps a method asks for, in order: the counter shows "2/3" for a Microsoft account, "2/4" for a service principal. */
function stepsFor(method: SignInMethod): StepId[] {
  if (method === 'azureCli') return ['tenant', 'method'];
  if (method === 'microsoft') return ['tenant', 'method', 'clientId'];
  return ['tenant', 'method', 'clientId', 'secret'];
}

type MethodItem = vscode.QuickPickItem & { id: SignInMethod };

function methodItems(): MethodItem[] {
  return [
    { id: 'microsoft', label: vscode.l10n.t('Microsoft account'), detail: vscode.l10n.t('VS Code\'s Microsoft sign-in, with your management app registration\'s client id') },
    { id: 'servicePrincipal', label: vscode.l10n.t('Service principal'), detail: vscode.l10n.t('A management app\'s client id and secret (the secret is kept in SecretStorage)') },
    { id: 'azureCli', label: vscode.l10n.t('Azure CLI'), detail: vscode.l10n.t('The account of `az login`') },
  ];
}

/** One prompt of the sign-in; `frame` carries its place in the sequence. */
async function ask(id: StepId, a: Answers, frame: Frame): Promise<Outcome<string>> {
  switch (id) {
    case 'tenant':
      return inputBox(frame, {
        prompt: vscode.l10n.t('The Azure AD B2C or External ID tenant: its domain (contosob2c.onmicrosoft.com) or its tenant id'),
        placeholder: 'contosob2c.onmicrosoft.com',
        value: a.tenant,
        validate: signInTenantProblem,
      });
    case 'method': {
      const items = methodItems();
      const r = await quickPick(frame, { placeholder: vscode.l10n.t('How do you sign in to the tenant?'), items, active: items.find((i) => i.id === a.method) });
      return r.kind === 'value' ? (r.value[0] ? { kind: 'value', value: r.value[0].id } : { kind: 'cancel' }) : r;
    }
    case 'clientId':
      return inputBox(frame, {
        prompt: vscode.l10n.t('The client id (a GUID) of the app registration that manages the tenant: App registrations → your management app → Overview → Application (client) ID'),
        placeholder: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
        value: a.clientId,
        validate: clientIdProblem,
      });
    case 'secret':
      return inputBox(frame, {
        prompt: vscode.l10n.t('The secret\'s Value (not its Secret ID), from App registrations → Certificates & secrets. Kept in VS Code\'s SecretStorage, never in settings.'),
        value: '',
        password: true,
        validate: (v) => (v ? undefined : vscode.l10n.t('Enter the service principal\'s secret, or press Escape to cancel.')),
      });
  }
}

const TITLES: Record<StepId, () => string> = {
  tenant: () => vscode.l10n.t('Sign in to an Azure AD B2C tenant'),
  method: () => vscode.l10n.t('How do you sign in?'),
  clientId: () => vscode.l10n.t('Management app client id'),
  secret: () => vscode.l10n.t('Service principal secret'),
};

/** Walks the steps with Back; resolves with every answer, or undefined when cancelled. */
async function prompt(a: Answers): Promise<Answers | undefined> {
  let i = 0;
  for (;;) {
    const steps = stepsFor(a.method);
    if (i >= steps.length) return a;
    const id = steps[i]!;
    const r = await ask(id, a, { title: TITLES[id](), step: i + 1, totalSteps: steps.length, canBack: i > 0 });
    if (r.kind === 'cancel') return undefined;
    if (r.kind === 'back') {
      i--;
      continue;
    }
    if (id === 'method') a.method = r.value as SignInMethod;
    else a[id] = r.value.trim();
    i++;
  }
}

/** The answers given as arguments (automation), checked like typed ones. */
function fromArgs(args: SignInArgs, defaults: Answers): Answers {
  const a: Answers = { tenant: (args.tenant ?? defaults.tenant).trim(), method: args.method ?? defaults.method, clientId: (args.clientId ?? defaults.clientId).trim(), secret: args.secret ?? '' };
  const problems = [signInTenantProblem(a.tenant), a.method === 'azureCli' ? undefined : clientIdProblem(a.clientId), a.method === 'servicePrincipal' && !a.secret ? vscode.l10n.t('A service principal sign-in needs its secret.') : undefined];
  const problem = problems.find(Boolean);
  if (problem) throw new Error(problem);
  return a;
}

export const signIn = {
  id: 'itsme.signIn',
  async run(ctx, raw) {
    const args = (raw as SignInArgs | undefined) ?? {};
    const s = readSettings();
    // A saved client id that is not a GUID (from an older version) is offered for correction, with its message.
    const defaults: Answers = { tenant: s.tenant, method: s.signInMethod, clientId: s.clientId, secret: '' };
    const automated = args.tenant !== undefined && args.method !== undefined;
    const a = automated ? fromArgs(args, defaults) : await prompt({ tenant: args.tenant ?? defaults.tenant, method: args.method ?? defaults.method, clientId: args.clientId ?? defaults.clientId, secret: '' });
    if (!a) return false;
    // Every value is valid here; only now is anything saved.
    await updateSetting('tenant', a.tenant);
    await updateSetting('signInMethod', a.method);
    if (a.method !== 'azureCli') await updateSetting('clientId', a.clientId);
    if (a.method === 'servicePrincipal') await ctx.secrets.storeServicePrincipalSecret(a.tenant, a.secret);
    ctx.session.reset();
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the tenant…') }, async () => checkTenantReference(await ctx.session.graphPort(true, a.tenant), a.tenant));
    await ctx.signIn.set(a.method, a.tenant, kindOf(info));
    // A Microsoft-account sign-in asks for the scopes of the tenant's kind from now on (auth.ts graphScopesFor).
    ctx.session.reset();
    await vscode.commands.executeCommand('setContext', 'itsme.signedIn', true);
    ctx.session.notifyChanged();
    // The kind the tenant check found: the wizard shows that kind's steps.
    void vscode.window.showInformationMessage(
      kindOf(info) === 'external' ? vscode.l10n.t('Signed in to {0} (Microsoft Entra External ID).', info.initialDomain) : vscode.l10n.t('Signed in to {0} (Azure AD B2C).', info.initialDomain),
    );
    return true;
  },
} satisfies Command;
