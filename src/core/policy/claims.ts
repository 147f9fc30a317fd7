// The itsme claims a custom policy may request: string and boolean claims only, because B2C's OpenID Connect
// technical profile cannot process JSON objects (address, photo, …). Each maps an itsme claim to a policy ClaimType
// and to the clear name it gets in the issued token. Source: itsme's OpenID Connect documentation (authorization request: scopes and claims).

export interface ItsmeClaim {
  /** The name in the configuration (customPolicy.claims). */
  key: string;
  /** The ClaimType id in the policy. */
  claimTypeId: string;
  dataType: 'string' | 'boolean';
  /** The claim's name in itsme's ID token. */
  itsmeClaim: string;
  /** The itsme scope that releases it, if any (otherwise only the claims parameter asks for it). */
  scope?: 'profile' | 'phone' | 'eid';
  /** The claim's name in the token B2C issues. */
  tokenClaim: string;
  displayName: string;
}

const ITSME_URI = 'http://itsme.services/v2/claim/';

export const ITSME_CLAIMS: readonly ItsmeClaim[] = [
  { key: 'nationalNumber', claimTypeId: 'beNationalNumber', dataType: 'string', itsmeClaim: `${ITSME_URI}BENationalNumber`, scope: 'eid', tokenClaim: 'national_number', displayName: 'Belgian national number' },
  { key: 'eidSerialNumber', claimTypeId: 'beEidSerialNumber', dataType: 'string', itsmeClaim: `${ITSME_URI}BEeidSn`, scope: 'eid', tokenClaim: 'eid_serial_number', displayName: 'Belgian eID card number' },
  { key: 'birthDate', claimTypeId: 'birthdate', dataType: 'string', itsmeClaim: 'birthdate', scope: 'profile', tokenClaim: 'birthdate', displayName: 'Birth date' },
  { key: 'gender', claimTypeId: 'gender', dataType: 'string', itsmeClaim: 'gender', scope: 'profile', tokenClaim: 'gender', displayName: 'Gender' },
  { key: 'phoneNumber', claimTypeId: 'phoneNumber', dataType: 'string', itsmeClaim: 'phone_number', scope: 'phone', tokenClaim: 'phone_number', displayName: 'Phone number' },
  { key: 'phoneNumberVerified', claimTypeId: 'phoneNumberVerified', dataType: 'boolean', itsmeClaim: 'phone_number_verified', scope: 'phone', tokenClaim: 'phone_number_verified', displayName: 'Phone number verified' },
  { key: 'ageOver18', claimTypeId: 'ageOver18', dataType: 'boolean', itsmeClaim: 'age_gte_18', tokenClaim: 'age_over_18', displayName: 'Aged 18 or over' },
  { key: 'ageOver21', claimTypeId: 'ageOver21', dataType: 'boolean', itsmeClaim: 'age_gte_21', tokenClaim: 'age_over_21', displayName: 'Aged 21 or over' },
];

export const ITSME_CLAIM_KEYS = ITSME_CLAIMS.map((c) => c.key);
