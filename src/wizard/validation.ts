// Inline validation: the engine's issues (dotted paths of the configuration file) mapped back to the form fields
// that produced them, as the field table says. One source of rules and messages: resolveConfig.
import * as l10n from '@vscode/l10n';
import { CONFIG_FIELDS, type FieldRow } from '../core/config/fields';
import type { ConfigIssue } from '../core/config/types';
import { FORM_FIELDS, type FieldErrors, type FieldName } from './fields';
import { buildConfig } from './form';
import { FORM_STEPS, type FormStepId } from './steps';
import type { TenantKind } from './tenantKind';

/** Where each field's issues are shown: its control that says so, else its first (derived from the table). */
const ISSUE_FIELDS: ReadonlyMap<string, FieldName> = new Map(
  (CONFIG_FIELDS as readonly FieldRow[]).flatMap((row) => {
    const control = row.wizard?.find((c) => c.showsErrors) ?? row.wizard?.[0];
    return control ? [[row.path, control.name as FieldName] as const] : [];
  }),
);

/** The form field behind an issue's path ("app.redirectUris[1]" → redirectUris), if any. */
export function fieldOfIssue(path: string): FieldName | undefined {
  return ISSUE_FIELDS.get(path.replace(/\[\d+\]$/, ''));
}

/** All of the form's errors by field; several issues on one field (e.g. two bad redirect URIs) are joined. */
export function formErrors(issues: readonly ConfigIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfIssue(issue.field);
    if (!field) continue;
    errors[field] = errors[field] ? `${errors[field]} ${issue.message}` : issue.message;
  }
  return errors;
}

/** Issues no field of the form can show: the form cannot produce them, but never hide one. */
export function unmappedIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues.filter((i) => !fieldOfIssue(i.field));
}

export function errorsOfStep(errors: FieldErrors, step: FormStepId): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'secret' && FORM_FIELDS[k as FieldName]?.step === step));
}

/** The errors of one step, as the engine words them, plus the secret for the credentials step. */
export function validateStep(form: Parameters<typeof buildConfig>[0], step: FormStepId, secretStored: boolean, kind?: TenantKind): FieldErrors {
  const r = buildConfig(form, kind);
  const errors = r.ok ? {} : errorsOfStep(formErrors(r.issues), step);
  if (step === 'credentials' && !secretStored) errors.secret = secretRequiredMessage();
  return errors;
}

/** The first step (in order) that has an error, for when the whole configuration is checked before review. */
export function firstInvalidStep(errors: FieldErrors): FormStepId | undefined {
  return FORM_STEPS.find((s) => Object.keys(errorsOfStep(errors, s)).length > 0 || (s === 'credentials' && errors.secret !== undefined));
}

export function secretRequiredMessage(): string {
  return l10n.t('Paste the itsme client secret (from the one-time link itsme sent you), then press Next. It goes straight to VS Code\'s SecretStorage.');
}

/** Checks a typed secret before it is stored; returns the problem, or undefined. Never echoes the value. */
export function checkSecretInput(value: string): string | undefined {
  if (!value.trim()) return l10n.t('Paste the itsme client secret: it cannot be empty.');
  if (/\s/.test(value.trim())) return l10n.t('The itsme client secret contains spaces or line breaks: copy it again from itsme\'s one-time link.');
  return undefined;
}
