// The wizard's state, events and effects. State is a discriminated union on `step`; every variant carries the
// shared form (values as typed) and whether the secret is stored — never the secret itself.
import type { ApplyResult, ApplyStatus } from '../core/apply/applyConfiguration';
import type { StepOutcome, StepStatus } from '../core/apply/applyPlan';
import type { ItsmeSetupConfig } from '../core/config/types';
import type { ManualInstruction, Plan, PlanOutputs, StepAction, StepResource } from '../core/plan/types';

/** Re-exported so the webview needs nothing from the engine. */
export type { StepAction, StepResource };
import type { FieldErrors, FieldName, WizardForm } from './fields';
import type { TenantCheck } from './services';
import type { TenantKind } from './tenantKind';
import type { FormStepId, StepId } from './steps';

export type TenantCheckState =
  | { status: 'none' }
  | { status: 'checking'; tenant: string; requestId: number; advance: boolean }
  | { status: 'ok'; tenant: string; check: TenantCheck }
  | { status: 'failed'; tenant: string; message: string };

/** One plan step as people review it (the Graph requests stay in the host). */
export interface PlanStepSummary {
  resource: StepResource;
  action: StepAction;
  label: string;
  reason: string;
  changes: string[];
  manual?: ManualInstruction;
}

export interface PlanSummary {
  tenant: { initialDomain: string; displayName?: string; kind: TenantKind };
  steps: PlanStepSummary[];
  needsSecret: boolean;
  /** Every step is "no change" or "manual": applying writes nothing. */
  noChange: boolean;
  outputs: PlanOutputs;
}

export type PlanState =
  | { status: 'loading'; requestId: number }
  /**
   * `id`: the request that produced the plan; apply names it, so the host applies exactly this plan.
   * `notice`: why this plan is shown again (the tenant changed since the previous review).
   */
  | { status: 'ready'; plan: PlanSummary; id: number; notice?: string }
  | { status: 'failed'; message: string };

export type RowStatus = StepStatus | 'pending';

export interface ProgressRow {
  resource: StepResource;
  action: StepAction;
  label: string;
  status: RowStatus;
  detail?: string;
  manual?: ManualInstruction;
}

/**
 * What fixes a failed or cancelled run, as one action: sign in again and retry, open the settings (a wrong client
 * id or tenant), read the log (anything else), or simply apply again (a cancel, a transient failure).
 */
export type FailureCause = 'signIn' | 'settings' | 'log' | 'retry';
export const FAILURE_CAUSES: readonly FailureCause[] = ['signIn', 'settings', 'log', 'retry'];

export interface ResultSummary {
  status: ApplyStatus;
  rows: ProgressRow[];
  outputs?: PlanOutputs;
  /** Nothing was written to the tenant (it already matched, or the run stopped before any write). */
  nothingWritten: boolean;
  error?: string;
  /** What to do next, in words (the engine's account; absent when nothing is left to do). */
  next?: string;
  /** For a run that did not finish: the one action that fixes it. */
  cause?: FailureCause;
}

/**
 * Whether the host's sign-in is known to hold: 'unknown' until the host says (a wizard opened without the Sign in
 * command may still sign in on its tenant check), 'in' for `tenant`, 'out' after a sign-out while the wizard is open.
 */
export type SignInState = { status: 'unknown' } | { status: 'in'; tenant: string } | { status: 'out' };

interface Shared {
  form: WizardForm;
  secretStored: boolean;
  /** Errors shown inline on the current step. */
  errors: FieldErrors;
  tenantCheck: TenantCheckState;
  /** Last request id handed out: results that carry an older id are stale and ignored. */
  seq: number;
  /** Counts refused "next"s, so a UI can tell a refusal from a late echo of typing and move focus to the error. */
  refusals: number;
  /** Absent in states saved before it existed: the same as unknown. */
  signIn?: SignInState;
  /** The kind of tenant, once a tenant check or a plan said it; absent: not known yet (the wizard shows B2C's steps). */
  tenantKind?: TenantKind;
}

export type FormState = Shared & { step: FormStepId };
export type ReviewState = Shared & { step: 'review'; plan: PlanState };
export type ApplyState = Shared & { step: 'apply'; requestId: number; plan: PlanSummary; rows: ProgressRow[]; cancelling: boolean };
export type DoneState = Shared & { step: 'done'; result: ResultSummary };

export type WizardState = FormState | ReviewState | ApplyState | DoneState;

/** Where a copy button points (the webview names it; the machine finds the text). */
export type CopyTarget = 'redirect-0' | 'redirect-1' | 'redirectUris' | 'runUserFlowUrl';
export const COPY_TARGETS: readonly CopyTarget[] = ['redirect-0', 'redirect-1', 'redirectUris', 'runUserFlowUrl'];

/** Where a link points: fixed pages, a manual step's portal link, or one of the plan's portal links. */
/** itsme's onboarding desk: where the redirect URIs go (a constant here so the page can name it too). */
export const ONBOARDING_EMAIL = 'onboarding@itsme-id.com';

/** `mailItsme`: a mail draft to itsme's onboarding address with the redirect URIs, partner code and environment. */
export type LinkTarget = 'onboarding' | 'guide' | 'mailItsme' | `manual:${string}` | `portal:${string}`;
export const LINK_TARGET_PATTERN = /^(onboarding|guide|mailItsme|manual:[A-Za-z]{1,40}|portal:[A-Za-z]{1,40})$/;

/** Where "try it" sends the token: jwt.ms (the guide's way) or VS Code's own token view. */
export type RunTarget = 'jwt' | 'vscode';
export const RUN_TARGETS: readonly RunTarget[] = ['jwt', 'vscode'];

/** What the user does (the webview and the QuickPick send these). */
export type UiEvent =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'goto'; step: StepId }
  | { type: 'edit'; field: FieldName; value: string | boolean }
  | { type: 'apply' }
  | { type: 'cancel' }
  | { type: 'restart' }
  | { type: 'copy'; which: CopyTarget }
  | { type: 'openUrl'; which: LinkTarget }
  | { type: 'runUserFlow'; target?: RunTarget }
  /** Sign in (the review's "Apply" is blocked while signed out). */
  | { type: 'signIn' }
  /** The failure page's one primary action: what fixes the cause (sign in and retry, settings, log, apply again). */
  | { type: 'fix' }
  /**
   * B2C custom policy: open a generated policy file read-only, named by its place in plan.outputs.customPolicy.policies
   * (the page names a file; the machine finds its text, so an untrusted page cannot open text of its choosing).
   */
  | { type: 'openPolicy'; index: number };

/** What the host reports back (results of effects, and the secret's storage). */
export type HostEvent =
  | { type: 'start' }
  /** The host's sign-in holds for `tenant` (after "Sign in", or on opening when it is already signed in). */
  | { type: 'signedIn'; tenant: string }
  /** The user signed out while the wizard is open. */
  | { type: 'signedOut' }
  | { type: 'secretStored'; stored: boolean }
  | { type: 'secretFailed'; message: string }
  | { type: 'tenantChecked'; requestId: number; check: TenantCheck }
  | { type: 'tenantCheckFailed'; requestId: number; message: string }
  | { type: 'planComputed'; requestId: number; plan: Plan }
  | { type: 'planFailed'; requestId: number; message: string }
  | { type: 'applyProgress'; requestId: number; outcome: StepOutcome }
  | { type: 'applyFinished'; requestId: number; result: ApplyResult }
  /** The tenant changed since the review: nothing was written; `plan` is the plan for the tenant as it is now. */
  | { type: 'planChanged'; requestId: number; plan: Plan }
  /** services.apply threw (e.g. the tenant could not be read); `cancelled` when the user's cancel caused it. */
  | { type: 'applyFailed'; requestId: number; message: string; cancelled?: boolean; cause?: FailureCause };

export type WizardEvent = UiEvent | HostEvent;

/** Requests to the host. The secret is never among them: the host stores it on its own message. */
export type WizardEffect =
  | { type: 'checkTenant'; requestId: number; tenant: string }
  | { type: 'computePlan'; requestId: number; config: ItsmeSetupConfig }
  /** Apply the plan the user reviewed: the one produced by request `planId`. */
  | { type: 'startApply'; requestId: number; config: ItsmeSetupConfig; planId: number }
  | { type: 'cancelApply'; requestId: number }
  | { type: 'persist' }
  | { type: 'copy'; text: string }
  | { type: 'openUrl'; url: string }
  | { type: 'runUserFlow'; url: string; target: RunTarget }
  /** Run the host's sign-in; with `retry`, read the tenant and show the plan again once signed in. */
  | { type: 'signIn'; retry: boolean }
  | { type: 'openSettings' }
  | { type: 'showLog' }
  /** Show a generated policy file (its id and XML, exactly as uploaded) in a read-only editor. */
  | { type: 'openPolicy'; id: string; xml: string };

export interface Transition {
  state: WizardState;
  effects: WizardEffect[];
}
