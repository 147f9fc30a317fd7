// itsme.refresh: read the tenant again (the tree asks for its nodes afresh).
import type { Command } from './context';

export const refresh = {
  id: 'itsme.refresh',
  run: async (ctx) => ctx.session.notifyChanged(),
} satisfies Command;
