// What the wizard needs from its host, as a port: the VS Code layer implements it with the engine, SecretStorage
// and the signed-in credential; tests implement it against the emulator. No vscode import here.
import type { ItsmeSetupConfig } from '../core/config/types';
import type { ApplyResult } from '../core/apply/applyConfiguration';
import type { StepOutcome } from '../core/apply/applyPlan';
import type { Plan } from '../core/plan/types';

export interface TenantCheck {
  /** The signed-in account or service principal, for display. */
  account: string;
  initialDomain: string;
  tenantType: string | null;
}

export interface WizardServices {
  /** Signs in if needed and confirms the tenant is a B2C tenant (throws an Error whose message says what to do). */
  checkTenant(tenant: string, signal?: AbortSignal): Promise<TenantCheck>;
  /** observe + computePlan for the configuration. */
  plan(config: ItsmeSetupConfig, signal?: AbortSignal): Promise<Plan>;
  /** applyConfiguration with the secret from SecretStorage; reports each step. */
  apply(config: ItsmeSetupConfig, onStep: (o: StepOutcome) => void, signal: AbortSignal): Promise<ApplyResult>;
  hasSecret(): Promise<boolean>;
  /** Stores the itsme client secret in SecretStorage. The value never comes back to the UI. */
  storeSecret(value: string): Promise<void>;
  clearSecret(): Promise<void>;
}
