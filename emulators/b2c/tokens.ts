// The tokens the emulated B2C signs: the ID token and the access token (B2C tokens-overview.md,
// https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview: ver 1.0, iss, sub, aud, exp, nbf,
// iat, auth_time, nonce, tfp/acr, c_hash, at_hash; an access token's aud is the API's client id, scp its scopes,
// azp the calling app), and the token endpoint's JSON answer.
import { createHash, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RefreshLifetime } from '../signin/protocol';

export interface TokenProfile {
  issuer: string;
  key: KeyObject | CryptoKey;
  kid: string;
  idTokenLifetimeSec: number;
  accessTokenLifetimeSec: number;
  refresh: RefreshLifetime;
  /** The claim naming the policy: tfp (user flows) or acr (custom policies, unless turned off). */
  policyClaim: Record<string, string>;
}

export interface Identity {
  subject: string;
  /** The claims the flow / policy puts in its tokens (name, emails, idp …), without the protocol claims. */
  claims: Record<string, unknown>;
}

/** OIDC Core §3.3.2.11: the left half of the SHA-256 of the ASCII value, base64url (c_hash, at_hash). */
export const halfHash = (v: string): string => {
  const h = createHash('sha256').update(v, 'ascii').digest();
  return h.subarray(0, h.length / 2).toString('base64url');
};

async function sign(p: TokenProfile, payload: Record<string, unknown>, lifetimeSec: number, now: number): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: p.kid, typ: 'JWT' })
    .setIssuer(p.issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSec)
    .sign(p.key);
}

export function idToken(p: TokenProfile, who: Identity, o: { clientId: string; authTime: number; nonce?: string; code?: string; accessToken?: string }, now: number): Promise<string> {
  return sign(
    p,
    {
      ...who.claims,
      ...p.policyClaim,
      ver: '1.0',
      sub: who.subject,
      aud: o.clientId,
      auth_time: o.authTime,
      ...(o.nonce ? { nonce: o.nonce } : {}),
      ...(o.code ? { c_hash: halfHash(o.code) } : {}),
      ...(o.accessToken ? { at_hash: halfHash(o.accessToken) } : {}),
    },
    p.idTokenLifetimeSec,
    now,
  );
}

export function accessToken(p: TokenProfile, who: Identity, o: { clientId: string; audience: string; scp: string[]; authTime: number; nonce?: string }, now: number): Promise<string> {
  return sign(
    p,
    {
      ...who.claims,
      ...p.policyClaim,
      ver: '1.0',
      sub: who.subject,
      aud: o.audience,
      azp: o.clientId,
      auth_time: o.authTime,
      ...(o.scp.length ? { scp: o.scp.join(' ') } : {}),
      ...(o.nonce ? { nonce: o.nonce } : {}),
    },
    p.accessTokenLifetimeSec,
    now,
  );
}
