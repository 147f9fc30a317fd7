// Sign-in: VS Code's Microsoft account (thin: a TokenCredential over vscode.authentication), a service principal
// (its secret in SecretStorage) or the Azure CLI's login. The last two go through the engine's createCredential.
import type { AccessToken, TokenCredential } from '@azure/identity';
import * as vscode from 'vscode';
import { createCredential } from '../core/auth/credentials';
import type { SetupVariant } from '../core/config/types';
import type { Secrets } from './secrets';
import type { Settings } from './settings';
import { microsoftAccountScopes } from './signInScopes';

export class SignInNeededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInNeededError';
  }
}

/**
 * VS Code's "microsoft" provider as a TokenCredential. VS Code's own client id cannot get these Graph scopes. The
 * custom-policy scopes are asked for only for a custom-policy configuration (signInScopes.ts says why).
 */
function microsoftAccountCredential(settings: Settings, interactive: boolean, variant: SetupVariant): TokenCredential {
  return {
    async getToken(): Promise<AccessToken | null> {
      const scopes = microsoftAccountScopes(settings, variant);
      const session = await vscode.authentication.getSession('microsoft', scopes, interactive ? { createIfNone: true } : { silent: true });
      if (!session) throw new SignInNeededError(vscode.l10n.t('Sign in to the tenant first (itsme: Sign In to B2C or External ID).'));
      // The session API gives no expiry; ask again well before the usual hour runs out (VS Code caches the session).
      return { token: session.accessToken, expiresOnTimestamp: Date.now() + 30 * 60_000 };
    },
  };
}

/** `variant`: the configuration the command works on (signInVariant), for the Microsoft-account scopes. */
export async function credentialFor(settings: Settings, secrets: Secrets, interactive: boolean, variant: SetupVariant = 'userFlow'): Promise<TokenCredential> {
  if (!settings.tenant) throw new SignInNeededError(vscode.l10n.t('Set the tenant first (setting itsme.tenant, e.g. contosob2c.onmicrosoft.com), or run itsme: Sign In to B2C or External ID.'));
  switch (settings.signInMethod) {
    case 'microsoft':
      if (!settings.clientId) throw new SignInNeededError(vscode.l10n.t('Signing in with a Microsoft account needs your management app registration\'s client id in the setting itsme.clientId (see the README).'));
      return microsoftAccountCredential(settings, interactive, variant);
    case 'servicePrincipal': {
      const secret = await secrets.servicePrincipalSecret(settings.tenant);
      if (!secret) throw new SignInNeededError(vscode.l10n.t('No service principal secret is stored for {0}: run itsme: Sign In to B2C or External ID.', settings.tenant));
      return createCredential({ kind: 'servicePrincipal', tenantId: settings.tenant, clientId: settings.clientId, clientSecret: secret, authorityHost: settings.authorityHost });
    }
    case 'azureCli':
      return createCredential({ kind: 'azureCli', tenantId: settings.tenant });
  }
}
