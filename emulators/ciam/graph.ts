// The sign-in service's view of the Graph emulator's external tenant, through its read-only state API
// (graph/external-state.ts): live — every call reads the current state, so seed()/reset() and what the engine
// applied are seen at once.
import type { GraphEmulator } from '../graph/server';
import { ciamEndpoints, externalFlows } from '../graph/external-state';
import type { Obj } from '../graph/state';
import type { CiamDirectory, CiamIdentityProvider } from './directory';

export function graphDirectory(graph: GraphEmulator): CiamDirectory {
  return {
    get tenantId() {
      return graph.state.tenantId;
    },
    get subdomain() {
      return ciamEndpoints(graph.state).subdomain;
    },
    flows: () =>
      externalFlows(graph.state).map((f) => ({
        id: f.id,
        displayName: f.displayName,
        isSignUpAllowed: f.isSignUpAllowed,
        appIds: f.appIds,
        emailRequired: f.inputs.some((i) => i['attribute'] === 'email' && i['required'] === true),
        identityProviders: f.providers.map((p): CiamIdentityProvider => {
          const auth = (p['clientAuthentication'] ?? {}) as Obj;
          const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
          return {
            id: p.id,
            type: String(p['@odata.type']),
            displayName: p.displayName ?? p.id,
            clientId: str('clientId'),
            clientSecret: typeof auth['clientSecret'] === 'string' ? auth['clientSecret'] : undefined,
            issuer: str('issuer'),
            wellKnownEndpoint: str('wellKnownEndpoint'),
            scope: str('scope'),
            responseType: str('responseType'),
            inboundClaimMapping: (p['inboundClaimMapping'] ?? undefined) as Record<string, unknown> | undefined,
          };
        }),
      })),
    apps: () =>
      graph.state.applications.map((a) => {
        const platform = (k: string) => ((a[k] ?? {}) as Obj) as { redirectUris?: string[]; implicitGrantSettings?: { enableIdTokenIssuance?: boolean } };
        return {
          appId: a.appId,
          displayName: a.displayName ?? a.appId,
          // The loopback receiver may be registered on web, spa or publicClient: any counts for the emulator.
          redirectUris: [...(platform('web').redirectUris ?? []), ...(platform('spa').redirectUris ?? []), ...(platform('publicClient').redirectUris ?? [])],
          idTokenIssuance: platform('web').implicitGrantSettings?.enableIdTokenIssuance === true,
          platforms: { web: [...(platform('web').redirectUris ?? [])], spa: [...(platform('spa').redirectUris ?? [])], publicClient: [...(platform('publicClient').redirectUris ?? [])] },
          secrets: ((a['passwordCredentials'] ?? []) as Obj[]).flatMap((c) => (typeof c['secretText'] === 'string' ? [c['secretText']] : [])),
        };
      }),
  };
}
