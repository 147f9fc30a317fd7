// itsme.setup: the setup wizard, as a webview page or (setting itsme.wizard.mode) as Quick Picks.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../../core/config/types';
import { resolveConfig } from '../../core/config/validate';
import { FORM_STEPS, type FormStepId } from '../../wizard/steps';
import { readSettings } from '../settings';
import { runQuickPickWizard } from '../wizard/quickPickWizard';
import { WizardPanel, type WizardDeps } from '../wizard/WizardPanel';
import type { Command, CommandContext } from './context';

/** A workspace's itsme-b2c.json (the CLI's configuration file) prefills the wizard when nothing was saved. */
async function workspaceConfig(ctx: CommandContext): Promise<ItsmeSetupConfig | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'itsme-b2c.json'));
    const r = resolveConfig(JSON.parse(new TextDecoder().decode(bytes)));
    if (!r.ok) ctx.log.warn(`itsme-b2c.json in the workspace is not used: ${r.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    return r.ok ? r.config : undefined;
  } catch {
    return undefined;
  }
}

/** What both wizards run on; they start from the saved configuration, else the workspace's itsme-b2c.json. */
export async function wizardDeps(ctx: CommandContext): Promise<WizardDeps> {
  const current = ctx.session.currentConfig();
  return {
    extensionUri: ctx.extension.extensionUri,
    services: ctx.session.wizardServices(),
    memento: ctx.extension.globalState,
    log: ctx.log.channel,
    onRunUserFlow: (url: string) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
    onCopy: (text: string) => void vscode.env.clipboard.writeText(text),
    onOpenUrl: (url: string) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
    initialConfig: current?.saved ? current.config : await workspaceConfig(ctx),
    signIn: { signedInTenant: async () => ((await ctx.signIn.isSignedIn()) ? readSettings().tenant : undefined), onDidChange: ctx.session.onDidChange },
  };
}

const isFormStep = (v: unknown): v is FormStepId => (FORM_STEPS as readonly unknown[]).includes(v);

export interface SetupArgs {
  /** The tenant to set up (a tree node's; the command context resolves it). */
  tenant?: string;
  /** Open the webview wizard at this step, from the tenant's saved configuration ("Edit…" in the tree). */
  step?: string;
}

export const setup = {
  id: 'itsme.setup',
  async run(ctx, raw) {
    const step = (raw as SetupArgs | undefined)?.step;
    if (readSettings().wizardMode === 'quickPick') return runQuickPickWizard(await wizardDeps(ctx));
    return WizardPanel.show({ ...(await wizardDeps(ctx)), ...(isFormStep(step) ? { startStep: step } : {}) });
  },
} satisfies Command;
