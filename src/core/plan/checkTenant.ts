// The tenant check on its own (for sign-in and the wizard's tenant step): the same two reads observe() makes
// for it, and the same verdict.
import type { ItsmeSetupConfig } from '../config/types';
import type { GraphPort } from '../graph/port';
import { read, readAll } from '../graph/read';
import type { GraphOrganization } from '../graph/model';
import { observeRequests } from './observe';
import { resolveTenantInfo, type TenantInfo } from './tenant';

export async function checkTenant(graph: GraphPort, config: ItsmeSetupConfig, signal?: AbortSignal): Promise<TenantInfo> {
  const r = observeRequests(config);
  const [org, types] = await Promise.all([
    readAll<GraphOrganization>(graph, r['organization']!, signal),
    read<{ value: string[] }>(graph, r['providerTypes']!, signal),
  ]);
  return resolveTenantInfo(config, org, types);
}
