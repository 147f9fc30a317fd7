// How the tree reads a tenant (observe() through that tenant's Graph port), single-flight per tenant: a refresh
// while a read of the same tenant, configuration and generation is in flight joins it (a storm of refreshes reads
// each tenant once); a new generation (sign-in/out, an apply, a settings change) or another configuration aborts the
// read in flight at the Graph port and reads again. No vscode import: unit-tested.
import type { ItsmeSetupConfig } from '../../core/config/types';
import type { ObservedTenant } from '../../core/plan/observe';
import { SingleFlight } from '../../core/singleFlight';

export type ObserveTenant = (tenant: string, config: ItsmeSetupConfig, signal: AbortSignal) => Promise<ObservedTenant>;

export class TenantReads {
  private readonly flights = new SingleFlight<ObservedTenant>();

  constructor(private readonly observeTenant: ObserveTenant) {}

  /** Reads started so far (for tests and figures). */
  get started(): number {
    return this.flights.started;
  }

  read(tenant: string, config: ItsmeSetupConfig, generation: number): Promise<ObservedTenant> {
    return this.flights.run(tenant.toLowerCase(), JSON.stringify([generation, config]), (signal) => this.observeTenant(tenant, config, signal));
  }
}
