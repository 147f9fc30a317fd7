// What "Copy the permissions" (commands/copyPermissions.ts) copies and says. Pure (@vscode/l10n, which host.ts
// points at VS Code's bundle), so unit tests read it. The clipboard holds the list every B2C setup needs; the
// permissions only some setups need are said, not copied: External ID's user flows need EventListener.ReadWrite.All
// (external-id.md §4), and only B2C custom policies need the trustFramework permissions (b2c-custom-policy.md §3).
import * as l10n from '@vscode/l10n';
import { CUSTOM_POLICY_SCOPES, GRAPH_SCOPES } from '../core/auth/scopes';
import type { SignInMethod } from './tenants';

export function permissionsToCopy(signInMethod: SignInMethod): { text: string; message: string } {
  const kind =
    signInMethod === 'servicePrincipal'
      ? l10n.t('Add them as application permissions of Microsoft Graph, then grant admin consent.')
      : l10n.t('Add them as delegated permissions of Microsoft Graph, then grant admin consent.');
  const external = l10n.t('For a Microsoft Entra External ID (external) tenant, add {0} too: its user flows need it.', 'EventListener.ReadWrite.All');
  const custom = l10n.t('Only for B2C custom policies ("variant": "customPolicy"), add {0} too; user flows do not need them.', CUSTOM_POLICY_SCOPES.join(', '));
  return {
    text: GRAPH_SCOPES.join('\n'),
    message: `${l10n.t('Copied {0} permissions: {1}. {2}', GRAPH_SCOPES.length, GRAPH_SCOPES.join(', '), kind)} ${external} ${custom}`,
  };
}
