// The tenants the user added and whether each is signed in (tenants.ts keeps the list). "Sign in" records the
// tenant with the sign-in the settings now name; "Sign out" clears its mark; "Remove tenant from the list" drops it
// and its secrets. A mark records what happened; the settings record what the user chose last.
import type * as vscode from 'vscode';
import type { Secrets } from './secrets';
import { endSignIn, globalSettings, type SignInMethod } from './settings';
import { currentTarget, installTenantList, TenantList, type TenantEntry } from './tenants';

const DEFAULT_GRAPH = 'https://graph.microsoft.com';
const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

export class SignInMark {
  readonly tenants: TenantList;

  constructor(
    memento: vscode.Memento,
    private readonly secrets: Secrets,
  ) {
    this.tenants = new TenantList(memento, () => globalSettings());
    installTenantList(this.tenants);
  }

  /** The tenant a command means when it names none: the one it was run on, else the only one, else the settings'. */
  defaultTenant(): string | undefined {
    const list = this.tenants.all();
    return currentTarget() ?? (list.length === 1 ? list[0]!.tenant : undefined) ?? (globalSettings().tenant || undefined);
  }

  /** Signed in to `tenant` (default: the command's tenant): marked so, and a service principal's secret is there. */
  async isSignedIn(tenant = this.defaultTenant()): Promise<boolean> {
    const e = this.tenants.get(tenant);
    if (!e?.signedIn) return false;
    if (e.signInMethod === 'servicePrincipal') return !!(await this.secrets.servicePrincipalSecret(e.tenant));
    return true;
  }

  /** Signed-in tenants, in list order. */
  async signedIn(): Promise<TenantEntry[]> {
    const out: TenantEntry[] = [];
    for (const e of this.tenants.all()) if (await this.isSignedIn(e.tenant)) out.push(e);
    return out;
  }

  /** "Sign in" worked: the tenant joins the list (or is updated) with the sign-in the settings name now. */
  async set(method: SignInMethod, tenant: string, tenantKind?: 'b2c' | 'external'): Promise<void> {
    const s = globalSettings();
    await this.tenants.upsert({
      tenant: tenant.trim(),
      signInMethod: method,
      clientId: method === 'azureCli' ? '' : s.clientId,
      ...(s.graphEndpoint !== DEFAULT_GRAPH ? { graphEndpoint: s.graphEndpoint } : {}),
      ...(s.authorityHost !== DEFAULT_AUTHORITY ? { authorityHost: s.authorityHost } : {}),
      signedIn: true,
      ...(tenantKind ? { tenantKind } : {}),
    });
    endSignIn();
  }

  /** Signs out of `tenant` (default: the command's tenant); it stays in the list. */
  async clear(tenant = this.defaultTenant()): Promise<void> {
    if (tenant) await this.tenants.setSignedIn(tenant, false);
  }

  /** Drops the tenant from the list and deletes its secrets; the tenant itself is not touched. */
  async remove(tenant: string): Promise<boolean> {
    await this.secrets.clearServicePrincipalSecret(tenant);
    await this.secrets.clearItsmeSecret(tenant);
    return this.tenants.remove(tenant);
  }
}
