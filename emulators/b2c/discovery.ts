// A policy's OpenID Connect discovery document, in the URL form the client used (openid-connect.md "Validate the ID
// token": one metadata document per user flow):
//   path  /<tenant>/<policy>/v2.0/.well-known/openid-configuration → endpoints /<tenant>/<policy>/oauth2/v2.0/…
//   query /<tenant>/v2.0/.well-known/openid-configuration?p=<policy> → endpoints /<tenant>/oauth2/v2.0/…?p=<policy>
//   tfp   /tfp/<tenant>/<policy>/v2.0/.well-known/openid-configuration → endpoints /tfp/<tenant>/<policy>/…
// It advertises only what the emulator does: the response types, modes, grant types, PKCE methods and client
// authentication methods the code implements (server.ts, token-endpoint.ts).
import { isCustomPolicyId } from './custom-policy';
import type { B2cCore } from './server';

export interface EndpointForm {
  kind: 'path' | 'query' | 'tfp';
  /** The tenant segment as the client wrote it (name, domain or id). */
  tenantSegment: string;
}

export function endpointsOf(core: B2cCore, policy: string, form: EndpointForm): Record<string, string> {
  const o = core.origin();
  const t = encodeURIComponent(form.tenantSegment);
  const p = encodeURIComponent(policy);
  const at = (path: string) =>
    form.kind === 'query' ? `${o}/${t}/${path}?p=${p}` : form.kind === 'tfp' ? `${o}/tfp/${t}/${p}/${path}` : `${o}/${t}/${p}/${path}`;
  return {
    authorization_endpoint: at('oauth2/v2.0/authorize'),
    token_endpoint: at('oauth2/v2.0/token'),
    end_session_endpoint: at('oauth2/v2.0/logout'),
    jwks_uri: at('discovery/v2.0/keys'),
  };
}

export function discoveryDocument(core: B2cCore, policy: string, form: EndpointForm): Record<string, unknown> {
  const policyClaim = isCustomPolicyId(policy) ? 'acr' : 'tfp';
  return {
    issuer: core.issuerOf(policy),
    ...endpointsOf(core, policy, form),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    response_types_supported: ['code', 'code id_token', 'code token', 'code id_token token', 'id_token', 'id_token token', 'token', 'token id_token'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'implicit'],
    scopes_supported: ['openid', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    // Public clients (SPA / mobile redirect URIs) send no secret: 'none'.
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    // authorization-code-flow.md: "Azure AD B2C supports both plain and S256".
    code_challenge_methods_supported: ['plain', 'S256'],
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'ver', policyClaim, 'c_hash', 'at_hash', 'scp', 'azp', 'name', 'given_name', 'family_name', 'emails', 'idp'],
  };
}
