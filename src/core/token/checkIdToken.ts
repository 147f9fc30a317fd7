// The checks a person needs on the ID token a user flow returned: signature against the tenant's keys, issuer,
// audience, nonce, expiry, lifetime versus the configured minutes, and the mapped itsme claims (a B2C custom
// policy's token: its own claim, assurance and lifetime checks, customPolicyChecks.ts, and fixes that name the
// policy). Each check passes or says what is wrong (detail) and what to do about it (fix). (jose does the JOSE work.)
// Both kinds of tenant: Azure AD B2C (keys and issuer per user-flow policy, on <name>.b2clogin.com or a custom
// login host) and Microsoft Entra External ID (keys and issuer per tenant on ciamlogin.com, the issuer
// https://<tenant id>.ciamlogin.com/<tenant id>/v2.0, no token lifetime setting). The caller passes the discovery
// URL and, when the plan knows it, the issuer; nothing here builds a B2C or ciamlogin URL.
import * as l10n from '@vscode/l10n';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { ClaimsMapping } from '../config/types';
import { customPolicyChecks, type CustomPolicyExpectations } from './customPolicyChecks';
import { userFlowClaimsCheck } from './userFlowClaims';

export interface TokenCheck {
  /** claim:<name> and assurance: the custom-policy variant's checks (customPolicyChecks.ts). */
  id: 'signature' | 'issuer' | 'audience' | 'nonce' | 'expiry' | 'lifetime' | 'claims' | 'assurance' | `claim:${string}`;
  ok: boolean;
  label: string;
  /** What was found: on a pass, the evidence; on a failure, what is wrong. */
  detail: string;
  /** On a failure: what to do about it, and where. */
  fix?: string;
}

export interface TokenReport {
  header: Record<string, unknown>;
  payload: JWTPayload;
  checks: TokenCheck[];
  ok: boolean;
}

export interface ExpectedToken {
  /** Which kind of tenant issued it (default B2C): decides the claim names and the "what to fix" words. */
  tenantKind?: 'b2c' | 'external';
  /** The discovery document: B2C's policy (…/<flow>/v2.0/.well-known/…), External ID's tenant (…/<tenant id>/v2.0/.well-known/…). */
  discoveryUrl: string;
  /** The issuer the plan says the tokens carry: used when the discovery document cannot be read or names none. */
  issuer?: string;
  /** The app registration's client id (appId). */
  clientId: string;
  nonce: string;
  /** The configured access and ID token lifetime; absent where the tenant has no such setting (External ID). */
  lifetimeMinutes?: number;
  claimsMapping: ClaimsMapping;
  /** For "where to fix it" texts: the user flow's id (B2C) or name (External ID); a custom policy's texts use customPolicy.policyId. */
  flowId: string;
  idpName: string;
  /**
   * B2C custom policy: its own checks (extra claims, assurance, lifetime in seconds) replace the user flow's lifetime
   * and claims-mapping checks, which do not apply to it.
   */
  customPolicy?: { policyId: string; expectations: CustomPolicyExpectations };
}

/** Token claim names a user flow emits for each claims-mapping field (B2C's user-flow claim names). */
export const B2C_CLAIM_OF: Record<keyof ClaimsMapping, string> = { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'emails' };

/**
 * External ID's claim names: the standard OpenID Connect ones (external-id.md §2.5 maps itsme's claims to the
 * user's attributes; the ID token carries them as name, given_name, family_name, email). Its sub is the user's own
 * in the tenant, not itsme's.
 */
export const EXTERNAL_CLAIM_OF: Record<keyof ClaimsMapping, string> = { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' };

/** The words that differ between the kinds: where the keys and issuer come from, and where to fix a claim. */
function wordsFor(want: ExpectedToken) {
  if (want.tenantKind === 'external') {
    return {
      claimOf: EXTERNAL_CLAIM_OF,
      keysFrom: (url: string, why: string) => l10n.t('Not verified against the tenant\'s keys of {0}: {1}.', url, why),
      signatureFix: () => l10n.t('Check that the tenant\'s ciamlogin.com discovery document {0} opens in a browser: the keys are read from it.', want.discoveryUrl),
      issuerFix: () => l10n.t('External ID tokens come from https://<tenant id>.ciamlogin.com/<tenant id>/v2.0: run the user flow with the app registration of this tenant (on its ciamlogin.com host).'),
      claimsFix: () => l10n.t('Check the claims mapping of identity provider "{0}", the scopes it asks itsme for (profile, email), and the attributes user flow "{1}" collects: External ID stores and returns only claims that are mapped and collected.', want.idpName, want.flowId),
    };
  }
  const b2c = {
    claimOf: B2C_CLAIM_OF,
    keysFrom: (url: string, why: string) => l10n.t('Not verified against the policy keys of {0}: {1}.', url, why),
    signatureFix: () => l10n.t('Check the login host setting (itsme.loginHost) and the user flow name {0}: the keys are read from that policy.', want.flowId),
    issuerFix: () => l10n.t('Check the login host setting (itsme.loginHost): the token must come from the same host as the policy.'),
    claimsFix: () => l10n.t('Check the claims mapping of identity provider "{0}" and the scopes (profile, email) it asks itsme for; user flows return only mapped claims ("Application claims" of {1}).', want.idpName, want.flowId),
  };
  if (!want.customPolicy) return b2c;
  // A custom policy (B2C_1A_…) has keys and an issuer of its own, read from its own discovery document. (Its claims
  // are checked by customPolicyChecks, with their own fixes.)
  const policy = want.customPolicy.policyId;
  return {
    ...b2c,
    signatureFix: () => l10n.t('Check the login host setting (itsme.loginHost) and that custom policy {0} is in the tenant (apply again if not): the keys are read from its discovery document {1}.', policy, want.discoveryUrl),
    issuerFix: () => l10n.t('Check the login host setting (itsme.loginHost): the token must come from the same host as custom policy {0}, whose discovery document {1} names the issuer.', policy, want.discoveryUrl),
  };
}

/** Epoch seconds → text; the token view passes a local-time formatter, the default is ISO 8601 (UTC). */
export type TimeText = (epochSeconds: number) => string;
const isoTime: TimeText = (s) => new Date(s * 1000).toISOString();

export async function checkIdToken(token: string, want: ExpectedToken, now = Date.now(), time: TimeText = isoTime): Promise<TokenReport> {
  const header = decodeProtectedHeader(token) as Record<string, unknown>;
  const payload = decodeJwt(token);
  const checks: TokenCheck[] = [];
  const pass = (id: TokenCheck['id'], label: string, detail: string) => checks.push({ id, ok: true, label, detail });
  const fail = (id: TokenCheck['id'], label: string, detail: string, fix: string) => checks.push({ id, ok: false, label, detail, fix });

  const words = wordsFor(want);
  let issuer: string | undefined;
  try {
    const res = await fetch(want.discoveryUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const discovery = (await res.json()) as { issuer: string; jwks_uri: string };
    // The tenant's own discovery document says which issuer its tokens carry; the plan's issuer is the fallback
    // (with a custom login domain the plan can only guess whether the issuer follows it: undocumented).
    issuer = discovery.issuer ?? want.issuer;
    await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { clockTolerance: 3600 * 24 * 365 });
    pass('signature', l10n.t('Signature'), want.tenantKind === 'external' ? l10n.t('Signed with a key of the tenant ({0}).', String(header['kid'] ?? header['alg'])) : l10n.t('Signed with a key of the policy ({0}).', String(header['kid'] ?? header['alg'])));
  } catch (e) {
    issuer ??= want.issuer;
    fail('signature', l10n.t('Signature'), words.keysFrom(want.discoveryUrl, (e as Error).message), words.signatureFix());
  }
  if (issuer === undefined) {
    fail('issuer', l10n.t('Issuer'), l10n.t('Could not read the policy\'s issuer.'), l10n.t('Check that {0} opens in a browser.', want.discoveryUrl));
  } else if (payload.iss === issuer) {
    pass('issuer', l10n.t('Issuer'), String(payload.iss));
  } else if (want.tenantKind === 'external') {
    fail('issuer', l10n.t('Issuer'), l10n.t('The token\'s issuer {0} is not the tenant\'s {1}.', String(payload.iss), issuer), words.issuerFix());
  } else {
    fail('issuer', l10n.t('Issuer'), l10n.t('The token\'s issuer {0} is not the policy\'s {1}.', String(payload.iss), issuer), words.issuerFix());
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (aud.includes(want.clientId)) pass('audience', l10n.t('Audience'), want.clientId);
  else fail('audience', l10n.t('Audience'), l10n.t('The token is for {0}, not the app {1}.', aud.join(', '), want.clientId), l10n.t('Run the user flow with the app registration of this setup (its client id is {0}).', want.clientId));
  if (payload['nonce'] === want.nonce) pass('nonce', l10n.t('Nonce'), l10n.t('Matches this run.'));
  else fail('nonce', l10n.t('Nonce'), l10n.t('The nonce does not match this run: the token may be replayed or from another sign-in.'), l10n.t('Run the user flow again from VS Code and finish that sign-in.'));
  const exp = payload.exp ?? 0;
  if (exp * 1000 > now) pass('expiry', l10n.t('Expiry'), l10n.t('Valid until {0}.', time(exp)));
  else fail('expiry', l10n.t('Expiry'), l10n.t('Expired at {0}.', time(exp)), l10n.t('Run the user flow again: a token is only valid for its lifetime. If it expired at once, check this computer\'s clock.'));
  if (want.customPolicy) checks.push(...customPolicyChecks(payload, want.customPolicy.expectations, want.customPolicy.policyId));
  else userFlowChecks(payload, want, checks);
  return { header, payload, checks, ok: checks.every((c) => c.ok) };
}

/** A user flow's own checks: the lifetime in minutes versus the configured one, and the mapped itsme claims. */
function userFlowChecks(payload: JWTPayload, want: ExpectedToken, checks: TokenCheck[]): void {
  const pass = (id: TokenCheck['id'], label: string, detail: string) => checks.push({ id, ok: true, label, detail });
  const fail = (id: TokenCheck['id'], label: string, detail: string, fix: string) => checks.push({ id, ok: false, label, detail, fix });
  const words = wordsFor(want);
  const lifetime = payload.exp !== undefined && payload.iat !== undefined ? Math.round((payload.exp - payload.iat) / 60) : undefined;
  if (want.lifetimeMinutes === undefined) pass('lifetime', l10n.t('Lifetime'), l10n.t('{0} minutes: External ID\'s own lifetime (it has no token lifetime setting per user flow).', lifetime ?? '?'));
  else if (lifetime === want.lifetimeMinutes) pass('lifetime', l10n.t('Lifetime'), l10n.t('{0} minutes, as configured.', lifetime));
  else
    fail(
      'lifetime',
      l10n.t('Lifetime'),
      l10n.t('{0} minutes instead of the configured {1}.', lifetime ?? '?', want.lifetimeMinutes),
      l10n.t('Set "Access & ID token lifetimes" in user flow {0} → Properties, or run the setup again.', want.flowId),
    );
  // B2C: a claim the flow does not return (Application claims) is told apart from one mapped wrong (userFlowClaims.ts).
  if (want.tenantKind !== 'external') return void checks.push(userFlowClaimsCheck(payload, want));
  const claimOf = words.claimOf;
  const missing = (Object.keys(want.claimsMapping) as Array<keyof ClaimsMapping>).filter((k) => want.claimsMapping[k] && payload[claimOf[k]] === undefined).map((k) => claimOf[k]);
  if (missing.length === 0) pass('claims', l10n.t('itsme claims'), Object.values(claimOf).filter((c) => payload[c] !== undefined).join(', '));
  else fail('claims', l10n.t('itsme claims'), l10n.t('Missing {0}.', missing.join(', ')), words.claimsFix());
}
