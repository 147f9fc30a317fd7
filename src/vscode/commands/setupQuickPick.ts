// itsme.setupQuickPick: the keyboard-first wizard (Quick Picks and input boxes), whatever the setting says.
import { runQuickPickWizard } from '../wizard/quickPickWizard';
import type { Command } from './context';
import { wizardDeps } from './setup';

export const setupQuickPick = {
  id: 'itsme.setupQuickPick',
  run: async (ctx) => runQuickPickWizard(await wizardDeps(ctx)),
} satisfies Command;
