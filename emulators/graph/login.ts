// The token side ("login.microsoftonline.com"), enough for MSAL node / @azure/identity's ClientSecretCredential:
//   GET  /{tenant}/v2.0/.well-known/openid-configuration   (MSAL's authority metadata; v1 path served too)
//   GET  /{tenant}/discovery/v2.0/keys                      (JWKS, for anyone verifying our tokens)
//   POST /{tenant}/oauth2/v2.0/token                        (client_credentials + client_secret)
// MSAL needs https and, with disableInstanceDiscovery: true, asks for nothing else (graph-b2c.md §8, §11; the
// test "token.test.ts" records what it actually requests).
import { AadError, aadErrorBody } from './errors';
import { header, type EmuRequest, type EmuResponse } from './http';
import { initialDomain, MICROSOFT_GRAPH_APP_ID, type TenantState } from './state';
import { GRAPH_AUDIENCE, type TokenService } from './tokens';

export interface LoginContext {
  base: string; // https://127.0.0.1:PORT
  state: TenantState;
  tokens: TokenService;
  tokenLifetimeSeconds: number;
}

export function issuerFor(base: string, tenantId: string): string {
  return `${base}/${tenantId}/v2.0`;
}

/** Handles a login-side request, or returns undefined when the path is not one of ours. */
export async function handleLogin(req: EmuRequest, ctx: LoginContext): Promise<EmuResponse | undefined> {
  const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|oauth2\/v2\.0\/token)$/.exec(
    req.path,
  );
  if (!m) return undefined;
  const [, tenantSegment, what] = m as unknown as [string, string, string];
  try {
    const tenantId = resolveTenant(tenantSegment!, ctx.state);
    if (what === 'oauth2/v2.0/token') {
      if (req.method !== 'POST') throw new AadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      return await token(req, ctx, tenantId);
    }
    if (req.method !== 'GET') throw new AadError(405, 'invalid_request', 900561, 'The endpoint only accepts GET requests.');
    if (what.startsWith('discovery')) return { status: 200, body: ctx.tokens.jwks() };
    return { status: 200, body: openIdConfiguration(ctx.base, tenantId) };
  } catch (e) {
    if (!(e instanceof AadError)) throw e;
    return { status: e.status, body: aadErrorBody(e, req.requestId, req.clientRequestId) };
  }
}

/** The tenant may be named by id or by a verified domain (contosob2c.onmicrosoft.com). */
function resolveTenant(segment: string, state: TenantState): string {
  const s = segment.toLowerCase();
  if (s === state.tenantId.toLowerCase() || state.verifiedDomains.some((d) => d.name.toLowerCase() === s)) return state.tenantId;
  if (s === 'common' || s === 'organizations' || s === 'consumers') {
    // The management app is single-tenant: AAD refuses /common for it (AADSTS50194); clients must name the tenant.
    throw new AadError(
      400,
      'invalid_request',
      50194,
      "Application is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.",
    );
  }
  throw new AadError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function openIdConfiguration(base: string, tenantId: string) {
  const t = `${base}/${tenantId}`;
  return {
    token_endpoint: `${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(base, tenantId),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${t}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid', 'roles'],
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(base).host,
    cloud_graph_host_name: new URL(base).host,
    msgraph_host: new URL(base).host,
  };
}

async function token(req: EmuRequest, ctx: LoginContext, tenantId: string): Promise<EmuResponse> {
  const ct = header(req, 'content-type') ?? '';
  if (!ct.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new AadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  }
  const form = new URLSearchParams(req.rawBody);
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
  if (basic) {
    const [id, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    clientId ??= decodeURIComponent(id ?? '');
    secret ??= decodeURIComponent(rest.join(':'));
  }
  const grant = form.get('grant_type');
  if (!grant) throw new AadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grant !== 'client_credentials') {
    throw new AadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
  }
  if (!clientId) throw new AadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const { state } = ctx;
  if (clientId !== state.management.clientId) {
    throw new AadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${initialDomain(state)}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (!secret) {
    throw new AadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (secret !== state.management.clientSecret) {
    throw new AadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const scope = form.get('scope') ?? '';
  const scopes = scope.split(/\s+/).filter(Boolean);
  const resource = scopes.length === 1 && scopes[0]!.endsWith('/.default') ? scopes[0]!.slice(0, -'/.default'.length) : undefined;
  if (!resource) {
    throw new AadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  // The emulator IS Microsoft Graph: its own URL, Graph's App ID URI and Graph's appId all name it.
  const graphNames = [ctx.base, GRAPH_AUDIENCE, MICROSOFT_GRAPH_APP_ID].map((s) => s.replace(/\/+$/, '').toLowerCase());
  if (!graphNames.includes(resource.replace(/\/+$/, '').toLowerCase())) {
    throw new AadError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${state.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const accessToken = await ctx.tokens.issue({
    issuer: issuerFor(ctx.base, tenantId),
    tenantId,
    clientId,
    servicePrincipalId: state.management.servicePrincipalId,
    roles: state.grantedPermissions,
    lifetimeSeconds: ctx.tokenLifetimeSeconds,
  });
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: ctx.tokenLifetimeSeconds,
      ext_expires_in: ctx.tokenLifetimeSeconds,
      access_token: accessToken,
    },
  };
}
