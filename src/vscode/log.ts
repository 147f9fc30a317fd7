// The extension's LogOutputChannel, named like the extension (its displayName, as the Extensions view shows it) so
// people find it in the Output view's list. Every line passes through the engine's Redactor, which knows the
// secrets in play, so a secret that slipped into an error text is still not written.
import * as vscode from 'vscode';
import { Redactor } from '../core/redact';
import { createDropLog } from '../protocol/dropLog';
import type { DropLog } from '../protocol/guards';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  readonly redactor: Redactor;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

/** The extension's id (publisher.name in package.json). */
export const EXTENSION_ID = 'itsme-b2c.itsme-b2c';

/** The Output channel's name: the extension's own display name. */
export function logChannelName(): string {
  const name = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { displayName?: string } | undefined)?.displayName;
  return name ?? 'itsme® sign-in for Azure AD B2C and Entra External ID';
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel(logChannelName(), { log: true });
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

const dropLogs = new WeakMap<object, DropLog>();

/**
 * Where dropped or invalid webview messages are reported (the wizard, the token view): one bounded log per channel,
 * shared by every panel on it, so a page (or many reopened pages) cannot flood the Output view (protocol/dropLog.ts).
 */
export function dropLogFor(log: { warn(message: string): void }): DropLog {
  let drop = dropLogs.get(log);
  if (!drop) {
    drop = createDropLog((line) => log.warn(line));
    dropLogs.set(log, drop);
  }
  return drop;
}
