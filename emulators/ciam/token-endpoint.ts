// ciamlogin's token endpoint (POST /<tenant>/oauth2/v2.0/token): the authorization_code and refresh_token grants of
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow (#redeem-a-code-for-an-access-token,
// #refresh-the-access-token), on the shared protocol module (codes + PKCE, client authentication, refresh store).
// Entra's rules on top:
// - the client type comes from the platform of the redirect URI the code was issued to: web = confidential (a
//   secret is required: AADSTS7000218 / 7000215), mobile-desktop (publicClient) = public (a secret is refused:
//   AADSTS700025), spa = public AND cross-origin only: "returns an error if you attempt to use a spa redirect URI
//   without an Origin header … prevents the use of client credentials in all flows in the presence of an Origin
//   header" (#redirect-uris-for-single-page-apps-spas; AADSTS9002327 / 9002326);
// - refresh tokens: "24 hours for single page apps and 90 days for all other scenarios. Refresh tokens replace
//   themselves with a fresh token upon every use. The Microsoft identity platform doesn't revoke old refresh tokens"
//   and a SPA's successors carry the first one's expiry
//   (https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens#token-lifetime);
// - a refresh token / id_token only with offline_access / openid ("Only provided if … scope was requested");
// - a second use of a code is AADSTS54005 (reference-error-codes).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  authenticateClient,
  CodeStore,
  isProtocolError,
  RefreshStore,
  sendTokenJson,
  tokenRequest,
  type ChallengeMethod,
  type ProtocolError,
} from '../signin/protocol';
import type { CiamApp } from './directory';
import { ciamErrorOfKind, tokenErrorBody, type CiamErrorName } from './errors';
import { mintAccessToken, mintIdToken, type CiamIdentity, type Minting } from './tokens';

export type ClientKind = 'web' | 'spa' | 'publicClient';

/** What a code or a refresh token stands for. */
export interface CiamGrant {
  who: CiamIdentity;
  scopes: string[];
  /** The platform of the redirect URI the first code went to (decides client type and refresh lifetime). */
  kind: ClientKind;
  /** Authorization request nonce: the token endpoint's ID token repeats it (OIDC Core §3.1.3.6); not on refresh. */
  nonce?: string;
  /** The client asked for client_info (MSAL does, client_info=1). */
  clientInfo?: boolean;
}

export interface RefreshSwitches {
  /** Default 90 days (refresh-tokens.md). */
  lifetimeDays: number;
  /** Default 24 hours, fixed from the first sign-in of the chain (refresh-tokens.md). */
  spaLifetimeHours: number;
}

export function clientKindOf(app: CiamApp, redirectUri: string): ClientKind | undefined {
  if (app.platforms.spa.includes(redirectUri)) return 'spa';
  if (app.platforms.publicClient.includes(redirectUri)) return 'publicClient';
  if (app.platforms.web.includes(redirectUri)) return 'web';
  return undefined;
}

export interface TokenEndpointContext {
  apps(): CiamApp[];
  tenantDomain(): string;
  tenantId(): string;
  minting(): Minting;
  now(): number;
  refresh: RefreshSwitches;
  note(detail: string): void;
}

export function tokenEndpoint(ctx: TokenEndpointContext) {
  const codes = new CodeStore<CiamGrant>();
  const refreshTokens = new RefreshStore<CiamGrant>();
  /** Spent codes, so that a second use says AADSTS54005 rather than "unknown" (the store forgets a spent code). */
  const spent = new Set<string>();
  /** The client kind of each refresh token issued (an expired SPA token is AADSTS700084, another AADSTS700082). */
  const refreshKinds = new Map<string, ClientKind>();

  function fail(res: ServerResponse, name: CiamErrorName, vars: Record<string, string> = {}): void {
    const body = tokenErrorBody(name, vars, { trace: randomUUID(), correlation: randomUUID() });
    ctx.note(`token: ${String(body['error_description']).split('\r\n')[0]}`);
    sendTokenJson(res, body['error'] === 'invalid_client' ? 401 : 400, body);
  }
  const failKind = (res: ServerResponse, e: ProtocolError, grant: 'code' | 'refresh', spa = false) =>
    fail(res, ciamErrorOfKind(e.kind, { at: 'token', grant, spa }), { name: e.args[0] ?? '', clientId: e.args[0] ?? '', tenant: ctx.tenantDomain(), issued: e.args[1] ?? '', inactive: '90 days', lifetime: `${ctx.refresh.spaLifetimeHours} hours` });

  /** A code for a completed authorization request. */
  function issueCode(binding: { clientId: string; redirectUri: string; codeChallenge?: string; codeChallengeMethod?: ChallengeMethod }, grant: CiamGrant): string {
    return codes.issue({ ...binding, audience: ctx.tenantId() }, grant, ctx.now());
  }

  async function respond(res: ServerResponse, clientId: string, grant: CiamGrant, withNonce: boolean, chainStart: number | undefined): Promise<void> {
    const m = ctx.minting();
    const nowSec = Math.floor(ctx.now() / 1000);
    const at = await mintAccessToken(m, { clientId, who: grant.who, scopes: grant.scopes, nowSec });
    const body: Record<string, unknown> = { token_type: 'Bearer', scope: at.scope, expires_in: m.lifetimeSec, ext_expires_in: m.lifetimeSec, access_token: at.token };
    if (grant.scopes.includes('offline_access')) {
      const spa = grant.kind === 'spa';
      const lifetime = spa
        ? { lifetimeSec: ctx.refresh.spaLifetimeHours * 3600, rollingSec: ctx.refresh.spaLifetimeHours * 3600 }
        : { lifetimeSec: ctx.refresh.lifetimeDays * 86400, rollingSec: null };
      const rt = refreshTokens.issue({ clientId, audience: ctx.tenantId(), grant: { ...grant, nonce: undefined }, lifetime, ...(chainStart !== undefined ? { chainStart } : {}) }, ctx.now());
      body['refresh_token'] = rt.token;
      refreshKinds.set(rt.token, grant.kind);
      // Entra sends the refresh token's remaining life to SPAs (MSAL.js reads refresh_token_expires_in). GUESS: only for spa.
      if (spa) body['refresh_token_expires_in'] = rt.expiresIn;
    }
    if (grant.scopes.includes('openid')) body['id_token'] = await mintIdToken(m, { clientId, who: grant.who, nonce: withNonce ? grant.nonce : undefined, nowSec });
    // MSAL asks for client_info=1 and reads uid/utid from it (home account id); Entra answers with it.
    if (grant.clientInfo) body['client_info'] = Buffer.from(JSON.stringify({ uid: grant.who.objectId, utid: ctx.tenantId() })).toString('base64url');
    ctx.note(`token: ${clientId} ← ${Object.keys(body).filter((k) => k.endsWith('token')).join(', ')}`);
    sendTokenJson(res, 200, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): Promise<void> {
    const origin = typeof req.headers['origin'] === 'string' ? req.headers['origin'] : undefined;
    const r = tokenRequest(req, form);
    if (isProtocolError(r)) return failKind(res, r, 'code');
    const app = ctx.apps().find((a) => a.appId === r.clientId);
    if (!app) return fail(res, 'unknownClient', { clientId: r.clientId, tenant: ctx.tenantDomain() });
    if (r.grantType !== 'authorization_code' && r.grantType !== 'refresh_token') return fail(res, 'grantType', { value: r.grantType });
    const grantName = r.grantType === 'authorization_code' ? 'code' : 'refresh';

    // The client type: for a code, the platform of the redirect URI sent (it must equal the code's; redeem checks);
    // for a refresh token, the platform its chain started on.
    let kind: ClientKind | undefined;
    let rtRedeemed: { grant: CiamGrant; chainStart: number } | undefined;
    if (grantName === 'code') {
      if (!form.get('code')) return fail(res, 'missingField', { name: 'code' });
      const redirectUri = form.get('redirect_uri');
      if (!redirectUri) return fail(res, 'missingField', { name: 'redirect_uri' });
      kind = clientKindOf(app, redirectUri) ?? 'web';
    } else {
      const token = form.get('refresh_token');
      if (!token) return fail(res, 'missingField', { name: 'refresh_token' });
      const got = refreshTokens.redeem(token, { clientId: r.clientId, audience: ctx.tenantId() }, ctx.now());
      if (isProtocolError(got)) return failKind(res, got, 'refresh', refreshKinds.get(token) === 'spa');
      rtRedeemed = got;
      kind = got.grant.kind;
    }

    // Cross-origin rules, then client credentials — before the code is spent, as a corrected request may follow.
    if (kind === 'spa' && !origin) return fail(res, 'spaWithoutOrigin');
    if (kind !== 'spa' && origin) return fail(res, 'crossOriginNotSpa', { origin });
    const authError = authenticateClient(r, app, kind !== 'web');
    if (authError) return fail(res, ciamErrorOfKind(authError.kind, { at: 'token' }), { clientId: r.clientId });

    if (rtRedeemed) {
      const scope = form.get('scope');
      // "The scopes requested in this leg must be equivalent to or a subset of the scopes requested in the original
      // authorization_code request leg" — the emulator keeps the original set.
      void scope;
      return respond(res, r.clientId, rtRedeemed.grant, false, rtRedeemed.chainStart);
    }
    const code = form.get('code')!;
    if (spent.has(code)) return fail(res, 'codeRedeemed');
    const verifier = form.get('code_verifier') ?? undefined;
    const g = codes.redeem(code, { clientId: r.clientId, redirectUri: form.get('redirect_uri') ?? undefined, audience: ctx.tenantId(), ...(verifier ? { codeVerifier: verifier } : {}) }, ctx.now());
    spent.add(code);
    if (isProtocolError(g)) return failKind(res, g, 'code');
    return respond(res, r.clientId, g, true, undefined);
  }

  /** A GET (or other non-POST) on the token endpoint: AADSTS900561. */
  const fail405 = (res: ServerResponse, method: string) => fail(res, 'getOnTokenEndpoint', { method });

  return { handle, issueCode, fail405 };
}
