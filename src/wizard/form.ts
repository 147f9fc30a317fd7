// The form ⇄ configuration file, derived from the field table: each row says how its controls' text becomes the
// file's value and back. The wizard validates by building the very file the CLI reads and handing it to the
// engine's resolveConfig, so the inline messages are the engine's messages, word for word.
import { getPath, resolveConfig, setPath, toConfigFile } from '../core/config/validate';
import { CONFIG_FIELDS, type FieldRow } from '../core/config/fields';
import type { ConfigResult, ItsmeSetupConfig } from '../core/config/types';
import { FORM_FIELDS, isVisible, splitList, type FieldName, type WizardForm } from './fields';
import type { TenantKind } from './tenantKind';

type Values = Record<string, string | boolean>;

/** The rows the wizard asks (a row without controls keeps its default in the wizard). */
const ASKED = (CONFIG_FIELDS as readonly FieldRow[]).filter((r) => r.wizard?.length);

const controlNames = (row: FieldRow): FieldName[] => (row.wizard ?? []).map((c) => c.name as FieldName);

/** A number when the text is one, else the text itself, so the engine reports it with its own message. */
function numberOrText(text: string): number | string {
  const s = text.trim();
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

function text(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The row's controls' values for a (possibly partial, possibly malformed) file: lenient, defaults otherwise. */
function rowToForm(row: FieldRow, file: unknown): Values {
  const [first, second] = controlNames(row);
  const raw = getPath(file, row.path);
  const initial = (i: number) => row.wizard?.[i]?.initial ?? '';
  switch (row.type) {
    case 'text':
      return { [first!]: text(raw, row.default ?? initial(0)) };
    case 'choice':
      return { [first!]: text(raw, typeof row.default === 'function' ? row.default((p) => getPath(file, p)) : row.default) };
    case 'flag':
      return { [first!]: typeof raw === 'boolean' ? raw : row.default };
    case 'integer':
      return { [first!]: text(raw, String(row.default)) };
    case 'claim': {
      // A claim absent from a saved mapping was removed on purpose: keep it empty rather than re-adding the default.
      const sectionGiven = isObj(getPath(file, row.path.slice(0, row.path.lastIndexOf('.'))));
      return { [first!]: text(raw, sectionGiven && !row.required ? '' : row.default) };
    }
    case 'urlList': {
      const list = Array.isArray(raw) ? raw.filter((u): u is string => typeof u === 'string') : [];
      return { [first!]: (list.length ? list : row.default).join('\n') };
    }
    case 'choiceList': {
      const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [...row.default];
      return { [first!]: list.join('\n') };
    }
    case 'slidingWindow': {
      const days = isObj(raw) ? raw['days'] : undefined;
      return typeof days === 'number' ? { [first!]: 'bounded', [second!]: String(days) } : { [first!]: initial(0), [second!]: initial(1) };
    }
  }
}

/**
 * The file's value for the row's controls, values as typed; undefined when the file should not hold it: a metadata
 * URL typed before switching away, or a field that does not exist for this kind of tenant (e.g. B2C's token
 * lifetimes in an External ID tenant, which the engine would refuse).
 */
function rowToFile(row: FieldRow, form: WizardForm, kind: TenantKind | undefined): unknown {
  const [first, second] = controlNames(row);
  if (!isVisible(FORM_FIELDS[first!], form, kind)) return undefined;
  const values = form as unknown as Values;
  const v = values[first!]!;
  switch (row.type) {
    case 'text':
      return String(v).trim() ? v : undefined;
    case 'choice':
    case 'flag':
    case 'claim':
      return v;
    case 'integer':
      return numberOrText(String(v));
    case 'urlList':
    case 'choiceList':
      return splitList(String(v));
    case 'slidingWindow':
      return v === 'bounded' ? { days: numberOrText(String(values[second!])) } : 'noExpiry';
  }
}

/** The form for a configuration file (e.g. a saved one): lenient, anything unreadable keeps its default. */
export function formFromConfigFile(input: unknown): WizardForm {
  const file = isObj(input) ? input : {};
  return Object.assign({}, ...ASKED.map((row) => rowToForm(row, file))) as WizardForm;
}

/** The guide's defaults, as the form shows them. */
export function defaultForm(): WizardForm {
  return formFromConfigFile({});
}

/**
 * The configuration file (the shape resolveConfig reads) for the form, values as typed: for a kind of tenant, only
 * its fields; without a kind, every field (a file for either kind, as the CLI's file may be).
 */
export function formToConfigFile(form: WizardForm, kind?: TenantKind): Record<string, unknown> {
  const file: Record<string, unknown> = {};
  for (const row of ASKED) setPath(file, row.path, rowToFile(row, form, kind));
  return file;
}

/** Validates the whole form with the engine, for a kind of tenant (without one: every field). */
export function buildConfig(form: WizardForm, kind?: TenantKind): ConfigResult {
  return resolveConfig(formToConfigFile(form, kind));
}

/** The form for a resolved configuration (through its file form, so both directions share one mapping). */
export function formFromConfig(config: ItsmeSetupConfig): WizardForm {
  return formFromConfigFile(toConfigFile(config));
}
