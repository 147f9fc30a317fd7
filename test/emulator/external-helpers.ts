// Request bodies for the external (CIAM) tenant tests, as docs/reference/external-id.md §2.1 and §3.1 write them.

/** The itsme oidcIdentityProvider body of external-id.md §2.1. */
export function itsmeOidc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.oidcIdentityProvider',
    displayName: 'itsme',
    clientId: 'PARTNER_CODE',
    issuer: 'https://idp.e2e.itsme.services/v2',
    wellKnownEndpoint: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration',
    responseType: 'code',
    scope: 'openid service:TEST_LOGIN profile email',
    clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: 'itsme-secret-value' },
    inboundClaimMapping: {
      sub: 'sub',
      name: 'name',
      given_name: 'given_name',
      family_name: 'family_name',
      email: 'email',
      email_verified: 'email_verified',
      phone_number: 'phone_number',
      phone_number_verified: 'phone_number_verified',
      address: { street_address: 'street_address', locality: 'locality', region: 'region', postal_code: 'postal_code', country: 'country' },
    },
    ...overrides,
  };
}

/** The sign-up/sign-in flow body of external-id.md §3.1 (EmailPassword-OAUTH inline, as every doc example). */
export function itsmeFlow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow',
    displayName: 'itsme sign-up sign-in',
    onInteractiveAuthFlowStart: { '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp', isSignUpAllowed: true },
    onAuthenticationMethodLoadStart: {
      '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp',
      identityProviders: [{ id: 'EmailPassword-OAUTH' }],
    },
    onAttributeCollection: {
      '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp',
      attributes: [
        { id: 'email', displayName: 'Email Address', description: 'Email address of the user', userFlowAttributeType: 'builtIn', dataType: 'string' },
        { id: 'displayName', displayName: 'Display Name', description: 'Display Name of the User.', userFlowAttributeType: 'builtIn', dataType: 'string' },
      ],
      attributeCollectionPage: {
        views: [
          {
            inputs: [
              { attribute: 'email', label: 'Email Address', inputType: 'Text', hidden: true, editable: false, writeToDirectory: true, required: true, validationRegEx: '^.+@.+$' },
              { attribute: 'displayName', label: 'Display Name', inputType: 'text', hidden: false, editable: true, writeToDirectory: true, required: false, validationRegEx: '^.+$' },
            ],
          },
        ],
      },
    },
    onUserCreateStart: { '@odata.type': '#microsoft.graph.onUserCreateStartExternalUsersSelfServiceSignUp', userTypeToCreate: 'member' },
    ...overrides,
  };
}

/** The test app of external-id.md §5: single tenant, web redirect https://jwt.ms. */
export function externalApp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { displayName: 'itsme-test-jwtms', signInAudience: 'AzureADMyOrg', web: { redirectUris: ['https://jwt.ms'] }, ...overrides };
}

export const FLOW_IDPS = (flowId: string) =>
  `/v1.0/identity/authenticationEventsFlows/${flowId}/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp`;
export const FLOW_APPS = (flowId: string) => `/v1.0/identity/authenticationEventsFlows/${flowId}/conditions/applications/includeApplications`;
