// Defaults from Microsoft's "Configure itsme OpenID Connect with Azure AD B2C" guide (partner-itsme.md).
import type { ClaimsMapping } from './types';

export const DEFAULT_IDP_NAME = 'itsme';
export const DEFAULT_CLAIMS_MAPPING: ClaimsMapping = {
  userId: 'sub',
  displayName: 'name',
  givenName: 'given_name',
  surname: 'family_name',
  email: 'email',
};
export const DEFAULT_FLOW_NAME = 'itsme';
/** signUpOrSignIn "Recommended" version in the Graph docs' examples. */
export const DEFAULT_FLOW_VERSION = 3;
/** The guide sets access & ID token lifetimes to 5 minutes (portal bounds 5–1440). */
export const DEFAULT_TOKEN_LIFETIME_MINUTES = 5;
export const TOKEN_LIFETIME_BOUNDS = { min: 5, max: 1440 } as const;
/** Bounded rolling refresh window in days (custom-policy bounds 86400–31536000 s). */
export const SLIDING_WINDOW_DAYS_BOUNDS = { min: 1, max: 365 } as const;
export const DEFAULT_APP_NAME = 'itsme-test-jwtms';
export const DEFAULT_REDIRECT_URIS = ['https://jwt.ms'];
export const FLOW_PREFIX = 'B2C_1_';
/** Custom policies: the service adds B2C_1A_ to every policy id (and to key set ids). */
export const POLICY_PREFIX = 'B2C_1A_';
/** The policy name without B2C_1A_: B2C_1A_itsme_base and B2C_1A_itsme. */
export const DEFAULT_POLICY_NAME = 'itsme';
/** The reason to choose a custom policy at all: the Belgian national number. */
export const DEFAULT_POLICY_CLAIMS: readonly string[] = ['nationalNumber'];
