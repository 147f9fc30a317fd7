// transition(state, event) → { state, effects }: the whole wizard's behaviour, pure. Hosts (webview panel,
// QuickPick) feed it events and carry out the effects; they hold no rules of their own.
import * as l10n from '@vscode/l10n';
import { fieldApplies, FORM_FIELDS, formStepsFor, isValidFieldValue, type FieldErrors, type FieldName } from './fields';
import { buildConfig } from './form';
import { copyText, linkUrl, policyFile } from './links';
import { serializeForPersistence } from './persistence';
import type { ApplyState, DoneState, FormState, HostEvent, ReviewState, Transition, WizardEvent, WizardState } from './state';
import { isFormStep, stepIndex, type FormStepId, type StepId } from './steps';
import { kindOf as tenantKindOfPlan } from '../core/plan/tenant';
import type { TenantKind } from './tenantKind';
import { pendingRows, summarizeFailure, summarizePlan, summarizeResult, withOutcome } from './summaries';
import { errorsOfStep, firstInvalidStep, formErrors, secretRequiredMessage, validateStep } from './validation';

type Shared = Omit<FormState, 'step'>;

function shared(s: WizardState): Shared {
  return {
    form: s.form,
    secretStored: s.secretStored,
    errors: s.errors,
    tenantCheck: s.tenantCheck,
    seq: s.seq,
    refusals: s.refusals,
    ...(s.signIn ? { signIn: s.signIn } : {}),
    ...(s.tenantKind ? { tenantKind: s.tenantKind } : {}),
  };
}

/** The kind of tenant the wizard sets up: what the tenant check (or a plan) said; B2C until one did. */
export function kindOf(s: Pick<WizardState, 'tenantKind'>): TenantKind {
  return s.tenantKind ?? 'b2c';
}

/** The form step after / before `step` among those this kind of tenant has. */
function stepAfter(s: WizardState, step: FormStepId, delta: 1 | -1): FormStepId {
  const steps = formStepsFor(kindOf(s), s.form);
  const i = steps.indexOf(step);
  if (i >= 0) return steps[i + delta] ?? step;
  // A step the kind does not have (e.g. restored from before the kind was known): the nearest one in that direction.
  const order = (x: FormStepId) => stepIndex(x);
  return (delta > 0 ? steps.find((x) => order(x) > order(step)) : [...steps].reverse().find((x) => order(x) < order(step))) ?? step;
}

const stay = (state: WizardState): Transition => ({ state, effects: [] });

function toFormStep(s: WizardState, step: FormStepId, errors: FieldErrors = {}): Transition {
  return stay({ ...shared(s), step, errors });
}

function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** Validates everything, then asks the host for the plan; a configuration with errors goes back to their step. */
function enterReview(s: WizardState): Transition {
  const r = buildConfig(s.form, kindOf(s));
  if (!r.ok) {
    const errors = formErrors(r.issues);
    const step = firstInvalidStep(errors) ?? 'app';
    return toFormStep(s, step, errorsOfStep(errors, step));
  }
  if (!s.secretStored) return toFormStep(s, 'credentials', { secret: secretRequiredMessage() });
  const requestId = s.seq + 1;
  const state: ReviewState = { ...shared(s), seq: requestId, errors: {}, step: 'review', plan: { status: 'loading', requestId } };
  return { state, effects: [{ type: 'computePlan', requestId, config: r.config }] };
}

function edit(s: WizardState, field: FieldName, value: string | boolean): Transition {
  // A field the tenant's kind does not have is hidden: an edit of it (a stale page) changes nothing.
  if (!isFormStep(s.step) || FORM_FIELDS[field].step !== s.step || !fieldApplies(field, kindOf(s)) || !isValidFieldValue(field, value) || s.form[field] === value) return stay(s);
  const form = { ...s.form, [field]: value };
  // Errors appear on the field being typed in, and stay up to date on fields already showing one; the rest of
  // the step is checked on "next", so an untouched field does not shout while the user is elsewhere.
  const all = validateStep(form, s.step, s.secretStored, kindOf(s));
  const errors: FieldErrors = {};
  for (const [k, message] of Object.entries(all) as Array<[keyof FieldErrors, string]>) {
    if (k === field || k in s.errors) errors[k] = message;
  }
  const tenantCheck = field === 'tenant' && s.tenantCheck.status !== 'none' && s.tenantCheck.tenant !== String(value).trim() ? { status: 'none' as const } : s.tenantCheck;
  return stay({ ...s, form, errors, tenantCheck });
}

/** The tenant the user just signed in to, when the form names it (or leaves it empty, which means that tenant). */
function signedInToFormTenant(s: WizardState): string | undefined {
  if (s.signIn?.status !== 'in') return undefined;
  const typed = s.form.tenant.trim();
  return !typed || typed.toLowerCase() === s.signIn.tenant.toLowerCase() ? typed : undefined;
}

/** Whether the review's Apply is blocked, and why (the page disables it and says so). */
export function applyBlockedReason(s: WizardState): string | undefined {
  return s.signIn?.status === 'out' ? l10n.t('You are signed out: sign in to the tenant to apply this plan.') : undefined;
}

function next(s: WizardState): Transition {
  if (!isFormStep(s.step)) return stay(s);
  if (s.step === 'prerequisites') {
    // Just signed in to this tenant: its step would only ask what the sign-in already said. Skip it (Back still
    // reaches it) and confirm the tenant in the background; a failed check brings the user back to that step.
    const tenant = signedInToFormTenant(s);
    if (tenant === undefined) return toFormStep(s, 'tenant');
    const tc = s.tenantCheck;
    if (tc.status === 'ok' && tc.tenant === tenant) return toFormStep(s, 'environment');
    const requestId = s.seq + 1;
    const state: FormState = { ...shared(s), step: 'environment', errors: {}, seq: requestId, tenantCheck: { status: 'checking', tenant, requestId, advance: false } };
    return { state, effects: [{ type: 'checkTenant', requestId, tenant }] };
  }
  const errors = validateStep(s.form, s.step, s.secretStored, kindOf(s));
  if (hasErrors(errors)) return stay({ ...s, errors, refusals: s.refusals + 1 });
  if (s.step === 'tenant') {
    const tenant = s.form.tenant.trim();
    const tc = s.tenantCheck;
    if (tc.status === 'ok' && tc.tenant === tenant) return toFormStep(s, 'environment');
    if (tc.status === 'checking' && tc.tenant === tenant) return stay({ ...s, errors, tenantCheck: { ...tc, advance: true } });
    const requestId = s.seq + 1;
    return { state: { ...s, errors, seq: requestId, tenantCheck: { status: 'checking', tenant, requestId, advance: true } }, effects: [{ type: 'checkTenant', requestId, tenant }] };
  }
  const after = stepAfter(s, s.step, 1);
  return after === s.step ? enterReview(s) : toFormStep(s, after);
}

function back(s: WizardState): Transition {
  if (s.step === 'apply' || s.step === 'prerequisites') return stay(s);
  if (s.step === 'done') return enterReview(s);
  if (s.step === 'review') return toFormStep(s, formStepsFor(kindOf(s), s.form).at(-1)!);
  return toFormStep(s, stepAfter(s, s.step, -1));
}

/** Jumps back to an earlier step (a breadcrumb, or "edit" from review); forward only through "next". */
function goto(s: WizardState, to: StepId): Transition {
  if (s.step === 'apply') return stay(s);
  // A plan is already being read for exactly this form (nothing can be edited on review): join it. Without this, a
  // storm of "Try again" (goto review) started one full observe per message, side by side.
  if (to === 'review' && s.step === 'review' && s.plan.status === 'loading') return stay(s);
  if (to === 'review' && (s.step === 'review' || s.step === 'done')) return enterReview(s); // retry / re-plan
  if (isFormStep(to) && to !== s.step && stepIndex(to) < stepIndex(s.step) && formStepsFor(kindOf(s), s.form).includes(to)) return toFormStep(s, to);
  return stay(s);
}

function apply(s: WizardState): Transition {
  if (s.step !== 'review' || s.plan.status !== 'ready' || applyBlockedReason(s)) return stay(s);
  const plan = s.plan.plan;
  if (plan.needsSecret && !s.secretStored) return toFormStep(s, 'credentials', { secret: secretRequiredMessage() });
  const r = buildConfig(s.form, kindOf(s));
  if (!r.ok) return enterReview(s);
  const requestId = s.seq + 1;
  const state: ApplyState = { ...shared(s), seq: requestId, step: 'apply', requestId, plan, rows: pendingRows(plan), cancelling: false };
  return { state, effects: [{ type: 'startApply', requestId, config: r.config, planId: s.plan.id }] };
}

function finish(s: ApplyState, result: DoneState['result']): Transition {
  return stay({ ...shared(s), step: 'done', result });
}

/** The failure page's one primary action: the effect that fixes the cause (the host reports back as usual). */
function fix(s: WizardState): Transition {
  if (s.step !== 'done' || !s.result.cause) return stay(s);
  switch (s.result.cause) {
    case 'signIn':
      return { state: s, effects: [{ type: 'signIn', retry: true }] };
    case 'settings':
      return { state: s, effects: [{ type: 'openSettings' }] };
    case 'log':
      return { state: s, effects: [{ type: 'showLog' }] };
    case 'retry':
      return enterReview(s);
  }
}

/** Any read that succeeded with the host's credential: the sign-in holds for that tenant. */
function signedInBy(s: WizardState, tenant: string): WizardState['signIn'] {
  return { status: 'in', tenant: tenant || (s.signIn?.status === 'in' ? s.signIn.tenant : '') };
}

function onHostEvent(s: WizardState, e: HostEvent): Transition {
  switch (e.type) {
    case 'start':
      // (Re-)entering after a restore: a review shows a freshly read plan, never a remembered one.
      return s.step === 'review' || s.step === 'apply' ? enterReview(s) : stay(s);
    case 'signedIn':
      return stay({ ...s, signIn: { status: 'in', tenant: e.tenant } });
    case 'signedOut':
      // What the tenant check said no longer holds; the review keeps its plan but Apply waits for a sign-in.
      return stay({ ...s, signIn: { status: 'out' }, tenantCheck: s.tenantCheck.status === 'checking' ? s.tenantCheck : { status: 'none' } });
    case 'secretStored': {
      const errors = { ...s.errors };
      if (e.stored) delete errors.secret;
      return stay({ ...s, secretStored: e.stored, errors });
    }
    case 'secretFailed':
      return stay({ ...s, errors: { ...s.errors, secret: e.message } });
    case 'tenantChecked':
    case 'tenantCheckFailed': {
      const tc = s.tenantCheck;
      if (tc.status !== 'checking' || tc.requestId !== e.requestId) return stay(s);
      if (e.type === 'tenantCheckFailed') {
        const failed = { ...s, tenantCheck: { status: 'failed' as const, tenant: tc.tenant, message: e.message } };
        // A check made in the background (the tenant step was skipped): show its error where the tenant is typed.
        return !tc.advance && isFormStep(s.step) && s.step !== 'tenant' ? toFormStep(failed, 'tenant') : stay(failed);
      }
      const checked = { ...s, signIn: signedInBy(s, e.check.initialDomain), tenantKind: e.check.tenantKind, tenantCheck: { status: 'ok' as const, tenant: tc.tenant, check: e.check } };
      return tc.advance && s.step === 'tenant' ? toFormStep(checked, 'environment') : stay(checked);
    }
    case 'planComputed':
    case 'planFailed':
      if (s.step !== 'review' || s.plan.status !== 'loading' || s.plan.requestId !== e.requestId) return stay(s);
      if (e.type === 'planFailed') return stay({ ...s, plan: { status: 'failed', message: e.message } });
      return stay({ ...s, signIn: signedInBy(s, e.plan.tenant.initialDomain), tenantKind: tenantKindOfPlan(e.plan.tenant), plan: { status: 'ready', plan: summarizePlan(e.plan), id: e.requestId } });
    case 'planChanged': {
      // Nothing was written: back to review, with the plan for the tenant as it is now and why it is shown.
      if (s.step !== 'apply' || s.requestId !== e.requestId) return stay(s);
      const notice = l10n.t('The tenant changed since you reviewed the plan, so nothing was applied. This is the plan for the tenant as it is now: review it and apply again.');
      const review: ReviewState = { ...shared(s), step: 'review', plan: { status: 'ready', plan: summarizePlan(e.plan), id: e.requestId, notice } };
      return stay(review);
    }
    case 'applyProgress':
      if (s.step !== 'apply' || s.requestId !== e.requestId) return stay(s);
      return stay({ ...s, rows: withOutcome(s.rows, e.outcome) });
    case 'applyFinished': {
      if (s.step !== 'apply' || s.requestId !== e.requestId) return stay(s);
      const result = summarizeResult(e.result);
      return finish(s, result.rows.length ? result : { ...result, rows: s.rows });
    }
    case 'applyFailed':
      if (s.step !== 'apply' || s.requestId !== e.requestId) return stay(s);
      return finish(s, summarizeFailure(s.rows, s.plan.outputs, e.message, e.cancelled === true, e.cause));
  }
}

function step(s: WizardState, e: WizardEvent): Transition {
  switch (e.type) {
    case 'edit':
      return edit(s, e.field, e.value);
    case 'next':
      return next(s);
    case 'back':
      return back(s);
    case 'goto':
      return goto(s, e.step);
    case 'apply':
      return apply(s);
    case 'cancel':
      if (s.step !== 'apply' || s.cancelling) return stay(s);
      return { state: { ...s, cancelling: true }, effects: [{ type: 'cancelApply', requestId: s.requestId }] };
    case 'restart':
      return s.step === 'apply' ? stay(s) : toFormStep(s, 'prerequisites');
    case 'copy': {
      const text = copyText(s, e.which);
      return text ? { state: s, effects: [{ type: 'copy', text }] } : stay(s);
    }
    case 'openUrl': {
      const url = linkUrl(s, e.which);
      return url ? { state: s, effects: [{ type: 'openUrl', url }] } : stay(s);
    }
    case 'runUserFlow': {
      const url = s.step === 'done' && !s.result.cause ? s.result.outputs?.runUserFlowUrl : undefined;
      return url ? { state: s, effects: [{ type: 'runUserFlow', url, target: e.target ?? 'jwt' }] } : stay(s);
    }
    case 'signIn':
      return s.step === 'apply' ? stay(s) : { state: s, effects: [{ type: 'signIn', retry: false }] };
    case 'fix':
      return fix(s);
    case 'openPolicy': {
      const file = policyFile(s, e.index);
      return file ? { state: s, effects: [{ type: 'openPolicy', id: file.id, xml: file.xml }] } : stay(s);
    }
    default:
      return onHostEvent(s, e);
  }
}

/** The wizard's one rule book. Adds a "persist" effect whenever what would be saved has changed. */
export function transition(state: WizardState, event: WizardEvent): Transition {
  const result = step(state, event);
  if (result.state !== state && serializeForPersistence(result.state) !== serializeForPersistence(state)) {
    result.effects.push({ type: 'persist' });
  }
  return result;
}
