// Access tokens: RS256 JWTs signed by the emulator's own "login" service and checked by its Graph side.
//
// Like real Graph, authorization is decided from the token alone: its `roles` claim carries the application
// permissions granted when it was issued. Re-seeding a tenant with fewer permissions therefore only affects
// tokens issued afterwards (a cached token keeps its roles until it expires, as in Entra).
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, errors as joseErrors, type JWK, type KeyObject } from 'jose';
import { randomUUID } from 'node:crypto';

/** The audience Microsoft Graph tokens carry (v1 tokens, App ID URI of Graph). */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  azp: string;
  oid: string;
  sub: string;
  idtyp: 'app';
  roles: string[];
  exp: number;
  iat: number;
  nbf: number;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject | CryptoKey;
  publicKey: KeyObject | CryptoKey;
  jwk: JWK;
}

// RSA key generation costs ~50–150 ms: one key per process is plenty (issuers differ per emulator anyway).
let sharedKey: Promise<SigningKey> | undefined;
function signingKey(): Promise<SigningKey> {
  return (sharedKey ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID().replace(/-/g, '').slice(0, 27);
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
    return { kid, privateKey, publicKey, jwk };
  })());
}

export class TokenService {
  private constructor(private readonly key: SigningKey) {}

  static async create(): Promise<TokenService> {
    return new TokenService(await signingKey());
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.key.jwk] };
  }

  async issue(c: {
    issuer: string;
    tenantId: string;
    clientId: string;
    servicePrincipalId: string;
    roles: string[];
    lifetimeSeconds: number;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      tid: c.tenantId,
      appid: c.clientId,
      azp: c.clientId,
      oid: c.servicePrincipalId,
      idtyp: 'app',
      roles: [...c.roles],
      ver: '1.0',
      uti: randomUUID().replace(/-/g, ''),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .setIssuer(c.issuer)
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(c.servicePrincipalId)
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + c.lifetimeSeconds)
      .sign(this.key.privateKey);
  }

  /** Verifies signature, issuer, audience and lifetime; the reason is Graph's InvalidAuthenticationToken message. */
  async verify(token: string, issuer: string): Promise<{ ok: true; claims: AccessTokenClaims } | { ok: false; reason: string }> {
    if (token.split('.').length !== 3) return { ok: false, reason: 'CompactToken parsing failed with error code: 80049217' };
    try {
      const { payload } = await jwtVerify(token, this.key.publicKey, { issuer, audience: GRAPH_AUDIENCE, algorithms: ['RS256'] });
      return { ok: true, claims: payload as unknown as AccessTokenClaims };
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return { ok: false, reason: 'Lifetime validation failed, the token is expired.' };
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'aud') {
        return { ok: false, reason: 'Access token validation failure. Invalid audience.' };
      }
      if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) {
        return { ok: false, reason: 'CompactToken parsing failed with error code: 80049217' };
      }
      return { ok: false, reason: 'Access token validation failure.' };
    }
  }
}
