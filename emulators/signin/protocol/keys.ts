// The service's signing key: RS256, stable per sandbox. With a directory the key is read from <dir>/<name>.json
// (a private JWK written on first start), so tokens and cached JWKS stay valid across restarts; without one
// (tests), a fresh key per start.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as published in the JWKS (kid, use sig, alg RS256). */
  publicJwk: JWK;
}

function fromPrivateJwk(jwk: JWK & { kid: string }): SigningKey {
  const privateKey = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  return { kid: jwk.kid, privateKey, publicJwk: { kty: pub.kty, n: pub.n, e: pub.e, kid: jwk.kid, use: 'sig', alg: 'RS256' } };
}

export function signingKey(name: string, dir?: string): SigningKey {
  const file = dir ? join(dir, `${name}.json`) : undefined;
  if (file) {
    try {
      const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
      if (jwk.kty === 'RSA' && jwk.d && jwk.kid) return fromPrivateJwk(jwk);
    } catch {
      // absent or unreadable: make a new one below
    }
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: `${name}-${randomUUID().slice(0, 8)}` };
  if (file && dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return fromPrivateJwk(jwk);
}
