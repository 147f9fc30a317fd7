// The custom-policy reads, beside the first round of observe(): the policy list and the key sets (each one GET),
// then the XML of our two policies, only those listed (GET …/$value), in parallel with the grants' read — so the
// variant adds no round trip to a first observe and at most one to the reads that already follow the first round.
import type { ItsmeSetupConfig } from '../../config/types';
import type { GraphTrustFrameworkKeySet } from '../../graph/model';
import type { GraphPort, GraphRequest } from '../../graph/port';
import { read, readAll, type Outcome } from '../../graph/read';
import { policyIds } from '../../policy/generate';
import { policyOptionsOf } from '../../policy/options';

export interface ObservedCustomPolicy {
  /** Ids of every policy in the tenant (GET /trustFramework/policies). */
  policyIds: string[];
  /** Our two policies' XML as the service returns it (TenantObjectId added), or null when not listed. */
  base: { id: string; xml: string } | null;
  relyingParty: { id: string; xml: string } | null;
  /** Every key set (ids and the public parts of their keys). */
  keySets: GraphTrustFrameworkKeySet[];
}

const enc = encodeURIComponent;

export function customPolicyRequests(): Record<'policies' | 'keySets', GraphRequest> {
  return {
    policies: { method: 'GET', version: 'beta', path: '/trustFramework/policies' },
    keySets: { method: 'GET', version: 'beta', path: '/trustFramework/keySets' },
  };
}

export function policyXmlRequest(id: string): GraphRequest {
  return { method: 'GET', version: 'beta', path: `/trustFramework/policies/${enc(id)}/$value` };
}

/** Policy ids compare case-insensitively (the service reports them upper-cased in errors). */
const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

async function xmlOf(graph: GraphPort, listed: string[], id: string, signal?: AbortSignal): Promise<Outcome<{ id: string; xml: string } | null>> {
  const have = listed.find((x) => sameId(x, id));
  if (!have) return { ok: true, value: null };
  const r = await read<string>(graph, policyXmlRequest(have), signal);
  if (!r.ok) return r.error.kind === 'notFound' ? { ok: true, value: null } : r; // deleted between the two reads
  return { ok: true, value: { id: have, xml: typeof r.value === 'string' ? r.value : String(r.value ?? '') } };
}

/**
 * Starts the reads; the promise resolves to outcomes so observe() can check the tenant's kind first (in a tenant
 * that is not B2C these reads fail, and that is not the user's problem).
 */
export async function observeCustomPolicy(graph: GraphPort, config: ItsmeSetupConfig, signal?: AbortSignal): Promise<Outcome<ObservedCustomPolicy>> {
  const r = customPolicyRequests();
  const ids = policyIds(policyOptionsOf(config, '').name);
  const keySetsRead = readAll<GraphTrustFrameworkKeySet>(graph, r.keySets, signal);
  const list = await readAll<{ id: string }>(graph, r.policies, signal);
  if (!list.ok) {
    await keySetsRead;
    return list;
  }
  const listed = list.value.map((p) => p.id);
  const [base, rp, keySets] = await Promise.all([xmlOf(graph, listed, ids.base, signal), xmlOf(graph, listed, ids.relyingParty, signal), keySetsRead]);
  if (!base.ok) return base;
  if (!rp.ok) return rp;
  if (!keySets.ok) return keySets;
  return { ok: true, value: { policyIds: listed, base: base.value, relyingParty: rp.value, keySets: keySets.value } };
}
