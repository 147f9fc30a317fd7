// POST …/oauth2/v2.0/token (B2C authorization-code-flow.md §2 "Get a token", §4 "Refresh the token";
// openid-connect.md "Get a token"): grant_type authorization_code (code + redirect_uri, code_verifier when PKCE was
// used) and refresh_token; a confidential app (a web redirect URI and a client secret) authenticates with
// client_secret_post or client_secret_basic, a public client (SPA / mobile redirect URI) with none.
// The answer: id_token when openid was granted, access_token when a resource scope (the app's own client id or an
// API scope) is asked, refresh_token when offline_access is in both requests — "scope=openid offline_access" gives
// an ID token and a refresh token and no access token (openid-connect.md: an access token needs the client id or an
// API scope). Errors are JSON with B2C's codes in error_description (errors.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  authenticateClient,
  isProtocolError,
  protocolError,
  requestParams,
  sendTokenError,
  sendTokenJson,
  tokenRequest,
  type ProtocolError,
} from '../signin/protocol';
import { appView, resourceScope } from './apps';
import { b2cDescription, describeProtocolError } from './errors';
import type { B2cCore, Grant } from './server';
import { accessToken, idToken } from './tokens';

const fail = (res: ServerResponse, e: ProtocolError) => sendTokenError(res, e.error, describeProtocolError(e));

export async function handleToken(core: B2cCore, req: IncomingMessage, res: ServerResponse, url: URL, policyName: string | null): Promise<void> {
  const form = await requestParams(req, url);
  // The policy is in the path or in the query string ("Add this parameter to the query string, not to the POST body").
  let policy: string | undefined;
  try {
    policy = policyName ? core.resolvePolicy(policyName) : undefined;
  } catch {
    policy = undefined;
  }
  if (!policy) return sendTokenError(res, 'invalid_request', b2cDescription('AADB2C90022', policyName ?? '', core.domain()));
  const tr = tokenRequest(req, form);
  if (isProtocolError(tr)) return fail(res, tr);
  const app = appView(core.graph.state, tr.clientId);
  if (!app) return sendTokenError(res, 'invalid_client', b2cDescription('AADB2C90018', tr.clientId, core.domain()));

  let grant: Grant;
  let chainStart: number | undefined;
  if (tr.grantType === 'authorization_code') {
    const code = form.get('code');
    if (!code) return fail(res, protocolError('missingParameter', 'invalid_request', 'code'));
    const g = core.codes.redeem(code, { clientId: tr.clientId, redirectUri: form.get('redirect_uri') ?? undefined, audience: policy, codeVerifier: form.get('code_verifier') ?? undefined }, core.now());
    if (isProtocolError(g)) return fail(res, g.kind === 'grantRedirectMismatch' ? { ...g, args: [g.args[0] ?? '', tr.clientId] } : g);
    grant = g;
  } else if (tr.grantType === 'refresh_token') {
    const rt = form.get('refresh_token');
    if (!rt) return fail(res, protocolError('missingParameter', 'invalid_request', 'refresh_token'));
    const r = core.refreshes.redeem(rt, { clientId: tr.clientId, audience: policy }, core.now());
    if (isProtocolError(r)) return fail(res, r);
    grant = r.grant;
    chainStart = r.chainStart;
  } else {
    return fail(res, protocolError('unsupportedGrantType', 'unsupported_grant_type', tr.grantType));
  }
  const authError = authenticateClient(tr, app, grant.publicClient);
  if (authError) return fail(res, authError);

  // The scopes of this request: as sent, or (switch) those of the authorization request when none are sent.
  const sent = form.get('scope');
  const scopes = sent !== null ? sent.split(/\s+/).filter(Boolean) : core.switches.tokenRequestWithoutScope === 'grantScopes' ? grant.scopes : [];
  const resources = [];
  for (const s of scopes) {
    const rs = resourceScope(core.graph.state, tr.clientId, s);
    if (rs === 'unknown') return sendTokenError(res, 'invalid_scope', b2cDescription('AADB2C90117', s));
    if (rs) resources.push(rs);
  }
  if (new Set(resources.map((r) => r.audience)).size > 1) return sendTokenError(res, 'invalid_scope', b2cDescription('AADB2C90146', scopes.join(' ')));

  let minted;
  try {
    minted = await core.tokensFor(grant.signedIn);
  } catch (e) {
    return sendTokenError(res, 'invalid_grant', `${(e as { code?: string }).code ?? 'AADB2C90085'}: ${(e as Error).message}`);
  }
  const now = Math.floor(core.now() / 1000);
  const s = grant.signedIn;
  const body: Record<string, unknown> = {};
  if (resources.length) {
    const at = await accessToken(minted.profile, minted.identity, { clientId: tr.clientId, audience: resources[0]!.audience, scp: resources.map((r) => r.value).filter(Boolean), authTime: s.authTime }, now);
    body['access_token'] = at;
    body['token_type'] = 'Bearer';
    body['expires_in'] = minted.profile.accessTokenLifetimeSec;
    body['expires_on'] = now + minted.profile.accessTokenLifetimeSec;
    body['resource'] = resources[0]!.audience;
  }
  const wantsId = grant.scopes.includes('openid') && (sent === null || scopes.includes('openid'));
  if (wantsId) {
    // OIDC Core §12.2: a refreshed ID token keeps auth_time; the nonce belongs to the first one only.
    body['id_token'] = await idToken(minted.profile, minted.identity, { clientId: tr.clientId, authTime: s.authTime, ...(tr.grantType === 'authorization_code' && grant.nonce ? { nonce: grant.nonce } : {}) }, now);
    body['token_type'] = 'Bearer';
    body['id_token_expires_in'] = minted.profile.idTokenLifetimeSec;
  }
  body['not_before'] = now;
  body['scope'] = scopes.join(' ');
  if (grant.scopes.includes('offline_access') && scopes.includes('offline_access')) {
    // configure-tokens.md: "Single-page applications using the authorization code flow with PKCE always have a
    // refresh token lifetime of 24 hours".
    const lifetime = grant.spa ? { ...minted.profile.refresh, lifetimeSec: 86400 } : minted.profile.refresh;
    const rt = core.refreshes.issue({ clientId: tr.clientId, audience: policy, grant, lifetime, ...(chainStart !== undefined ? { chainStart } : {}) }, core.now());
    body['refresh_token'] = rt.token;
    body['refresh_token_expires_in'] = rt.expiresIn;
  }
  // MSAL asks client_info=1: B2C answers uid = "<object id>-<policy>", utid = the tenant id (MSAL's B2C account id).
  if (form.get('client_info') === '1') {
    body['client_info'] = Buffer.from(JSON.stringify({ uid: `${minted.identity.subject}-${policy.toLowerCase()}`, utid: core.graph.state.tenantId })).toString('base64url');
  }
  core.note('token', `${tr.grantType} for ${tr.clientId} (${tr.authMethod}): ${Object.keys(body).filter((k) => k.endsWith('token')).join(', ')}`, policy);
  sendTokenJson(res, 200, body);
}
