// itsme discovery URLs per environment and endpoint generation (docs/reference/itsme.md §1).
// itsme moved client-secret partners to the v2 host on 2025-06-25; partners onboarded earlier keep csapi.
import type { EndpointGeneration, ItsmeEnvironment } from '../config/types';

export const ENVIRONMENTS: readonly ItsmeEnvironment[] = ['e2e', 'prd'];
export const GENERATIONS: readonly EndpointGeneration[] = ['v2', 'legacy', 'custom'];

export function v2MetadataUrl(env: ItsmeEnvironment): string {
  return `https://idp.${env}.itsme.services/v2/.well-known/openid-configuration`;
}

export function legacyMetadataUrl(env: ItsmeEnvironment): string {
  return `https://oidc.${env}.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration`;
}

export function metadataUrlFor(env: ItsmeEnvironment, generation: EndpointGeneration, customUrl?: string): string {
  if (generation === 'v2') return v2MetadataUrl(env);
  if (generation === 'legacy') return legacyMetadataUrl(env);
  return customUrl ?? '';
}

/** What a metadata URL read from the tenant says about itsme: which environment and generation, if any. */
export function classifyMetadataUrl(url: string): { environment?: ItsmeEnvironment; generation: EndpointGeneration } {
  for (const env of ENVIRONMENTS) {
    if (url === v2MetadataUrl(env)) return { environment: env, generation: 'v2' };
    if (url === legacyMetadataUrl(env)) return { environment: env, generation: 'legacy' };
  }
  return { generation: 'custom' };
}
