// TokenCredentials for the CLI and the extension's non-interactive sign-ins, from @azure/identity.
// The authority host is configurable (national clouds, the emulator); for a host outside Microsoft's known
// clouds, instance discovery is switched off, or MSAL would call login.microsoftonline.com first (graph-b2c.md §11).
import { AzureCliCredential, ClientSecretCredential, DeviceCodeCredential, type TokenCredential } from '@azure/identity';
import * as l10n from '@vscode/l10n';

export type CredentialKind = 'servicePrincipal' | 'deviceCode' | 'azureCli';

const KNOWN_AUTHORITIES = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

export interface CredentialOptions {
  kind: CredentialKind;
  /** Tenant id or domain. */
  tenantId: string;
  clientId?: string;
  /** Service principal secret: from SecretStorage or an environment variable, never argv. */
  clientSecret?: string;
  authorityHost?: string;
  /** Device code flow: where to show "open … and enter code …". */
  onDeviceCode?: (message: string) => void;
}

export class CredentialConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialConfigError';
  }
}

export function createCredential(o: CredentialOptions): TokenCredential {
  const authorityHost = o.authorityHost;
  const disableInstanceDiscovery = !!authorityHost && !KNOWN_AUTHORITIES.has(new URL(authorityHost).hostname);
  const common = { authorityHost, disableInstanceDiscovery };
  switch (o.kind) {
    case 'servicePrincipal':
      if (!o.clientId) throw new CredentialConfigError(l10n.t('A service principal sign-in needs its client id (--client-id or AZURE_CLIENT_ID).'));
      if (!o.clientSecret) throw new CredentialConfigError(l10n.t('A service principal sign-in needs its secret in the AZURE_CLIENT_SECRET environment variable (never on the command line).'));
      return new ClientSecretCredential(o.tenantId, o.clientId, o.clientSecret, common);
    case 'deviceCode':
      if (!o.clientId) throw new CredentialConfigError(l10n.t('Device-code sign-in needs the client id of your management app registration (--client-id or AZURE_CLIENT_ID).'));
      return new DeviceCodeCredential({ ...common, tenantId: o.tenantId, clientId: o.clientId, userPromptCallback: (info) => o.onDeviceCode?.(info.message) });
    case 'azureCli':
      return new AzureCliCredential({ tenantId: o.tenantId });
  }
}
