// What a Microsoft-account sign-in asks VS Code for: the management app, the tenant and the Graph scopes of the
// tenant's kind and of the configuration's variant. Pure (type imports only), so unit tests read it without vscode.
// The custom-policy scopes (Policy.ReadWrite.TrustFramework, TrustFrameworkKeySet.ReadWrite.All) are asked for
// only when the configuration uses the custom-policy variant: a user-flow setup's management app need not have
// them, and asking for a permission the app lacks fails the sign-in.
import { graphScopesFor } from '../core/auth/scopes';
import type { SetupVariant } from '../core/config/types';
import type { ConfigStore } from './configStore';
import type { Settings } from './settings';

/**
 * The variant whose scopes a sign-in to `tenant` needs: the configuration in hand when there is one (the wizard's,
 * which is saved only after its first apply), else the one saved for the tenant; no saved one means a user flow.
 */
export function signInVariant(configs: Pick<ConfigStore, 'get'>, tenant: string, inHand?: SetupVariant): SetupVariant {
  if (inHand) return inHand;
  const found = tenant ? configs.get(tenant) : undefined;
  return found?.saved && found.config.variant === 'customPolicy' ? 'customPolicy' : 'userFlow';
}

/** VS Code's "microsoft" provider scopes: our management app and tenant, then the Graph scopes on the tenant's endpoint. */
export function microsoftAccountScopes(s: Pick<Settings, 'clientId' | 'tenant' | 'graphEndpoint' | 'tenantKind'>, variant: SetupVariant): string[] {
  return [`VSCODE_CLIENT_ID:${s.clientId}`, `VSCODE_TENANT:${s.tenant}`, ...graphScopesFor(s.tenantKind, variant).map((scope) => `${s.graphEndpoint}/${scope}`)];
}
