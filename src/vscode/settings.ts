// The extension's settings (package.json `contributes.configuration`). No secret is ever a setting.
import * as vscode from 'vscode';
import { DEFAULT_LOOPBACK_PORT } from './token/loopback';

export type SignInMethod = 'microsoft' | 'servicePrincipal' | 'azureCli';

export interface Settings {
  tenant: string;
  signInMethod: SignInMethod;
  clientId: string;
  graphEndpoint: string;
  authorityHost: string;
  loginHost: string;
  wizardMode: 'webview' | 'quickPick';
  loopbackPort: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('itsme');
  return {
    tenant: c.get<string>('tenant', '').trim(),
    signInMethod: c.get<SignInMethod>('signInMethod', 'microsoft'),
    clientId: c.get<string>('clientId', '').trim(),
    graphEndpoint: c.get<string>('graphEndpoint', 'https://graph.microsoft.com').trim().replace(/\/+$/, ''),
    authorityHost: c.get<string>('authorityHost', 'https://login.microsoftonline.com').trim().replace(/\/+$/, ''),
    loginHost: c.get<string>('loginHost', '').trim(),
    wizardMode: c.get<'webview' | 'quickPick'>('wizard.mode', 'webview'),
    loopbackPort: c.get<number>('loopbackPort', DEFAULT_LOOPBACK_PORT),
  };
}

export async function updateSetting(key: keyof Pick<Settings, 'tenant' | 'clientId' | 'signInMethod'>, value: string): Promise<void> {
  await vscode.workspace.getConfiguration('itsme').update(key, value, vscode.ConfigurationTarget.Global);
}
