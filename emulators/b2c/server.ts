// An emulated Azure AD B2C sign-in service (b2clogin.com paths) that runs the user flows AS CONFIGURED in the Graph
// emulator's tenant state: the flow's linked identity providers, each provider's metadata URL (discovery fetched),
// client id, secret, scope, response type/mode and claims mapping, the flow's token lifetime, and the app's
// redirect URIs and implicit-grant settings. A wrong setting fails here the way B2C fails: an error page, or an
// error redirect to the app with an AADB2C-style description, and the upstream error in the log.
// A custom policy (p=B2C_1A_…) runs its relying party's journey instead (custom-policy.ts, b2c-custom-policy.md §6
// "At run time"); both share the app checks, the upstream OpenID Connect round trip and the token issuance here.
// Paths (graph-b2c.md §6; itsme azureB2C.md): /<tenant>/oauth2/v2.0/authorize?p=<flow>,
// /<tenant>/<flow>/oauth2/v2.0/authorize, /<tenant>/<flow>/v2.0/.well-known/openid-configuration,
// /<tenant>/<flow>/discovery/v2.0/keys, /<tenant>/oauth2/authresp (both tenant forms).
import { discoveryCache, json, redirect, send, type Discovery } from '../signin/http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import type { KeyObject } from 'node:crypto';
import { ensureCa } from '../tls/ca';
import type { GraphEmulator } from '../graph/server';
import { errorPage, signInPage } from './pages';
import { applicationClaimsFor, userDirectory } from './application-claims';
import {
  isCustomPolicyId,
  JOURNEY_ERR,
  JourneyError,
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
  /** The upstream request in flight (set when the browser is sent to the identity provider). */
  upstream?: UpstreamRequest;
  idpNonce?: string;
  /** User flow: the identity provider chosen on the sign-in page. */
  idpId?: string;
  /** Custom policy: the orchestration step running and the claims collected so far. */
  journey?: { step: number; exchangeId?: string; bag: ClaimBag };
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
  const users = userDirectory();
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


  /**
   * The checks every authorize request passes, user flow or custom policy: the app, its redirect URI, the
   * response type, the implicit grant and the scope. Returns the transaction, or undefined when it answered.
   */
  function startTransaction(res: ServerResponse, q: URLSearchParams, policy: string): Transaction | undefined {
    const clientId = q.get('client_id') ?? '';
    const app = state().applications.find((a) => a.appId === clientId);
    if (!app) return void fail(res, ERR.app, `The provided application with ID '${clientId}' is not valid against this service.`, policy);
    const redirectUri = q.get('redirect_uri') ?? '';
    const web = (app['web'] ?? {}) as { redirectUris?: string[]; implicitGrantSettings?: { enableIdTokenIssuance?: boolean } };
    if (!(web.redirectUris ?? []).includes(redirectUri)) {
      return void fail(res, ERR.redirect, `The redirect URI '${redirectUri}' provided in the request is not registered for the client id '${clientId}'.`, policy);
    }
    const tx: Transaction = { id: randomUUID(), policy, clientId, redirectUri, appState: q.get('state') ?? undefined, nonce: q.get('nonce') ?? undefined, createdAt: Date.now() };
    const responseType = q.get('response_type') ?? '';
    if (responseType !== 'id_token') return void failToApp(res, tx, 'unsupported_response_type', `The emulated B2C supports response_type=id_token only (got '${responseType}').`);
    if (!web.implicitGrantSettings?.enableIdTokenIssuance) {
      return void failToApp(res, tx, 'unauthorized_client', `${ERR.implicit}: The provided application is not configured to allow the 'OAuth' Implicit flow (enable ID tokens under Implicit grant).`);
    }
    if (!(q.get('scope') ?? '').split(/\s+/).includes('openid')) return void failToApp(res, tx, 'invalid_request', `${ERR.scope}: The provided scope must include 'openid'.`);
    transactions.set(tx.id, tx);
    note('authorize', `client ${clientId} → ${redirectUri}`, policy);
    return tx;
  }

  function authorize(res: ServerResponse, q: URLSearchParams, policy: string | null): Promise<void> | void {
    if (!policy) return fail(res, ERR.policy, 'The request does not name a user flow (p=…).');
    if (isCustomPolicyId(policy)) return authorizeCustomPolicy(res, q, policy);
    const flow = flowOf(policy);
    if (!flow) return fail(res, ERR.policy, `The user flow '${policy}' does not exist in tenant '${domain()}'.`, policy);
    const tx = startTransaction(res, q, flow.id);
    if (!tx) return;
    const buttons = flow.userFlowIdentityProviders.flatMap((id) => {
      const idp = state().identityProviders.find((p) => p.id === id);
      return idp ? [{ label: String(idp.displayName ?? id), href: `/${domain()}/${flow.id}/federate?tx=${tx.id}&idp=${encodeURIComponent(id)}` }] : [];
    });
    send(res, 200, signInPage(domain(), flow.id, buttons));
  }

  /** Sends the browser to the identity provider's authorization endpoint (both paths). */
  async function sendUpstream(res: ServerResponse, tx: Transaction, up: UpstreamRequest): Promise<void> {
    let d: Discovery;
    try {
      d = await discover(up.metadataUrl);
    } catch (e) {
      note('upstreamError', `discovery of "${up.name}": ${(e as Error).message}`, tx.policy);
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The metadata URL of identity provider "${up.name}" could not be read (${up.metadataUrl}). Check its metadata URL.`);
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
    redirect(res, `${d.authorization_endpoint}?${p.toString()}`);
  }

  async function federate(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('tx') ?? '');
    if (!tx) return fail(res, ERR.transaction, 'The sign-in transaction expired or is unknown; start again from the application.');
    if (tx.journey) {
      // A custom policy's provider selection with more than one exchange: the button names the exchange.
      tx.journey.exchangeId = q.get('exchange') ?? undefined;
      tx.journey.step++;
      return runJourney(res, tx);
    }
    const idp = state().identityProviders.find((p) => p.id === q.get('idp'));
    if (!idp || !flowOf(tx.policy)?.userFlowIdentityProviders.includes(idp.id)) return fail(res, ERR.policy, 'This identity provider is not offered by the user flow.', tx.policy);
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
   * token's claims, or undefined when it already answered the app with the failure.
   */
  async function redeem(res: ServerResponse, tx: Transaction, up: UpstreamRequest, q: URLSearchParams): Promise<Obj | undefined> {
    const name = up.name;
    const upstreamError = q.get('error');
    if (upstreamError) {
      note('upstreamError', `${name} authorization: ${upstreamError} ${q.get('error_description') ?? ''}`, tx.policy);
      const error = upstreamError === 'access_denied' ? 'access_denied' : 'server_error';
      return void failToApp(res, tx, error, `${ERR.upstreamDenied}: An invalid response was received from "${name}": 'Error: ${upstreamError}, Error Description: ${q.get('error_description') ?? ''}'.`);
    }
    let d: Discovery;
    try {
      d = await discover(up.metadataUrl);
    } catch (e) {
      return void failToApp(res, tx, 'server_error', `${ERR.upstream}: ${(e as Error).message}`);
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
      return void failToApp(res, tx, 'server_error', `${ERR.upstream}: The identity provider "${name}" refused the token request (${err}).${hint}`);
    }
    try {
      const verified = await jwtVerify(tokenBody['id_token'] as string, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: up.issuer ?? d.issuer, audience: up.audience ?? up.clientId });
      if (verified.payload['nonce'] !== tx.idpNonce) throw new Error('nonce mismatch');
      return verified.payload as Obj;
    } catch (e) {
      note('upstreamError', `${name} id_token: ${(e as Error).message}`, tx.policy);
      return void failToApp(res, tx, 'server_error', `${ERR.upstream}: The ID token from "${name}" could not be validated (${(e as Error).message}).`);
    }
  }

  /** Signs the ID token and sends it to the app's redirect URI in the fragment (response_type id_token). */
  async function issue(res: ServerResponse, tx: Transaction, t: { claims: Obj; subject: string; issuer: string; lifetimeSeconds: number; key: KeyObject | CryptoKey; kid: string }): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ ...t.claims, ...(tx.nonce ? { nonce: tx.nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: t.kid, typ: 'JWT' })
      .setIssuer(t.issuer)
      .setSubject(t.subject)
      .setAudience(tx.clientId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + t.lifetimeSeconds)
      .sign(t.key);
    note('issued', `id_token for ${tx.clientId}, ${t.lifetimeSeconds} s`, tx.policy);
    const f = new URLSearchParams({ id_token: idToken, ...(tx.appState ? { state: tx.appState } : {}) });
    redirect(res, `${tx.redirectUri}#${f.toString()}`);
  }

  async function callback(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const tx = transactions.get(q.get('state') ?? '');
    if (!tx || !tx.upstream) return fail(res, ERR.transaction, 'The sign-in transaction expired or is unknown; start again from the application.');
    if (tx.journey) return journeyCallback(res, tx, q);
    transactions.delete(tx.id);
    const idp = state().identityProviders.find((p) => p.id === tx.idpId);
    if (!idp) return fail(res, ERR.policy, 'The identity provider was removed during the sign-in.', tx.policy);
    const name = String(idp.displayName);
    // The provider as configured now (a secret rotated mid-sign-in is the one B2C would use).
    const claims = await redeem(res, tx, { ...tx.upstream, clientId: String(idp['clientId'] ?? ''), clientSecret: String(idp['clientSecret'] ?? '') }, q);
    if (!claims) return;
    const mapping = (idp['claimsMapping'] ?? {}) as Record<string, string | undefined>;
    const pick = (k: string) => (mapping[k] ? claims[mapping[k]!] : undefined);
    const issuerUserId = pick('userId');
    if (typeof issuerUserId !== 'string' || !issuerUserId) {
      return failToApp(res, tx, 'server_error', `${ERR.upstream}: The claims mapping of "${name}" maps the user id to '${mapping['userId'] ?? ''}', which the provider did not return.`);
    }
    const flow = flowOf(tx.policy)!;
    const lifetimeMin = Number((flow.tokenLifetimeConfiguration as Obj | undefined)?.['accessAndIdTokenLifetimeInMinutes'] ?? 60);
    const d = await discover(tx.upstream.metadataUrl);
    const oid = objectId(idp.id, issuerUserId);
    // Exactly the flow's ticked application claims (application-claims.ts), then the protocol claims.
    const mapped = { displayName: pick('displayName'), givenName: pick('givenName'), surname: pick('surname'), email: pick('email') };
    const appClaims = applicationClaimsFor(flow, graph.options.applicationClaims, { mapped, idp: d.issuer, objectId: oid, newUser: users.signIn(oid).newUser });
    return issue(res, tx, {
      claims: { ...appClaims, tfp: flow.id, ver: '1.0', auth_time: Math.floor(Date.now() / 1000) },
      subject: oid,
      issuer: issuerOf(),
      lifetimeSeconds: lifetimeMin * 60,
      key: privateKey,
      kid,
    });
  }

  // ----- custom policies (custom-policy.ts) -----

  const tf = () => state().trustFramework;
  const sw = () => graph.options.trustFramework;
  /** The stored relying party, merged; undefined when there is none. JourneyError when it cannot run. */
  const customPolicy = (id: string): CustomPolicyRun | undefined => loadCustomPolicy(tf(), id, domain());

  function authorizeCustomPolicy(res: ServerResponse, q: URLSearchParams, id: string): Promise<void> | void {
    let run: CustomPolicyRun | undefined;
    try {
      run = customPolicy(id);
    } catch (e) {
      if (e instanceof JourneyError) return fail(res, e.code, e.message, id);
      throw e;
    }
    // GUESS: an unknown custom policy answers like an unknown user flow (the same code and page).
    if (!run) return fail(res, ERR.policy, `The policy '${id}' does not exist in tenant '${domain()}'.`, id);
    const tx = startTransaction(res, q, run.policy.policyId);
    if (!tx) return;
    tx.journey = { step: 0, bag: {} };
    return runJourney(res, tx);
  }

  /** Runs orchestration steps from tx.journey.step until one needs the browser elsewhere (or the token is sent). */
  async function runJourney(res: ServerResponse, tx: Transaction): Promise<void> {
    const j = tx.journey!;
    try {
      const run = customPolicy(tx.policy);
      if (!run) return failToApp(res, tx, 'server_error', `${ERR.policy}: The policy '${tx.policy}' was removed during the sign-in.`);
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
          const issuerTp = technicalProfile(run, step.cpimIssuerTechnicalProfileReferenceId ?? '', domain());
          const t = tokenOf(run, issuerTp, j.bag, tf(), sw(), domain());
          transactions.delete(tx.id);
          const issuer = t.issuerWithTfp ? `${origin}/tfp/${state().tenantId}/${run.policy.policyId.toLowerCase()}/v2.0/` : issuerOf();
          return issue(res, tx, { claims: { ...t.claims, ...(t.acr ? { acr: t.acr } : {}), ver: '1.0', auth_time: Math.floor(Date.now() / 1000) }, subject: t.subject, issuer, lifetimeSeconds: t.lifetimeSeconds, key: t.signingKey, kid: t.kid });
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
    const claims = await redeem(res, tx, tx.upstream!, q);
    tx.upstream = undefined;
    if (!claims) return void transactions.delete(tx.id);
    try {
      const run = customPolicy(tx.policy);
      const step = run?.steps[j.step];
      const ex = step?.claimsExchanges.find((e) => e.id === j.exchangeId) ?? step?.claimsExchanges[0];
      if (!run || !ex) throw new JourneyError(JOURNEY_ERR.journey, `The policy '${tx.policy}' changed during the sign-in.`);
      mapOutputClaims(technicalProfile(run, ex.technicalProfileReferenceId, domain()), claims, j.bag);
    } catch (e) {
      if (!(e instanceof JourneyError)) throw e;
      transactions.delete(tx.id);
      return failToApp(res, tx, 'server_error', `${e.code}: ${e.message}`);
    }
    j.step++;
    return runJourney(res, tx);
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

  /** Per-policy discovery and keys: a user flow's, or a stored custom policy's (its issuer_secret key). */
  function policyEndpoint(res: ServerResponse, policy: string, sub: string): void {
    let run: CustomPolicyRun | undefined;
    let id = flowOf(policy)?.id;
    if (!id && isCustomPolicyId(policy)) {
      try {
        run = customPolicy(policy);
      } catch (e) {
        if (!(e instanceof JourneyError)) throw e;
        return fail(res, e.code, e.message, policy);
      }
      id = run?.policy.policyId;
    }
    if (!id) return fail(res, ERR.policy, `The user flow '${policy}' does not exist in tenant '${domain()}'.`, policy);
    if (sub === 'v2.0/.well-known/openid-configuration') return json(res, policyDiscovery(id));
    if (sub === 'discovery/v2.0/keys') return json(res, { keys: run ? policyJwks(run, tf(), sw()) : [publicJwk] });
    send(res, 404, errorPage('AADB2C99404', 'Not found.'));
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
    if (sub === 'oauth2/v2.0/authorize') return authorize(res, q, policy);
    if (sub === 'federate') return federate(res, q);
    return policyEndpoint(res, policy, sub);
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
