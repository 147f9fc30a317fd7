// One wrapper per command owns errors (design.md principle 5): cancel is silent; a short message is one
// notification; a long one goes to the log with a "Show log" button.
import * as vscode from 'vscode';
import { isCancelled } from '../core/graph/errors';
import type { Log } from './log';

const SHORT = 300;

export async function runCommand<T>(log: Log, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isCancelled(e) || (e instanceof vscode.CancellationError)) {
      log.info(`${name}: cancelled`);
      return undefined;
    }
    const message = log.redactor.redact(e instanceof Error ? e.message : String(e));
    log.error(`${name}: ${e instanceof Error ? (e.stack ?? message) : message}`);
    const showLog = vscode.l10n.t('Show log');
    const text = message.length > SHORT ? `${message.slice(0, SHORT)}…` : message;
    void vscode.window.showErrorMessage(text, showLog).then((pick) => pick === showLog && log.show());
    return undefined;
  }
}
