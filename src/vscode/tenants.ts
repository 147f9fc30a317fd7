// The tenants the user added (typically an itsme e2e tenant and a prd tenant), each with its own sign-in: method,
// management app client id and — for national clouds or a test emulator — its own Graph and authority hosts.
// Kept in globalState (names and ids only; a service principal's secret is in SecretStorage under secretKey(kind,
// tenant)). The list replaces the single `itsme.tenant` setting, migrated on first read.
//
// The tenant a command works on travels in an AsyncLocalStorage (withTarget), set by the command wrapper from the
// command's argument (a tree node's tenant, or `{ tenant }`); readSettings() and the session read it, so a command
// written for one tenant acts on the selected one without passing it around.
// No runtime import of 'vscode': the unit tests load this file as is.
import { AsyncLocalStorage } from 'node:async_hooks';
import type * as vscode from 'vscode';

export type SignInMethod = 'microsoft' | 'servicePrincipal' | 'azureCli';

export interface TenantEntry {
  /** As the user referenced it (domain or id), trimmed; compared lower-cased. */
  tenant: string;
  signInMethod: SignInMethod;
  clientId: string;
  /** Only when it differs from the setting's value at sign-in (a national cloud, an emulator). */
  graphEndpoint?: string;
  authorityHost?: string;
  /** True after a successful "Sign in"; false after "Sign out" (the tenant stays in the list). */
  signedIn: boolean;
  /** What the tenant check found at sign-in: the Microsoft-account sign-in asks for that kind's Graph scopes. */
  tenantKind?: 'b2c' | 'external';
}

/** What the list is migrated from: the settings and the sign-in mark of the single-tenant versions. */
export interface LegacySettings {
  tenant: string;
  signInMethod: SignInMethod;
  clientId: string;
}

const LIST_KEY = 'itsme.tenants';
/** The single-tenant sign-in mark ("method:tenant"), read once by the migration. */
export const LEGACY_MARK_KEY = 'itsme.signedIn';

export const sameTenant = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

export class TenantList {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly legacy: () => LegacySettings,
  ) {}

  /** Every tenant added, in the order added. The first read migrates the single-tenant setting. */
  all(): TenantEntry[] {
    const stored = this.memento.get<TenantEntry[]>(LIST_KEY);
    if (stored) return stored.map((e) => ({ ...e }));
    return this.migrated();
  }

  /** The single `itsme.tenant` setting (and whether it was signed in) as the first entry; [] without one. */
  private migrated(): TenantEntry[] {
    const s = this.legacy();
    if (!s.tenant) return [];
    const mark = this.memento.get<string>(LEGACY_MARK_KEY);
    const entry: TenantEntry = { tenant: s.tenant, signInMethod: s.signInMethod, clientId: s.clientId, signedIn: mark === `${s.signInMethod}:${s.tenant.toLowerCase()}` };
    void this.memento.update(LIST_KEY, [entry]);
    return [entry];
  }

  get(tenant: string | undefined): TenantEntry | undefined {
    return this.all().find((e) => sameTenant(e.tenant, tenant));
  }

  /** Adds the tenant, or updates its sign-in when it is in the list already (its place in the list stays). */
  async upsert(entry: TenantEntry): Promise<void> {
    const list = this.all();
    const i = list.findIndex((e) => sameTenant(e.tenant, entry.tenant));
    if (i >= 0) list[i] = entry;
    else list.push(entry);
    await this.memento.update(LIST_KEY, list);
  }

  async setSignedIn(tenant: string, signedIn: boolean): Promise<void> {
    const e = this.get(tenant);
    if (e) await this.upsert({ ...e, signedIn });
  }

  async remove(tenant: string): Promise<boolean> {
    const list = this.all();
    const kept = list.filter((e) => !sameTenant(e.tenant, tenant));
    await this.memento.update(LIST_KEY, kept);
    return kept.length !== list.length;
  }
}

// --- The tenant a command works on ---------------------------------------------------------------------------

const target = new AsyncLocalStorage<string>();

/** The tenant of the running command (set by withTarget), if it named one. */
export function currentTarget(): string | undefined {
  return target.getStore() || undefined;
}

/** Runs fn with `tenant` as the tenant every read of settings, session and snapshot inside it refers to. */
export function withTarget<T>(tenant: string | undefined, fn: () => T): T {
  return tenant ? target.run(tenant, fn) : fn();
}

/** The tenant a command argument names: a tree node's `tenant`, or `{ tenant }` (automation, tests). */
export function tenantOfArgument(arg: unknown): string | undefined {
  const t = (arg as { tenant?: unknown } | undefined)?.tenant;
  return typeof arg === 'object' && arg !== null && typeof t === 'string' && t.trim() ? t.trim() : undefined;
}

// --- The installed list (one per extension host), so readSettings() can see a tenant's own sign-in -----------

let installed: TenantList | undefined;

export function installTenantList(list: TenantList): void {
  installed = list;
}

export function tenantList(): TenantList | undefined {
  return installed;
}
