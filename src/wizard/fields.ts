// The wizard's form: every value exactly as typed (strings and booleans), never the secret. Pure constants and
// types, safe to import from the webview; converting the form to a configuration lives in form.ts.
import type { FormStepId } from './steps';

export interface WizardForm {
  tenant: string;
  loginHost: string;
  environment: string;
  generation: string;
  metadataUrl: string;
  partnerCode: string;
  serviceCode: string;
  scopePhone: boolean;
  scopeAddress: boolean;
  idpDisplayName: string;
  claimUserId: string;
  claimDisplayName: string;
  claimGivenName: string;
  claimSurname: string;
  claimEmail: string;
  domainHint: string;
  flowName: string;
  tokenLifetimeMinutes: string;
  slidingWindow: string;
  slidingWindowDays: string;
  appDisplayName: string;
  /** Redirect URIs separated by new lines, commas or spaces. */
  redirectUris: string;
  implicitIdTokens: boolean;
  implicitAccessTokens: boolean;
  adminConsent: boolean;
}

export type FieldName = keyof WizardForm;
export type StringField = { [K in FieldName]: WizardForm[K] extends string ? K : never }[FieldName];
export type BooleanField = { [K in FieldName]: WizardForm[K] extends boolean ? K : never }[FieldName];

/** Errors shown inline: one per form field, plus the secret (which has no form value). */
export type ErrorKey = FieldName | 'secret';
export type FieldErrors = Partial<Record<ErrorKey, string>>;

interface FieldSpec {
  step: FormStepId;
  kind: 'string' | 'boolean';
  /** For choices: the only values an edit may set. */
  options?: readonly string[];
}

export const ENVIRONMENT_OPTIONS = ['e2e', 'prd'] as const;
export const GENERATION_OPTIONS = ['v2', 'legacy', 'custom'] as const;
export const SLIDING_WINDOW_OPTIONS = ['noExpiry', 'bounded'] as const;

/** Which step owns each field, and what it may hold (the protocol guard and transition() both read this). */
export const FORM_FIELDS: Readonly<Record<FieldName, FieldSpec>> = {
  tenant: { step: 'tenant', kind: 'string' },
  loginHost: { step: 'tenant', kind: 'string' },
  environment: { step: 'environment', kind: 'string', options: ENVIRONMENT_OPTIONS },
  generation: { step: 'environment', kind: 'string', options: GENERATION_OPTIONS },
  metadataUrl: { step: 'environment', kind: 'string' },
  partnerCode: { step: 'credentials', kind: 'string' },
  serviceCode: { step: 'credentials', kind: 'string' },
  scopePhone: { step: 'credentials', kind: 'boolean' },
  scopeAddress: { step: 'credentials', kind: 'boolean' },
  idpDisplayName: { step: 'identityProvider', kind: 'string' },
  claimUserId: { step: 'identityProvider', kind: 'string' },
  claimDisplayName: { step: 'identityProvider', kind: 'string' },
  claimGivenName: { step: 'identityProvider', kind: 'string' },
  claimSurname: { step: 'identityProvider', kind: 'string' },
  claimEmail: { step: 'identityProvider', kind: 'string' },
  domainHint: { step: 'identityProvider', kind: 'string' },
  flowName: { step: 'userFlow', kind: 'string' },
  tokenLifetimeMinutes: { step: 'userFlow', kind: 'string' },
  slidingWindow: { step: 'userFlow', kind: 'string', options: SLIDING_WINDOW_OPTIONS },
  slidingWindowDays: { step: 'userFlow', kind: 'string' },
  appDisplayName: { step: 'app', kind: 'string' },
  redirectUris: { step: 'app', kind: 'string' },
  implicitIdTokens: { step: 'app', kind: 'boolean' },
  implicitAccessTokens: { step: 'app', kind: 'boolean' },
  adminConsent: { step: 'app', kind: 'boolean' },
};

export const FIELD_NAMES = Object.keys(FORM_FIELDS) as FieldName[];

/** Longest value an edit may carry: generous for URLs, small enough that a runaway message cannot bloat state. */
export const MAX_FIELD_LENGTH = 4096;

export function isFieldName(v: unknown): v is FieldName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(FORM_FIELDS, v);
}

export function fieldsOfStep(step: FormStepId): FieldName[] {
  return FIELD_NAMES.filter((f) => FORM_FIELDS[f].step === step);
}

/** Whether `value` may be stored in `field` (right type, one of the options, not too long). */
export function isValidFieldValue(field: FieldName, value: unknown): value is string | boolean {
  const spec = FORM_FIELDS[field];
  if (spec.kind === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH) return false;
  return !spec.options || spec.options.includes(value);
}

/** Splits the redirect URI text the way the wizard reads it (new lines, commas, spaces). */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
