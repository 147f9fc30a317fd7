// Which effects the wizard is still waiting for, by request id. The runner aborts any plan or tenant check the state
// no longer waits for (the user went back, typed another tenant, asked again), so a superseded read stops at the
// Graph port instead of running on beside its replacement; the machine drops its late result by the same ids.
import type { WizardState } from './state';

/** The request ids whose results the current state would still accept (a plan, a tenant check, an apply). */
export function awaitedRequests(s: WizardState): Set<number> {
  const ids = new Set<number>();
  if (s.tenantCheck.status === 'checking') ids.add(s.tenantCheck.requestId);
  if (s.step === 'review' && s.plan.status === 'loading') ids.add(s.plan.requestId);
  if (s.step === 'apply') ids.add(s.requestId);
  return ids;
}
