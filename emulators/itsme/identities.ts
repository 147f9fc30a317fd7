// Test identities (people with an itsme account) and what itsme would say about them.
//
// itsme.md §3 (scopes → claims), §4 (claim formats): phone_number "+32 485694175" style and always verified,
// email_verified always false, address an object {formatted, street_address, postal_code, locality},
// birthdate YYYY-MM-DD, `sub` a stable per-partner pairwise identifier of 36 characters.
import { createHash } from 'node:crypto';

export interface IdentityAddress {
  streetAddress: string;
  postalCode: string;
  locality: string;
  /** ISO 3166-1 alpha-2, default BE. Not released as a claim (itsme's address object has no country). */
  country?: string;
}

export interface Identity {
  /** Internal, stable id. The pairwise `sub` is derived from it and the partner code. */
  id: string;
  /** Mobile phone number; any usual notation, stored in E.164 (+32470000001). */
  phone: string;
  /** May be missing: itsme.md §3 "given_name MAY be missing if the person has no first name". */
  givenName?: string;
  familyName: string;
  /** YYYY-MM-DD. */
  birthdate: string;
  gender?: 'male' | 'female' | 'unknown' | 'n/a';
  locale?: 'NL' | 'FR' | 'DE' | 'EN';
  email?: string;
  address?: IdentityAddress;
  /** Belgian national register number (11 digits). Released with the `eid` scope. */
  nationalNumber?: string;
  /** Belgian eID card number. Released with the `eid` scope. */
  eidSerial?: string;
}

export const ITSME_CLAIM = 'http://itsme.services/v2/claim/';

/** Scope → claims (itsme.md §3). Claims are released only for the scopes granted. */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'birthdate', 'gender', 'locale'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  eid: [`${ITSME_CLAIM}BENationalNumber`, `${ITSME_CLAIM}BEeidSn`],
};

/**
 * Claims no scope releases: only the `claims` parameter asks for them (itsme.md §4 standard claims: the age
 * booleans, computed from the birth date on the day of the sign-in).
 */
export const AGE_CLAIMS = [16, 18, 21, 30].map((n) => `age_gte_${n}`);

/** Whole years between a YYYY-MM-DD birth date and `now`. */
export function ageOn(birthdate: string, now = new Date()): number {
  const [y, m, d] = birthdate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

/** What the person sees in the "itsme app" for each scope. */
export const SCOPE_LABELS: Record<string, string> = {
  profile: 'Name, date of birth, gender, language',
  email: 'Email address',
  phone: 'Phone number',
  address: 'Address',
  eid: 'National register number, eID card number',
};

/** Belgian national register number: YYMMDD + serial (odd = male) + check digits 97 − (n mod 97). */
export function belgianNationalNumber(birthdate: string, serial: number): string {
  const [y, m, d] = birthdate.split('-');
  const base = `${y!.slice(2)}${m}${d}${String(serial).padStart(3, '0')}`;
  const n = BigInt((Number(y) >= 2000 ? '2' : '') + base);
  const check = 97n - (n % 97n);
  return base + String(check).padStart(2, '0');
}

/** Three Belgian test people, one per language community. */
export function defaultIdentities(): Identity[] {
  return [
    {
      id: 'jan-peeters',
      phone: '+32470000001',
      givenName: 'Jan',
      familyName: 'Peeters',
      birthdate: '1985-03-14',
      gender: 'male',
      locale: 'NL',
      email: 'jan.peeters@example.be',
      address: { streetAddress: 'Kerkstraat 12', postalCode: '9000', locality: 'Gent' },
      nationalNumber: belgianNationalNumber('1985-03-14', 123),
      eidSerial: '592123456701',
    },
    {
      id: 'marie-dubois',
      phone: '+32470000002',
      givenName: 'Marie',
      familyName: 'Dubois',
      birthdate: '1990-07-02',
      gender: 'female',
      locale: 'FR',
      email: 'marie.dubois@example.be',
      address: { streetAddress: 'Rue de la Loi 16', postalCode: '1000', locality: 'Bruxelles' },
      nationalNumber: belgianNationalNumber('1990-07-02', 246),
      eidSerial: '592123456702',
    },
    {
      id: 'lukas-schmitz',
      phone: '+32470000003',
      givenName: 'Lukas',
      familyName: 'Schmitz',
      birthdate: '1978-11-23',
      gender: 'male',
      locale: 'DE',
      email: 'lukas.schmitz@example.be',
      address: { streetAddress: 'Hauptstraße 5', postalCode: '4700', locality: 'Eupen' },
      nationalNumber: belgianNationalNumber('1978-11-23', 87),
      eidSerial: '592123456703',
    },
  ];
}

/**
 * A phone number as typed on the "Identify yourself" page → E.164, or undefined when it is not a phone number.
 * Accepts +32 470 00 00 01, 0032470000001, 0470/00.00.01 (Belgian national notation) and 470000001.
 */
export function normalizePhone(input: string): string | undefined {
  let s = input.trim().replace(/[\s.\-/()]/g, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  else if (/^0\d{8,9}$/.test(s)) s = '+32' + s.slice(1);
  else if (/^4\d{8}$/.test(s)) s = '+32' + s;
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : undefined;
}

// Country calling codes of two digits (the rest of Europe's are three), to print "+32 470000001".
const TWO_DIGIT_CC = new Set(['30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49']);

/** E.164 → itsme's phone_number style: "+32 470000001" (itsme.md §3). */
export function itsmePhoneFormat(e164: string): string {
  const digits = e164.slice(1);
  const ccLen = digits.startsWith('1') || digits.startsWith('7') ? 1 : TWO_DIGIT_CC.has(digits.slice(0, 2)) ? 2 : 3;
  return `+${digits.slice(0, ccLen)} ${digits.slice(ccLen)}`;
}

/** "+32 470 •• •• 01": how the waiting page shows the number the request was sent to. */
export function maskPhone(e164: string): string {
  const [cc, rest] = itsmePhoneFormat(e164).split(' ');
  return `${cc} ${rest!.slice(0, 3)} •• •• ${rest!.slice(-2)}`;
}

/** A copy with the phone normalised; throws on an unusable seed. */
export function normalizeIdentity(seed: Identity): Identity {
  const phone = normalizePhone(seed.phone);
  if (!seed.id) throw new Error('itsme emulator: identity without id');
  if (!phone) throw new Error(`itsme emulator: identity ${seed.id} has an invalid phone number '${seed.phone}'`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(seed.birthdate)) throw new Error(`itsme emulator: identity ${seed.id}: birthdate must be YYYY-MM-DD`);
  return { ...structuredClone(seed), phone };
}

export function displayName(i: Identity): string {
  return [i.givenName, i.familyName].filter(Boolean).join(' ');
}

/**
 * Every claim itsme knows about the person; oidc-provider filters them by the granted scopes (SCOPE_CLAIMS).
 * `sub` is the internal id here: the provider replaces it with the pairwise value (pairwiseSub).
 */
export function identityClaims(i: Identity): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: i.id,
    name: displayName(i),
    family_name: i.familyName,
    birthdate: i.birthdate,
    phone_number: itsmePhoneFormat(i.phone),
    phone_number_verified: true,
  };
  const age = ageOn(i.birthdate);
  for (const name of AGE_CLAIMS) claims[name] = age >= Number(name.slice('age_gte_'.length));
  if (i.givenName) claims.given_name = i.givenName;
  if (i.gender) claims.gender = i.gender;
  if (i.locale) claims.locale = i.locale;
  if (i.email) {
    claims.email = i.email;
    claims.email_verified = false; // itsme.md §3: "currently, itsme® always returns false"
  }
  if (i.address) {
    const a = i.address;
    claims.address = {
      formatted: `${a.streetAddress}\n${a.postalCode} ${a.locality}`,
      street_address: a.streetAddress,
      postal_code: a.postalCode,
      locality: a.locality,
    };
  }
  if (i.nationalNumber) claims[`${ITSME_CLAIM}BENationalNumber`] = i.nationalNumber;
  if (i.eidSerial) claims[`${ITSME_CLAIM}BEeidSn`] = i.eidSerial;
  return claims;
}

/**
 * itsme.md §4: "each Partner will have a unique User Code for the same User", 36 characters
 * (e.g. e3xad7upx64grm14ttpnx4c586ve8gy0gp38). Stable: a hash of the identity and the partner code, so the same
 * person gets the same sub from both endpoint generations and across emulator restarts.
 */
export function pairwiseSub(identityId: string, partnerCode: string): string {
  const digest = createHash('sha256').update(`itsme-emulator|${identityId}|${partnerCode}`).digest('hex');
  return BigInt('0x' + digest).toString(36).padStart(50, '0').slice(0, 36);
}
