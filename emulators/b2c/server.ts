// An emulated Azure AD B2C sign-in service (b2clogin.com paths) that runs the user flows AS CONFIGURED in the Graph
// emulator's tenant state: the flow's linked identity providers, each provider's metadata URL (discovery fetched),
// client id, secret, scope, response type/mode and claims mapping, the flow's token lifetimes, and the app's
// redirect URIs, implicit-grant settings and client secrets. A wrong setting fails here the way B2C fails: an error
// page, or an error sent to the app with B2C's published code (errors.ts), and the upstream error in the log.
// A custom policy (p=B2C_1A_…) runs its relying party's journey instead (custom-policy.ts, b2c-custom-policy.md §6
// "At run time"); both share the app checks, the upstream OpenID Connect round trip and the token issuance here.
//
// The protocol toward the app is the shared core (../signin/protocol): authorize by GET or POST, response types
// code / id_token / token and their combinations, response_mode query / fragment / form_post, PKCE, the token
// endpoint (authorization_code, refresh_token; client_secret_post / _basic or a public client), the SSO session
// (prompt=login / none), logout, CORS on discovery / keys / token. Paths (graph-b2c.md §6; B2C openid-connect.md):
//   /<tenant>/<policy>/{oauth2/v2.0/authorize|token|logout, v2.0/.well-known/openid-configuration, discovery/v2.0/keys}
//   /<tenant>/{oauth2/v2.0/authorize|token|logout, v2.0/.well-known/openid-configuration, discovery/v2.0/keys}?p=<policy>
//   /tfp/<tenant>/<policy>/… (MSAL's older authority form) and /<tenant>/oauth2/authresp (the IdP's redirect URI).
import { discoveryCache, json, send, type Discovery } from '../signin/http';
import { createHash, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, createLocalJWKSet, type JWK } from 'jose';
import { ensureCa } from '../tls/ca';
import { listenHttps } from '../tls/serve';
import type { GraphEmulator } from '../graph/server';
import { errorPage, signedOutPage, signInPage } from './pages';
import { applicationClaimsFor, userDirectory } from './application-claims';
import {
  isCustomPolicyId,
  JourneyError,
  JOURNEY_ERR,
  loadCustomPolicy,
  mapOutputClaims,
  policyJwks,
  skipStep,
  technicalProfile,
  tokenOf,
  upstreamOf,
  type ClaimBag,
  type CustomPolicyRun,
  type UpstreamRequest,
} from './custom-policy';
import {
  clientOf,
  CodeStore,
  CORS_HEADERS,
  deliver,
  isProtocolError,
  parseAuthorize,
  preflight,
  RefreshStore,
  requestParams,
  SessionStore,
  signingKey,
  type AuthorizeRequest,
  type AuthorizeRules,
  type ResponseMode,
} from '../signin/protocol';
import { b2cDescription, b2cMessage, describeProtocolError, type B2cErrorCode } from './errors';
import { appView, redirectKind, resourceScope, type AppView } from './apps';
import { accessToken, idToken, type Identity, type TokenProfile } from './tokens';
import { B2C_SWITCH_DEFAULTS, type B2cSwitches } from './switches';
import { handleToken } from './token-endpoint';
import { discoveryDocument, type EndpointForm } from './discovery';

export interface B2cLoginOptions {
  graph: GraphEmulator;
  port?: number;
  caDir?: string;
  /** Where the signing key is kept across restarts (the sandbox passes its cache dir); absent: a key per start. */
  keysDir?: string;
  switches?: Partial<B2cSwitches>;
  /** The clock (ms since the epoch); tests move it to expire codes, refresh tokens and sessions. */
  now?: () => number;
}

export interface B2cLogEntry {
  at: number;
  kind: 'authorize' | 'federate' | 'callback' | 'issued' | 'error' | 'upstreamError' | 'session' | 'token' | 'logout';
  policy?: string;
  detail: string;
}

export interface B2cLogin {
  /** https://127.0.0.1:PORT — use its host as the custom login domain (itsme.loginHost / loginHost). */
  url: string;
  host: string;
  log: B2cLogEntry[];
  /** GUESS switches, live (switches.ts). */
  switches: B2cSwitches;
  /** The kid of the service's own signing key (user flows). */
  kid: string;
  stop(): Promise<void>;
}

/** What a sign-in produced: enough to derive the tokens again under the policy's current configuration. */
export interface SignedIn {
  /** The policy id as stored (user flow id or custom policy id). */
  policy: string;
  kind: 'userFlow' | 'journey';
  /** User flow: the identity provider, its ID token's claims and its issuer. */
  idpId?: string;
  upstream?: Record<string, unknown>;
  idpIssuer?: string;
  /** Custom policy: the claim bag at SendClaims. */
  bag?: ClaimBag;
  /** Seconds since the epoch of the authentication at the identity provider. */
  authTime: number;
  /** User flow: the user's first sign-in through this tenant (the newUser application claim). */
  newUser?: boolean;
}

/** What an authorization code or a refresh token stands for. */
export interface Grant {
  signedIn: SignedIn;
  clientId: string;
  scopes: string[];
  nonce?: string;
  /** Obtained through a SPA / public-client redirect URI: redeemed without a secret. */
  publicClient: boolean;
  /** Obtained through a SPA redirect URI: its refresh tokens live 24 hours (configure-tokens.md). */
  spa: boolean;
}

interface Transaction {
  id: string;
  policy: string;
  req: AuthorizeRequest;
  publicClient: boolean;
  spa: boolean;
  /** The upstream request in flight (set when the browser is sent to the identity provider). */
  upstream?: UpstreamRequest;
  idpNonce?: string;
  /** User flow: the identity provider chosen on the sign-in page. */
  idpId?: string;
  /** Custom policy: the orchestration step running and the claims collected so far. */
  journey?: { step: number; exchangeId?: string; bag: ClaimBag };
  createdAt: number;
}

type Obj = Record<string, unknown>;

/** The response types served (sorted parts): code, id_token, token and every combination (OAuth 2.0 Multiple Response Types). */
const RESPONSE_TYPES = ['code', 'id_token', 'token', 'code id_token', 'code token', 'id_token token', 'code id_token token'];

/** The state the token endpoint and the discovery builder share with the server. */
export interface B2cCore {
  graph: GraphEmulator;
  origin: () => string;
  domain: () => string;
  now: () => number;
  switches: B2cSwitches;
  codes: CodeStore<Grant>;
  refreshes: RefreshStore<Grant>;
  note: (kind: B2cLogEntry['kind'], detail: string, policy?: string) => void;
  /** The stored policy id for a name (case-insensitive), or undefined. JourneyError when a custom policy cannot run. */
  resolvePolicy: (name: string) => string | undefined;
  tokensFor: (s: SignedIn) => Promise<{ profile: TokenProfile; identity: Identity }>;
  issuerOf: (policy: string) => string;
}

export async function startB2cLogin(opts: B2cLoginOptions): Promise<B2cLogin> {
  const { graph } = opts;
  const ca = await ensureCa(opts.caDir);
  const key = signingKey('b2c', opts.keysDir);
  const now = opts.now ?? Date.now;
  const switches: B2cSwitches = { ...B2C_SWITCH_DEFAULTS, ...opts.switches };
  const transactions = new Map<string, Transaction>();
  const sessions = new SessionStore<SignedIn>('x-ms-cpim-sso_');
  const codes = new CodeStore<Grant>();
  const refreshes = new RefreshStore<Grant>();
  const discover = discoveryCache();
  const log: B2cLogEntry[] = [];
  const users = userDirectory();
  const note = (kind: B2cLogEntry['kind'], detail: string, policy?: string) => log.push({ at: now(), kind, detail, policy });
  let origin = '';

  const state = () => graph.state;
  const tenantMatches = (seg: string) => {
    const s = state();
    const x = seg.toLowerCase();
    return x === `${s.tenantName}.onmicrosoft.com`.toLowerCase() || x === s.tenantName.toLowerCase() || x === s.tenantId.toLowerCase();
  };
  const domain = () => `${state().tenantName}.onmicrosoft.com`;
  const flowOf = (policy: string) => state().userFlows.find((f) => f.id.toLowerCase() === policy.toLowerCase());
  const tf = () => state().trustFramework;
  const sw = () => graph.options.trustFramework;
  /** The stored relying party, merged; undefined when there is none. JourneyError when it cannot run. */
  const customPolicy = (id: string): CustomPolicyRun | undefined => loadCustomPolicy(tf(), id, domain());
  const nowSec = () => Math.floor(now() / 1000);

  /**
   * The issuer of a policy's tokens: https://<host>/<tenant id>/v2.0/ (tokens-overview.md, the default "Issuer (iss)
   * claim" setting), or with the policy in it (…/tfp/<tenant id>/<policy>/v2.0/) when a custom policy's JwtIssuer
   * says IssuanceClaimPattern AuthorityWithTfp. The URL form a client used does not change it.
   */
  function issuerOf(policy: string): string {
    if (isCustomPolicyId(policy)) {
      try {
        const run = customPolicy(policy);
        const sc = run?.steps.find((s) => s.type === 'SendClaims');
        const tp = sc?.cpimIssuerTechnicalProfileReferenceId ? run!.policy.technicalProfiles.get(sc.cpimIssuerTechnicalProfileReferenceId) : undefined;
        if (tp?.metadata['IssuanceClaimPattern'] === 'AuthorityWithTfp') return `${origin}/tfp/${state().tenantId}/${run!.policy.policyId.toLowerCase()}/v2.0/`;
      } catch {
        // a policy that cannot load has the default issuer; its requests fail elsewhere
      }
    }
    const flow = flowOf(policy);
    if (flow && switches.userFlowIssuer === 'tfp') return `${origin}/tfp/${state().tenantId}/${flow.id.toLowerCase()}/v2.0/`;
    return `${origin}/${state().tenantId}/v2.0/`;
  }

  function resolvePolicy(name: string): string | undefined {
    if (isCustomPolicyId(name)) return customPolicy(name)?.policy.policyId;
    return flowOf(name)?.id;
  }

  function page(res: ServerResponse, status: number, code: B2cErrorCode | undefined, message: string, policy?: string): void {
    note('error', `${code ?? ''}${code ? ': ' : ''}${message}`, policy);
    send(res, status, errorPage(code ?? '', message));
  }
  const fail = (res: ServerResponse, code: B2cErrorCode, args: string[], policy?: string) => page(res, 400, code, b2cMessage(code, ...args), policy);

  /** Errors once the app and its redirect URI are trusted go back to it, in the request's response mode. */
  function toApp(res: ServerResponse, redirectUri: string, mode: ResponseMode, state: string | undefined, error: string, description: string, policy?: string): void {
    note('error', `${error}: ${description}`, policy);
    deliver(res, redirectUri, mode, { error, error_description: description, state });
  }
  const failToApp = (res: ServerResponse, tx: Transaction, error: string, description: string) => toApp(res, tx.req.redirectUri, tx.req.responseMode, tx.req.state, error, description, tx.policy);

  const rules = (clientId: string): AuthorizeRules => ({
    responseTypes: RESPONSE_TYPES,
    // authorization-code-flow.md: "Azure AD B2C supports both plain and S256".
    challengeMethods: ['plain', 'S256'],
    // error-codes.md AADB2C90043: "Expected 'none', 'login', 'consent' or 'select_account'".
    prompts: ['none', 'login', 'consent', 'select_account'],
    // openid-connect.md "Send authentication requests": nonce | Yes.
    nonceRequiredForIdToken: true,
    refuseQueryWithTokens: true,
    isResourceScope: (s) => {
      const r = resourceScope(state(), clientId, s);
      return r !== undefined && r !== 'unknown';
    },
  });

  const sessionScope = (policy: string) => (switches.ssoScope === 'tenant' ? state().tenantId : policy);

  // ----- authorize -----

  async function authorize(res: ServerResponse, req: IncomingMessage, q: URLSearchParams, policyName: string | null): Promise<void> {
    let policy: string | undefined;
    try {
      policy = policyName ? resolvePolicy(policyName) : undefined;
    } catch (e) {
      if (e instanceof JourneyError) return page(res, 400, e.code as B2cErrorCode, e.message, policyName ?? undefined);
      throw e;
    }
    // GUESS (errors.ts AADB2C90022): the page has no "policy does not exist" row.
    if (!policy) return fail(res, 'AADB2C90022', [policyName ?? '', domain()], policyName ?? undefined);
    const c = clientOf(q);
    if (isProtocolError(c)) return fail(res, 'AADB2C90008', [], policy);
    const app = appView(state(), c.clientId);
    if (!app) return fail(res, 'AADB2C90018', [c.clientId, domain()], policy);
    const all = [...app.redirectUris.web, ...app.redirectUris.spa, ...app.redirectUris.publicClient];
    if (!all.length) return fail(res, 'AADB2C90007', [c.clientId], policy);
    const kind = redirectKind(app, c.redirectUri);
    if (!kind) return fail(res, 'AADB2C90006', [c.redirectUri, c.clientId], policy);
    const parsed = parseAuthorize(q, c, rules(c.clientId));
    if ('error' in parsed) return toApp(res, c.redirectUri, parsed.mode, parsed.state, parsed.error.error, describeProtocolError(parsed.error), policy);
    const problem = appChecks(app, parsed, kind);
    if (problem) return toApp(res, c.redirectUri, parsed.responseMode, parsed.state, problem.error, problem.description, policy);

    const tx: Transaction = { id: randomUUID(), policy, req: parsed, publicClient: kind !== 'web', spa: kind === 'spa', createdAt: now() };
    const prompts = (parsed.prompt ?? '').split(/\s+/);
    let session = prompts.includes('login') ? undefined : sessions.get(req, sessionScope(policy), now());
    if (session && parsed.maxAge !== undefined && nowSec() - session.authTime > parsed.maxAge) session = undefined;
    const reusable = session && sessionFits(session.data, policy) ? session.data : undefined;
    if (prompts.includes('none') && !reusable) {
      // OIDC Core §3.1.2.6 login_required; B2C's text is AADB2C90077.
      return failToApp(res, tx, 'login_required', b2cDescription('AADB2C90077', 'none'));
    }
    note('authorize', `client ${c.clientId} → ${c.redirectUri} (${parsed.responseTypes.join(' ')}, ${parsed.responseMode})${reusable ? ', SSO session' : ''}`, policy);
    if (reusable) return finish(res, tx, { ...reusable, policy }, false);
    transactions.set(tx.id, tx);
    if (isCustomPolicyId(policy)) {
      tx.journey = { step: 0, bag: {} };
      return runJourney(res, tx);
    }
    const flow = flowOf(policy)!;
    const buttons = flow.userFlowIdentityProviders.flatMap((id) => {
      const idp = state().identityProviders.find((p) => p.id === id);
      return idp ? [{ label: String(idp.displayName ?? id), href: `/${domain()}/${flow.id}/federate?tx=${tx.id}&idp=${encodeURIComponent(id)}` }] : [];
    });
    send(res, 200, signInPage(domain(), flow.id, buttons));
  }

  /** A session from another sign-in can serve this policy: same kind, and a user flow still offers its provider. */
  function sessionFits(s: SignedIn, policy: string): boolean {
    if (isCustomPolicyId(policy)) return s.kind === 'journey' && s.policy.toLowerCase() === policy.toLowerCase();
    return s.kind === 'userFlow' && !!s.idpId && !!flowOf(policy)?.userFlowIdentityProviders.includes(s.idpId);
  }

  /** The app's settings against the request: implicit grant, PKCE for SPAs, scopes. */
  function appChecks(app: AppView, r: AuthorizeRequest, kind: string): { error: string; description: string } | undefined {
    // AADB2C90057: id_token / token from the authorization endpoint need the implicit-grant switches.
    if (r.responseTypes.includes('id_token') && !app.idTokenImplicit) return { error: 'unauthorized_client', description: b2cDescription('AADB2C90057') };
    if (r.responseTypes.includes('token') && !app.accessTokenImplicit) return { error: 'unauthorized_client', description: b2cDescription('AADB2C90057') };
    if (r.responseTypes.includes('code') && kind === 'spa' && !r.codeChallenge) return { error: 'invalid_request', description: b2cDescription('AADB2C99059') };
    const audiences = new Set<string>();
    for (const s of r.scopes) {
      const rs = resourceScope(state(), r.clientId, s);
      if (rs === 'unknown') return { error: 'invalid_scope', description: b2cDescription('AADB2C90117', s) };
      if (rs) audiences.add(rs.audience);
    }
    if (audiences.size > 1) return { error: 'invalid_scope', description: b2cDescription('AADB2C90146', r.scopes.join(' ')) };
    // access-tokens.md: with token in response_type, scope must hold a resource scope besides openid / offline_access.
    if (r.responseTypes.includes('token') && audiences.size === 0) return { error: 'invalid_scope', description: b2cDescription('AADB2C90055', r.scopes.join(' ')) };
    return undefined;
  }

  // ----- the identity provider round trip (user flows and OpenIdConnect claims exchanges) -----

  /** Sends the browser to the identity provider's authorization endpoint (both paths). */
  async function sendUpstream(res: ServerResponse, tx: Transaction, up: UpstreamRequest): Promise<void> {
    let d: Discovery;
    try {
      d = await discover(up.metadataUrl);
    } catch (e) {
      note('upstreamError', `discovery of "${up.name}": ${(e as Error).message}`, tx.policy);
      return failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} The metadata URL of identity provider "${up.name}" could not be read (${up.metadataUrl}). Check its metadata URL.`);
    }
    tx.upstream = up;
    tx.idpNonce = randomBytes(12).toString('hex');
    const p = new URLSearchParams({
      client_id: up.clientId,
      redirect_uri: `${origin}/${domain()}/oauth2/authresp`,
      response_type: up.responseType,
      response_mode: up.responseMode,
      scope: up.scope,
      state: tx.id,
      nonce: tx.idpNonce,
    });
    for (const [k, v] of Object.entries(up.extra)) p.set(k, v);
    note('federate', `${up.name} → ${d.authorization_endpoint}`, tx.policy);
    res.writeHead(302, { Location: `${d.authorization_endpoint}?${p.toString()}`, 'Cache-Control': 'no-store' });
    res.end();
  }

  async function federate(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('tx') ?? '');
    // GUESS: an expired or unknown transaction is B2C's "trouble loading your current state" (AADB2C90046? not in our table) — a plain page.
    if (!tx) return page(res, 400, undefined, 'The sign-in transaction expired or is unknown; start again from the application.');
    if (tx.journey) {
      // A custom policy's provider selection with more than one exchange: the button names the exchange.
      tx.journey.exchangeId = q.get('exchange') ?? undefined;
      tx.journey.step++;
      return runJourney(res, tx);
    }
    const idp = state().identityProviders.find((p) => p.id === q.get('idp'));
    if (!idp || !flowOf(tx.policy)?.userFlowIdentityProviders.includes(idp.id)) return failToApp(res, tx, 'server_error', b2cDescription('AADB2C90051'));
    tx.idpId = idp.id;
    return sendUpstream(res, tx, {
      name: String(idp.displayName),
      metadataUrl: String(idp['metadataUrl']),
      clientId: String(idp['clientId'] ?? ''),
      clientSecret: String(idp['clientSecret'] ?? ''),
      responseType: String(idp['responseType'] ?? 'code'),
      responseMode: String(idp['responseMode'] ?? 'query'),
      scope: String(idp['scope'] ?? 'openid'),
      extra: idp['domainHint'] ? { domain_hint: String(idp['domainHint']) } : {},
    });
  }

  /** A stable B2C object id for a federated user: per identity provider and upstream user id. */
  function objectId(idpId: string, issuerUserId: string): string {
    const h = createHash('sha256').update(`${state().tenantId}|${idpId}|${issuerUserId}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /**
   * The identity provider's answer at /oauth2/authresp: its error, or the code redeemed (client_secret_post, as
   * itsme requires) and the ID token validated (signature by jwks_uri, issuer, audience, nonce). Returns the ID
   * token's claims and the provider's issuer, or undefined when it already answered the app with the failure.
   */
  async function redeem(res: ServerResponse, tx: Transaction, up: UpstreamRequest, q: URLSearchParams): Promise<{ claims: Obj; issuer: string } | undefined> {
    const name = up.name;
    const upstreamError = q.get('error');
    if (upstreamError) {
      note('upstreamError', `${name} authorization: ${upstreamError} ${q.get('error_description') ?? ''}`, tx.policy);
      const error = upstreamError === 'access_denied' ? 'access_denied' : 'server_error';
      return void failToApp(res, tx, error, b2cDescription('AADB2C90273', `Error: ${upstreamError}, Error Description: ${q.get('error_description') ?? ''}`) + ` (from "${name}")`);
    }
    let d: Discovery;
    try {
      d = await discover(up.metadataUrl);
    } catch (e) {
      return void failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} ${(e as Error).message}`);
    }
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: q.get('code') ?? '',
      redirect_uri: `${origin}/${domain()}/oauth2/authresp`,
      client_id: up.clientId,
      client_secret: up.clientSecret,
    });
    const r = await fetch(d.token_endpoint, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(10_000) });
    const tokenBody = (await r.json().catch(() => ({}))) as Obj;
    if (!r.ok || typeof tokenBody['id_token'] !== 'string') {
      const err = String(tokenBody['error'] ?? r.status);
      note('upstreamError', `${name} token endpoint: ${err} ${String(tokenBody['error_description'] ?? '')}`, tx.policy);
      const hint = err === 'invalid_client' ? ' Check the client id and client secret of this identity provider.' : '';
      return void failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} The identity provider "${name}" refused the token request (${err}).${hint}`);
    }
    try {
      const verified = await jwtVerify(tokenBody['id_token'] as string, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: up.issuer ?? d.issuer, audience: up.audience ?? up.clientId });
      if (verified.payload['nonce'] !== tx.idpNonce) throw new Error('nonce mismatch');
      return { claims: verified.payload as Obj, issuer: d.issuer };
    } catch (e) {
      note('upstreamError', `${name} id_token: ${(e as Error).message}`, tx.policy);
      return void failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} The ID token from "${name}" could not be validated (${(e as Error).message}).`);
    }
  }

  async function callback(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('state') ?? '');
    if (!tx || !tx.upstream) return page(res, 400, undefined, 'The sign-in transaction expired or is unknown; start again from the application.');
    if (tx.journey) return journeyCallback(res, tx, q);
    transactions.delete(tx.id);
    const idp = state().identityProviders.find((p) => p.id === tx.idpId);
    if (!idp) return failToApp(res, tx, 'server_error', b2cDescription('AADB2C90051'));
    // The provider as configured now (a secret rotated mid-sign-in is the one B2C would use).
    const got = await redeem(res, tx, { ...tx.upstream, clientId: String(idp['clientId'] ?? ''), clientSecret: String(idp['clientSecret'] ?? '') }, q);
    if (!got) return;
    const signedIn: SignedIn = { policy: tx.policy, kind: 'userFlow', idpId: idp.id, upstream: got.claims, idpIssuer: got.issuer, authTime: nowSec() };
    try {
      // Decided once per sign-in: the tokens of its code, its refreshes and its SSO passes all say the same.
      signedIn.newUser = users.signIn(userFlowIdentity(signedIn).subject).newUser;
    } catch (e) {
      return failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} ${(e as Error).message}`);
    }
    return finish(res, tx, signedIn, true);
  }

  /** A user flow's token subject and claims from the provider's ID token, by the provider's claims mapping. */
  function userFlowIdentity(s: SignedIn): Identity {
    const idp = state().identityProviders.find((p) => p.id === s.idpId);
    if (!idp) throw new Error('The identity provider of this sign-in no longer exists.');
    const name = String(idp.displayName);
    const claims = s.upstream ?? {};
    const mapping = (idp['claimsMapping'] ?? {}) as Record<string, string | undefined>;
    const pick = (k: string) => (mapping[k] ? claims[mapping[k]!] : undefined);
    const issuerUserId = pick('userId');
    if (typeof issuerUserId !== 'string' || !issuerUserId) throw new Error(`The claims mapping of "${name}" maps the user id to '${mapping['userId'] ?? ''}', which the provider did not return.`);
    const subject = objectId(idp.id, issuerUserId);
    const flow = flowOf(s.policy);
    // Exactly the flow's ticked application claims (application-claims.ts); server.ts adds the protocol claims.
    const mapped = { displayName: pick('displayName'), givenName: pick('givenName'), surname: pick('surname'), email: pick('email') };
    const appClaims = flow ? applicationClaimsFor(flow, graph.options.applicationClaims, { mapped, idp: s.idpIssuer ?? '', objectId: subject, newUser: s.newUser === true }) : {};
    return { subject, claims: appClaims };
  }

  /** The tokens' profile and identity of a sign-in, under the policy's configuration now. */
  async function tokensFor(s: SignedIn): Promise<{ profile: TokenProfile; identity: Identity }> {
    if (s.kind === 'userFlow') {
      const flow = flowOf(s.policy);
      if (!flow) throw new Error(`The user flow '${s.policy}' no longer exists.`);
      // User flow token lifetimes (graph-b2c.md §2.4, configure-tokens.md): minutes for access and ID tokens, days
      // for refresh tokens, and the sliding window (-1 = no expiry).
      const t = (flow.tokenLifetimeConfiguration ?? {}) as Obj;
      const num = (k: string, d: number) => (typeof t[k] === 'number' ? (t[k] as number) : d);
      const minutes = num('accessAndIdTokenLifetimeInMinutes', 60);
      const rolling = num('rollingRefreshTokenLifetimeInDays', 90);
      return {
        identity: userFlowIdentity(s),
        profile: {
          issuer: issuerOf(flow.id),
          key: key.privateKey,
          kid: key.kid,
          idTokenLifetimeSec: minutes * 60,
          accessTokenLifetimeSec: minutes * 60,
          refresh: { lifetimeSec: num('refreshTokenLifetimeInDays', 14) * 86400, rollingSec: rolling === -1 ? null : rolling * 86400 },
          policyClaim: { tfp: flow.id },
        },
      };
    }
    const run = customPolicy(s.policy);
    if (!run) throw new JourneyError(JOURNEY_ERR.journey, `The policy '${s.policy}' no longer exists.`);
    const sc = run.steps.find((x) => x.type === 'SendClaims');
    if (!sc) throw new JourneyError(JOURNEY_ERR.sendClaims, `User journey '${run.journeyId}' does not contain a send claims step.`);
    const issuerTp = technicalProfile(run, sc.cpimIssuerTechnicalProfileReferenceId ?? '', domain());
    const t = tokenOf(run, issuerTp, s.bag ?? {}, tf(), sw(), domain());
    return {
      identity: { subject: t.subject, claims: t.claims },
      profile: {
        issuer: t.issuerWithTfp ? `${origin}/tfp/${state().tenantId}/${run.policy.policyId.toLowerCase()}/v2.0/` : `${origin}/${state().tenantId}/v2.0/`,
        key: t.signingKey as KeyObject,
        kid: t.kid,
        idTokenLifetimeSec: t.lifetimeSeconds,
        accessTokenLifetimeSec: t.accessLifetimeSeconds,
        refresh: t.refresh,
        policyClaim: t.acr ? { acr: t.acr } : {},
      },
    };
  }

  /**
   * The end of a sign-in (or an SSO pass): the session cookie (new after a real sign-in), then the response the
   * app asked for — code, id_token, token — in its response mode, with its state.
   */
  async function finish(res: ServerResponse, tx: Transaction, s: SignedIn, fresh: boolean): Promise<void> {
    transactions.delete(tx.id);
    const r = tx.req;
    let minted: { profile: TokenProfile; identity: Identity };
    try {
      minted = await tokensFor(s);
    } catch (e) {
      if (e instanceof JourneyError) return failToApp(res, tx, 'server_error', `${e.code}: ${e.message}`);
      return failToApp(res, tx, 'server_error', `${b2cDescription('AADB2C90289')} ${(e as Error).message}`);
    }
    if (fresh) {
      const { setCookie } = sessions.create(sessionScope(tx.policy), s, s.authTime, '/', now());
      res.setHeader('Set-Cookie', setCookie);
      note('session', `session for ${tx.policy} (${switches.ssoScope})`, tx.policy);
    }
    const grant: Grant = { signedIn: s, clientId: r.clientId, scopes: r.scopes, ...(r.nonce ? { nonce: r.nonce } : {}), publicClient: tx.publicClient, spa: tx.spa };
    const out: Record<string, string | undefined> = {};
    const t = nowSec();
    if (r.responseTypes.includes('code')) {
      out['code'] = codes.issue(
        { clientId: r.clientId, redirectUri: r.redirectUri, audience: tx.policy, ...(r.codeChallenge ? { codeChallenge: r.codeChallenge, codeChallengeMethod: r.codeChallengeMethod } : {}) },
        grant,
        now(),
      );
    }
    if (r.responseTypes.includes('token')) {
      const resources = r.scopes.flatMap((x) => {
        const rs = resourceScope(state(), r.clientId, x);
        return rs && rs !== 'unknown' ? [rs] : [];
      });
      out['access_token'] = await accessToken(minted.profile, minted.identity, { clientId: r.clientId, audience: resources[0]!.audience, scp: resources.map((x) => x.value).filter(Boolean), authTime: s.authTime }, t);
      out['token_type'] = 'Bearer';
      out['expires_in'] = String(minted.profile.accessTokenLifetimeSec);
      out['scope'] = r.scopes.join(' ');
    }
    if (r.responseTypes.includes('id_token')) {
      out['id_token'] = await idToken(minted.profile, minted.identity, { clientId: r.clientId, authTime: s.authTime, nonce: r.nonce, code: out['code'], accessToken: out['access_token'] }, t);
    }
    out['state'] = r.state;
    note('issued', `${r.responseTypes.join(' ')} for ${r.clientId} (${r.responseMode})`, tx.policy);
    deliver(res, r.redirectUri, r.responseMode, out);
  }

  // ----- custom policies (custom-policy.ts) -----

  /** Runs orchestration steps from tx.journey.step until one needs the browser elsewhere (or the token is sent). */
  async function runJourney(res: ServerResponse, tx: Transaction): Promise<void> {
    const j = tx.journey!;
    try {
      const run = customPolicy(tx.policy);
      if (!run) throw new JourneyError(JOURNEY_ERR.journey, `The policy '${tx.policy}' was removed during the sign-in.`);
      for (; j.step < run.steps.length; j.step++) {
        const step = run.steps[j.step]!;
        if (skipStep(step, j.bag)) continue;
        if (step.type === 'ClaimsProviderSelection' || step.type === 'CombinedSignInAndSignUp') {
          const targets = step.claimsProviderSelections.flatMap((c) => c.targetClaimsExchangeId ?? []);
          // DisplayOption DoNotShowSingleProvider (the default): one provider → straight on (userjourneys.md).
          if (targets.length <= 1) {
            j.exchangeId = targets[0];
            continue;
          }
          const next = run.steps.slice(j.step + 1).find((s) => s.claimsExchanges.length);
          const buttons = targets.map((id) => {
            const ex = next?.claimsExchanges.find((e) => e.id === id);
            const tp = ex ? run.policy.technicalProfiles.get(ex.technicalProfileReferenceId) : undefined;
            return { label: tp?.displayName ?? id, href: `/${domain()}/${run.policy.policyId}/federate?tx=${tx.id}&exchange=${encodeURIComponent(id)}` };
          });
          return send(res, 200, signInPage(domain(), run.policy.policyId, buttons));
        }
        if (step.type === 'ClaimsExchange') {
          const ex = step.claimsExchanges.find((e) => e.id === j.exchangeId) ?? (step.claimsExchanges.length === 1 ? step.claimsExchanges[0] : undefined);
          if (!ex) throw new JourneyError(JOURNEY_ERR.noProvider, 'No suitable claims providers were found.');
          const tp = technicalProfile(run, ex.technicalProfileReferenceId, domain());
          if (tp.protocol?.name !== 'OpenIdConnect') {
            throw new JourneyError(JOURNEY_ERR.technicalProfile, `The emulator runs OpenIdConnect claims exchanges only; '${tp.id}' uses '${tp.protocol?.name ?? ''}'.`);
          }
          return sendUpstream(res, tx, upstreamOf(tp, j.bag, tf(), sw(), domain()));
        }
        if (step.type === 'SendClaims') {
          const signedIn: SignedIn = { policy: run.policy.policyId, kind: 'journey', bag: j.bag, authTime: nowSec() };
          // Check the issuer profile and its key now, so a broken policy fails before the session is made.
          await tokensFor(signedIn);
          return finish(res, tx, signedIn, true);
        }
        // Other step types (AAD reads/writes, self-asserted pages …) are outside this emulator's subset.
        throw new JourneyError(JOURNEY_ERR.technicalProfile, `The emulator does not run orchestration steps of type '${step.type}' (step ${step.order} of user journey '${run.journeyId}').`);
      }
      throw new JourneyError(JOURNEY_ERR.sendClaims, `User journey '${run.journeyId}' does not contain a send claims step.`);
    } catch (e) {
      if (!(e instanceof JourneyError)) throw e;
      transactions.delete(tx.id);
      return failToApp(res, tx, 'server_error', `${e.code}: ${e.message}`);
    }
  }

  async function journeyCallback(res: ServerResponse, tx: Transaction, q: URLSearchParams): Promise<void> {
    const j = tx.journey!;
    const got = await redeem(res, tx, tx.upstream!, q);
    tx.upstream = undefined;
    if (!got) return void transactions.delete(tx.id);
    try {
      const run = customPolicy(tx.policy);
      const step = run?.steps[j.step];
      const ex = step?.claimsExchanges.find((e) => e.id === j.exchangeId) ?? step?.claimsExchanges[0];
      if (!run || !ex) throw new JourneyError(JOURNEY_ERR.journey, `The policy '${tx.policy}' changed during the sign-in.`);
      mapOutputClaims(technicalProfile(run, ex.technicalProfileReferenceId, domain()), got.claims, j.bag);
    } catch (e) {
      if (!(e instanceof JourneyError)) throw e;
      transactions.delete(tx.id);
      return failToApp(res, tx, 'server_error', `${e.code}: ${e.message}`);
    }
    j.step++;
    return runJourney(res, tx);
  }

  // ----- logout -----

  /**
   * GET/POST …/oauth2/v2.0/logout (openid-connect.md "Send a sign-out request"): ends the SSO session, then sends
   * the browser to post_logout_redirect_uri with state, or shows "signed out". The URI must be absolute (AADB2C90067);
   * whether it must be a registered redirect URI is the logoutRedirectCheck switch.
   */
  async function logout(res: ServerResponse, req: IncomingMessage, q: URLSearchParams, policy: string): Promise<void> {
    const target = q.get('post_logout_redirect_uri') ?? '';
    const st = q.get('state') ?? undefined;
    let hinted: string | undefined;
    const hint = q.get('id_token_hint');
    if (hint) {
      try {
        const keys = isCustomPolicyId(policy) ? policyKeys(policy) : [key.publicJwk];
        const v = await jwtVerify(hint, createLocalJWKSet({ keys }), { issuer: issuerOf(policy), clockTolerance: 1e9 });
        hinted = typeof v.payload.aud === 'string' ? v.payload.aud : undefined;
      } catch {
        // GUESS: an id_token_hint that does not verify is ignored (the documents name no error for logout)
      }
    }
    if (target) {
      // AADB2C90067: "Specify an https based URL … or for native clients use … 'urn:ietf:wg:oauth:2.0:oob'"; plain
      // http only for a loopback host (GUESS: as for redirect URIs).
      let ok = false;
      try {
        const u = new URL(target);
        ok = u.protocol !== 'http:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
      } catch {
        ok = false;
      }
      if (!ok) return fail(res, 'AADB2C90067', [target], policy);
      const clientId = hinted ?? (switches.logoutRedirectCheck === 'always' ? q.get('client_id') ?? undefined : undefined);
      if (hinted || switches.logoutRedirectCheck === 'always') {
        const app = clientId ? appView(state(), clientId) : undefined;
        const registered = app ? [...app.redirectUris.web, ...app.redirectUris.spa, ...app.redirectUris.publicClient] : [];
        // GUESS: the refusal uses the redirect-URI code (the page names none for logout).
        if (!registered.includes(target)) return fail(res, 'AADB2C90006', [target, clientId ?? ''], policy);
      }
    }
    res.setHeader('Set-Cookie', sessions.end(req, sessionScope(policy), '/'));
    note('logout', `session ended${target ? ` → ${target}` : ''}`, policy);
    if (!target) return send(res, 200, signedOutPage());
    const u = new URL(target);
    if (st !== undefined) u.searchParams.set('state', st);
    res.writeHead(302, { Location: u.href, 'Cache-Control': 'no-store' });
    res.end();
  }

  // ----- discovery and keys -----

  const policyKeys = (policy: string): JWK[] => {
    const run = customPolicy(policy);
    return run ? policyJwks(run, tf(), sw()) : [];
  };

  function metadata(res: ServerResponse, policyName: string, sub: 'config' | 'keys', form: EndpointForm): void {
    let policy: string | undefined;
    try {
      policy = resolvePolicy(policyName);
    } catch (e) {
      if (!(e instanceof JourneyError)) throw e;
      return page(res, 400, e.code as B2cErrorCode, e.message, policyName);
    }
    res.setHeader('Access-Control-Allow-Origin', CORS_HEADERS['Access-Control-Allow-Origin']!);
    if (!policy) return fail(res, 'AADB2C90022', [policyName, domain()], policyName);
    if (sub === 'keys') return json(res, { keys: isCustomPolicyId(policy) ? policyKeys(policy) : [key.publicJwk] });
    return json(res, discoveryDocument(core, policy, form));
  }

  const core: B2cCore = {
    graph,
    origin: () => origin,
    domain,
    now,
    switches,
    codes,
    refreshes,
    note,
    resolvePolicy,
    tokensFor,
    issuerOf,
  };

  // ----- routing -----

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/favicon.ico') return send(res, 404, '', 'text/plain'); // browsers ask; not an error
    let parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const tfp = parts[0]?.toLowerCase() === 'tfp';
    if (tfp) parts = parts.slice(1);
    // GUESS: the published list has no "unknown tenant" code; the emulator answers 404 without one.
    if (!parts.length || !tenantMatches(parts[0]!)) return page(res, 404, undefined, `The tenant '${parts[0] ?? ''}' is not served here.`);
    const rest = parts.slice(1).join('/');
    const method = req.method ?? 'GET';
    const tenantLevel = ['oauth2/v2.0/authorize', 'oauth2/v2.0/token', 'oauth2/v2.0/logout', 'v2.0/.well-known/openid-configuration', 'discovery/v2.0/keys'];
    let policy: string | null;
    let sub: string;
    let form: EndpointForm;
    if (!tfp && rest === 'oauth2/authresp') {
      if (method !== 'GET' && method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'GET, POST' });
      return callback(res, await requestParams(req, url));
    }
    if (!tfp && tenantLevel.includes(rest)) {
      policy = url.searchParams.get('p');
      sub = rest;
      form = { kind: 'query', tenantSegment: parts[0]! };
    } else {
      policy = parts[1] ?? null;
      sub = parts.slice(2).join('/');
      form = { kind: tfp ? 'tfp' : 'path', tenantSegment: parts[0]! };
    }
    const isMeta = sub === 'v2.0/.well-known/openid-configuration' || sub === 'discovery/v2.0/keys';
    if (isMeta || sub === 'oauth2/v2.0/token') {
      if (preflight(req, res, isMeta ? 'GET, OPTIONS' : 'POST, OPTIONS')) return;
    }
    if (isMeta) {
      if (method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'GET', ...CORS_HEADERS });
      return metadata(res, policy ?? '', sub === 'discovery/v2.0/keys' ? 'keys' : 'config', form);
    }
    if (sub === 'oauth2/v2.0/token') {
      if (method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'POST', ...CORS_HEADERS });
      return handleToken(core, req, res, url, policy);
    }
    if (sub === 'oauth2/v2.0/authorize' || sub === 'oauth2/v2.0/logout') {
      if (method !== 'GET' && method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'GET, POST' });
      const q = await requestParams(req, url);
      // The query form names the policy in p= (for a POST, p stays in the query string).
      const name = form.kind === 'query' ? (q.get('p') ?? policy) : policy;
      if (sub === 'oauth2/v2.0/authorize') return authorize(res, req, q, name);
      let resolved: string | undefined;
      try {
        resolved = name ? resolvePolicy(name) : undefined;
      } catch {
        resolved = undefined;
      }
      if (!resolved) return fail(res, 'AADB2C90022', [name ?? '', domain()], name ?? undefined);
      return logout(res, req, q, resolved);
    }
    if (!tfp && sub === 'federate' && method === 'GET') return federate(res, url.searchParams);
    return page(res, 404, undefined, 'Not found.');
  }

  const listener = await listenHttps(ca, opts.port, (req, res) => {
    handle(req, res).catch((e) => {
      note('error', `internal: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) send(res, 500, errorPage('', 'Internal error of the emulator.'));
    });
  });
  origin = listener.origin;
  return {
    url: origin,
    host: listener.host,
    log,
    switches,
    kid: key.kid,
    stop: listener.stop,
  };
}
