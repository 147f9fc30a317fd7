// An emulated Microsoft Entra External ID sign-in service (ciamlogin.com paths) that runs the sign-up/sign-in user
// flow AS CONFIGURED in the external tenant (directory.ts): the flow is chosen by the client_id's app link (no p=
// parameter, external-id.md §0.3), its OIDC identity provider (itsme) is federated through the wellKnownEndpoint
// with client_secret_post, the person's email is handled per the email switch (§2.6), and the ID token is signed by
// the tenant's key with the tenant's issuer. Paths (external-id.md §1, §5):
//   /<tenant>/v2.0/.well-known/openid-configuration   /<tenant>/discovery/v2.0/keys
//   /<tenant>/oauth2/v2.0/authorize                    /<tenant>/federation/oauth2 (the redirect URI given to itsme)
//   /<tenant>/oauth2/v2.0/token                        /<tenant>/oauth2/v2.0/logout
// where <tenant> is the tenant id or <subdomain>.onmicrosoft.com. The emulator's own steps: /<tenant>/federate
// (the identity provider button), /<tenant>/signup/email and /<tenant>/signup/code (the email steps),
// /<tenant>/account (the account picker of prompt=select_account).
// The OAuth 2.0 / OIDC protocol (authorize parsing, response modes, codes + PKCE, client authentication, refresh
// tokens, session cookie, CORS, persisted key) is the shared module emulators/signin/protocol; what is Entra's —
// the Microsoft identity platform v2.0 rules and AADSTS codes (errors.ts) — is here and in token-endpoint.ts.
//
// The service runs on https://127.0.0.1:PORT, so `url` stands in for https://<subdomain>.ciamlogin.com; the issuer
// is a name, not an address, and keeps the real form https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 unless
// `issuerHost` says otherwise (see the option).
import { discoveryCache, redirect, send, type Discovery } from '../signin/http';
import {
  clientOf,
  CORS_HEADERS,
  deliver,
  isProtocolError,
  parseAuthorize,
  preflight,
  requestParams,
  SessionStore,
  signingKey,
  type AuthorizeRequest,
  type AuthorizeRules,
  type ResponseMode,
} from '../signin/protocol';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ensureCa } from '../tls/ca';
import { listenHttps } from '../tls/serve';
import type { GraphEmulator } from '../graph/server';
import { graphDirectory } from './graph';
import type { CiamApp, CiamDirectory, CiamFlow, CiamIdentityProvider } from './directory';
import { ciamError, ciamErrorOfKind, type CiamErrorName } from './errors';
import { accountPickerPage, emailCodePage, emailEntryPage, errorPage, signedOutPage, signInPage } from './pages';
import { clientKindOf, tokenEndpoint, type ClientKind } from './token-endpoint';
import { mintIdToken, type CiamIdentity, type Minting } from './tokens';

/**
 * GUESS (external-id.md §2.6, the documentation contradicts itself): what a new person meets when the identity
 * provider's email is not verified (itsme always sends email_verified=false) or missing.
 * - 'verify' (default): "the user is asked to verify email during sign-up" — the Graph reference
 *   (oidcInboundClaimMappingOverride). The emulator asks for an email if none was sent, then for a one-time code.
 * - 'refuse': "the user will not be able to create an account" — the Entra claims-mapping reference. An error page.
 * The default is 'verify' because the Graph reference is the one written for the API this product uses, and email
 * one-time codes are a built-in External ID feature; 'refuse' is the outcome to test the warning against.
 */
export type EmailStep = 'verify' | 'refuse';

export interface CiamLoginOptions {
  /** The external tenant: the Graph emulator's (started with tenantType 'CIAM'), or any directory view. */
  graph?: GraphEmulator;
  directory?: CiamDirectory;
  port?: number;
  caDir?: string;
  /** Default 'verify' (a GUESS, see EmailStep). Changeable later with setEmailStep. */
  emailStep?: EmailStep;
  /**
   * Host of the tokens' issuer: https://<issuerHost>/<tenant id>/v2.0. Default '<tenant id>.ciamlogin.com', the
   * documented form (external-id.md §1) — a name only, never fetched, so it need not resolve. Set it to the
   * emulator's own host (`127.0.0.1:PORT`, known after start: pass 'self') when a client insists that the issuer
   * and the discovery URL share a host.
   */
  issuerHost?: string | 'self';
  /** GUESS: no External ID setting exists (external-id.md §6); Entra's default ID-token lifetime is one hour. */
  tokenLifetimeMinutes?: number;
  /** GUESS: Entra sends PKCE (S256) to the OIDC provider — its how-to recommends "auth code (with PKCE)". Default true. */
  pkce?: boolean;
  /**
   * A directory for the signing key (ciamlogin.json, a private JWK written on first start): the same key after a
   * restart, so tokens and cached keys stay valid (the sandbox passes its cache directory). Default: a new key per start.
   */
  keysDir?: string;
  /** The clock (ms since the epoch) for codes, sessions, refresh tokens and token times. Default Date.now (tests move it). */
  clock?: () => number;
  /** Refresh token lifetime, days: 90 by default ("90 days for all other scenarios", refresh-tokens.md). */
  refreshLifetimeDays?: number;
  /** A SPA's refresh token lifetime, hours, fixed from the sign-in: 24 by default (refresh-tokens.md). */
  spaRefreshLifetimeHours?: number;
  /**
   * GUESS: how long the ciamlogin session cookie keeps a person signed in (SSO, prompt=none), hours. Entra documents
   * no number for external tenants; 24 by default.
   */
  sessionLifetimeHours?: number;
  /**
   * GUESS: logout with a post_logout_redirect_uri that no app registered. The platform says it "must match one of the
   * redirect URIs registered for your application" but not what happens otherwise. 'page' (default): signed out, the
   * generic signed-out page, no redirect (never an open redirect); 'error': an AADSTS50011 error page.
   */
  unregisteredLogoutRedirect?: 'page' | 'error';
}

export interface CiamLogEntry {
  at: number;
  kind: 'authorize' | 'federate' | 'callback' | 'emailCode' | 'signUp' | 'issued' | 'error' | 'upstreamError' | 'token' | 'session' | 'logout';
  flow?: string;
  detail: string;
  /** For 'emailCode': the address and the code "emailed" to it (emulator data, not a secret). */
  email?: string;
  code?: string;
}

export interface CiamUser {
  objectId: string;
  idpId: string;
  /** The identity provider's sub for this person. */
  issuerUserId: string;
  email?: string;
  displayName?: string;
}

export interface CiamLogin {
  /** https://127.0.0.1:PORT — stands in for https://<subdomain>.ciamlogin.com (use its host as the login host). */
  url: string;
  host: string;
  readonly log: CiamLogEntry[];
  /** People who signed up (the tenant's federated users), by '<idp id>|<sub>'. */
  readonly users: Map<string, CiamUser>;
  readonly emailStep: EmailStep;
  setEmailStep(step: EmailStep): void;
  /** The tokens' issuer for the current tenant. */
  issuer(): string;
  /** The discovery URL, tenant-id form. */
  discoveryUrl(): string;
  /** The two redirect URIs itsme must whitelist (tenant-id form, domain form), on this emulator's host. */
  federationRedirectUris(): string[];
  /** The most recent one-time code "emailed" to `email`, if any. */
  lastEmailCode(email: string): string | undefined;
  /** Forget every signed-up person (the next sign-in is a sign-up again). */
  resetUsers(): void;
  stop(): Promise<void>;
}

interface Transaction {
  id: string;
  /** The tenant segment the sign-in came in with (tenant id or domain): the federation redirect URI uses it. */
  tenantSeg: string;
  flowId: string;
  clientId: string;
  /** The parsed authorization request (redirect URI, response type and mode, state, nonce, PKCE, prompt …). */
  request: AuthorizeRequest;
  /** The platform of its redirect URI (client type at the token endpoint). */
  kind: ClientKind;
  /** MSAL's client_info=1: the response carries client_info. */
  clientInfo: boolean;
  idpId?: string;
  idpNonce?: string;
  codeVerifier?: string;
  /** After the federation: what the person will get, waiting for the email step. */
  pending?: { issuerUserId: string; claims: Record<string, unknown>; idpIssuer: string; email?: string; code?: string; attempts: number };
}

/**
 * The emulator's own codes: Entra documents none for these External ID cases, so they are named EMU_CIAM_… and
 * nobody takes them for real ones. Every AADSTS code is in errors.ts with its source.
 */
const ERR = {
  noFlow: 'EMU_CIAM_NO_USER_FLOW',
  transaction: 'EMU_CIAM_TRANSACTION',
  idp: 'EMU_CIAM_IDENTITY_PROVIDER',
  upstream: 'EMU_CIAM_UPSTREAM',
  signUpDisabled: 'EMU_CIAM_SIGNUP_DISABLED',
  emailRequired: 'EMU_CIAM_EMAIL_NOT_VERIFIED',
  code: 'EMU_CIAM_EMAIL_CODE',
};

const OIDC_TYPE = /^#?microsoft\.graph\.oidcIdentityProvider$/i;
/**
 * The prompt values: login, none, consent, select_account (v2-oauth2-auth-code-flow.md#request-an-authorization-code)
 * and create (GUESS: taken as "show the sign-in page"; github.com/opencloud-eu/desktop/pull/918 lists it among the
 * values Entra accepts). One value only: combined values are AADSTS90023 (errors.ts).
 */
const PROMPTS = ['login', 'none', 'consent', 'select_account', 'create'];
/** What ciamlogin serves, as its discovery document says (response types: code, id_token, code id_token). */
const RULES: AuthorizeRules = {
  responseTypes: ['code', 'id_token', 'code id_token'],
  // "The Microsoft identity platform supports both plain and S256" (v2-oauth2-auth-code-flow.md, code_challenge_method).
  challengeMethods: ['S256', 'plain'],
  prompts: PROMPTS,
  // nonce "Required" for an ID token (v2-protocols-oidc.md#send-the-sign-in-request; hybrid: auth-code flow page).
  nonceRequiredForIdToken: true,
  // "The query parameter isn't supported when requesting an ID token by using the implicit flow" (auth-code flow page).
  refuseQueryWithTokens: true,
  // A code may be asked for a resource's scopes without openid (the page's example asks for mail.read only).
  isResourceScope: (sc) => !['openid', 'profile', 'email', 'offline_access'].includes(sc),
};
type Obj = Record<string, unknown>;
const MAX_CODE_ATTEMPTS = 3;

export async function startCiamLogin(opts: CiamLoginOptions): Promise<CiamLogin> {
  const maybeDir = opts.directory ?? (opts.graph ? graphDirectory(opts.graph) : undefined);
  if (!maybeDir) throw new Error('startCiamLogin: pass graph (an external tenant) or directory');
  const dir: CiamDirectory = maybeDir;
  const ca = await ensureCa(opts.caDir);
  const key = signingKey('ciamlogin', opts.keysDir);
  const now = opts.clock ?? Date.now;
  const sessions = new SessionStore<CiamIdentity>('ciam_session_', (opts.sessionLifetimeHours ?? 24) * 3600);
  const transactions = new Map<string, Transaction>();
  const discover = discoveryCache();
  const users = new Map<string, CiamUser>();
  const log: CiamLogEntry[] = [];
  let emailStep: EmailStep = opts.emailStep ?? 'verify';
  const lifetimeMin = opts.tokenLifetimeMinutes ?? 60;
  const pkce = opts.pkce ?? true;
  const note = (kind: CiamLogEntry['kind'], detail: string, flow?: string, extra: Partial<CiamLogEntry> = {}) => log.push({ at: now(), kind, detail, flow, ...extra });
  let origin = '';
  let host = '';

  const domain = () => `${dir.subdomain}.onmicrosoft.com`.toLowerCase();
  const tenantMatches = (seg: string) => {
    const x = seg.toLowerCase();
    return x === dir.tenantId.toLowerCase() || x === domain();
  };
  const issuer = () => `https://${opts.issuerHost === 'self' ? host : (opts.issuerHost ?? `${dir.tenantId}.ciamlogin.com`)}/${dir.tenantId}/v2.0`;
  const flowOfApp = (appId: string): CiamFlow | undefined => dir.flows().find((f) => f.appIds.includes(appId));
  const flowById = (id: string) => dir.flows().find((f) => f.id === id);
  const minting = (): Minting => ({ kid: key.kid, privateKey: key.privateKey, issuer: issuer(), tenantId: dir.tenantId, lifetimeSec: lifetimeMin * 60 });
  const tokens = tokenEndpoint({
    apps: () => dir.apps(),
    tenantDomain: domain,
    tenantId: () => dir.tenantId,
    minting,
    now,
    refresh: { lifetimeDays: opts.refreshLifetimeDays ?? 90, spaLifetimeHours: opts.spaRefreshLifetimeHours ?? 24 },
    note: (detail) => note('token', detail),
  });

  function fail(res: ServerResponse, code: string, message: string, flow?: string): void {
    note('error', `${code}: ${message}`, flow);
    send(res, 400, errorPage(code, message));
  }
  /** An AADSTS error page (before the app and its redirect URI are trusted). */
  function failPage(res: ServerResponse, name: CiamErrorName, vars: Record<string, string> = {}): void {
    const e = ciamError(name, vars);
    note('error', e.description);
    send(res, e.status, errorPage(e.code, e.description.slice(e.code.length + 2)));
  }
  /** An error to the app's redirect URI in the request's response mode, as the platform does (error, error_description, error_uri, state). */
  function toApp(res: ServerResponse, redirectUri: string, mode: ResponseMode, state: string | undefined, error: string, description: string): void {
    const n = /^AADSTS(\d+)/.exec(description)?.[1];
    deliver(res, redirectUri, mode, { error, error_description: description, ...(n ? { error_uri: `https://login.microsoftonline.com/error?code=${n}` } : {}), state });
  }
  function aadstsToApp(res: ServerResponse, redirectUri: string, mode: ResponseMode, state: string | undefined, name: CiamErrorName, vars: Record<string, string> = {}): void {
    const e = ciamError(name, vars);
    note('error', e.description);
    toApp(res, redirectUri, mode, state, e.error ?? 'invalid_request', e.description);
  }
  /** Errors once the app and its redirect URI are trusted go back to it, in the request's response mode. */
  function failToApp(res: ServerResponse, tx: Transaction, error: string, description: string): void {
    note('error', `${error}: ${description}`, tx.flowId);
    transactions.delete(tx.id);
    toApp(res, tx.request.redirectUri, tx.request.responseMode, tx.request.state, error, description);
  }


  /** The flow's sign-in page: a button per OIDC identity provider (the interactive part of a sign-in). */
  function showSignIn(res: ServerResponse, tx: Transaction): void {
    const flow = flowById(tx.flowId);
    if (!flow) return fail(res, ERR.transaction, 'The user flow was removed during the sign-in; start again from the application.');
    transactions.set(tx.id, tx);
    const buttons = flow.identityProviders
      .filter((p) => OIDC_TYPE.test(p.type))
      .map((p) => ({ id: p.displayName, label: p.displayName, href: `/${tx.tenantSeg}/federate?tx=${tx.id}&idp=${encodeURIComponent(p.id)}` }));
    send(res, 200, signInPage(domain(), flow.displayName, buttons));
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, tenantSeg: string): Promise<void> {
    const c = clientOf(q);
    if (isProtocolError(c)) return failPage(res, 'missingParameter', { name: 'client_id' });
    const clientId = c.clientId;
    const app: CiamApp | undefined = dir.apps().find((a) => a.appId === clientId);
    if (!app) return failPage(res, 'unknownApp', { clientId, tenant: domain() });
    // "If not present, the endpoint will pick one registered redirect_uri at random" (v2-protocols-oidc.md): the first.
    const redirectUri = c.redirectUri || [...app.platforms.web, ...app.platforms.spa, ...app.platforms.publicClient][0] || '';
    if (!app.redirectUris.includes(redirectUri)) return failPage(res, 'redirectMismatch', { redirectUri, clientId });
    const flow = flowOfApp(clientId);
    // GUESS: an app in no user flow gets an error. The documentation says only that "Run user flow" needs the link.
    if (!flow) return fail(res, ERR.noFlow, `The application '${app.displayName}' (${clientId}) is not linked to any user flow of '${domain()}'. Add it to the user flow (User flows → the flow → Applications).`);
    const prompt = q.get('prompt');
    if (prompt !== null && prompt !== '' && !PROMPTS.includes(prompt)) return failPage(res, 'invalidPrompt');
    const parsed = parseAuthorize(q, { clientId, redirectUri }, RULES);
    if ('error' in parsed) {
      const e = parsed.error;
      const name = ciamErrorOfKind(e.kind, { at: 'authorize' });
      const what = e.kind === 'unsupportedResponseMode' ? (q.get('response_type') ?? '').includes('id_token') ? 'an ID token' : 'a code' : '';
      return aadstsToApp(res, redirectUri, parsed.mode, parsed.state, name, { name: e.args[0] ?? e.kind.replace(/^missing/, '').toLowerCase(), value: e.args[0] ?? '', mode: e.args[0] ?? '', what, scope: q.get('scope') ?? '' });
    }
    if (parsed.responseTypes.includes('id_token') && !app.idTokenIssuance) return aadstsToApp(res, redirectUri, parsed.responseMode, parsed.state, 'idTokenNotEnabled');
    const tx: Transaction = { id: randomUUID(), tenantSeg, flowId: flow.id, clientId, request: parsed, kind: clientKindOf(app, redirectUri) ?? 'web', clientInfo: q.get('client_info') === '1' };
    note('authorize', `client ${clientId} → ${redirectUri} (${parsed.responseTypes.join(' ')}, ${parsed.responseMode}${parsed.prompt ? `, prompt=${parsed.prompt}` : ''}; flow chosen by the app's link)`, flow.id);

    // The session (single sign-on): "The default behavior is to either sign in the sole current user, show the
    // account picker if there are multiple users, or show the login page if there are no users signed in"; prompt=
    // login "negating single-sign on", none "ensures that the user isn't presented with any interactive prompt",
    // select_account "interrupts single sign-on providing account selection" (v2-oauth2-auth-code-flow.md).
    const s = sessions.get(req, dir.tenantId, now());
    const nowSec = Math.floor(now() / 1000);
    // A session fits the request unless max_age has passed (OIDC Core §3.1.2.1) or login_hint names someone else.
    const fits = s && (parsed.maxAge === undefined || nowSec - s.authTime <= parsed.maxAge) && (!parsed.loginHint || !s.data.email || s.data.email.toLowerCase() === parsed.loginHint.toLowerCase());
    if (parsed.prompt === 'none') {
      if (!s || !fits) return aadstsToApp(res, redirectUri, parsed.responseMode, parsed.state, 'noSession');
      return complete(res, tx, s.data);
    }
    if (parsed.prompt === 'select_account' && s) {
      transactions.set(tx.id, tx);
      const name = typeof s.data.claims['name'] === 'string' ? s.data.claims['name'] : (s.data.email ?? s.data.objectId);
      return send(res, 200, accountPickerPage(domain(), [{ label: name, detail: s.data.email ?? '', href: `/${tenantSeg}/account?tx=${tx.id}&pick=0` }], `/${tenantSeg}/account?tx=${tx.id}&pick=other`));
    }
    // GUESS: prompt=consent shows no consent page (the emulator has no consent step; external tenants' apps are
    // admin-consented), so it keeps single sign-on like no prompt; prompt=create shows the sign-in page.
    if (s && fits && (parsed.prompt === undefined || parsed.prompt === 'consent')) return complete(res, tx, s.data);
    showSignIn(res, tx);
  }

  /** The account picker's choice: the session's account (SSO) or another account (the sign-in page). */
  function accountChosen(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> | void {
    const tx = transactions.get(q.get('tx') ?? '');
    if (!tx) return fail(res, ERR.transaction, 'The sign-in session expired or is unknown; start again from the application.');
    const s = sessions.get(req, dir.tenantId, now());
    if (q.get('pick') === '0' && s) {
      transactions.delete(tx.id);
      return complete(res, tx, s.data);
    }
    showSignIn(res, tx);
  }

  /**
   * The end of a successful authorization: the code and/or ID token to the app in the response mode, with the
   * state. `setCookie` starts the session after an interactive sign-in.
   */
  async function complete(res: ServerResponse, tx: Transaction, who: CiamIdentity, setCookie?: string): Promise<void> {
    transactions.delete(tx.id);
    const r = tx.request;
    const out: Record<string, string | undefined> = {};
    if (r.responseTypes.includes('code')) {
      out['code'] = tokens.issueCode(
        { clientId: r.clientId, redirectUri: r.redirectUri, ...(r.codeChallenge ? { codeChallenge: r.codeChallenge, codeChallengeMethod: r.codeChallengeMethod } : {}) },
        { who, scopes: r.scopes, kind: tx.kind, nonce: r.nonce, clientInfo: tx.clientInfo },
      );
    }
    if (r.responseTypes.includes('id_token')) out['id_token'] = await mintIdToken(minting(), { clientId: r.clientId, who, nonce: r.nonce, code: out['code'], nowSec: Math.floor(now() / 1000) });
    if (tx.clientInfo) out['client_info'] = Buffer.from(JSON.stringify({ uid: who.objectId, utid: dir.tenantId })).toString('base64url');
    out['state'] = r.state;
    if (setCookie) res.setHeader('Set-Cookie', setCookie);
    note('issued', `${Object.keys(out).filter((k) => out[k] && (k === 'code' || k === 'id_token')).join(' + ')} for ${r.clientId} (${r.responseMode})`, tx.flowId);
    deliver(res, r.redirectUri, r.responseMode, out);
  }

  async function federate(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('tx') ?? '');
    if (!tx) return fail(res, ERR.transaction, 'The sign-in session expired or is unknown; start again from the application.');
    const idp = flowById(tx.flowId)?.identityProviders.find((p) => p.id === q.get('idp'));
    if (!idp || !OIDC_TYPE.test(idp.type)) return fail(res, ERR.idp, 'This identity provider is not offered by the user flow.', tx.flowId);
    let d: Discovery;
    try {
      d = await discover(String(idp.wellKnownEndpoint));
    } catch (e) {
      note('upstreamError', `discovery of "${idp.displayName}": ${(e as Error).message}`, tx.flowId);
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The well-known endpoint of identity provider "${idp.displayName}" could not be read (${String(idp.wellKnownEndpoint)}).`);
    }
    // GUESS (external-id.md §2.4): the configured issuer must equal the discovery document's — checked at sign-in.
    if (d.issuer !== idp.issuer) {
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The issuer of identity provider "${idp.displayName}" ('${idp.issuer}') differs from its discovery document's ('${d.issuer}').`);
    }
    tx.idpId = idp.id;
    tx.idpNonce = randomBytes(12).toString('hex');
    const p = new URLSearchParams({
      client_id: idp.clientId ?? '',
      redirect_uri: federationRedirect(tx.tenantSeg),
      response_type: 'code',
      scope: idp.scope ?? 'openid',
      state: tx.id,
      nonce: tx.idpNonce,
    });
    if (pkce) {
      tx.codeVerifier = randomBytes(32).toString('base64url');
      p.set('code_challenge', createHash('sha256').update(tx.codeVerifier).digest('base64url'));
      p.set('code_challenge_method', 'S256');
    }
    note('federate', `${idp.displayName} → ${d.authorization_endpoint}`, tx.flowId);
    redirect(res, `${d.authorization_endpoint}?${p.toString()}`);
  }

  /** The redirect URI sent to the identity provider: the form the sign-in came in with (both are given to itsme). */
  const federationRedirect = (tenantSeg: string) => `${origin}/${tenantSeg}/federation/oauth2`;

  /** A stable object id for a federated person: per identity provider and upstream sub. */
  function guidFrom(...parts: string[]): string {
    const h = createHash('sha256').update(parts.join('|')).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Entra claim → value through inboundClaimMapping (GUESS: an unmapped claim is not taken, except sub → 'sub'). */
  function mapClaims(idp: CiamIdentityProvider, claims: Obj): Obj {
    const m = (idp.inboundClaimMapping ?? {}) as Record<string, unknown>;
    const out: Obj = {};
    for (const k of ['sub', 'name', 'given_name', 'family_name', 'email', 'email_verified', 'phone_number', 'phone_number_verified']) {
      const from = typeof m[k] === 'string' ? (m[k] as string) : k === 'sub' ? 'sub' : undefined;
      if (from && claims[from] !== undefined) out[k] = claims[from];
    }
    const a = m['address'];
    if (a && typeof a === 'object' && claims['address'] && typeof claims['address'] === 'object') {
      const src = claims['address'] as Obj;
      const addr = Object.fromEntries(Object.entries(a as Record<string, string>).flatMap(([k, v]) => (src[v] !== undefined ? [[k, src[v]]] : [])));
      if (Object.keys(addr).length) out['address'] = addr;
    }
    return out;
  }

  async function callback(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('state') ?? '');
    if (!tx || !tx.idpId || tx.pending) return fail(res, ERR.transaction, 'The sign-in session expired or is unknown; start again from the application.');
    const flow = flowById(tx.flowId);
    const idp = flow?.identityProviders.find((p) => p.id === tx.idpId);
    if (!flow || !idp) return failToApp(res, tx, 'server_error', `${ERR.idp}: The identity provider was removed from the user flow during the sign-in.`);
    const name = idp.displayName;
    note('callback', `${name} answered`, tx.flowId);
    const upstreamError = q.get('error');
    if (upstreamError) {
      note('upstreamError', `${name} authorization: ${upstreamError} ${q.get('error_description') ?? ''}`, tx.flowId);
      const error = upstreamError === 'access_denied' ? 'access_denied' : 'server_error';
      return failToApp(res, tx, error, `${ERR.upstream}: The identity provider "${name}" returned an error: '${upstreamError}: ${q.get('error_description') ?? ''}'.`);
    }
    let d: Discovery;
    try {
      d = await discover(String(idp.wellKnownEndpoint));
    } catch (e) {
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: ${(e as Error).message}`);
    }
    // The token request, client secret in the body: client_secret_post (external-id.md §2.4; itsme supports only it).
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: q.get('code') ?? '',
      redirect_uri: federationRedirect(tx.tenantSeg),
      client_id: idp.clientId ?? '',
      client_secret: idp.clientSecret ?? '',
      ...(tx.codeVerifier ? { code_verifier: tx.codeVerifier } : {}),
    });
    const r = await fetch(d.token_endpoint, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(10_000) });
    const tokenBody = (await r.json().catch(() => ({}))) as Obj;
    if (!r.ok || typeof tokenBody['id_token'] !== 'string') {
      const err = String(tokenBody['error'] ?? r.status);
      note('upstreamError', `${name} token endpoint: ${err} ${String(tokenBody['error_description'] ?? '')}`, tx.flowId);
      const hint = err === 'invalid_client' ? ' Check the client id and client secret of this identity provider.' : '';
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The identity provider "${name}" refused the token request (${err}).${hint}`);
    }
    let claims: Obj;
    try {
      const verified = await jwtVerify(tokenBody['id_token'] as string, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: idp.issuer, audience: idp.clientId });
      claims = verified.payload as Obj;
      if (claims['nonce'] !== tx.idpNonce) throw new Error('nonce mismatch');
    } catch (e) {
      note('upstreamError', `${name} id_token: ${(e as Error).message}`, tx.flowId);
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The ID token from "${name}" could not be validated (${(e as Error).message}).`);
    }
    const mapped = mapClaims(idp, claims);
    const issuerUserId = mapped['sub'];
    if (typeof issuerUserId !== 'string' || !issuerUserId) return failToApp(res, tx, 'server_error', `${ERR.upstream}: "${name}" returned no subject (sub).`);
    const known = users.get(`${idp.id}|${issuerUserId}`);
    if (known) return issue(res, tx, known, mapped, d.issuer);

    // Sign-up of a new person.
    if (!flow.isSignUpAllowed) return failToApp(res, tx, 'access_denied', `${ERR.signUpDisabled}: The user flow '${flow.displayName}' does not allow sign-up, and this person has no account yet.`);
    const email = typeof mapped['email'] === 'string' ? (mapped['email'] as string) : undefined;
    const verified = mapped['email_verified'] === true || mapped['email_verified'] === 'true';
    tx.pending = { issuerUserId, claims: mapped, idpIssuer: d.issuer, email, attempts: 0 };
    // Graph reference: verification is asked "if email is required in the user flow"; otherwise no email step.
    if ((email && verified) || (emailStep === 'verify' && !flow.emailRequired)) return signUp(res, tx, email);
    const why = email ? `"${name}" sent the email address ${email} as not verified (email_verified=${String(mapped['email_verified'] ?? 'not mapped')})` : `"${name}" did not send an email address`;
    if (emailStep === 'refuse') {
      transactions.delete(tx.id);
      return fail(res, ERR.emailRequired, `You can't create an account: a verified email address is required, and ${why}.`, tx.flowId);
    }
    note('signUp', `email step: ${why}`, tx.flowId);
    if (!email) return send(res, 200, emailEntryPage(`/${tx.tenantSeg}/signup/email`, tx.id, name));
    return sendCode(res, tx, email);
  }

  function sendCode(res: ServerResponse, tx: Transaction, email: string, error?: string): void {
    const p = tx.pending!;
    if (!error) {
      p.email = email;
      p.code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      p.attempts = 0;
      note('emailCode', `one-time code emailed to ${email}`, tx.flowId, { email, code: p.code });
    }
    send(res, 200, emailCodePage(`/${tx.tenantSeg}/signup/code`, tx.id, email, p.code!, error));
  }

  function emailEntered(res: ServerResponse, form: URLSearchParams): void {
    const tx = transactions.get(form.get('tx') ?? '');
    if (!tx?.pending) return fail(res, ERR.transaction, 'The sign-up session expired or is unknown; start again from the application.');
    const email = (form.get('email') ?? '').trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return send(res, 200, emailEntryPage(`/${tx.tenantSeg}/signup/email`, tx.id, 'The identity provider'));
    sendCode(res, tx, email);
  }

  function codeEntered(res: ServerResponse, form: URLSearchParams): void {
    const tx = transactions.get(form.get('tx') ?? '');
    const p = tx?.pending;
    if (!tx || !p?.code || !p.email) return fail(res, ERR.transaction, 'The sign-up session expired or is unknown; start again from the application.');
    if ((form.get('code') ?? '').trim() !== p.code) {
      p.attempts++;
      if (p.attempts >= MAX_CODE_ATTEMPTS) {
        transactions.delete(tx.id);
        return fail(res, ERR.code, 'Too many wrong codes. Start again from the application.', tx.flowId);
      }
      return sendCode(res, tx, p.email, 'That code is wrong. Check the email and try again.');
    }
    signUp(res, tx, p.email);
  }

  function signUp(res: ServerResponse, tx: Transaction, email: string | undefined): Promise<void> {
    const p = tx.pending!;
    const user: CiamUser = {
      objectId: guidFrom(dir.tenantId, tx.idpId!, p.issuerUserId),
      idpId: tx.idpId!,
      issuerUserId: p.issuerUserId,
      email,
      displayName: typeof p.claims['name'] === 'string' ? (p.claims['name'] as string) : undefined,
    };
    users.set(`${user.idpId}|${user.issuerUserId}`, user);
    note('signUp', `account created for ${email ?? user.issuerUserId}`, tx.flowId);
    return issue(res, tx, user, { ...p.claims, ...(email ? { email } : {}) }, p.idpIssuer);
  }

  /** After the identity provider (and the email step): the session starts, then the app gets its answer. */
  function issue(res: ServerResponse, tx: Transaction, user: CiamUser, mapped: Obj, idpIssuer: string): Promise<void> {
    const email = user.email ?? (typeof mapped['email'] === 'string' ? (mapped['email'] as string) : undefined);
    const authTime = Math.floor(now() / 1000);
    const who: CiamIdentity = { objectId: user.objectId, claims: mapped, ...(email ? { email } : {}), idpIssuer, authTime };
    const { setCookie } = sessions.create(dir.tenantId, who, authTime, '/', now());
    note('session', `signed in ${email ?? user.objectId}`, tx.flowId);
    return complete(res, tx, who, setCookie);
  }

  /** RP-initiated sign-out (v2-protocols-oidc.md#send-a-sign-out-request): GET or POST; the session ends. */
  function logout(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
    res.setHeader('Set-Cookie', sessions.end(req, dir.tenantId, '/'));
    const target = q.get('post_logout_redirect_uri');
    const clientId = q.get('client_id');
    // "This URL must match one of the redirect URIs registered for your application": the client_id's app when
    // given, else any app of the tenant (MSAL sends no client_id on logout).
    const apps = dir.apps().filter((a) => !clientId || a.appId === clientId);
    note('logout', `signed out${target ? ` → ${target}` : ''}`);
    if (target && apps.some((a) => a.redirectUris.includes(target))) {
      const u = new URL(target);
      const state = q.get('state');
      // OpenID Connect RP-Initiated Logout §3: the state goes back with the redirect.
      if (state) u.searchParams.set('state', state);
      return redirect(res, u.href);
    }
    if (target && (opts.unregisteredLogoutRedirect ?? 'page') === 'error') return failPage(res, 'redirectMismatch', { redirectUri: target, clientId: clientId ?? '' });
    send(res, 200, signedOutPage(target ?? undefined));
  }

  /**
   * The discovery document: the fields of the platform's (v2-protocols-oidc.md#sample-response), advertising only
   * what this emulator does — no private_key_jwt, no "id_token token", no userinfo, device or kerberos endpoint, no
   * front-channel logout.
   */
  function discovery(tenantSeg: string): Obj {
    const base = `${origin}/${tenantSeg}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${origin}/${dir.tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: [...RULES.responseTypes],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuer(),
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'c_hash', 'oid', 'tid', 'ver', 'idp', 'name', 'given_name', 'family_name', 'email'],
      tenant_region_scope: 'EU',
    };
  }

  function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      req.on('error', reject);
    });
  }

  const cors = (res: ServerResponse, body: unknown) => send(res, 200, JSON.stringify(body), 'application/json', CORS_HEADERS);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/favicon.ico') return send(res, 404, '', 'text/plain'); // browsers ask; not an error
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const seg = parts[0] ?? '';
    if (!tenantMatches(seg)) return failPage(res, 'tenantNotFound', { tenant: seg });
    const tenantSeg = seg.toLowerCase() === domain() ? domain() : dir.tenantId;
    const rest = parts.slice(1).join('/');
    // CORS (a browser app's MSAL.js fetches discovery and keys, and posts to the token endpoint).
    if (['v2.0/.well-known/openid-configuration', 'discovery/v2.0/keys', 'oauth2/v2.0/token'].includes(rest) && preflight(req, res)) return;
    if (rest === 'oauth2/v2.0/token') {
      // "The endpoint only accepts POST, OPTIONS requests" (AADSTS900561).
      if (req.method !== 'POST') return tokens.fail405(res, req.method ?? 'GET');
      return tokens.handle(req, res, await requestParams(req, url));
    }
    // OIDC Core §3.1.2.1: the authorization endpoint takes GET and POST; the platform's logout takes both too.
    if (rest === 'oauth2/v2.0/authorize' && (req.method === 'GET' || req.method === 'POST')) return authorize(req, res, await requestParams(req, url), tenantSeg);
    if (rest === 'oauth2/v2.0/logout' && (req.method === 'GET' || req.method === 'POST')) return logout(req, res, await requestParams(req, url));
    const q = url.searchParams;
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (rest === 'signup/email') return emailEntered(res, form);
      if (rest === 'signup/code') return codeEntered(res, form);
      if (rest === 'federation/oauth2') return callback(res, form); // a provider answering with form_post
      return send(res, 405, 'Method not allowed', 'text/plain');
    }
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');
    if (rest === 'v2.0/.well-known/openid-configuration') return cors(res, discovery(tenantSeg));
    if (rest === 'discovery/v2.0/keys') return cors(res, { keys: [key.publicJwk] });
    if (rest === 'account') return accountChosen(req, res, q);
    if (rest === 'federate') return federate(res, q);
    if (rest === 'federation/oauth2') return callback(res, q);
    send(res, 404, errorPage('EMU_CIAM_NOT_FOUND', 'Not found.'));
  }

  const listener = await listenHttps(ca, opts.port, (req, res) => {
    handle(req, res).catch((e) => {
      note('error', `internal: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) send(res, 500, errorPage('EMU_CIAM_INTERNAL', 'Internal error of the emulator.'));
    });
  });
  origin = listener.origin;
  host = listener.host;
  return {
    url: origin,
    host,
    log,
    users,
    get emailStep() {
      return emailStep;
    },
    setEmailStep(step) {
      emailStep = step;
    },
    issuer,
    discoveryUrl: () => `${origin}/${dir.tenantId}/v2.0/.well-known/openid-configuration`,
    federationRedirectUris: () => [`${origin}/${dir.tenantId}/federation/oauth2`, `${origin}/${domain()}/federation/oauth2`],
    lastEmailCode: (email) => [...log].reverse().find((e) => e.kind === 'emailCode' && e.email === email)?.code,
    resetUsers: () => users.clear(),
    stop: listener.stop,
  };
}
