// Bounded logs (issue 12): whatever the page sends, dropped messages are counted and summarised — the first of
// each kind in full, then at most one line a minute per kind, "N more like this in the last minute". A fake clock
// drives the minutes; the flood is seeded, so a failure repeats.
import assert from 'node:assert/strict';
import { checkWebviewMessage, parseWebviewMessage } from '../../src/protocol/guards';
import { createDropLog, DROP_LOG_BOUND, type DropClock } from '../../src/protocol/dropLog';

class FakeClock implements DropClock {
  t = 0;
  private timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  now() {
    return this.t;
  }
  schedule(run: () => void, ms: number) {
    const timer = { at: this.t + ms, run, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = due.at;
      due.live = false;
      due.run();
    }
    this.t = end;
    this.timers = this.timers.filter((x) => x.live);
  }
}

/** A small seeded generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hostile shapes: unknown types with random names, random extra keys, wrong types, arrays, null, deep events. */
function hostile(r: () => number): unknown {
  const word = () => Array.from({ length: 1 + Math.floor(r() * 20) }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
  switch (Math.floor(r() * 9)) {
    case 0:
      return { type: word() };
    case 1:
      return Object.fromEntries([['type', 'ready'], ...Array.from({ length: 1 + Math.floor(r() * 200) }, () => [word(), 1])]);
    case 2:
      return [1, 2, 3];
    case 3:
      return null;
    case 4:
      return { type: 'event', event: { type: word() } };
    case 5:
      return { type: 'event', event: { type: 'goto', step: word() } };
    case 6:
      return { type: 'storeSecret', value: 42 };
    case 7:
      return { type: 'event', event: { type: 'edit', field: word(), value: 'x' } };
    default:
      return 'x'.repeat(Math.floor(r() * 1_000_000));
  }
}

describe('protocol: bounded log of dropped messages', () => {
  it('10,000 hostile messages in four minutes write a bounded number of short lines', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const drop = createDropLog((l) => lines.push(l), clock);
    const r = rng(12);
    for (let i = 0; i < 10_000; i++) {
      assert.equal(parseWebviewMessage(hostile(r), drop), undefined);
      clock.advance(24); // 10,000 × 24 ms = 4 minutes
    }
    clock.advance(120_000);
    const minutes = 4 + 2;
    const bytes = lines.reduce((n, l) => n + l.length, 0);
    assert.ok(lines.length <= DROP_LOG_BOUND.linesPerMinute * minutes, `${lines.length} lines for 10,000 messages (bound ${DROP_LOG_BOUND.linesPerMinute}/min)`);
    assert.ok(lines.every((l) => l.length <= DROP_LOG_BOUND.lineLength), `longest line ${Math.max(...lines.map((l) => l.length))}`);
    // Every message is accounted for: the full lines plus the "N more" counts.
    const counted = lines.reduce((n, l) => n + (/^(\d+) more like this in the last minute/.exec(l) ? Number(/^(\d+)/.exec(l)![1]) : 1), 0);
    assert.equal(counted, 10_000, 'every dropped message is counted');
    console.log(`      10,000 messages → ${lines.length} lines, ${bytes} bytes`);
  });

  it('one kind: the first in full, then one summary line a minute while it lasts; quiet again, the next is in full', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const drop = createDropLog((l) => lines.push(l), clock);
    for (let i = 0; i < 3000; i++) {
      parseWebviewMessage([], drop);
      clock.advance(60); // 3 minutes: the first minute's first drop is written in full, its other 999 counted
    }
    clock.advance(60_000);
    assert.equal(lines[0], 'dropped a malformed webview message: message is an array, not an object');
    assert.deepEqual(lines.slice(1), ['999 more like this in the last minute: dropped a malformed webview message: message is an array, not an object', '1000 more like this in the last minute: dropped a malformed webview message: message is an array, not an object', '1000 more like this in the last minute: dropped a malformed webview message: message is an array, not an object']);
    clock.advance(120_000);
    parseWebviewMessage([], drop);
    assert.equal(lines.at(-1), 'dropped a malformed webview message: message is an array, not an object');
  });

  it('kinds beyond the tracked number share one "other" kind, so many different kinds are still bounded', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const drop = createDropLog((l) => lines.push(l), clock);
    const letters = (i: number) => i.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));
    for (let i = 0; i < 10_000; i++) drop(`kind ${letters(i)} of drop`);
    clock.advance(60_000);
    assert.ok(lines.length <= DROP_LOG_BOUND.linesPerMinute, `${lines.length} lines`);
    assert.match(lines.at(-1) ?? '', /^\d+ more like this in the last minute: other kinds of malformed message$/);
  });

  it('names what arrived: an array, null, a number — never "a object"', () => {
    const reason = (v: unknown) => {
      const r = checkWebviewMessage(v);
      return r.ok ? '' : r.reason;
    };
    assert.equal(reason([]), 'message is an array, not an object');
    assert.equal(reason(null), 'message is null, not an object');
    assert.equal(reason(7), 'message is a number, not an object');
    assert.equal(reason(undefined), 'message is undefined, not an object');
    assert.match(reason({ type: 'event', event: [] }), /event is an array, not an object/);
  });

  it('a message with many unknown keys is named briefly', () => {
    const r = checkWebviewMessage(Object.fromEntries([['type', 'ready'], ...Array.from({ length: 5000 }, (_, i) => [i.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26))), 1])]));
    assert.ok(!r.ok && r.reason.length < 300, !r.ok ? `${r.reason.length} characters` : 'accepted');
  });
});
