// SecretStorage keys. The itsme client secret and a service principal's secret live here and nowhere else:
// not in settings, global/workspace state, webview state or logs.
import type * as vscode from 'vscode';

const ITSME_SECRET = 'itsme.clientSecret';
const SP_SECRET = 'itsme.servicePrincipalSecret';

export class Secrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly onSecret: (value: string) => void,
  ) {}

  private key(base: string, tenant: string): string {
    return `${base}:${tenant.toLowerCase()}`;
  }

  async itsmeSecret(tenant: string): Promise<string | undefined> {
    const v = await this.storage.get(this.key(ITSME_SECRET, tenant));
    if (v) this.onSecret(v);
    return v;
  }

  async storeItsmeSecret(tenant: string, value: string): Promise<void> {
    this.onSecret(value);
    await this.storage.store(this.key(ITSME_SECRET, tenant), value);
  }

  async clearItsmeSecret(tenant: string): Promise<void> {
    await this.storage.delete(this.key(ITSME_SECRET, tenant));
  }

  async servicePrincipalSecret(tenant: string): Promise<string | undefined> {
    const v = await this.storage.get(this.key(SP_SECRET, tenant));
    if (v) this.onSecret(v);
    return v;
  }

  async storeServicePrincipalSecret(tenant: string, value: string): Promise<void> {
    this.onSecret(value);
    await this.storage.store(this.key(SP_SECRET, tenant), value);
  }

  async clearServicePrincipalSecret(tenant: string): Promise<void> {
    await this.storage.delete(this.key(SP_SECRET, tenant));
  }
}
