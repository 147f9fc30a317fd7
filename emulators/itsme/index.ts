// itsme-like OpenID Connect provider (oidc-provider), over HTTPS: both endpoint generations, the "Identify yourself"
// pages and the "itsme app". See README.md in this folder.
export { startItsmeEmulator } from './server';
export type { ItsmeEmulator, ItsmeEmulatorOptions, ItsmeLogEntry } from './server';
export type { ItsmeAction, ActionStatus } from './actions';
export {
  belgianNationalNumber,
  defaultIdentities,
  displayName,
  identityClaims,
  itsmePhoneFormat,
  normalizePhone,
  pairwiseSub,
  ITSME_CLAIM,
  SCOPE_CLAIMS,
} from './identities';
export type { Identity, IdentityAddress } from './identities';
export {
  b2cRedirectUris,
  defaultPartner,
  DEFAULT_PARTNER_CODE,
  DEFAULT_PARTNER_SECRET,
  DEFAULT_SERVICE_CODE,
  GENERATIONS,
} from './partners';
export type { Generation, Partner, PartnerSeed } from './partners';
export { ACR_ADVANCED, ACR_BASIC, GENERATION_PATHS, SUPPORTED_SCOPES } from './provider';
