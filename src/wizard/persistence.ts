// Resume after closing: the step and the values typed, nothing else. The secret cannot be in here (the state never
// holds it); whether it is stored is asked again from SecretStorage, and the tenant is read again, on resume.
import { FIELD_NAMES, isValidFieldValue, type WizardForm } from './fields';
import { defaultForm } from './form';
import type { FormState, ReviewState, WizardState } from './state';
import { isFormStep, isStepId, type FormStepId } from './steps';
import { isTenantKind, type TenantKind } from './tenantKind';

/** Where hosts keep it (VS Code: a Memento). */
export const WIZARD_STATE_KEY = 'itsme.wizard.state';
const VERSION = 1;

interface Persisted {
  v: number;
  step: FormStepId | 'review';
  form: WizardForm;
  /** The kind the tenant check said (absent: not known yet); checked again on resume when the tenant is read. */
  kind?: TenantKind;
}

/** An apply in progress, or its result, resumes at review: the plan is read from the tenant again. */
function resumeStep(state: WizardState): Persisted['step'] {
  return isFormStep(state.step) ? state.step : 'review';
}

export function serializeForPersistence(state: WizardState): string {
  const p: Persisted = { v: VERSION, step: resumeStep(state), form: state.form, ...(state.tenantKind ? { kind: state.tenantKind } : {}) };
  return JSON.stringify(p);
}

/**
 * The state saved by serializeForPersistence, or undefined when there is none or it is unreadable. Unknown or
 * mistyped values fall back to their defaults. A restored review has its plan "loading": send `start` to fetch it.
 */
export function restore(json: unknown): WizardState | undefined {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      return undefined;
    }
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const p = data as Partial<Record<keyof Persisted, unknown>>;
  if (p.v !== VERSION || !isStepId(p.step) || !(isFormStep(p.step) || p.step === 'review')) return undefined;
  const saved = (typeof p.form === 'object' && p.form !== null ? p.form : {}) as Record<string, unknown>;
  const form = defaultForm();
  for (const field of FIELD_NAMES) {
    const v = saved[field];
    if (isValidFieldValue(field, v)) (form as unknown as Record<string, unknown>)[field] = v;
  }
  const base = { form, secretStored: false, errors: {}, tenantCheck: { status: 'none' as const }, seq: 0, refusals: 0, ...(isTenantKind(p.kind) ? { tenantKind: p.kind } : {}) };
  if (p.step === 'review') return { ...base, step: 'review', plan: { status: 'loading', requestId: 0 } } satisfies ReviewState;
  return { ...base, step: p.step } satisfies FormState;
}
