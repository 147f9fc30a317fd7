// Turns a configuration file (plain JSON, partial) into a complete ItsmeSetupConfig, with the guide's defaults,
// or a list of issues that each name the field (in the user's words and by its path) and say how to fix it. The
// fields, their rules and messages are the rows of fields.ts; this file only walks them. Values are never echoed
// for secret-like fields, so a secret pasted into the wrong place does not leak through an error message.
import * as l10n from '@vscode/l10n';
import { metadataUrlFor } from '../itsme/endpoints';
import { checkClaim } from './fieldChecks';
import { appliesToAny, fieldRef, fieldsFor, notApplicableReason, rowOf, servedVariants, VARIANT_FIELD, type FieldRow, type TenantVariant } from './fields';
import type { ConfigIssue, ConfigResult, ItsmeSetupConfig } from './types';

type Obj = Record<string, unknown>;

/** Keys a file may hold besides the fields: JSON Schema's pointer, for editors. */
const ROOT_EXTRAS = ['$schema'];
const SECRET_LIKE = /secret|password|credential/i;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const parentOf = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('.'), 0));
const keyOf = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

/** Every object (section) the rows live in, parents first: '' (the root), 'itsme', 'itsme.scopes', … */
function sectionsOf(rows: readonly FieldRow[]): string[] {
  const out = new Set<string>(['']);
  for (const r of rows) {
    const parts = r.path.split('.').slice(0, -1);
    parts.forEach((_, i) => out.add(parts.slice(0, i + 1).join('.')));
  }
  return [...out];
}

/** The keys each section may hold, derived from the rows (anything else is a typo or a misplaced secret). */
export function knownFields(variant: TenantVariant | 'any' = 'any'): Record<string, string[]> {
  const rows = fieldsFor(variant);
  const known: Record<string, string[]> = {};
  for (const s of sectionsOf(rows)) known[s] = s === '' ? [...ROOT_EXTRAS] : [];
  for (const s of sectionsOf(rows)) if (s) known[parentOf(s)]!.push(keyOf(s));
  for (const r of rows) known[parentOf(r.path)]!.push(keyOf(r.path));
  return known;
}

/** Reads a dotted path; undefined when a section on the way is missing or not an object. */
export function getPath(obj: unknown, path: string): unknown {
  let o: unknown = obj;
  for (const k of path.split('.')) {
    if (!isObj(o)) return undefined;
    o = o[k];
  }
  return o;
}

/** Writes a dotted path, creating the sections on the way; undefined writes nothing. */
export function setPath(obj: Obj, path: string, value: unknown): void {
  if (value === undefined) return;
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (isObj(o[k]) ? o[k] : (o[k] = {})) as Obj;
  o[keys.at(-1)!] = value;
}

class Collector {
  readonly issues: ConfigIssue[] = [];
  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }
}

/** Checks the sections are objects and hold only known keys; returns the sections that are usable. */
function checkShape(input: Obj, known: Record<string, string[]>, c: Collector): void {
  for (const path of Object.keys(known)) {
    const obj = path ? getPath(input, path) : input;
    if (obj === undefined) continue;
    if (!isObj(obj)) {
      if (isObj(path.includes('.') ? getPath(input, parentOf(path)) : input)) {
        c.add(path, l10n.t('"{0}" must be an object with its own fields (see the README\'s example).', path));
      }
      continue;
    }
    for (const key of Object.keys(obj)) {
      const field = path ? `${path}.${key}` : key;
      if (SECRET_LIKE.test(key)) {
        c.add(field, l10n.t('Secrets are never part of the configuration. Remove "{0}" and supply the itsme client secret through SecretStorage (extension) or the ITSME_CLIENT_SECRET environment variable / --itsme-secret-stdin (CLI).', field));
      } else if (!known[path]!.includes(key)) {
        c.add(field, l10n.t('Unknown field "{0}". Allowed here: {1}.', field, known[path]!.join(', ')));
      }
    }
  }
}

/** A field's value when its section is an object (a section that is not one was reported by checkShape). */
function rawOf(input: Obj, path: string): unknown {
  const parent = parentOf(path);
  const section = parent ? getPath(input, parent) : input;
  return isObj(section) ? section[keyOf(path)] : undefined;
}

/** The file's value of one row, validated and normalised (the file's shape); undefined when absent and optional. */
function resolveRow(row: FieldRow, raw: unknown, file: (path: string) => unknown, c: Collector): unknown {
  const ref = fieldRef(row);
  const bad = (message: string, fallback?: unknown): unknown => (c.add(row.path, message), fallback);
  switch (row.type) {
    case 'text': {
      const fallback = row.default;
      if (raw === undefined || raw === null || raw === '') return row.required ? bad(row.required(ref), fallback) : fallback;
      if (typeof raw !== 'string') return bad(l10n.t('{0} must be a string.', ref), fallback);
      const v = row.normalize ? row.normalize(raw.trim()) : raw.trim();
      if (!v && row.required) return bad(row.required(ref), fallback);
      const problem = row.check?.(v, ref);
      return problem ? bad(problem, v) : v;
    }
    case 'choice': {
      const fallback = typeof row.default === 'function' ? row.default(file) : row.default;
      if (raw === undefined || raw === null || raw === '') return fallback;
      const v = typeof raw === 'string' ? raw.trim() : raw;
      return row.options.some((o) => o.value === v) ? v : bad(row.invalid(ref), fallback);
    }
    case 'flag':
      if (raw === undefined) return row.default;
      return typeof raw === 'boolean' ? raw : bad(l10n.t('{0} must be true or false.', ref), row.default);
    case 'integer':
      if (raw === undefined) return row.default;
      if (row.orWord !== undefined && raw === row.orWord) return raw;
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < row.min || raw > row.max) {
        const message = row.orWord === undefined ? l10n.t('{0} must be a whole number from {1} to {2}.', ref, row.min, row.max) : l10n.t('{0} must be a whole number from {1} to {2}, or "{3}".', ref, row.min, row.max, row.orWord);
        return bad(message, row.default);
      }
      return raw;
    case 'choiceList': {
      if (raw === undefined || raw === null) return [...row.default];
      const known = (x: unknown) => typeof x === 'string' && row.options.some((o) => o.value === x.trim());
      if (!Array.isArray(raw) || !raw.every(known)) return bad(row.invalid(ref), [...row.default]);
      return [...new Set((raw as string[]).map((x) => x.trim()))];
    }
    case 'claim':
      if (raw === undefined) return row.default;
      // An empty claim removes an optional one from the mapping; a required one cannot be removed.
      if (raw === null || raw === '') return row.required ? bad(row.required(ref), row.default) : undefined;
      if (typeof raw !== 'string') return bad(checkClaim('', ref)!, row.default);
      return checkClaim(raw, ref) ? bad(checkClaim(raw, ref)!, row.default) : raw;
    case 'urlList': {
      if (raw === undefined) return [...row.default];
      if (!Array.isArray(raw) || raw.length === 0 || raw.some((u) => typeof u !== 'string')) return bad(row.invalid(ref), [...row.default]);
      raw.forEach((u: string, i: number) => {
        const problem = row.itemCheck(u);
        if (problem) c.add(`${row.path}[${i}]`, problem);
      });
      return [...new Set(raw as string[])];
    }
    case 'slidingWindow': {
      const { min, max } = row;
      if (raw === undefined || raw === 'noExpiry') return 'noExpiry';
      if (isObj(raw) && Object.keys(raw).length === 1 && typeof raw['days'] === 'number') {
        const days = raw['days'];
        if (Number.isInteger(days) && days >= min && days <= max) return { days };
      }
      return bad(row.invalid(ref), 'noExpiry');
    }
  }
}

/** The rows whose value decides whether another is used (e.g. the metadata URL only with a custom generation). */
function onlyWhenHolds(row: FieldRow, values: Map<string, unknown>): boolean {
  return !row.onlyWhen || values.get(row.onlyWhen.path) === row.onlyWhen.equals;
}

/**
 * Validates a configuration file's content and fills in the guide's defaults. One file serves both tenant kinds, so
 * by default ('any') every row is read; with a variant, a field set in the file that does not exist for that kind
 * is refused with why (and kindIssues() does the same on a resolved configuration once the tenant is known).
 */
export function resolveConfig(input: unknown, variant: TenantVariant | 'any' = 'any'): ConfigResult {
  const c = new Collector();
  if (!isObj(input)) {
    return { ok: false, issues: [{ field: '', message: l10n.t('The configuration must be a JSON object.') }] };
  }
  checkShape(input, knownFields('any'), c);
  // The variant this file is for, once it is one: the tenant's kind (when given) and the file's setup variant (a
  // custom policy is B2C's). A field set in the file that does not exist for it is refused with why.
  const setup = rawOf(input, VARIANT_FIELD);
  const served = servedVariants(kindOfVariant(variant), typeof setup === 'string' ? setup.trim() : setup);
  const one = served.length === 1 ? served[0] : undefined;
  if (one) {
    for (const row of fieldsFor('any').filter((r) => !r.appliesTo.includes(one))) {
      const raw = rawOf(input, row.path);
      if (raw !== undefined && raw !== null && raw !== '') c.add(row.path, l10n.t('{0}: {1}', fieldRef(row), notApplicableReason(row, one)));
    }
  }
  const rows = fieldsFor('any');
  const file = (path: string) => rawOf(input, path);
  const values = new Map<string, unknown>();
  for (const row of rows) {
    const raw = rawOf(input, row.path);
    if (!onlyWhenHolds(row, values)) {
      if (raw !== undefined && raw !== null && raw !== '' && !c.issues.some((i) => i.field === row.path)) {
        const other = rowOf(row.onlyWhen!.path)!;
        c.add(row.path, l10n.t('{0} is only used when {1} is "{2}". Remove it, or set {1} to "{2}".', fieldRef(row), fieldRef(other), row.onlyWhen!.equals));
      }
      continue;
    }
    values.set(row.path, resolveRow(row, raw, file, c));
  }
  if (one) {
    for (const row of fieldsFor(one)) {
      const v = values.get(row.path);
      const problem = typeof v === 'string' ? row.kindCheck?.[one]?.(v, fieldRef(row)) : undefined;
      if (problem && !c.issues.some((i) => i.field === row.path)) c.add(row.path, problem);
    }
  }
  if (c.issues.length) return { ok: false, issues: c.issues };
  // The resolved configuration, each row's value at its model path; the tenant section exists even when empty.
  const config: Obj = { tenant: {} };
  for (const row of rows) {
    const v = values.get(row.path);
    setPath(config, row.model ?? row.path, v === undefined ? undefined : row.toModel ? row.toModel(v as never) : v);
  }
  return { ok: true, config: config as unknown as ItsmeSetupConfig };
}

/** The tenant kind of a variant ('any': not known). */
function kindOfVariant(variant: TenantVariant | 'any'): 'b2c' | 'external' | undefined {
  return variant === 'any' ? undefined : variant.startsWith('external/') ? 'external' : 'b2c';
}

/** The itsme discovery document URL this configuration points B2C at. */
export function metadataUrlOf(config: ItsmeSetupConfig): string {
  return metadataUrlFor(config.itsme.environment, config.itsme.generation, config.itsme.customMetadataUrl);
}

/**
 * The fields of a resolved configuration that do not exist for a tenant kind yet hold something other than their
 * default: refused once the tenant's kind is known (e.g. token lifetimes for an external tenant), each issue naming
 * the field and why. A default value is not "set": the same file serves both kinds.
 */
export function kindIssues(config: ItsmeSetupConfig, variant: TenantVariant): ConfigIssue[] {
  // A B2C tenant's variant is the configuration's own (user flow or custom policy); an external tenant has one.
  const one = servedVariants(kindOfVariant(variant), config.variant)[0]!;
  const issues: ConfigIssue[] = [];
  for (const row of fieldsFor(one)) {
    const strict = row.kindCheck?.[one];
    const v = getPath(config, row.model ?? row.path);
    const fileValue = v === undefined ? undefined : row.fromModel ? row.fromModel(v as never) : v;
    const problem = strict && typeof fileValue === 'string' ? strict(fileValue, fieldRef(row)) : undefined;
    if (problem) issues.push({ field: row.path, message: problem });
  }
  for (const row of fieldsFor('any').filter((r) => !r.appliesTo.includes(one))) {
    const v = getPath(config, row.model ?? row.path);
    const fileValue = v === undefined ? undefined : row.fromModel ? row.fromModel(v as never) : v;
    if (fileValue === undefined || fileValue === '' || JSON.stringify(fileValue) === JSON.stringify(defaultOf(row))) continue;
    issues.push({ field: row.path, message: l10n.t('{0}: {1}', fieldRef(row), notApplicableReason(row, one)) });
  }
  return issues;
}

/** A row's default in the file's shape (what an absent value resolves to). */
function defaultOf(row: FieldRow): unknown {
  switch (row.type) {
    case 'slidingWindow':
      return 'noExpiry';
    case 'choice':
      return typeof row.default === 'function' ? undefined : row.default;
    default:
      return 'default' in row ? row.default : undefined;
  }
}

/**
 * The configuration in its file form (what resolveConfig reads), e.g. for the wizard to save. Holds no secret, and
 * only the fields of the variants it serves (a custom-policy file has no user flow or identity provider section).
 */
export function toConfigFile(config: ItsmeSetupConfig, variant: TenantVariant | 'any' = 'any'): Obj {
  const served = servedVariants(kindOfVariant(variant), config.variant);
  const file: Obj = {};
  for (const row of fieldsFor('any').filter((r) => appliesToAny(r, served))) {
    const v = getPath(config, row.model ?? row.path);
    if (v === undefined || v === '') continue;
    const fileValue = row.fromModel ? row.fromModel(v as never) : Array.isArray(v) ? [...(v as unknown[])] : v;
    if (fileValue === undefined) continue;
    // An External-ID-only field at its default stays out, so a B2C file does not grow External ID fields.
    if (variant === 'any' && !row.appliesTo.includes(served[0]!) && JSON.stringify(fileValue) === JSON.stringify(defaultOf(row))) continue;
    setPath(file, row.path, fileValue);
  }
  return file;
}
