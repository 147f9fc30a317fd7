// What the webview receives: the state (which never holds a secret) plus values derived from it, so the page
// shows the engine's own metadata URL and scope instead of re-deriving them.
import { metadataUrlFor } from '../core/itsme/endpoints';
import { buildScope, SERVICE_CODE_PATTERN } from '../core/itsme/scopes';
import type { EndpointGeneration, ItsmeEnvironment } from '../core/config/types';
import { ENVIRONMENT_OPTIONS, GENERATION_OPTIONS } from './fields';
import type { WizardState } from './state';
import { stepIndex } from './steps';

export interface WizardDerived {
  stepIndex: number;
  canGoBack: boolean;
  /** The discovery document B2C will read for the chosen environment and generation. */
  metadataUrl: string;
  /** The scope B2C will send to itsme. */
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
      stepIndex: stepIndex(state.step),
      canGoBack: state.step !== 'prerequisites' && state.step !== 'apply',
      metadataUrl: metadataUrlFor(env, gen, f.metadataUrl.trim()),
      // Only a valid code is previewed: an invalid one (e.g. with its own service: prefix) would show a wrong scope.
      scope: buildScope(SERVICE_CODE_PATTERN.test(f.serviceCode.trim()) ? f.serviceCode.trim() : '…', { phone: f.scopePhone, address: f.scopeAddress }),
    },
  } as WizardView;
}
