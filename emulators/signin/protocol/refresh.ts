// Refresh tokens with a lifetime and a sliding window (B2C configure-tokens.md "Token lifetime behavior"):
//   - each refresh token is valid for `lifetimeSec` from its issue;
//   - redeeming one gives a new one, but never past the sliding window: `rollingSec` after the ORIGINAL sign-in
//     (null = "No expiry": the window never closes, allow_infinite_rolling_refresh_token / -1 days);
//   - past either, the grant is refused (AADB2C90080 "The provided grant has expired … Grant issued time …
//     Grant sliding window expiration time …").
// Tokens are opaque random strings held in memory (a restart forgets them; the app signs in again).
import { randomBytes } from 'node:crypto';
import { protocolError, type ProtocolError } from './errors';

export interface RefreshLifetime {
  lifetimeSec: number;
  /** null: no sliding-window limit. */
  rollingSec: number | null;
}

interface Entry<G> {
  clientId: string;
  audience: string;
  grant: G;
  issuedAt: number;
  /** The first sign-in of this chain (the sliding window counts from here). */
  chainStart: number;
  expiresAt: number;
}

export class RefreshStore<G> {
  private readonly tokens = new Map<string, Entry<G>>();

  issue(o: { clientId: string; audience: string; grant: G; lifetime: RefreshLifetime; chainStart?: number }, now = Date.now()): { token: string; expiresIn: number } {
    const chainStart = o.chainStart ?? now;
    let expiresAt = now + o.lifetime.lifetimeSec * 1000;
    if (o.lifetime.rollingSec !== null) expiresAt = Math.min(expiresAt, chainStart + o.lifetime.rollingSec * 1000);
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { clientId: o.clientId, audience: o.audience, grant: o.grant, issuedAt: now, chainStart, expiresAt });
    return { token, expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)) };
  }

  /** The grant behind a refresh token and its chain start, or why it cannot be used. */
  redeem(token: string, req: { clientId: string; audience: string }, now = Date.now()): { grant: G; chainStart: number } | ProtocolError {
    const e = this.tokens.get(token);
    if (!e) return protocolError('invalidGrant', 'invalid_grant');
    if (e.audience.toLowerCase() !== req.audience.toLowerCase()) return protocolError('grantOtherPolicy', 'invalid_grant', req.audience, e.audience);
    if (e.clientId !== req.clientId) return protocolError('grantClientMismatch', 'invalid_grant', req.clientId);
    if (e.expiresAt <= now) {
      this.tokens.delete(token);
      return protocolError('expiredGrant', 'invalid_grant', new Date(now).toISOString(), new Date(e.issuedAt).toISOString(), new Date(e.expiresAt).toISOString());
    }
    return { grant: e.grant, chainStart: e.chainStart };
  }

  /** Forgets every token of a subject's chain (not used by B2C's logout: refresh tokens outlive the session). */
  clear(): void {
    this.tokens.clear();
  }
}
