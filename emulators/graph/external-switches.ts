// Behaviour switches of the external (CIAM) tenant: every one is a GUESS — the documentation
// (docs/reference/external-id.md) is silent or ambiguous — so each has a default and can be flipped per test
// (startGraphEmulator({ external: {...} }) or live: emu.options.external.x = …; reset() restores the start values).

export interface ExternalSwitches {
  /**
   * GUESS (§2.1): the docs' own examples spell '#microsoft.graph.OidcIdentityProvider' and
   * 'OIDCClientSecretAuthentication'; 'caseInsensitive' (default) accepts any casing of a type name and of an enum
   * value ("Text" → "text", §3.1) and stores / emits the CSDL spelling; 'exact' refuses other spellings.
   */
  typeNames: 'caseInsensitive' | 'exact';
  /** GUESS (§2.1): the service also requires wellKnownEndpoint (the portal asks for it). Default true. */
  requireWellKnownEndpoint: boolean;
  /** GUESS (§2.6): the service refuses an oidcIdentityProvider without inboundClaimMapping.email. Default true. */
  requireEmailMapping: boolean;
  /** GUESS (§2.3): DELETE of a provider still linked to a flow: 'refuse' (400, default) or 'unlink' (204, removed from the flows). */
  deleteLinkedProvider: 'refuse' | 'unlink';
  /** GUESS (§3.1): POST of a flow needs onAuthenticationMethodLoadStart with ≥ 1 provider, as PATCH does. Default true. */
  requireProviderAtCreate: boolean;
  /** GUESS (§7): status of a second flow with the same displayName ("Must be unique"): 400 (default) or 409. */
  duplicateFlowNameStatus: 400 | 409;
  /** GUESS (§3.5): removing a flow's last identity provider: 'refuse' (400, default) or 'allow'. */
  removeLastProvider: 'refuse' | 'allow';
  /** GUESS (§3.5): status of POST …/identityProviders/$ref naming an unknown provider: 400 (default) or 404. */
  unknownProviderRefStatus: 400 | 404;
  /** GUESS (§3.6): status of linking an app that is already in a flow (one flow per app): 400 (default) or 409. */
  appInAnotherFlowStatus: 400 | 409;
  /** GUESS (§5): signInAudience other than AzureADMyOrg in an external tenant: 'reject' (400, default) or 'accept'. */
  otherSignInAudiences: 'reject' | 'accept';
  /** GUESS (§7): status of an External ID call (authenticationEventsFlows) in a tenant that is not CIAM: 400 (default) or 403. */
  wrongTenantStatus: 400 | 403;
}

export const EXTERNAL_SWITCH_DEFAULTS: Readonly<ExternalSwitches> = {
  typeNames: 'caseInsensitive',
  requireWellKnownEndpoint: true,
  requireEmailMapping: true,
  deleteLinkedProvider: 'refuse',
  requireProviderAtCreate: true,
  duplicateFlowNameStatus: 400,
  removeLastProvider: 'refuse',
  unknownProviderRefStatus: 400,
  appInAnotherFlowStatus: 400,
  otherSignInAudiences: 'reject',
  wrongTenantStatus: 400,
};
