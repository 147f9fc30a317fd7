// The checks a person needs on the ID token a user flow returned: signature against the policy's keys, issuer,
// audience, nonce, expiry, lifetime versus the configured minutes, and the mapped itsme claims. Each check passes
// or says what is wrong and where to fix it. (jose does the JOSE work.)
import * as l10n from '@vscode/l10n';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { ClaimsMapping } from '../config/types';

export interface TokenCheck {
  id: 'signature' | 'issuer' | 'audience' | 'nonce' | 'expiry' | 'lifetime' | 'claims';
  ok: boolean;
  label: string;
  detail: string;
}

export interface TokenReport {
  header: Record<string, unknown>;
  payload: JWTPayload;
  checks: TokenCheck[];
  ok: boolean;
}

export interface ExpectedToken {
  /** The policy's discovery document (…/<flow>/v2.0/.well-known/openid-configuration). */
  discoveryUrl: string;
  /** The app registration's client id (appId). */
  clientId: string;
  nonce: string;
  lifetimeMinutes: number;
  claimsMapping: ClaimsMapping;
  /** For "where to fix it" texts. */
  flowId: string;
  idpName: string;
}

/** Token claim names a user flow emits for each claims-mapping field (B2C's user-flow claim names). */
const B2C_CLAIM_OF: Record<keyof ClaimsMapping, string> = { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'emails' };

export async function checkIdToken(token: string, want: ExpectedToken, now = Date.now()): Promise<TokenReport> {
  const header = decodeProtectedHeader(token) as Record<string, unknown>;
  const payload = decodeJwt(token);
  const checks: TokenCheck[] = [];
  const add = (id: TokenCheck['id'], ok: boolean, label: string, detail: string) => checks.push({ id, ok, label, detail });

  let issuer: string | undefined;
  try {
    const res = await fetch(want.discoveryUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const discovery = (await res.json()) as { issuer: string; jwks_uri: string };
    issuer = discovery.issuer;
    await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { clockTolerance: 3600 * 24 * 365 });
    add('signature', true, l10n.t('Signature'), l10n.t('Signed with a key of the policy ({0}).', String(header['kid'] ?? header['alg'])));
  } catch (e) {
    add('signature', false, l10n.t('Signature'), l10n.t('Not verified against the policy keys of {0}: {1}. Check the login host (itsme.loginHost) and the user flow name.', want.discoveryUrl, (e as Error).message));
  }
  if (issuer !== undefined) {
    add('issuer', payload.iss === issuer, l10n.t('Issuer'), payload.iss === issuer ? String(payload.iss) : l10n.t('The token\'s issuer {0} is not the policy\'s {1}.', String(payload.iss), issuer));
  } else {
    add('issuer', false, l10n.t('Issuer'), l10n.t('Could not read the policy\'s issuer.'));
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  add('audience', aud.includes(want.clientId), l10n.t('Audience'), aud.includes(want.clientId) ? want.clientId : l10n.t('The token is for {0}, not the app {1}.', aud.join(', '), want.clientId));
  add('nonce', payload['nonce'] === want.nonce, l10n.t('Nonce'), payload['nonce'] === want.nonce ? l10n.t('matches this run') : l10n.t('The nonce does not match this run: the token may be replayed or from another sign-in.'));
  const exp = (payload.exp ?? 0) * 1000;
  add('expiry', exp > now, l10n.t('Expiry'), exp > now ? l10n.t('valid until {0}', new Date(exp).toISOString()) : l10n.t('Expired at {0}.', new Date(exp).toISOString()));
  const lifetime = payload.exp !== undefined && payload.iat !== undefined ? Math.round((payload.exp - payload.iat) / 60) : undefined;
  add(
    'lifetime',
    lifetime === want.lifetimeMinutes,
    l10n.t('Lifetime'),
    lifetime === want.lifetimeMinutes
      ? l10n.t('{0} minutes, as configured', lifetime)
      : l10n.t('{0} minutes instead of the configured {1}: set "Access & ID token lifetimes" in user flow {2} → Properties.', lifetime ?? '?', want.lifetimeMinutes, want.flowId),
  );
  const missing = (Object.keys(want.claimsMapping) as Array<keyof ClaimsMapping>).filter((k) => want.claimsMapping[k] && payload[B2C_CLAIM_OF[k]] === undefined).map((k) => B2C_CLAIM_OF[k]);
  add(
    'claims',
    missing.length === 0,
    l10n.t('itsme claims'),
    missing.length === 0
      ? Object.values(B2C_CLAIM_OF).filter((c) => payload[c] !== undefined).join(', ')
      : l10n.t('Missing {0}: check the claims mapping of identity provider "{1}" and the scopes (profile, email) it asks itsme for; user flows return only mapped claims ("Application claims" of {2}).', missing.join(', '), want.idpName, want.flowId),
  );
  return { header, payload, checks, ok: checks.every((c) => c.ok) };
}
