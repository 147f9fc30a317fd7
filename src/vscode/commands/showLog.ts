// itsme.showLog: the "itsme" output channel.
import type { Command } from './context';

export const showLog = {
  id: 'itsme.showLog',
  run: async (ctx) => ctx.log.show(),
} satisfies Command;
