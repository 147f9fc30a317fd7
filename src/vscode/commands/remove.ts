// itsme.remove: remove what this configuration made (the engine's destroy use case, the same as
// `itsme-b2c destroy`): read the tenant, show what goes, confirm, remove exactly that.
//
// The confirmation is a Quick Pick whose active item is "Cancel", not a modal dialog: VS Code's modal focuses its
// first button and offers no way to focus "Cancel" instead, so Enter would delete. In the Quick Pick, Enter (or
// Escape) cancels; removing takes a deliberate move to the "Remove …" item at the bottom, after the list of what
// goes, in words ("Delete admin consent for openid, offline_access"). A typed confirmation was the other option;
// it adds typing for no more safety than an item that is never the default.
import * as vscode from 'vscode';
import { stepSentence } from '../../core/format';
import { withTenantLock } from '../../core/lock/tenantLock';
import { applyDestroy, planDestroy, removals } from '../../core/usecases/destroy';
import { quickPick } from '../quickInput';
import type { Command } from './context';

type Choice = vscode.QuickPickItem & { value: 'cancel' | 'remove' | 'info' };

/** Asks; true only when the "Remove" item was picked. */
async function confirmRemoval(domain: string, sentences: string[]): Promise<boolean> {
  const cancel: Choice = { value: 'cancel', label: `$(close) ${vscode.l10n.t('Cancel')}`, detail: vscode.l10n.t('Keep everything as it is.') };
  const removeItem: Choice = { value: 'remove', label: `$(trash) ${vscode.l10n.t('Remove these {0} objects from {1}', sentences.length, domain)}`, detail: vscode.l10n.t('This cannot be undone; apply the setup again to recreate them.') };
  const items: Choice[] = [
    cancel,
    { value: 'info', kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('What will be removed') },
    ...sentences.map((s): Choice => ({ value: 'info', label: `$(circle-small) ${s}` })),
    { value: 'info', kind: vscode.QuickPickItemKind.Separator, label: '' },
    removeItem,
  ];
  for (;;) {
    const r = await quickPick({ title: vscode.l10n.t('Remove the itsme configuration from {0}?', domain), canBack: false }, { placeholder: vscode.l10n.t('Enter keeps everything; choose "Remove" at the bottom to delete.'), items, active: cancel });
    if (r.kind !== 'value') return false;
    const v = r.value[0]?.value;
    if (v !== 'info') return v === 'remove';
    // A row of the list is not an answer: ask again.
  }
}

export const remove = {
  id: 'itsme.remove',
  async run(ctx, args) {
    const config = await ctx.tenant.config();
    const tenant = ctx.session.tenantOf(config.tenant.tenant);
    const graph = await ctx.session.graphPort(true, tenant);
    const plan = await planDestroy(graph, config);
    const doomed = removals(plan);
    if (!doomed.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing of this itsme configuration is left to remove.'));
      return false;
    }
    const sentences = doomed.map(stepSentence);
    ctx.log.info(`remove: asking to confirm ${sentences.join('; ')}`);
    const ok = (args as { confirm?: boolean } | undefined)?.confirm === true || (await confirmRemoval(plan.tenant.initialDomain, sentences));
    if (!ok) return false;
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing the itsme configuration…'), cancellable: false }, () =>
      withTenantLock({ tenant, tool: 'vscode', command: 'destroy', onWait: (m) => ctx.session.lockWait(m) }, () => applyDestroy(graph, plan)),
    );
    ctx.session.notifyChanged();
    if (run.status === 'failed') throw run.error!;
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed: {0}.', sentences.join('; ')));
    return true;
  },
} satisfies Command;
