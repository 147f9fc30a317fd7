// Runtime checks for every message crossing the webview boundary. Each guard rebuilds the message from the fields
// it checked (exact keys, right types, known values), so nothing extra rides along. Reasons name keys and
// types, never values: a malformed storeSecret must not put the secret into the log.
import { isFieldName, isValidFieldValue } from '../wizard/fields';
import { COPY_TARGETS, LINK_TARGET_PATTERN, RUN_TARGETS, type CopyTarget, type LinkTarget, type RunTarget, type UiEvent } from '../wizard/state';
import { isStepId } from '../wizard/steps';
import { MAX_SECRET_LENGTH, type HostMessage, type WebviewMessage } from './messages';

export type DropLog = (reason: string) => void;

type Obj = Record<string, unknown>;
type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function isPlainObject(v: unknown): v is Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A safe name for a log line: a short identifier is quoted; anything else only says what it is ("a string",
 * "an array", "null"), never its value.
 */
export function nameOf(v: unknown): string {
  if (typeof v === 'string' && /^[A-Za-z-]{1,30}$/.test(v)) return `"${v}"`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  const type = typeof v;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** At most this many unexpected keys are named in a log line (a page may send thousands). */
const NAMED_KEYS = 5;

function exactKeys(o: Obj, keys: readonly string[], what: string): string | undefined {
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  if (extra.length) {
    const more = extra.length > NAMED_KEYS ? ` and ${extra.length - NAMED_KEYS} more` : '';
    return `${what}: unexpected keys ${extra.slice(0, NAMED_KEYS).map(nameOf).join(', ')}${more}`;
  }
  const missing = keys.filter((k) => !(k in o));
  return missing.length ? `${what}: missing ${missing.join(', ')}` : undefined;
}

export function checkUiEvent(raw: unknown): Check<UiEvent> {
  if (!isPlainObject(raw)) return fail(`event is ${nameOf(raw)}, not an object`);
  const type = raw['type'];
  const what = `event ${nameOf(type)}`;
  switch (type) {
    case 'next':
    case 'back':
    case 'apply':
    case 'cancel':
    case 'restart':
    case 'signIn':
    case 'fix': {
      const bad = exactKeys(raw, ['type'], what);
      return bad ? fail(bad) : ok({ type });
    }
    case 'runUserFlow': {
      if (!('target' in raw)) {
        const bad = exactKeys(raw, ['type'], what);
        return bad ? fail(bad) : ok({ type });
      }
      const bad = exactKeys(raw, ['type', 'target'], what);
      if (bad) return fail(bad);
      const target = raw['target'];
      return RUN_TARGETS.includes(target as RunTarget) ? ok({ type, target: target as RunTarget }) : fail(`${what}: unknown target`);
    }
    case 'goto': {
      const bad = exactKeys(raw, ['type', 'step'], what);
      if (bad) return fail(bad);
      return isStepId(raw['step']) ? ok({ type, step: raw['step'] }) : fail(`${what}: step is not a wizard step`);
    }
    case 'edit': {
      const bad = exactKeys(raw, ['type', 'field', 'value'], what);
      if (bad) return fail(bad);
      const field = raw['field'];
      if (!isFieldName(field)) return fail(`${what}: field ${nameOf(field)} is not a form field`);
      const value = raw['value'];
      return isValidFieldValue(field, value) ? ok({ type, field, value }) : fail(`${what}: value for ${field} has the wrong type, length or option (${typeof value})`);
    }
    case 'copy': {
      const bad = exactKeys(raw, ['type', 'which'], what);
      if (bad) return fail(bad);
      const which = raw['which'];
      return COPY_TARGETS.includes(which as CopyTarget) ? ok({ type, which: which as CopyTarget }) : fail(`${what}: unknown copy target`);
    }
    case 'openPolicy': {
      const bad = exactKeys(raw, ['type', 'index'], what);
      if (bad) return fail(bad);
      const index = raw['index'];
      return Number.isInteger(index) && (index as number) >= 0 && (index as number) < 16 ? ok({ type, index: index as number }) : fail(`${what}: index is not a small whole number`);
    }
    case 'openUrl': {
      const bad = exactKeys(raw, ['type', 'which'], what);
      if (bad) return fail(bad);
      const which = raw['which'];
      return typeof which === 'string' && LINK_TARGET_PATTERN.test(which) ? ok({ type, which: which as LinkTarget }) : fail(`${what}: unknown link target (links are named, never URLs)`);
    }
    default:
      return fail(`unknown ${what}`);
  }
}

export function checkWebviewMessage(raw: unknown): Check<WebviewMessage> {
  if (!isPlainObject(raw)) return fail(`message is ${nameOf(raw)}, not an object`);
  const type = raw['type'];
  const what = `message ${nameOf(type)}`;
  switch (type) {
    case 'ready':
    case 'clearSecret': {
      const bad = exactKeys(raw, ['type'], what);
      return bad ? fail(bad) : ok({ type });
    }
    case 'storeSecret': {
      const withNext = 'next' in raw;
      const bad = exactKeys(raw, withNext ? ['type', 'value', 'next'] : ['type', 'value'], what);
      if (bad) return fail(bad);
      const value = raw['value'];
      if (typeof value !== 'string') return fail(`${what}: value is ${typeof value}, not a string`);
      if (value.length > MAX_SECRET_LENGTH) return fail(`${what}: value is longer than ${MAX_SECRET_LENGTH} characters`);
      if (withNext && raw['next'] !== true) return fail(`${what}: next is not true`);
      return ok(withNext ? { type, value, next: true } : { type, value });
    }
    case 'event': {
      const bad = exactKeys(raw, ['type', 'event'], what);
      if (bad) return fail(bad);
      const event = checkUiEvent(raw['event']);
      return event.ok ? ok({ type, event: event.value }) : fail(`${what}: ${event.reason}`);
    }
    default:
      return fail(`unknown ${what}`);
  }
}

/** The host's entry point: the message, rebuilt, or undefined after reporting why it was dropped. */
export function parseWebviewMessage(raw: unknown, log: DropLog): WebviewMessage | undefined {
  const r = checkWebviewMessage(raw);
  if (r.ok) return r.value;
  log(`dropped a malformed webview message: ${r.reason}`);
  return undefined;
}

export function isWebviewMessage(raw: unknown): raw is WebviewMessage {
  return checkWebviewMessage(raw).ok;
}

/** The webview's check on what the host posts (trusted, but a stale page after an update may meet a newer host). */
export function isHostMessage(raw: unknown): raw is HostMessage {
  if (!isPlainObject(raw)) return false;
  if (raw['type'] === 'init') {
    const l10n = raw['l10n'];
    return l10n === undefined || (isPlainObject(l10n) && Object.values(l10n).every((v) => typeof v === 'string'));
  }
  if (raw['type'] === 'state') {
    const view = raw['view'];
    return isPlainObject(view) && isStepId(view['step']) && isPlainObject(view['form']) && isPlainObject(view['derived']) && isPlainObject(view['errors']);
  }
  return false;
}
