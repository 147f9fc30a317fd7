// An emulated Azure AD B2C sign-in service (b2clogin.com paths) that runs the user flows AS CONFIGURED in the Graph
// emulator's tenant state: the flow's linked identity providers, each provider's metadata URL (discovery fetched),
// client id, secret, scope, response type/mode and claims mapping, the flow's token lifetime, and the app's
// redirect URIs and implicit-grant settings. A wrong setting fails here the way B2C fails: an error page, or an
// error redirect to the app with an AADB2C-style description, and the upstream error in the log.
// Paths (graph-b2c.md §6; itsme azureB2C.md): /<tenant>/oauth2/v2.0/authorize?p=<flow>,
// /<tenant>/<flow>/oauth2/v2.0/authorize, /<tenant>/<flow>/v2.0/.well-known/openid-configuration,
// /<tenant>/<flow>/discovery/v2.0/keys, /<tenant>/oauth2/authresp (both tenant forms).
import { discoveryCache, json, redirect, send, type Discovery } from '../signin/http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { ensureCa } from '../tls/ca';
import type { GraphEmulator } from '../graph/server';
import { errorPage, signInPage } from './pages';

export interface B2cLoginOptions {
  graph: GraphEmulator;
  port?: number;
  caDir?: string;
}

export interface B2cLogEntry {
  at: number;
  kind: 'authorize' | 'federate' | 'callback' | 'issued' | 'error' | 'upstreamError';
  policy?: string;
  detail: string;
}

export interface B2cLogin {
  /** https://127.0.0.1:PORT — use its host as the custom login domain (itsme.loginHost / loginHost). */
  url: string;
  host: string;
  log: B2cLogEntry[];
  stop(): Promise<void>;
}

interface Transaction {
  id: string;
  policy: string;
  clientId: string;
  redirectUri: string;
  appState?: string;
  nonce?: string;
  idpId?: string;
  idpNonce?: string;
  createdAt: number;
}

/** B2C-style error codes. 90006/90057/90068/90273/90289 follow B2C's public error list; the texts are shortened. */
const ERR = {
  policy: 'AADB2C90011',
  app: 'AADB2C90068',
  redirect: 'AADB2C90006',
  implicit: 'AADB2C90057',
  scope: 'AADB2C90117',
  upstreamDenied: 'AADB2C90273',
  upstream: 'AADB2C90289',
  transaction: 'AADB2C90015',
};

type Obj = Record<string, unknown>;

export async function startB2cLogin(opts: B2cLoginOptions): Promise<B2cLogin> {
  const { graph } = opts;
  const ca = await ensureCa(opts.caDir);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `b2c-${randomUUID().slice(0, 8)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const transactions = new Map<string, Transaction>();
  const discover = discoveryCache();
  const log: B2cLogEntry[] = [];
  const note = (kind: B2cLogEntry['kind'], detail: string, policy?: string) => log.push({ at: Date.now(), kind, detail, policy });
  let origin = '';

  const state = () => graph.state;
  const tenantMatches = (seg: string) => {
    const s = state();
    const x = seg.toLowerCase();
    return x === `${s.tenantName}.onmicrosoft.com`.toLowerCase() || x === s.tenantName.toLowerCase() || x === s.tenantId.toLowerCase();
  };
  const issuerOf = () => `${origin}/${state().tenantId}/v2.0/`;
  const domain = () => `${state().tenantName}.onmicrosoft.com`;
  const flowOf = (policy: string) => state().userFlows.find((f) => f.id.toLowerCase() === policy.toLowerCase());

  function fail(res: ServerResponse, code: string, message: string, policy?: string): void {
    note('error', `${code}: ${message}`, policy);
    send(res, 400, errorPage(code, message));
  }
  /** Errors after the app is known go back to its redirect URI, in the fragment (response_type id_token). */
  function failToApp(res: ServerResponse, tx: Transaction, error: string, description: string): void {
    note('error', `${error}: ${description}`, tx.policy);
    const f = new URLSearchParams({ error, error_description: description, ...(tx.appState ? { state: tx.appState } : {}) });
    redirect(res, `${tx.redirectUri}#${f.toString()}`);
  }


  function authorize(res: ServerResponse, q: URLSearchParams, policy: string | null): void {
    if (!policy) return fail(res, ERR.policy, 'The request does not name a user flow (p=…).');
    const flow = flowOf(policy);
    if (!flow) return fail(res, ERR.policy, `The user flow '${policy}' does not exist in tenant '${domain()}'.`, policy);
    const clientId = q.get('client_id') ?? '';
    const app = state().applications.find((a) => a.appId === clientId);
    if (!app) return fail(res, ERR.app, `The provided application with ID '${clientId}' is not valid against this service.`, policy);
    const redirectUri = q.get('redirect_uri') ?? '';
    const web = (app['web'] ?? {}) as { redirectUris?: string[]; implicitGrantSettings?: { enableIdTokenIssuance?: boolean } };
    if (!(web.redirectUris ?? []).includes(redirectUri)) {
      return fail(res, ERR.redirect, `The redirect URI '${redirectUri}' provided in the request is not registered for the client id '${clientId}'.`, policy);
    }
    const tx: Transaction = { id: randomUUID(), policy: flow.id, clientId, redirectUri, appState: q.get('state') ?? undefined, nonce: q.get('nonce') ?? undefined, createdAt: Date.now() };
    const responseType = q.get('response_type') ?? '';
    if (responseType !== 'id_token') return failToApp(res, tx, 'unsupported_response_type', `The emulated B2C supports response_type=id_token only (got '${responseType}').`);
    if (!web.implicitGrantSettings?.enableIdTokenIssuance) {
      return failToApp(res, tx, 'unauthorized_client', `${ERR.implicit}: The provided application is not configured to allow the 'OAuth' Implicit flow (enable ID tokens under Implicit grant).`);
    }
    if (!(q.get('scope') ?? '').split(/\s+/).includes('openid')) return failToApp(res, tx, 'invalid_request', `${ERR.scope}: The provided scope must include 'openid'.`);
    transactions.set(tx.id, tx);
    note('authorize', `client ${clientId} → ${redirectUri}`, flow.id);
    const buttons = flow.userFlowIdentityProviders.flatMap((id) => {
      const idp = state().identityProviders.find((p) => p.id === id);
      return idp ? [{ label: String(idp.displayName ?? id), href: `/${domain()}/${flow.id}/federate?tx=${tx.id}&idp=${encodeURIComponent(id)}` }] : [];
    });
    send(res, 200, signInPage(domain(), flow.id, buttons));
  }

  async function federate(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('tx') ?? '');
    if (!tx) return fail(res, ERR.transaction, 'The sign-in transaction expired or is unknown; start again from the application.');
    const idp = state().identityProviders.find((p) => p.id === q.get('idp'));
    if (!idp || !flowOf(tx.policy)?.userFlowIdentityProviders.includes(idp.id)) return fail(res, ERR.policy, 'This identity provider is not offered by the user flow.', tx.policy);
    let d: Discovery;
    try {
      d = await discover(String(idp['metadataUrl']));
    } catch (e) {
      note('upstreamError', `discovery of "${idp.displayName}": ${(e as Error).message}`, tx.policy);
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The metadata URL of identity provider "${idp.displayName}" could not be read (${String(idp['metadataUrl'])}). Check its metadata URL.`);
    }
    tx.idpId = idp.id;
    tx.idpNonce = randomBytes(12).toString('hex');
    const p = new URLSearchParams({
      client_id: String(idp['clientId'] ?? ''),
      redirect_uri: `${origin}/${domain()}/oauth2/authresp`,
      response_type: String(idp['responseType'] ?? 'code'),
      response_mode: String(idp['responseMode'] ?? 'query'),
      scope: String(idp['scope'] ?? 'openid'),
      state: tx.id,
      nonce: tx.idpNonce,
    });
    if (idp['domainHint']) p.set('domain_hint', String(idp['domainHint']));
    note('federate', `${idp.displayName} → ${d.authorization_endpoint}`, tx.policy);
    redirect(res, `${d.authorization_endpoint}?${p.toString()}`);
  }

  /** A stable B2C object id for a federated user: per identity provider and upstream user id. */
  function objectId(idpId: string, issuerUserId: string): string {
    const h = createHash('sha256').update(`${state().tenantId}|${idpId}|${issuerUserId}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  async function callback(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('state') ?? '');
    if (!tx || !tx.idpId) return fail(res, ERR.transaction, 'The sign-in transaction expired or is unknown; start again from the application.');
    transactions.delete(tx.id);
    const idp = state().identityProviders.find((p) => p.id === tx.idpId);
    if (!idp) return fail(res, ERR.policy, 'The identity provider was removed during the sign-in.', tx.policy);
    const name = String(idp.displayName);
    const upstreamError = q.get('error');
    if (upstreamError) {
      note('upstreamError', `${name} authorization: ${upstreamError} ${q.get('error_description') ?? ''}`, tx.policy);
      const error = upstreamError === 'access_denied' ? 'access_denied' : 'server_error';
      return failToApp(res, tx, error, `${ERR.upstreamDenied}: An invalid response was received from "${name}": 'Error: ${upstreamError}, Error Description: ${q.get('error_description') ?? ''}'.`);
    }
    let d: Discovery;
    try {
      d = await discover(String(idp['metadataUrl']));
    } catch (e) {
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: ${(e as Error).message}`);
    }
    // Token request with the provider's client secret in the body (client_secret_post, as itsme requires).
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: q.get('code') ?? '',
      redirect_uri: `${origin}/${domain()}/oauth2/authresp`,
      client_id: String(idp['clientId'] ?? ''),
      client_secret: String(idp['clientSecret'] ?? ''),
    });
    const r = await fetch(d.token_endpoint, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(10_000) });
    const tokenBody = (await r.json().catch(() => ({}))) as Obj;
    if (!r.ok || typeof tokenBody['id_token'] !== 'string') {
      const err = String(tokenBody['error'] ?? r.status);
      note('upstreamError', `${name} token endpoint: ${err} ${String(tokenBody['error_description'] ?? '')}`, tx.policy);
      const hint = err === 'invalid_client' ? ' Check the client id and client secret of this identity provider.' : '';
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The identity provider "${name}" refused the token request (${err}).${hint}`);
    }
    let claims: Obj;
    try {
      const verified = await jwtVerify(tokenBody['id_token'] as string, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: String(idp['clientId']) });
      claims = verified.payload as Obj;
      if (claims['nonce'] !== tx.idpNonce) throw new Error('nonce mismatch');
    } catch (e) {
      note('upstreamError', `${name} id_token: ${(e as Error).message}`, tx.policy);
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The ID token from "${name}" could not be validated (${(e as Error).message}).`);
    }
    const mapping = (idp['claimsMapping'] ?? {}) as Record<string, string | undefined>;
    const pick = (k: string) => (mapping[k] ? claims[mapping[k]!] : undefined);
    const issuerUserId = pick('userId');
    if (typeof issuerUserId !== 'string' || !issuerUserId) {
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The claims mapping of "${name}" maps the user id to '${mapping['userId'] ?? ''}', which the provider did not return.`);
    }
    const flow = flowOf(tx.policy)!;
    const lifetimeMin = Number((flow.tokenLifetimeConfiguration as Obj | undefined)?.['accessAndIdTokenLifetimeInMinutes'] ?? 60);
    const now = Math.floor(Date.now() / 1000);
    const mapped: Obj = {
      ...(pick('displayName') !== undefined ? { name: pick('displayName') } : {}),
      ...(pick('givenName') !== undefined ? { given_name: pick('givenName') } : {}),
      ...(pick('surname') !== undefined ? { family_name: pick('surname') } : {}),
      ...(pick('email') !== undefined ? { emails: [pick('email')] } : {}),
    };
    const idToken = await new SignJWT({ ...mapped, idp: d.issuer, tfp: flow.id, ver: '1.0', auth_time: now, ...(tx.nonce ? { nonce: tx.nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuerOf())
      .setSubject(objectId(idp.id, issuerUserId))
      .setAudience(tx.clientId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeMin * 60)
      .sign(privateKey);
    note('issued', `id_token for ${tx.clientId} via ${name}, ${lifetimeMin} min`, flow.id);
    const f = new URLSearchParams({ id_token: idToken, ...(tx.appState ? { state: tx.appState } : {}) });
    redirect(res, `${tx.redirectUri}#${f.toString()}`);
  }

  function policyDiscovery(policy: string): Obj {
    const base = `${origin}/${domain()}/${policy}`;
    return {
      issuer: issuerOf(),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      response_types_supported: ['code', 'code id_token', 'code token', 'code id_token token', 'id_token', 'id_token token', 'token', 'token id_token'],
      scopes_supported: ['openid'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['name', 'given_name', 'family_name', 'emails', 'idp', 'sub', 'tfp', 'iss', 'iat', 'exp', 'aud', 'acr', 'nonce', 'auth_time'],
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/favicon.ico') return send(res, 404, '', 'text/plain'); // browsers ask; not an error
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const q = url.searchParams;
    if (!parts.length || !tenantMatches(parts[0]!)) return fail(res, 'AADB2C99002', `Tenant '${parts[0] ?? ''}' is not served here.`);
    const rest = parts.slice(1).join('/');
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');
    if (rest === 'oauth2/v2.0/authorize') return authorize(res, q, q.get('p'));
    if (rest === 'oauth2/authresp') return callback(res, q);
    const policy = parts[1] ?? '';
    const sub = parts.slice(2).join('/');
    if (!flowOf(policy)) return fail(res, ERR.policy, `The user flow '${policy}' does not exist in tenant '${domain()}'.`, policy);
    if (sub === 'oauth2/v2.0/authorize') return authorize(res, q, policy);
    if (sub === 'v2.0/.well-known/openid-configuration') return json(res, policyDiscovery(flowOf(policy)!.id));
    if (sub === 'discovery/v2.0/keys') return json(res, { keys: [publicJwk] });
    if (sub === 'federate') return federate(res, q);
    send(res, 404, errorPage('AADB2C99404', 'Not found.'));
  }

  const server = https.createServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => {
    handle(req, res).catch((e) => {
      note('error', `internal: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) send(res, 500, errorPage('AADB2C99500', 'Internal error of the emulator.'));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  return {
    url: origin,
    host: `127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
