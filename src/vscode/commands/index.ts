// Every command of the extension, one file each. The check below makes a command listed in extension.ts
// (COMMAND_IDS, which package.json contributes) without a file here a compile error, and a duplicate a test failure.
import type { CommandId } from './context';
import { addTenant } from './addTenant';
import { copyPermissions } from './copyPermissions';
import { copyRedirectUris } from './copyRedirectUris';
import { copyValue } from './copyValue';
import { edit } from './edit';
import { openAppRegistrations } from './openAppRegistrations';
import { openInPortal } from './openInPortal';
import { refresh } from './refresh';
import { remove } from './remove';
import { removeTenant } from './removeTenant';
import { rotateSecret } from './rotateSecret';
import { runUserFlow } from './runUserFlow';
import { setup } from './setup';
import { setupQuickPick } from './setupQuickPick';
import { showLog } from './showLog';
import { signIn } from './signIn';
import { signOut } from './signOut';

export const COMMANDS = [setup, setupQuickPick, signIn, signOut, refresh, runUserFlow, copyRedirectUris, openInPortal, rotateSecret, remove, showLog, copyPermissions, openAppRegistrations, copyValue, edit, addTenant, removeTenant] as const;

type Missing = Exclude<CommandId, (typeof COMMANDS)[number]['id']>;
const everyCommandHasAFile: [Missing] extends [never] ? true : Missing = true;
void everyCommandHasAFile;
