// The "itsme" LogOutputChannel. Every line passes through the engine's Redactor, which knows the secrets in play,
// so a secret that slipped into an error text is still not written.
import * as vscode from 'vscode';
import { Redactor } from '../core/redact';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  readonly redactor: Redactor;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel(vscode.l10n.t('itsme for Azure AD B2C'), { log: true });
  const redactor = new Redactor();
  return {
    channel,
    redactor,
    info: (m) => channel.info(redactor.redact(m)),
    warn: (m) => channel.warn(redactor.redact(m)),
    error: (m) => channel.error(redactor.redact(m)),
    show: () => channel.show(true),
  };
}
