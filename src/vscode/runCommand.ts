// The one wrapper every command runs in; it owns errors (design.md principle 5): cancel is silent; the
// notification says what happened and what to do (userMessage: a Graph error's hint, a sign-in failure's AADSTS
// code in words); the raw error (request, status, Graph's or Entra's text) goes to the log, behind "Show log".
import * as vscode from 'vscode';
import { isCancelled, userMessage } from '../core/graph/errors';
import { targetOf, type Command, type CommandContext, type CommandId } from './commands/context';
import { withTarget } from './tenants';
import type { Log } from './log';

const SHORT = 400;

export type CommandHandler = (...args: unknown[]) => Promise<unknown>;

export async function runCommand<T>(log: Log, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isCancelled(e) || e instanceof vscode.CancellationError) {
      log.info(`${name}: cancelled`);
      return undefined;
    }
    const message = log.redactor.redact(userMessage(e));
    log.error(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const showLog = vscode.l10n.t('Show log');
    const text = message.length > SHORT ? `${message.slice(0, SHORT)}…` : message;
    void vscode.window.showErrorMessage(text, showLog).then((pick) => pick === showLog && log.show());
    return undefined;
  }
}

/** The handlers VS Code calls, by command id: each command's run() inside runCommand, with the shared context. */
export function commandTable(ctx: CommandContext, commands: readonly Command[]): Record<CommandId, CommandHandler> {
  const table = {} as Record<CommandId, CommandHandler>;
  for (const c of commands) {
    if (table[c.id]) throw new Error(`internal: command ${c.id} is defined twice`);
    const name = c.id.replace(/^itsme\./, '');
    // Run on the tenant the command was given (tree node, `{ tenant }`) or picked: see commands/context.ts.
    table[c.id] = (...args: unknown[]) => runCommand(ctx.log, name, async () => withTarget(await targetOf(ctx, c.id, args), () => c.run(ctx, ...args)));
  }
  return table;
}
