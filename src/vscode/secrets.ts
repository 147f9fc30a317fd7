// SecretStorage. The itsme client secret and a service principal's secret live here and nowhere else: not in
// settings, global/workspace state, webview state or logs.
import type * as vscode from 'vscode';

export type SecretKind = 'itsmeClientSecret' | 'servicePrincipalSecret';

const PREFIX: Record<SecretKind, string> = {
  itsmeClientSecret: 'itsme.clientSecret',
  servicePrincipalSecret: 'itsme.servicePrincipalSecret',
};

/**
 * The one place that names a secret's storage key: its kind and the tenant it belongs to, as referenced (the
 * configuration's tenant, else the signed-in one — Session.tenantOf decides), trimmed and lower-cased.
 */
export function secretKey(kind: SecretKind, tenant: string): string {
  return `${PREFIX[kind]}:${tenant.trim().toLowerCase()}`;
}

export class Secrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    /** Told every secret value read or stored (the log's redactor learns it). */
    private readonly onSecret: (value: string) => void,
  ) {}

  async get(kind: SecretKind, tenant: string): Promise<string | undefined> {
    const v = await this.storage.get(secretKey(kind, tenant));
    if (v) this.onSecret(v);
    return v;
  }

  async store(kind: SecretKind, tenant: string, value: string): Promise<void> {
    this.onSecret(value);
    await this.storage.store(secretKey(kind, tenant), value);
  }

  async clear(kind: SecretKind, tenant: string): Promise<void> {
    await this.storage.delete(secretKey(kind, tenant));
  }

  itsmeSecret(tenant: string): Promise<string | undefined> {
    return this.get('itsmeClientSecret', tenant);
  }

  storeItsmeSecret(tenant: string, value: string): Promise<void> {
    return this.store('itsmeClientSecret', tenant, value);
  }

  clearItsmeSecret(tenant: string): Promise<void> {
    return this.clear('itsmeClientSecret', tenant);
  }

  servicePrincipalSecret(tenant: string): Promise<string | undefined> {
    return this.get('servicePrincipalSecret', tenant);
  }

  storeServicePrincipalSecret(tenant: string, value: string): Promise<void> {
    return this.store('servicePrincipalSecret', tenant, value);
  }

  clearServicePrincipalSecret(tenant: string): Promise<void> {
    return this.clear('servicePrincipalSecret', tenant);
  }
}
