// Authorization codes: single use, short-lived, bound to the client, the redirect URI and the PKCE challenge
// (RFC 6749 §4.1.2 "The authorization code MUST expire shortly after it is issued … MUST NOT be used more than
// once"; §4.1.3 redirect_uri must be identical; RFC 7636 §4.6). A code carries whatever the service needs to mint
// the tokens later (`grant`).
import { randomBytes } from 'node:crypto';
import { protocolError, type ProtocolError } from './errors';
import { validVerifier, verifierMatches, type ChallengeMethod } from './pkce';

export interface CodeBinding {
  clientId: string;
  redirectUri: string;
  /** Policy / flow / tenant the code was issued for: a token request elsewhere is refused. */
  audience: string;
  codeChallenge?: string;
  codeChallengeMethod?: ChallengeMethod;
}

interface Entry<G> {
  binding: CodeBinding;
  grant: G;
  expiresAt: number;
}

export class CodeStore<G> {
  private readonly codes = new Map<string, Entry<G>>();
  /** @param ttlMs B2C: "Authorization codes … typically expire after about 10 minutes" (authorization-code-flow.md). */
  constructor(private readonly ttlMs = 10 * 60_000) {}

  issue(binding: CodeBinding, grant: G, now = Date.now()): string {
    for (const [k, e] of this.codes) if (e.expiresAt <= now) this.codes.delete(k);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { binding, grant, expiresAt: now + this.ttlMs });
    return code;
  }

  /**
   * Redeems a code once: a second use, an expired code, another client, redirect URI or audience, and a verifier
   * that does not match the challenge are errors. The code is spent even when the request fails (RFC 6749 §4.1.2).
   */
  redeem(code: string, req: { clientId: string; redirectUri?: string; audience: string; codeVerifier?: string }, now = Date.now()): G | ProtocolError {
    const e = this.codes.get(code);
    if (!e) return protocolError('invalidGrant', 'invalid_grant');
    this.codes.delete(code);
    const b = e.binding;
    if (e.expiresAt <= now) return protocolError('expiredGrant', 'invalid_grant', new Date(now).toISOString(), new Date(e.expiresAt - this.ttlMs).toISOString(), new Date(e.expiresAt).toISOString());
    if (b.audience.toLowerCase() !== req.audience.toLowerCase()) return protocolError('grantOtherPolicy', 'invalid_grant', req.audience, b.audience);
    if (b.clientId !== req.clientId) return protocolError('grantClientMismatch', 'invalid_grant', req.clientId);
    if (req.redirectUri === undefined || req.redirectUri !== b.redirectUri) return protocolError('grantRedirectMismatch', 'invalid_grant', req.redirectUri ?? '');
    if (b.codeChallenge) {
      if (!req.codeVerifier) return protocolError('missingParameter', 'invalid_request', 'code_verifier');
      if (!validVerifier(req.codeVerifier)) return protocolError('verifierInvalid', 'invalid_grant');
      if (!verifierMatches(b.codeChallenge, b.codeChallengeMethod ?? 'plain', req.codeVerifier)) return protocolError('verifierMismatch', 'invalid_grant');
    }
    return e.grant;
  }
}
