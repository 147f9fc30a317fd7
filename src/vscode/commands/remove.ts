// itsme.remove: remove what this configuration made (the engine's destroy use case, the same as
// `itsme-b2c destroy`): read the tenant, show what goes, confirm, remove exactly that.
import * as vscode from 'vscode';
import { withTenantLock } from '../../core/lock/tenantLock';
import { applyDestroy, planDestroy, removals } from '../../core/usecases/destroy';
import type { Command } from './context';

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
    const list = doomed.map((x) => `• ${x.action === 'unlink' ? vscode.l10n.t('unlink') : x.action === 'removeDuplicate' ? vscode.l10n.t('remove duplicate') : vscode.l10n.t('delete')} ${x.resource}: ${x.label}`).join('\n');
    const confirm = vscode.l10n.t('Remove');
    const ok = (args as { confirm?: boolean } | undefined)?.confirm ? confirm : await vscode.window.showWarningMessage(vscode.l10n.t('Remove the itsme configuration from {0}?', plan.tenant.initialDomain), { modal: true, detail: list }, confirm);
    if (ok !== confirm) return false;
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing the itsme configuration…'), cancellable: false }, () =>
      withTenantLock({ tenant, tool: 'vscode', command: 'destroy', onWait: (m) => ctx.session.lockWait(m) }, () => applyDestroy(graph, plan)),
    );
    ctx.session.notifyChanged();
    if (run.status === 'failed') throw run.error!;
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed: {0}.', doomed.map((x) => x.label).join(', ')));
    return true;
  },
} satisfies Command;
