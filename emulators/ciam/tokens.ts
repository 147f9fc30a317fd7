// The tokens ciamlogin mints: the v2.0 ID token (authorize response or token endpoint) and the access token of a
// token response. Claims: https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
// (iss, aud, sub pairwise per app, oid, tid, ver 2.0, nonce, auth_time, c_hash in the hybrid flow —
// v2-oauth2-auth-code-flow.md#request-an-id-token-as-well-or-hybrid-flow), the federated person's mapped claims
// and idp (external-id.md §2.5).
import { createHash, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** What a sign-in established about the person: carried by the session, codes and refresh tokens. */
export interface CiamIdentity {
  objectId: string;
  /** Mapped claims (name, given_name, family_name, email …). */
  claims: Record<string, unknown>;
  email?: string;
  /** The identity provider's issuer (the idp claim). */
  idpIssuer: string;
  /** Seconds since the epoch of the real authentication at the identity provider. */
  authTime: number;
}

export interface Minting {
  kid: string;
  privateKey: KeyObject;
  issuer: string;
  tenantId: string;
  lifetimeSec: number;
}

/** Entra's pairwise subject: per person and app (id-token-claims-reference: sub "is unique to a particular application ID"). */
export const pairwiseSub = (objectId: string, clientId: string): string => createHash('sha256').update(`${objectId}|${clientId}`).digest('base64url').slice(0, 43);

/** OIDC Core §3.3.2.11: the left half of the SHA-256 of the code, base64url (c_hash; at_hash alike). */
export const halfHash = (value: string): string => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

export async function mintIdToken(m: Minting, o: { clientId: string; who: CiamIdentity; nonce?: string; code?: string; nowSec: number }): Promise<string> {
  const pick = (k: string) => (o.who.claims[k] !== undefined ? { [k]: o.who.claims[k] } : {});
  const email = o.who.email ?? (typeof o.who.claims['email'] === 'string' ? o.who.claims['email'] : undefined);
  return new SignJWT({
    ...pick('name'),
    ...pick('given_name'),
    ...pick('family_name'),
    ...(email ? { email } : {}),
    idp: o.who.idpIssuer,
    oid: o.who.objectId,
    tid: m.tenantId,
    ver: '2.0',
    auth_time: o.who.authTime,
    ...(o.nonce ? { nonce: o.nonce } : {}),
    ...(o.code ? { c_hash: halfHash(o.code) } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: m.kid, typ: 'JWT' })
    .setIssuer(m.issuer)
    .setSubject(pairwiseSub(o.who.objectId, o.clientId))
    .setAudience(o.clientId)
    .setIssuedAt(o.nowSec)
    .setNotBefore(o.nowSec)
    .setExpirationTime(o.nowSec + m.lifetimeSec)
    .sign(m.privateKey);
}

/** Microsoft Graph's well-known application id: the audience of a token asked for with OIDC scopes only. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * GUESS (format): the access token. With OIDC scopes only, Entra issues a token for Microsoft Graph (the auth-code
 * page: "Because the UserInfo endpoint is hosted on Microsoft Graph…"); an app must not read it ("don't validate
 * access tokens" include in the same page). With a resource scope (api://…/x, https://…/x) the audience is that
 * resource. The emulator signs a v2.0 JWT with its own key either way; no resource server here checks it.
 */
export async function mintAccessToken(m: Minting, o: { clientId: string; who: CiamIdentity; scopes: string[]; nowSec: number }): Promise<{ token: string; scope: string }> {
  const resourceScopes = o.scopes.filter((s) => !OIDC_SCOPES.has(s));
  const resource = resourceScopes[0] ? resourceScopes[0].slice(0, resourceScopes[0].lastIndexOf('/')) || GRAPH_APP_ID : GRAPH_APP_ID;
  const scp = resourceScopes.length ? resourceScopes.map((s) => s.slice(s.lastIndexOf('/') + 1)) : o.scopes.filter((s) => s !== 'offline_access');
  const token = await new SignJWT({ scp: scp.join(' '), azp: o.clientId, oid: o.who.objectId, tid: m.tenantId, ver: '2.0', idp: o.who.idpIssuer })
    .setProtectedHeader({ alg: 'RS256', kid: m.kid, typ: 'JWT' })
    .setIssuer(m.issuer)
    .setSubject(pairwiseSub(o.who.objectId, o.clientId))
    .setAudience(resource)
    .setIssuedAt(o.nowSec)
    .setNotBefore(o.nowSec)
    .setExpirationTime(o.nowSec + m.lifetimeSec)
    .sign(m.privateKey);
  return { token, scope: o.scopes.join(' ') };
}
