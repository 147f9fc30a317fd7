// What every command gets: the extension's parts, built once by host.ts. A command is a file exporting one
// Command; runCommand.ts registers them all through one wrapper that owns their errors and sets the tenant the
// command works on (targetOf below): the tree node's tenant, `{ tenant }`, or — from the palette with several
// tenants signed in — the one the user picks. Inside, ctx.tenant, ctx.session and readSettings() all mean it.
import * as vscode from 'vscode';
import type { COMMAND_IDS } from '../extension';
import type { Log } from '../log';
import type { Secrets } from '../secrets';
import type { Session } from '../session';
import type { SignInMark } from '../signInMark';
import { tenantOfArgument } from '../tenants';
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

/** Commands that act on one signed-in tenant: run from the palette with several, they ask which first. */
const ON_ONE_TENANT: ReadonlySet<CommandId> = new Set<CommandId>(['itsme.signOut', 'itsme.runUserFlow', 'itsme.copyRedirectUris', 'itsme.openInPortal', 'itsme.rotateSecret', 'itsme.remove', 'itsme.removeTenant']);

/**
 * The tenant a command runs on: named by its argument, else (for a command on one tenant, with several signed in)
 * the user's pick; undefined when there is nothing to choose. Throws a CancellationError when the pick is dismissed.
 */
export async function targetOf(ctx: CommandContext, id: CommandId, args: unknown[]): Promise<string | undefined> {
  const named = tenantOfArgument(args[0]);
  if (named || !ON_ONE_TENANT.has(id)) return named;
  const candidates = id === 'itsme.removeTenant' ? ctx.signIn.tenants.all() : await ctx.signIn.signedIn();
  if (candidates.length < 2) return candidates[0]?.tenant;
  const pick = await vscode.window.showQuickPick(
    candidates.map((e) => ({ label: e.tenant, description: ctx.tenant.environmentOf(e.tenant), tenant: e.tenant })),
    { title: vscode.l10n.t('Which tenant?'), placeHolder: vscode.l10n.t('Several tenants are signed in: pick the one to work on'), ignoreFocusOut: true },
  );
  if (!pick) throw new vscode.CancellationError();
  return pick.tenant;
}
