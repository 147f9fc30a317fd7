// The emulated Microsoft Entra External ID sign-in service (ciamlogin.com). See server.ts.
export { startCiamLogin } from './server';
export type { CiamLogEntry, CiamLogin, CiamLoginOptions, CiamUser, EmailStep } from './server';
export { graphDirectory } from './graph';
export type { CiamApp, CiamDirectory, CiamFlow, CiamIdentityProvider } from './directory';
export { CIAM_ERRORS, ciamError, type CiamError, type CiamErrorName } from './errors';
