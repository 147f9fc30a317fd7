// The extension's settings (package.json `contributes.configuration`). No secret is ever a setting.
// With several tenants, the sign-in fields (tenant, method, client id, cloud hosts) are per tenant (tenants.ts):
// readSettings() gives the settings as seen by the tenant the running command works on; settingsFor(tenant) those
// of a named tenant. The settings themselves hold the defaults the next "Sign in" starts from.
import * as vscode from 'vscode';
import { currentTarget, sameTenant, tenantList, type SignInMethod, type TenantEntry } from './tenants';
import { DEFAULT_LOOPBACK_PORT } from './token/loopback';

export type { SignInMethod } from './tenants';

export interface Settings {
  tenant: string;
  signInMethod: SignInMethod;
  clientId: string;
  graphEndpoint: string;
  authorityHost: string;
  loginHost: string;
  wizardMode: 'webview' | 'quickPick';
  loopbackPort: number;
  /** The kind the tenant check found at the last sign-in to this tenant (undefined before the first). */
  tenantKind?: 'b2c' | 'external';
}

const trimSlash = (v: string): string => v.trim().replace(/\/+$/, '');

/** The settings as written, without any tenant's own sign-in. */
export function globalSettings(): Settings {
  const c = vscode.workspace.getConfiguration('itsme');
  return {
    tenant: c.get<string>('tenant', '').trim(),
    signInMethod: c.get<SignInMethod>('signInMethod', 'microsoft'),
    clientId: c.get<string>('clientId', '').trim(),
    graphEndpoint: trimSlash(c.get<string>('graphEndpoint', 'https://graph.microsoft.com')),
    authorityHost: trimSlash(c.get<string>('authorityHost', 'https://login.microsoftonline.com')),
    loginHost: c.get<string>('loginHost', '').trim(),
    wizardMode: c.get<'webview' | 'quickPick'>('wizard.mode', 'webview'),
    loopbackPort: c.get<number>('loopbackPort', DEFAULT_LOOPBACK_PORT),
  };
}

function overlay(s: Settings, e: TenantEntry): Settings {
  return { ...s, tenant: e.tenant, signInMethod: e.signInMethod, clientId: e.clientId, graphEndpoint: e.graphEndpoint ?? s.graphEndpoint, authorityHost: e.authorityHost ?? s.authorityHost, ...(e.tenantKind ? { tenantKind: e.tenantKind } : {}) };
}

/** The settings of `tenant`: its own sign-in when it is in the list, else the settings with that tenant. */
export function settingsFor(tenant: string | undefined): Settings {
  const s = globalSettings();
  const ref = tenant?.trim();
  if (!ref) return s;
  // During "Sign in" the settings just written are the tenant's new sign-in (the list learns it once it worked).
  const e = sameTenant(signingIn, ref) ? undefined : tenantList()?.get(ref);
  return e ? overlay(s, e) : { ...s, tenant: ref };
}

/** The tenant "Sign in" is writing the settings for, until SignInMark records the sign-in. */
let signingIn: string | undefined;

export function endSignIn(): void {
  signingIn = undefined;
}

/** The settings as the running command sees them: those of the tenant it works on (or the only one), else the settings. */
export function readSettings(): Settings {
  const list = tenantList()?.all() ?? [];
  return settingsFor(currentTarget() ?? (list.length === 1 ? list[0]!.tenant : undefined));
}

export async function updateSetting(key: keyof Pick<Settings, 'tenant' | 'clientId' | 'signInMethod'>, value: string): Promise<void> {
  if (key === 'tenant') signingIn = value.trim();
  await vscode.workspace.getConfiguration('itsme').update(key, value, vscode.ConfigurationTarget.Global);
}
