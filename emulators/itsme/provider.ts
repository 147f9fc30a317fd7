// One oidc-provider instance per itsme endpoint generation (itsme.md §1):
//   v2      issuer <origin>/v2                             /authorization  /token        /userinfo        /jwks
//   legacy  issuer <origin>/clientsecret-oidc/csapi/v0.1   /connect/authorize /connect/token /connect/userinfo /.well-known/jwks
// Both: authorization code flow only, client_secret_post only, response_mode query, PKCE (S256) optional, scope
// `openid` + `service:<CODE>` required, pairwise sub, RS256 ID tokens of 300 s, access tokens of 3600 s, no refresh
// tokens, codes of 36 characters living codeTtlSeconds (itsme.md §5: 3 minutes).
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { adapterFactory, randomKey, type MemoryStore } from './adapter';
import { AGE_CLAIMS, identityClaims, ITSME_CLAIM, pairwiseSub, SCOPE_CLAIMS, type Identity } from './identities';
import { itsmeErrorCode } from './errors';
import { errorPage, CSP } from './pages';
import { clientMetadata, type Generation, type Partner } from './partners';

// oidc-provider is ESM-only and ships no types: Node 24 require()s ESM; the shapes used here are typed loosely.
const oidc: { Provider: any; errors: any; interactionPolicy: any } = require('oidc-provider');
export const oidcErrors = oidc.errors;

export const GENERATION_PATHS: Record<Generation, { prefix: string; routes: Record<string, string> }> = {
  v2: {
    prefix: '/v2',
    routes: { authorization: '/authorization', token: '/token', userinfo: '/userinfo', jwks: '/jwks' },
  },
  legacy: {
    prefix: '/clientsecret-oidc/csapi/v0.1',
    routes: { authorization: '/connect/authorize', token: '/connect/token', userinfo: '/connect/userinfo', jwks: '/.well-known/jwks' },
  },
};

export const SUPPORTED_SCOPES = Object.keys(SCOPE_CLAIMS); // openid profile email phone address eid
export const ACR_BASIC = `${ITSME_CLAIM}acr_basic`;
export const ACR_ADVANCED = `${ITSME_CLAIM}acr_advanced`;

export interface ProviderDeps {
  origin: string;
  /** Stays the same when the provider is rebuilt (addPartner): storage, cookie key and signing key. */
  shared: { store: MemoryStore; cookieKey: string; jwk: Record<string, unknown> };
  /** All partners' `service:<CODE>` scopes (oidc-provider drops scopes it does not know from the request). */
  serviceScopes: string[];
  generation: Generation;
  findPartner: (clientId: string) => Partner | undefined;
  findIdentity: (id: string) => Identity | undefined;
  codeTtlSeconds: number;
  /** Called for every error oidc-provider reports (authorization, token, userinfo, server errors). */
  onError: (ctx: any, err: any, event: string) => void;
}

export async function rsaSigningJwk(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { ...jwk, kid: randomKey().slice(0, 16), alg: 'RS256', use: 'sig' };
}

/** Parsed `service:<CODE>` scopes of a scope string. */
export function serviceScopes(scope: string | undefined): string[] {
  return (scope ?? '')
    .split(' ')
    .filter((s) => s.startsWith('service:'))
    .map((s) => s.slice('service:'.length));
}

export function createProvider(deps: ProviderDeps): any {
  const { Provider, errors, interactionPolicy } = oidc;
  const { prefix, routes } = GENERATION_PATHS[deps.generation];
  const issuer = deps.origin + prefix;

  const policy = interactionPolicy.base();
  // itsme identifies the person on every authorization request (phone number + app), there is no SSO session.
  policy
    .get('login')
    .checks.push(
      new interactionPolicy.Check('itsme_every_request', 'itsme identifies the user on every authorization request', 'login_required', (ctx: any) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  // itsme.md §2/§3: `openid` and `service:<CODE>` are required; the service must be one of the partner's. Runs after
  // client_id and redirect_uri are validated, so the error is a redirect to the partner (with state).
  // The raw scope is read because oidc-provider has already dropped the scopes it does not know (unknown services).
  async function validateScope(ctx: any, _value: string | undefined, client: any): Promise<void> {
    const raw: string | undefined = ctx.method === 'POST' ? ctx.oidc.body?.scope : ctx.query?.scope;
    const scopes = (raw ?? '').split(' ').filter(Boolean);
    if (!scopes.includes('openid')) throw new errors.InvalidScope("the 'openid' scope is required", 'openid');
    const services = serviceScopes(raw);
    if (services.length === 0) {
      throw new errors.InvalidScope("a 'service:<SERVICE_CODE>' scope is required (the itsme service code of this partner)", 'service');
    }
    if (services.length > 1) throw new errors.InvalidScope('only one service:<SERVICE_CODE> scope may be requested', `service:${services[1]}`);
    const partner = deps.findPartner(client.clientId);
    if (!partner?.serviceCodes.includes(services[0]!)) {
      throw new errors.InvalidScope(`unknown service code '${services[0]}' for partner '${client.clientId}'`, `service:${services[0]}`);
    }
  }

  // itsme.md §1 "display: only page"; §6 "unsupported_display (Only page is supported)". Runs after client_id and
  // redirect_uri are validated, so the error goes back to the partner with state.
  async function validateDisplay(_ctx: any, value: string | undefined): Promise<void> {
    if (value !== undefined && value !== 'page') throw new errors.CustomOIDCProviderError('unsupported_display', 'Only page is supported');
  }

  const cookieOpts = { httpOnly: true, sameSite: 'lax', secure: true };
  const configuration = {
    adapter: adapterFactory(deps.shared.store, (id) => {
      const p = deps.findPartner(id);
      if (!p || !p.generations.includes(deps.generation)) return undefined;
      return clientMetadata(p, `${deps.origin}/partners/${encodeURIComponent(p.clientId)}/sector`);
    }),
    clients: [],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      subject_type: 'pairwise',
    },
    clientAuthMethods: ['client_secret_post'],
    responseTypes: ['code'],
    scopes: [...SUPPORTED_SCOPES, ...deps.serviceScopes],
    // Scope claims, plus claims of their own (null): auth_time (an oidc-provider default, which a custom map
    // replaces) and the age booleans, released only through the claims parameter. `acr` comes with openid: every
    // ID token says which level the person confirmed with (acr_basic unless acr_advanced was asked).
    claims: { ...SCOPE_CLAIMS, openid: [...SCOPE_CLAIMS.openid!, 'acr'], auth_time: null, ...Object.fromEntries(AGE_CLAIMS.map((c) => [c, null])) },
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx: any, accountId: string, client: any) => pairwiseSub(accountId, client.clientId),
    sectorIdentifierUriValidate: () => false,
    // itsme puts the scope claims in the ID token (itsme.md §4 sample), B2C reads them from there.
    conformIdTokenClaims: false,
    // itsme.md §6: a missing redirect_uri is an error shown on the itsme page.
    allowOmittingSingleRegisteredRedirectUri: false,
    acrValues: [ACR_BASIC, ACR_ADVANCED],
    extraParams: { scope: validateScope, display: validateDisplay },
    pkce: { required: () => false },
    findAccount: async (_ctx: any, id: string) => {
      const identity = deps.findIdentity(id);
      if (!identity) return undefined;
      return { accountId: identity.id, claims: async () => identityClaims(identity) };
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: { enabled: false },
      revocation: { enabled: false },
      introspection: { enabled: false },
      userinfo: { enabled: true },
      // itsme.md §4: claims can be requested individually ({"userinfo": {...}} / {"id_token": {...}}).
      claimsParameter: { enabled: true },
    },
    interactions: {
      policy,
      url: (_ctx: any, interaction: any) => `${prefix}/interaction/${interaction.uid}`,
    },
    routes,
    ttl: {
      AuthorizationCode: deps.codeTtlSeconds,
      IdToken: 300,
      AccessToken: 3600,
      Interaction: 15 * 60,
      Session: 15 * 60,
      Grant: 15 * 60,
    },
    // No refresh tokens (itsme.md §5). Not by an `issueRefreshToken` hook: a custom one makes oidc-provider register the
    // refresh_token grant, which then answers invalid_request instead of unsupported_grant_type (discovery says
    // grant_types_supported ["authorization_code"]). The default issues one only for offline_access, never granted.
    // itsme.md §5: the authorization code has 36 characters (216 bits of base64url).
    formats: { bitsOfOpaqueRandomness: (_ctx: any, token: any) => (token?.kind === 'AuthorizationCode' ? 216 : 256) },
    cookies: {
      keys: [deps.shared.cookieKey],
      names: { session: `_itsme_${deps.generation}_session`, interaction: `_itsme_${deps.generation}_interaction`, resume: `_itsme_${deps.generation}_resume` },
      long: cookieOpts,
      short: cookieOpts,
    },
    jwks: { keys: [deps.shared.jwk] },
    discovery: {
      display_values_supported: ['page'],
      ui_locales_supported: ['fr', 'nl', 'de', 'en'],
      claims_locales_supported: undefined,
      service_documentation: 'https://belgianmobileid.github.io/doc/',
    },
    renderError: async (ctx: any, out: any) => {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', CSP);
      ctx.body = errorPage({
        error: itsmeErrorCode(ctx.oidc?.route, out.error),
        description: out.error_description,
        hint: 'This error is shown by itsme instead of being sent to the application because the client_id or redirect_uri could not be trusted.',
      });
    },
  };

  const provider = new Provider(issuer, configuration);

  // itsme.md §4 sample ID token: it carries `nbf` (= iat here). oidc-provider sets iat/exp itself but never nbf.
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = function (this: any, opts: { use?: string } = {}) {
    if (opts.use === 'idtoken') this.set('nbf', Math.floor(Date.now() / 1000));
    return issue.call(this, opts);
  };
  // itsme.md §1/§6: a response_type other than `code` is `unsupported_response_type`. oidc-provider checks the
  // response mode first, and a partner registered with response_mode query refuses id_token's default (fragment) with
  // invalid_request; letting any mode pass for a type the provider does not support at all lets checkResponseType
  // answer. A supported type (code) keeps the registered-mode check (response_mode=fragment → invalid_request).
  const responseModeAllowed = provider.Client.prototype.responseModeAllowed;
  provider.Client.prototype.responseModeAllowed = function (this: any, mode: string, type: string, fapi: unknown) {
    const sorted = [...new Set(String(type ?? '').split(' '))].sort().join(' ');
    if (!configuration.responseTypes.includes(sorted)) return true;
    return responseModeAllowed.call(this, mode, type, fapi);
  };

  // Discovery: what the library can't express through configuration (itsme.md §1 "Discovery document contents").
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    // oidc-provider accepts client_secret_basic wherever client_secret_post is allowed; itsme takes the secret in
    // the body only (itsme.md §1). Credentials in an Authorization header → 401 invalid_client (RFC 6749 §5.2).
    if (ctx.method === 'POST' && ctx.path === routes.token && ctx.get('authorization')) {
      const err = {
        error: 'invalid_client',
        error_description: 'client authentication failed: use client_secret_post (client_id and client_secret in the request body)',
      };
      ctx.status = 401;
      ctx.set('WWW-Authenticate', `Basic realm="${issuer}", error="invalid_client"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = err;
      deps.onError(ctx, err, 'grant.error');
      return;
    }
    await next();
    const route = ctx.oidc?.route;
    if (route === 'discovery' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      ctx.body.response_modes_supported = ['query'];
      ctx.body.scopes_supported = SUPPORTED_SCOPES;
      ctx.body.grant_types_supported = ['authorization_code'];
      // Synthetic: itsme does not publish its document (itsme.md §1). Service scopes are per partner and not listed.
      ctx.body['x-emulator'] = `synthetic itsme-like ${deps.generation} discovery document (itsme-b2c test emulator); scope service:<SERVICE_CODE> is required`;
    }
    // itsme.md §6: token endpoint errors are HTTP 400 with JSON {error}. RFC 6749 §5.2 allows 400 for invalid_client
    // unless the client authenticated with an Authorization header (then 401, which is kept).
    if (route === 'token' && ctx.status === 401 && !ctx.get('authorization')) {
      ctx.status = 400;
      ctx.remove('WWW-Authenticate');
    }
  });

  for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'jwks.error', 'discovery.error', 'server_error']) {
    provider.on(event, (ctx: any, err: any) =>
      deps.onError(ctx, err?.error ? Object.assign(Object.create(err), { error: itsmeErrorCode(ctx.oidc?.route, err.error) }) : err, event),
    );
  }
  return provider;
}
