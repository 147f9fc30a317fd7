// itsme.refresh: read the tenant again (the tree asks for its nodes afresh).
import type { Command } from './context';

export const refresh = {
  id: 'itsme.refresh',
  // A storm of refreshes reads each tenant once: the tree joins a read in flight (tree/tenantReads.ts).
  run: async (ctx) => ctx.session.refreshView(),
} satisfies Command;
