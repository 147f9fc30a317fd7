// What the webview receives: the state (which never holds a secret) plus values derived from it, so the page
// shows the engine's own metadata URL and scope instead of re-deriving them.
import { metadataUrlFor } from '../core/itsme/endpoints';
import { buildScope, SERVICE_CODE_PATTERN } from '../core/itsme/scopes';
import type { EndpointGeneration, ItsmeEnvironment } from '../core/config/types';
import { ENVIRONMENT_OPTIONS, formStepsFor, GENERATION_OPTIONS } from './fields';
import type { TenantKind } from './tenantKind';
import type { WizardState } from './state';
import { stepIndex, type FormStepId, type StepId } from './steps';
import { applyBlockedReason, kindOf } from './transition';

/** The page shown: the step, except that a run which did not finish has its own page ("Setup did not finish"). */
export type PageId = StepId | 'failed';

export function pageOf(state: WizardState): PageId {
  return state.step === 'done' && state.result.cause ? 'failed' : state.step;
}

export interface WizardDerived {
  page: PageId;
  stepIndex: number;
  /** On review: why Apply is disabled (signed out), if it is. */
  applyBlocked?: string;
  canGoBack: boolean;
  /** B2C or External ID (B2C until the tenant check said): the page's words and the fields it shows follow it. */
  tenantKind: TenantKind;
  /** Whether a tenant check or plan has said the kind (else tenantKind is B2C by default). */
  tenantKindKnown: boolean;
  /** The form steps this kind of tenant has, in order (the step list shows these, then review and done). */
  formSteps: FormStepId[];
  /** The discovery document the tenant will read for the chosen environment and generation. */
  metadataUrl: string;
  /** The scope the tenant will send to itsme. */
  scope: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type WizardView = DistributiveOmit<WizardState, 'seq'> & { derived: WizardDerived };

function pick<T extends string>(value: string, options: readonly T[], fallback: T): T {
  return (options as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function toView(state: WizardState): WizardView {
  const { seq: _seq, ...rest } = state;
  const f = state.form;
  const env = pick<ItsmeEnvironment>(f.environment, ENVIRONMENT_OPTIONS, 'e2e');
  const gen = pick<EndpointGeneration>(f.generation, GENERATION_OPTIONS, 'v2');
  return {
    ...rest,
    derived: {
      page: pageOf(state),
      stepIndex: stepIndex(state.step),
      ...(state.step === 'review' && applyBlockedReason(state) ? { applyBlocked: applyBlockedReason(state) } : {}),
      canGoBack: state.step !== 'prerequisites' && state.step !== 'apply',
      tenantKind: kindOf(state),
      tenantKindKnown: state.tenantKind !== undefined,
      formSteps: formStepsFor(kindOf(state), state.form),
      metadataUrl: metadataUrlFor(env, gen, f.metadataUrl.trim()),
      // Only a valid code is previewed: an invalid one (e.g. with its own service: prefix) would show a wrong scope.
      scope: buildScope(SERVICE_CODE_PATTERN.test(f.serviceCode.trim()) ? f.serviceCode.trim() : '…', { phone: f.scopePhone, address: f.scopeAddress }),
    },
  } as WizardView;
}
