// Whether the user signed in (through "Sign in") to the tenant the settings name, with the method they name. A
// mark in globalState, not a setting: it records what happened, the settings record what the user chose.
import type * as vscode from 'vscode';
import type { Secrets } from './secrets';
import { readSettings, type SignInMethod } from './settings';

const KEY = 'itsme.signedIn';

const markOf = (method: SignInMethod, tenant: string): string => `${method}:${tenant.trim().toLowerCase()}`;

export class SignInMark {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly secrets: Secrets,
  ) {}

  async isSignedIn(): Promise<boolean> {
    const s = readSettings();
    if (!s.tenant || this.memento.get<string>(KEY) !== markOf(s.signInMethod, s.tenant)) return false;
    if (s.signInMethod === 'servicePrincipal') return !!(await this.secrets.servicePrincipalSecret(s.tenant));
    return true;
  }

  async set(method: SignInMethod, tenant: string): Promise<void> {
    await this.memento.update(KEY, markOf(method, tenant));
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
  }
}
