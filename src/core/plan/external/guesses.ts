// The undocumented points the External ID modules rely on (external-id.md marks each GUESS). Each is a switch with
// its default here, so a real tenant that behaves otherwise is a one-line change, and the README lists them.
export const EXTERNAL_GUESSES = {
  /**
   * GUESS (§0.1): v1.0 has oidcIdentityProvider in its schema but no v1.0 doc page; beta is the documented
   * fallback and is assumed to behave the same. Default: v1.0.
   */
  providerVersion: 'v1.0' as 'v1.0' | 'beta',
  /**
   * GUESS (§3.1): a flow must offer one identity provider at create, and only the built-in ids are documented
   * inline; so the flow is created with the documented local-account provider and itsme is linked through the
   * documented $ref right after. Default: EmailPassword-OAUTH (as in every documented example).
   */
  flowCreateProviders: ['EmailPassword-OAUTH'] as readonly string[],
  /**
   * GUESS (§3.5): the $ref to a custom OIDC provider; the docs show only built-in ids (and a beta top-level path).
   * Default: {graph}/v1.0/identity/identityProviders/<id>.
   */
  providerRef: (providerId: string): string => `{graph}/v1.0/identity/identityProviders/${providerId}`,
  /**
   * GUESS (§3.5): the unlink path. The documented one omits the /identityProviders/ segment; the OData-correct one
   * has it. Default: the documented form.
   */
  providerUnlinkWithSegment: false,
  /** GUESS (§3.6): removing an app from a flow is DELETE …/includeApplications/{appId}. */
  appUnlinkPath: (flowId: string, appId: string): string => `/identity/authenticationEventsFlows/${flowId}/conditions/applications/includeApplications/${appId}`,
  /** GUESS (§2.3): rotating the secret is a PATCH of the whole clientAuthentication object with its @odata.type. */
  rotateSendsWholeClientAuthentication: true,
  /** GUESS (§5): other audiences are refused in external tenants; the portal's choice is "this directory only". */
  signInAudience: 'AzureADMyOrg',
  /**
   * GUESS (§1): with a custom login domain (or the sandbox's emulator) the tokens' issuer follows that host:
   * https://<loginHost>/<tenant id>/v2.0. Without one it is the documented https://<tenant id>.ciamlogin.com/<tenant id>/v2.0.
   */
  issuerFollowsLoginHost: true,
} as const;

/** Put in the description of the flows this tool creates, so a flow interrupted before itsme was linked is still ours. */
export const FLOW_TAG = 'itsme-b2c:managed';
