// The wizard's form: every value exactly as typed (strings and booleans), never the secret. Derived from the
// configuration's field table (src/core/config/fields.ts): each control of a row is one form field. Pure
// constants and types, safe to import from the webview; converting the form to a configuration lives in form.ts.
import * as l10n from '@vscode/l10n';
import { appliesToAny, CONFIG_FIELDS, SECRET_AFTER, servedVariants, VARIANT_FIELD, type ControlSpec, type FieldRow, type FieldStep, type OptionSpec } from '../core/config/fields';
import type { EndpointGeneration, ItsmeEnvironment } from '../core/config/types';
import { FORM_STEPS, type FormStepId } from './steps';
import { appliesToKind, type TenantKind } from './tenantKind';

type Row = (typeof CONFIG_FIELDS)[number];
type ControlOf<R> = R extends { wizard: readonly (infer C)[] } ? C : never;
type Control = ControlOf<Row>;

/** The form: one value per control of the table, a boolean for a checkbox, the text as typed otherwise. */
export type WizardForm = { [C in Control as C['name']]: C['input'] extends 'check' ? boolean : string };

export type FieldName = keyof WizardForm;
export type StringField = { [K in FieldName]: WizardForm[K] extends string ? K : never }[FieldName];
export type BooleanField = { [K in FieldName]: WizardForm[K] extends boolean ? K : never }[FieldName];

/** Errors shown inline: one per form field, plus the secret (which has no form value). */
export type ErrorKey = FieldName | 'secret';
export type FieldErrors = Partial<Record<ErrorKey, string>>;

// The table's steps are the wizard's form steps (a compile-time check: a renamed step fails here).
const _stepsAgree: FieldStep extends FormStepId ? true : never = true;
void _stepsAgree;

/** A control with the row it belongs to, and its words resolved to the row's when it has none of its own. */
export interface WizardControl {
  name: FieldName;
  row: FieldRow;
  spec: ControlSpec;
  step: FormStepId;
  kind: 'string' | 'boolean';
  /** For choices: the only values an edit may set. */
  options?: readonly OptionSpec[];
}

function optionsOf(row: FieldRow, spec: ControlSpec): readonly OptionSpec[] | undefined {
  if (spec.input !== 'choice' && spec.input !== 'checks') return undefined;
  return spec.options ?? (row.type === 'choice' || row.type === 'choiceList' ? row.options : undefined);
}

/** Every control of the table, in the table's order (which is the order the wizards ask them in). */
export const WIZARD_CONTROLS: readonly WizardControl[] = (CONFIG_FIELDS as readonly FieldRow[]).flatMap((row) =>
  (row.wizard ?? []).map((spec) => ({
    name: spec.name as FieldName,
    row,
    spec,
    step: spec.step,
    kind: spec.input === 'check' ? ('boolean' as const) : ('string' as const),
    options: optionsOf(row, spec),
  })),
);

/** Which step owns each field, and what it may hold (the protocol guard and transition() both read this). */
export const FORM_FIELDS: Readonly<Record<FieldName, WizardControl>> = Object.fromEntries(WIZARD_CONTROLS.map((c) => [c.name, c])) as Record<FieldName, WizardControl>;

export const FIELD_NAMES = WIZARD_CONTROLS.map((c) => c.name);

function optionValues(name: FieldName): readonly string[] {
  return (FORM_FIELDS[name].options ?? []).map((o) => o.value);
}
export const ENVIRONMENT_OPTIONS = optionValues('environment') as readonly ItsmeEnvironment[];
export const GENERATION_OPTIONS = optionValues('generation') as readonly EndpointGeneration[];
export const SLIDING_WINDOW_OPTIONS = optionValues('slidingWindow');

/** Longest value an edit may carry: generous for URLs, small enough that a runaway message cannot bloat state. */
export const MAX_FIELD_LENGTH = 4096;

export function isFieldName(v: unknown): v is FieldName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(FORM_FIELDS, v);
}

export function fieldsOfStep(step: FormStepId): FieldName[] {
  return FIELD_NAMES.filter((f) => FORM_FIELDS[f].step === step);
}

/** The step's controls, in the table's order: all of them, or those that exist for a kind of tenant. */
export function controlsOfStep(step: FormStepId, kind?: TenantKind): WizardControl[] {
  return WIZARD_CONTROLS.filter((c) => c.step === step && (!kind || appliesToKind(c.row, kind)));
}

/** The control of the field table's variant row (B2C's user flow or custom policy). */
const VARIANT_CONTROL = WIZARD_CONTROLS.find((c) => c.row.path === VARIANT_FIELD)?.name;

/** The setup variant the form chose. */
function setupOf(form: WizardForm | undefined): unknown {
  return form && VARIANT_CONTROL ? (form as unknown as Record<string, unknown>)[VARIANT_CONTROL] : undefined;
}

/** Whether a row exists for the form's setup variant and the tenant's kind (undefined: either kind). */
function appliesToForm(row: FieldRow, form: WizardForm | undefined, kind?: TenantKind): boolean {
  return appliesToAny(row, servedVariants(kind, setupOf(form)));
}

/** Whether a form field exists for this kind of tenant. */
export function fieldApplies(field: FieldName, kind: TenantKind): boolean {
  return appliesToKind(FORM_FIELDS[field].row, kind);
}

/** Whether a step shows for every kind: it holds no field (the introduction) or asks the secret. */
function alwaysShown(step: FormStepId): boolean {
  return controlsOfStep(step).length === 0 || FORM_FIELDS[SECRET_AFTER as FieldName]?.step === step;
}

/**
 * The form steps a kind of tenant has, in order, for the form's setup variant (a custom policy has no identity
 * provider or user flow step; a user flow no custom-policy step): a step none of whose fields exist is left out.
 */
export function formStepsFor(kind: TenantKind, form?: WizardForm): FormStepId[] {
  return FORM_STEPS.filter((s) => alwaysShown(s) || controlsOfStep(s, kind).some((c) => appliesToForm(c.row, form, kind)));
}

/** Whether `value` may be stored in `field` (right type, one of the options, not too long). */
export function isValidFieldValue(field: FieldName, value: unknown): value is string | boolean {
  const spec = FORM_FIELDS[field];
  if (spec.kind === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH) return false;
  if (!spec.options) return true;
  // Checkboxes: every value one of the options (none checked is allowed: the engine says whether that is fine).
  if (spec.spec.input === 'checks') return splitList(value).every((v) => spec.options!.some((o) => o.value === v));
  return spec.options.some((o) => o.value === value);
}

/**
 * Whether a control is shown for these values and this kind of tenant (without a kind: whatever the kind): its
 * field must exist for the kind and the form's setup variant, then its own rule, or its field's "only when" rule on another control.
 * A control marked kindKnown stays hidden until the tenant check said the kind (`kindKnown` false until then).
 */
export function isVisible(control: WizardControl, form: WizardForm, kind?: TenantKind, kindKnown = true): boolean {
  if (control.spec.kindKnown && !kindKnown) return false;
  if (!appliesToForm(control.row, form, kind)) return false;
  const rule = control.spec.visibleWhen ?? onlyWhenAsControl(control.row);
  return !rule || (form as unknown as Record<string, unknown>)[rule.field] === rule.equals;
}

function onlyWhenAsControl(row: FieldRow): { field: string; equals: string } | undefined {
  if (!row.onlyWhen) return undefined;
  const other = WIZARD_CONTROLS.find((c) => c.row.path === row.onlyWhen!.path);
  return other ? { field: other.name, equals: row.onlyWhen.equals } : undefined;
}

/** The control's words: its own, else its field's; "(optional)" added where the table says so. */
export function controlLabel(control: WizardControl): string {
  const label = (control.spec.label ?? control.row.label)();
  return control.spec.optional ? optionalLabel(label) : label;
}

export function controlHelp(control: WizardControl): string | undefined {
  return (control.spec.label ? control.spec.help : (control.spec.help ?? control.row.help))?.();
}

function optionalLabel(label: string): string {
  return l10n.t('{0} (optional)', label);
}

/** Splits the redirect URI text the way the wizard reads it (new lines, commas, spaces). */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
