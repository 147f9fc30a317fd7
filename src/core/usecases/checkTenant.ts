// "Is this a B2C tenant?" from a tenant reference alone (a domain or an id, as typed at sign-in or in the
// wizard), before any itsme configuration exists. Reads only; changes nothing, remembers nothing.
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../config/types';
import { resolveConfig } from '../config/validate';
import type { GraphPort } from '../graph/port';
import { checkTenant } from '../plan/checkTenant';
import type { TenantInfo } from '../plan/tenant';

export class TenantReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantReferenceError';
  }
}

/** The configuration validator's verdict on the tenant field alone (the codes are placeholders it never reads). */
function probe(tenant: string): { config?: ItsmeSetupConfig; problem?: string } {
  const r = resolveConfig({ tenant: tenant.trim(), itsme: { partnerCode: 'probe', serviceCode: 'probe' } });
  if (r.ok) return { config: r.config };
  const issue = r.issues.find((i) => i.field === 'tenant') ?? r.issues[0];
  return { problem: issue?.message ?? l10n.t('This is not a tenant domain or id.') };
}

/** What is wrong with a tenant reference, in words, or undefined when it is usable (for input validation). */
export function tenantReferenceProblem(tenant: string): string | undefined {
  return probe(tenant).problem;
}

/** Checks that the tenant behind `graph` (signed in to `tenant`) is an Azure AD B2C tenant and names it. */
export async function checkTenantReference(graph: GraphPort, tenant: string, signal?: AbortSignal): Promise<TenantInfo> {
  const p = probe(tenant);
  if (!p.config) throw new TenantReferenceError(p.problem!);
  return checkTenant(graph, p.config, signal);
}
