// What the wizard needs from its host, as a port: the VS Code layer implements it with the engine, SecretStorage
// and the signed-in credential; tests implement it against the emulator. No vscode import here.
import type { ItsmeSetupConfig } from '../core/config/types';
import type { StepOutcome } from '../core/apply/applyPlan';
import type { Plan } from '../core/plan/types';
import type { ReviewedApplyResult } from '../core/usecases/applyReviewedPlan';
import type { TenantKind } from './tenantKind';

export interface TenantCheck {
  /** The signed-in account or service principal, for display. */
  account: string;
  initialDomain: string;
  tenantType: string | null;
  /** B2C or External ID: decides the steps and fields the wizard shows. */
  tenantKind: TenantKind;
}

/**
 * `tenant` below is the tenant as typed in the wizard (empty: the tenant signed in to); the host resolves it
 * the same way for the check, the secret and the apply, so all three name the same tenant.
 */
export interface WizardServices {
  /** Signs in if needed and confirms the tenant is a B2C or External ID tenant (throws an Error whose message says what to do). Writes no settings. */
  checkTenant(tenant: string, signal?: AbortSignal): Promise<TenantCheck>;
  /** observe + computePlan for the configuration. */
  plan(config: ItsmeSetupConfig, signal?: AbortSignal): Promise<Plan>;
  /**
   * Applies the plan the user reviewed, with the secret from SecretStorage; reports each step. Reads the tenant
   * first: when it changed since the review, writes nothing and returns { status: 'planChanged', plan }.
   */
  apply(config: ItsmeSetupConfig, reviewed: Plan, onStep: (o: StepOutcome) => void, signal: AbortSignal): Promise<ReviewedApplyResult>;
  hasSecret(tenant: string): Promise<boolean>;
  /** Stores the itsme client secret in SecretStorage. The value never comes back to the UI. */
  storeSecret(tenant: string, value: string): Promise<void>;
  clearSecret(tenant: string): Promise<void>;
}
