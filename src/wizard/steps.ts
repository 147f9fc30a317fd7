// The wizard's steps, in the order of Microsoft's itsme guide. Pure constants, safe to import from the webview.

export const STEP_ORDER = [
  'prerequisites',
  'tenant',
  'environment',
  'credentials',
  'identityProvider',
  'userFlow',
  'customPolicy',
  'app',
  'review',
  'apply',
  'done',
] as const;

export type StepId = (typeof STEP_ORDER)[number];

/** The steps where the user types values (each validated before "next"). */
export const FORM_STEPS = ['prerequisites', 'tenant', 'environment', 'credentials', 'identityProvider', 'userFlow', 'customPolicy', 'app'] as const;
export type FormStepId = (typeof FORM_STEPS)[number];

export function isStepId(v: unknown): v is StepId {
  return typeof v === 'string' && (STEP_ORDER as readonly string[]).includes(v);
}

export function isFormStep(step: StepId): step is FormStepId {
  return (FORM_STEPS as readonly string[]).includes(step);
}

export function stepIndex(step: StepId): number {
  return STEP_ORDER.indexOf(step);
}
