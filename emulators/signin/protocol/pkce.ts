// Proof Key for Code Exchange (RFC 7636): the code_challenge of the authorization request checked against the
// code_verifier of the token request. Methods: S256 = BASE64URL(SHA256(verifier)); plain = the verifier itself.
import { createHash } from 'node:crypto';

export type ChallengeMethod = 'S256' | 'plain';

/** RFC 7636 §4.1: 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
export const validVerifier = (v: string): boolean => /^[A-Za-z0-9\-._~]{43,128}$/.test(v);

export function challengeOf(verifier: string, method: ChallengeMethod): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
}

export function verifierMatches(challenge: string, method: ChallengeMethod, verifier: string): boolean {
  return challengeOf(verifier, method) === challenge;
}
