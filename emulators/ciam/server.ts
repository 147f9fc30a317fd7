// An emulated Microsoft Entra External ID sign-in service (ciamlogin.com paths) that runs the sign-up/sign-in user
// flow AS CONFIGURED in the external tenant (directory.ts): the flow is chosen by the client_id's app link (no p=
// parameter, external-id.md §0.3), its OIDC identity provider (itsme) is federated through the wellKnownEndpoint
// with client_secret_post, the person's email is handled per the email switch (§2.6), and the ID token is signed by
// the tenant's key with the tenant's issuer. Paths (external-id.md §1, §5):
//   /<tenant>/v2.0/.well-known/openid-configuration   /<tenant>/discovery/v2.0/keys
//   /<tenant>/oauth2/v2.0/authorize                    /<tenant>/federation/oauth2 (the redirect URI given to itsme)
// where <tenant> is the tenant id or <subdomain>.onmicrosoft.com. The emulator's own steps: /<tenant>/federate
// (the identity provider button), /<tenant>/signup/email and /<tenant>/signup/code (the email steps).
//
// The service runs on https://127.0.0.1:PORT, so `url` stands in for https://<subdomain>.ciamlogin.com; the issuer
// is a name, not an address, and keeps the real form https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 unless
// `issuerHost` says otherwise (see the option).
import { discoveryCache, json, redirect, send, type Discovery } from '../signin/http';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { ensureCa } from '../tls/ca';
import type { GraphEmulator } from '../graph/server';
import { graphDirectory } from './graph';
import type { CiamApp, CiamDirectory, CiamFlow, CiamIdentityProvider } from './directory';
import { emailCodePage, emailEntryPage, errorPage, signInPage } from './pages';

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
}

export interface CiamLogEntry {
  at: number;
  kind: 'authorize' | 'federate' | 'callback' | 'emailCode' | 'signUp' | 'issued' | 'error' | 'upstreamError';
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
  redirectUri: string;
  appState?: string;
  nonce?: string;
  idpId?: string;
  idpNonce?: string;
  codeVerifier?: string;
  /** After the federation: what the person will get, waiting for the email step. */
  pending?: { issuerUserId: string; claims: Record<string, unknown>; idpIssuer: string; email?: string; code?: string; attempts: number };
}

/**
 * Error codes. AADSTS700016 (unknown app), AADSTS50011 (redirect URI), AADSTS700054 (id_token not enabled),
 * AADSTS900144 (missing parameter) follow Entra's public error list; the texts are shortened. Entra's codes for the
 * External ID specific cases are not documented: those are the emulator's own, named EMU_CIAM_… so nobody takes
 * them for real ones.
 */
const ERR = {
  tenant: 'AADSTS90002',
  app: 'AADSTS700016',
  redirect: 'AADSTS50011',
  implicit: 'AADSTS700054',
  param: 'AADSTS900144',
  noFlow: 'EMU_CIAM_NO_USER_FLOW',
  transaction: 'EMU_CIAM_TRANSACTION',
  idp: 'EMU_CIAM_IDENTITY_PROVIDER',
  upstream: 'EMU_CIAM_UPSTREAM',
  signUpDisabled: 'EMU_CIAM_SIGNUP_DISABLED',
  emailRequired: 'EMU_CIAM_EMAIL_NOT_VERIFIED',
  code: 'EMU_CIAM_EMAIL_CODE',
};

const OIDC_TYPE = /^#?microsoft\.graph\.oidcIdentityProvider$/i;
type Obj = Record<string, unknown>;
const MAX_CODE_ATTEMPTS = 3;

export async function startCiamLogin(opts: CiamLoginOptions): Promise<CiamLogin> {
  const maybeDir = opts.directory ?? (opts.graph ? graphDirectory(opts.graph) : undefined);
  if (!maybeDir) throw new Error('startCiamLogin: pass graph (an external tenant) or directory');
  const dir: CiamDirectory = maybeDir;
  const ca = await ensureCa(opts.caDir);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `ciam-${randomUUID().slice(0, 8)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const transactions = new Map<string, Transaction>();
  const discover = discoveryCache();
  const users = new Map<string, CiamUser>();
  const log: CiamLogEntry[] = [];
  let emailStep: EmailStep = opts.emailStep ?? 'verify';
  const lifetimeMin = opts.tokenLifetimeMinutes ?? 60;
  const pkce = opts.pkce ?? true;
  const note = (kind: CiamLogEntry['kind'], detail: string, flow?: string, extra: Partial<CiamLogEntry> = {}) => log.push({ at: Date.now(), kind, detail, flow, ...extra });
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

  function fail(res: ServerResponse, code: string, message: string, flow?: string): void {
    note('error', `${code}: ${message}`, flow);
    send(res, 400, errorPage(code, message));
  }
  /** Errors once the app and its redirect URI are trusted go back to it, in the fragment (response_type id_token). */
  function failToApp(res: ServerResponse, tx: Transaction, error: string, description: string): void {
    note('error', `${error}: ${description}`, tx.flowId);
    transactions.delete(tx.id);
    const f = new URLSearchParams({ error, error_description: description, ...(tx.appState ? { state: tx.appState } : {}) });
    redirect(res, `${tx.redirectUri}#${f.toString()}`);
  }


  function authorize(res: ServerResponse, q: URLSearchParams, tenantSeg: string): void {
    const clientId = q.get('client_id') ?? '';
    if (!clientId) return fail(res, ERR.param, "The request body must contain the following parameter: 'client_id'.");
    const app: CiamApp | undefined = dir.apps().find((a) => a.appId === clientId);
    if (!app) return fail(res, ERR.app, `Application with identifier '${clientId}' was not found in the directory '${domain()}'.`);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app.redirectUris.includes(redirectUri)) {
      return fail(res, ERR.redirect, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }
    const flow = flowOfApp(clientId);
    // GUESS: an app in no user flow gets an error. The documentation says only that "Run user flow" needs the link.
    if (!flow) return fail(res, ERR.noFlow, `The application '${app.displayName}' (${clientId}) is not linked to any user flow of '${domain()}'. Add it to the user flow (User flows → the flow → Applications).`);
    const tx: Transaction = { id: randomUUID(), tenantSeg, flowId: flow.id, clientId, redirectUri, appState: q.get('state') ?? undefined, nonce: q.get('nonce') ?? undefined };
    const responseType = q.get('response_type') ?? '';
    if (responseType !== 'id_token') return failToApp(res, tx, 'unsupported_response_type', `The emulated External ID supports response_type=id_token only (got '${responseType}').`);
    const mode = q.get('response_mode') ?? 'fragment';
    if (mode !== 'fragment') return failToApp(res, tx, 'invalid_request', `The emulated External ID returns the ID token in the fragment only (response_mode '${mode}').`);
    if (!app.idTokenIssuance) {
      return failToApp(res, tx, 'unsupported_response_type', `${ERR.implicit}: The provided value for the input parameter 'response_type' is not allowed for this client. Expected value is 'code'. Enable ID tokens (implicit grant) on the app registration.`);
    }
    if (!(q.get('scope') ?? '').split(/\s+/).includes('openid')) return failToApp(res, tx, 'invalid_request', `${ERR.param}: The scope must include 'openid'.`);
    transactions.set(tx.id, tx);
    note('authorize', `client ${clientId} → ${redirectUri} (flow chosen by the app's link)`, flow.id);
    const buttons = flow.identityProviders
      .filter((p) => OIDC_TYPE.test(p.type))
      .map((p) => ({ id: p.displayName, label: p.displayName, href: `/${tenantSeg}/federate?tx=${tx.id}&idp=${encodeURIComponent(p.id)}` }));
    send(res, 200, signInPage(domain(), flow.displayName, buttons));
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

  async function issue(res: ServerResponse, tx: Transaction, user: CiamUser, mapped: Obj, idpIssuer: string): Promise<void> {
    transactions.delete(tx.id);
    const now = Math.floor(Date.now() / 1000);
    const pick = (k: string) => (mapped[k] !== undefined ? { [k]: mapped[k] } : {});
    const email = user.email ?? (typeof mapped['email'] === 'string' ? mapped['email'] : undefined);
    // A v2.0 ID token. sub is pairwise per app (Entra's rule); oid is the person's object id in the tenant.
    const idToken = await new SignJWT({
      ...pick('name'),
      ...pick('given_name'),
      ...pick('family_name'),
      ...(email ? { email } : {}),
      idp: idpIssuer,
      oid: user.objectId,
      tid: dir.tenantId,
      ver: '2.0',
      auth_time: now,
      ...(tx.nonce ? { nonce: tx.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer())
      .setSubject(createHash('sha256').update(`${user.objectId}|${tx.clientId}`).digest('base64url').slice(0, 43))
      .setAudience(tx.clientId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeMin * 60)
      .sign(privateKey);
    note('issued', `id_token for ${tx.clientId}, ${lifetimeMin} min`, tx.flowId);
    const f = new URLSearchParams({ id_token: idToken, ...(tx.appState ? { state: tx.appState } : {}) });
    redirect(res, `${tx.redirectUri}#${f.toString()}`);
  }

  function discovery(tenantSeg: string): Obj {
    const base = `${origin}/${tenantSeg}`;
    return {
      issuer: issuer(),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${origin}/${dir.tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'oid', 'tid', 'ver', 'idp', 'name', 'given_name', 'family_name', 'email'],
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/favicon.ico') return send(res, 404, '', 'text/plain'); // browsers ask; not an error
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const seg = parts[0] ?? '';
    if (!tenantMatches(seg)) return fail(res, ERR.tenant, `Tenant '${seg}' not found. This service serves ${dir.tenantId} (${domain()}).`);
    const tenantSeg = seg.toLowerCase() === domain() ? domain() : dir.tenantId;
    const rest = parts.slice(1).join('/');
    const q = url.searchParams;
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (rest === 'signup/email') return emailEntered(res, form);
      if (rest === 'signup/code') return codeEntered(res, form);
      if (rest === 'federation/oauth2') return callback(res, form); // a provider answering with form_post
      return send(res, 405, 'Method not allowed', 'text/plain');
    }
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');
    if (rest === 'v2.0/.well-known/openid-configuration') return json(res, discovery(tenantSeg));
    if (rest === 'discovery/v2.0/keys') return json(res, { keys: [publicJwk] });
    if (rest === 'oauth2/v2.0/authorize') return authorize(res, q, tenantSeg);
    if (rest === 'federate') return federate(res, q);
    if (rest === 'federation/oauth2') return callback(res, q);
    send(res, 404, errorPage('AADSTS90002', 'Not found.'));
  }

  const server = https.createServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => {
    handle(req, res).catch((e) => {
      note('error', `internal: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) send(res, 500, errorPage('EMU_CIAM_INTERNAL', 'Internal error of the emulator.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  host = `127.0.0.1:${port}`;
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
