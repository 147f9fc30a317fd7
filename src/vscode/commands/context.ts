// What every command gets: the extension's parts, built once by host.ts. A command is a file exporting one
// Command; runCommand.ts registers them all through one wrapper that owns their errors.
import type * as vscode from 'vscode';
import type { COMMAND_IDS } from '../extension';
import type { Log } from '../log';
import type { Secrets } from '../secrets';
import type { Session } from '../session';
import type { SignInMark } from '../signInMark';
import type { TenantSnapshot } from '../tenantSnapshot';
import type { TokenView } from '../token/tokenView';

export type CommandId = (typeof COMMAND_IDS)[number];

export interface CommandContext {
  extension: vscode.ExtensionContext;
  log: Log;
  secrets: Secrets;
  session: Session;
  signIn: SignInMark;
  tenant: TenantSnapshot;
  tokenView: TokenView;
}

export interface Command {
  id: CommandId;
  /** Throws to report: runCommand turns a cancel into silence and anything else into one notification. */
  run(ctx: CommandContext, ...args: unknown[]): Promise<unknown>;
}
