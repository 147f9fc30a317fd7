// What the token view shows, computed from a checked token: a human title ("ID token · B2C_1_itsme · 22:35"),
// pass/fail per check with what to fix, and the claims as rows with local times for the time claims (the raw value
// kept for hover). Pure: the time zone and locale come in, so tests pin them; the page only renders these strings.
import * as l10n from '@vscode/l10n';
import type { TokenReport } from './checkIdToken';

export interface TimeFormat {
  /** BCP 47 (VS Code's display language); undefined = the runtime's default. */
  locale?: string;
  /** IANA zone; undefined = this machine's local zone. */
  timeZone?: string;
}

export interface CheckRow {
  id: string;
  status: 'passed' | 'failed';
  /** "Passed" / "Failed", said in words as well as shown by colour and icon. */
  statusText: string;
  label: string;
  detail: string;
  /** Only on a failure: what to do. */
  fix?: string;
}

export interface ClaimRow {
  name: string;
  /** What the claim is, in words ("Issued at"); empty for claims without a known meaning. */
  meaning: string;
  /** The value as a person reads it (a local time for time claims). */
  shown: string;
  /** The value as the token holds it, JSON. */
  raw: string;
  /** Hover text: for time claims the epoch seconds and UTC. */
  hover: string;
  time: boolean;
}

export interface TokenViewModel {
  title: string;
  subtitle: string;
  ok: boolean;
  verdict: string;
  checks: CheckRow[];
  claims: ClaimRow[];
  header: ClaimRow[];
  labels: { checks: string; claims: string; header: string; claim: string; value: string; fix: string; copy: string; copied: string };
}

/** Claims whose value is a time (seconds since 1970, RFC 7519 NumericDate). */
export const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

function claimMeaning(name: string): string {
  const meanings: Record<string, () => string> = {
    iat: () => l10n.t('Issued at'),
    exp: () => l10n.t('Expires at'),
    nbf: () => l10n.t('Not valid before'),
    auth_time: () => l10n.t('Signed in at'),
    iss: () => l10n.t('Issuer (the B2C policy or External ID tenant)'),
    aud: () => l10n.t('Audience (the app\'s client id)'),
    sub: () => l10n.t('Subject (the user\'s object id in the tenant)'),
    nonce: () => l10n.t('Nonce sent with this run'),
    tfp: () => l10n.t('User flow'),
    acr: () => l10n.t('User flow or custom policy'),
    ver: () => l10n.t('Token version'),
    idp: () => l10n.t('Identity provider'),
    name: () => l10n.t('Display name'),
    given_name: () => l10n.t('Given name'),
    family_name: () => l10n.t('Surname'),
    emails: () => l10n.t('Email addresses'),
    email: () => l10n.t('Email address'),
    // A B2C user flow's other application claims (user flow → Application claims).
    oid: () => l10n.t('The user\'s object id in the tenant'),
    newUser: () => l10n.t('First sign-in of this user'),
    idp_access_token: () => l10n.t('Identity provider\'s access token'),
    c_hash: () => l10n.t('Code hash'),
    at_hash: () => l10n.t('Access token hash'),
    // The custom policy's extra claims (src/core/policy/claims.ts) and itsme's assurance level.
    national_number: () => l10n.t('Belgian national number'),
    eid_serial_number: () => l10n.t('Belgian eID card number'),
    birthdate: () => l10n.t('Birth date'),
    gender: () => l10n.t('Gender'),
    phone_number: () => l10n.t('Phone number'),
    age_over_18: () => l10n.t('Aged 18 or over'),
    age_over_21: () => l10n.t('Aged 21 or over'),
    itsme_acr: () => l10n.t('itsme assurance level'),
  };
  return meanings[name]?.() ?? '';
}

function formatter(fmt: TimeFormat, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // 24-hour clock: the audience (Belgium) reads 22:35, and "22:35" is what the title promises whatever the locale.
  const o: Intl.DateTimeFormatOptions = { ...options, hourCycle: 'h23', timeZone: fmt.timeZone };
  try {
    return new Intl.DateTimeFormat(fmt.locale, o);
  } catch {
    return new Intl.DateTimeFormat(undefined, o);
  }
}

/** A local date and time with its zone ("Dec 2, 2026, 22:35:10 CET"). */
export function localDateTime(epochSeconds: number, fmt: TimeFormat = {}): string {
  return formatter(fmt, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(new Date(epochSeconds * 1000));
}

/** A local clock time, hours and minutes ("22:35"). */
export function localClock(epochSeconds: number, fmt: TimeFormat = {}): string {
  return formatter(fmt, { hour: '2-digit', minute: '2-digit' }).format(new Date(epochSeconds * 1000));
}

function shownValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value) ?? '';
}

function row(name: string, value: unknown, fmt: TimeFormat): ClaimRow {
  const raw = JSON.stringify(value) ?? 'null';
  if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
    const utc = new Date(value * 1000).toISOString().replace('.000Z', 'Z');
    return { name, meaning: claimMeaning(name), shown: localDateTime(value, fmt), raw, hover: l10n.t('{0} (seconds since 1970; UTC {1})', String(value), utc), time: true };
  }
  const shown = shownValue(value);
  return { name, meaning: claimMeaning(name), shown, raw, hover: shown, time: false };
}

export interface TokenViewInput extends TimeFormat {
  /** The user flow the run used (the title names it when the token has no tfp/acr claim). */
  policy: string;
  /** When the token arrived (epoch ms): the title's time when the token has no iat. */
  receivedAt: number;
}

/** Custom policies' ids all start with B2C_1A_ (the service adds it); user flows' with B2C_1_. */
function subtitle(policy: string, who: string | undefined, issued: string): string {
  if (policy.toUpperCase().startsWith('B2C_1A_')) {
    return who ? l10n.t('Signed in as {0} through custom policy {1}, issued {2}.', who, policy, issued) : l10n.t('Issued by custom policy {0} at {1}.', policy, issued);
  }
  return who ? l10n.t('Signed in as {0} through user flow {1}, issued {2}.', who, policy, issued) : l10n.t('Issued by user flow {0} at {1}.', policy, issued);
}

export function tokenViewModel(report: TokenReport, input: TokenViewInput): TokenViewModel {
  const fmt: TimeFormat = { locale: input.locale, timeZone: input.timeZone };
  const p = report.payload;
  const named = typeof p['tfp'] === 'string' ? p['tfp'] : typeof p['acr'] === 'string' ? p['acr'] : input.policy;
  // A custom policy's token names it in lower case (acr b2c_1a_itsme): the run's own spelling when it is the same.
  const policy = named.toLowerCase() === input.policy.toLowerCase() ? input.policy : named;
  const issued = typeof p.iat === 'number' ? p.iat : Math.floor(input.receivedAt / 1000);
  const failed = report.checks.filter((c) => !c.ok).length;
  const total = report.checks.length;
  const who = typeof p['name'] === 'string' ? p['name'] : undefined;
  return {
    title: l10n.t('ID token · {0} · {1}', policy, localClock(issued, fmt)),
    subtitle: subtitle(policy, who, localDateTime(issued, fmt)),
    ok: failed === 0,
    verdict: failed === 0 ? l10n.t('All {0} checks passed.', total) : l10n.t('{0} of {1} checks failed: each says what to fix.', failed, total),
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.ok ? 'passed' : 'failed',
      statusText: c.ok ? l10n.t('Passed') : l10n.t('Failed'),
      label: c.label,
      detail: c.detail,
      ...(c.ok ? {} : { fix: c.fix ?? l10n.t('See the detail above.') }),
    })),
    claims: Object.entries(p).map(([k, v]) => row(k, v, fmt)),
    header: Object.entries(report.header).map(([k, v]) => row(k, v, fmt)),
    labels: {
      checks: l10n.t('Checks'),
      claims: l10n.t('Claims'),
      header: l10n.t('Header'),
      claim: l10n.t('Claim'),
      value: l10n.t('Value'),
      fix: l10n.t('What to fix:'),
      copy: l10n.t('Copy raw token'),
      copied: l10n.t('Raw token copied to the clipboard.'),
    },
  };
}
