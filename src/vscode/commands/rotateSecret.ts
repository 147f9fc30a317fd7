// itsme.rotateSecret: replace the itsme client secret of this configuration's identity provider (the engine's
// rotate use case, the same as `itsme-b2c rotate-secret`), then keep the new secret in SecretStorage.
import * as vscode from 'vscode';
import { withTenantLock } from '../../core/lock/tenantLock';
import { rotateSecret as rotate } from '../../core/usecases/rotateSecret';
import type { Command } from './context';

export const rotateSecret = {
  id: 'itsme.rotateSecret',
  async run(ctx, args) {
    const config = await ctx.tenant.config();
    const secret =
      (args as { secret?: string } | undefined)?.secret ??
      (await vscode.window.showInputBox({ title: vscode.l10n.t('Rotate the itsme client secret'), prompt: vscode.l10n.t('The new client secret from itsme (kept in SecretStorage)'), password: true, ignoreFocusOut: true }));
    if (!secret) return undefined;
    ctx.log.redactor.add(secret);
    const tenant = ctx.session.tenantOf(config.tenant.tenant);
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Replacing the itsme client secret…') }, async () =>
      // The per-tenant lock the CLI and the wizard take: one writer per tenant on this machine.
      withTenantLock({ tenant, tool: 'vscode', command: 'rotate-secret', onWait: (m) => ctx.session.lockWait(m) }, async () => rotate(await ctx.session.graphPort(true, tenant), config, secret)),
    );
    const step = run.plan.steps[0]!;
    if (run.status === 'manualRemaining') throw new Error([step.reason, step.manual?.text].filter(Boolean).join(' '));
    if (run.status === 'failed') throw run.error!;
    // Kept once the tenant has it, so SecretStorage holds the secret the identity provider uses.
    await ctx.secrets.storeItsmeSecret(tenant, secret);
    void vscode.window.showInformationMessage(vscode.l10n.t('The itsme client secret of "{0}" was replaced.', step.label));
    ctx.session.notifyChanged();
    return true;
  },
} satisfies Command;
