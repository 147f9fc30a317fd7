// Exit codes of itsme-b2c, so pipelines can tell outcomes apart.
export const EXIT = {
  ok: 0,
  unexpected: 1,
  /** Invalid configuration, flags or missing secret: fix the input. */
  usage: 2,
  /** Sign-in failed: credentials, tenant, client id. */
  auth: 3,
  /** Graph refused or failed, or the tenant is not a B2C tenant. */
  graph: 4,
  /** Applied, but a portal step remains (e.g. token lifetimes). */
  manual: 5,
  cancelled: 130,
} as const;
