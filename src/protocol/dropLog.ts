// The log of dropped webview messages, bounded whatever the page sends. Each kind of drop (the reason with the
// page's own names and numbers taken out) is written in full the first time; while more of that kind keep coming
// they are only counted, and once a minute one line says "N more like this in the last minute". A kind quiet for
// a whole minute is forgotten, so its next drop is written in full again. At most MAX_KINDS kinds are tracked at
// once; any further kind is counted as one more kind, "other". So the log grows by at most
// DROP_LOG_BOUND.linesPerMinute lines a minute, each at most DROP_LOG_BOUND.lineLength characters.
import type { DropLog } from './guards';

export interface DropClock {
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  schedule(run: () => void, ms: number): () => void;
}

const WINDOW_MS = 60_000;
const MAX_KINDS = 32;
const LINE_LENGTH = 400;
const OTHER = 'other kinds of malformed message';

/**
 * Per kind: a full line when it starts, then at most one summary line per minute, hence at most 2 lines in any
 * minute; for MAX_KINDS kinds plus "other".
 */
export const DROP_LOG_BOUND = { linesPerMinute: 2 * (MAX_KINDS + 1), lineLength: LINE_LENGTH } as const;

const realClock: DropClock = {
  now: () => Date.now(),
  schedule: (run, ms) => {
    const t = setTimeout(run, ms);
    // Never keeps the extension host (or a test run) alive just to write a summary.
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** What makes two drops "alike": the reason without the page's names, counts and sizes. */
export function dropKind(line: string): string {
  return line
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .replace(/(?:"…"|a string)(?:, (?:"…"|a string))*(?: and N more)?/g, '…');
}

function clip(line: string): string {
  return line.length > LINE_LENGTH ? `${line.slice(0, LINE_LENGTH - 1)}…` : line;
}

interface Kind {
  /** Drops since the last line about this kind. */
  count: number;
  cancel: () => void;
}

/** A DropLog that writes through `write` at a bounded rate; `flush()` writes what is still only counted. */
export function createDropLog(write: (line: string) => void, clock: DropClock = realClock): DropLog & { flush(): void } {
  const kinds = new Map<string, Kind>();

  const endOfMinute = (key: string): void => {
    const k = kinds.get(key);
    if (!k) return;
    if (k.count === 0) {
      // A quiet minute: forget the kind; its next drop is news again.
      kinds.delete(key);
      return;
    }
    write(clip(`${k.count} more like this in the last minute: ${key}`));
    k.count = 0;
    k.cancel = clock.schedule(() => endOfMinute(key), WINDOW_MS);
  };

  const log = (line: string): void => {
    let key = dropKind(line);
    if (!kinds.has(key) && kinds.size >= MAX_KINDS) key = OTHER;
    const k = kinds.get(key);
    if (k) {
      k.count++;
      return;
    }
    write(clip(line));
    kinds.set(key, { count: 0, cancel: clock.schedule(() => endOfMinute(key), WINDOW_MS) });
  };

  const flush = (): void => {
    for (const [key, k] of [...kinds]) {
      k.cancel();
      if (k.count) write(clip(`${k.count} more like this in the last minute: ${key}`));
      kinds.delete(key);
    }
  };
  return Object.assign(log, { flush });
}
