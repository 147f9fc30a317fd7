// itsme.removeTenant: take a tenant off the list. Deletes what VS Code keeps for it — its sign-in, its service
// principal secret and itsme client secret in SecretStorage — and never touches the tenant itself (to remove
// the itsme configuration from the tenant, that is itsme.remove). The saved configuration (names and codes, no
// secret) stays, so adding the tenant again finds its objects.
import * as vscode from 'vscode';
import { currentTarget } from '../tenants';
import type { Command } from './context';

export const removeTenant = {
  id: 'itsme.removeTenant',
  async run(ctx, raw) {
    const tenant = currentTarget();
    if (!tenant) return false;
    const confirm = vscode.l10n.t('Remove from the list');
    const ok = (raw as { confirm?: boolean } | undefined)?.confirm
      ? confirm
      : await vscode.window.showWarningMessage(
          vscode.l10n.t('Remove {0} from the list?', tenant),
          { modal: true, detail: vscode.l10n.t('VS Code forgets its sign-in and deletes its secrets from SecretStorage (the service principal secret and the itsme client secret: keep a copy if you need them). Nothing in the tenant changes.') },
          confirm,
        );
    if (ok !== confirm) return false;
    const removed = await ctx.signIn.remove(tenant);
    ctx.session.reset();
    if (removed) void vscode.window.showInformationMessage(vscode.l10n.t('{0} is no longer in the list; the tenant itself is unchanged.', tenant));
    return removed;
  },
} satisfies Command;
