// Observed external-tenant fixtures for pure plan tests: built from the bodies the engine itself would send (as
// Graph stores them: ids assigned, secret masked), so drift and hand-made objects are made on purpose.
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import type { GraphEventsFlow } from '../../src/core/graph/model';
import { desiredApplication } from '../../src/core/plan/desired';
import { desiredOidcProvider, flowDisplayName } from '../../src/core/plan/external/desired';
import { checkDiscoveryDocument } from '../../src/core/plan/external/discovery';
import { FLOW_TAG } from '../../src/core/plan/external/guesses';
import type { ObservedTenant } from '../../src/core/plan/observe';
import { config as b2cConfig, GRAPH_SP_ID } from './fixtures';

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const ITSME_ISSUER = 'https://idp.e2e.itsme.services/v2';
export const ITSME_DOC = {
  issuer: ITSME_ISSUER,
  authorization_endpoint: `${ITSME_ISSUER}/authorization`,
  token_endpoint: `${ITSME_ISSUER}/token`,
  token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
  response_types_supported: ['code'],
  subject_types_supported: ['pairwise'],
  jwks_uri: `${ITSME_ISSUER}/jwks`,
};

export function extConfig(patch: Record<string, unknown> = {}): ItsmeSetupConfig {
  return b2cConfig({ tenant: 'contosoext.onmicrosoft.com', ...patch });
}

const builtIns = [
  { id: 'EmailPassword-OAUTH', '@odata.type': '#microsoft.graph.builtInIdentityProvider', displayName: 'Email with password' },
  { id: 'EmailOtpSignup-OAUTH', '@odata.type': '#microsoft.graph.builtInIdentityProvider', displayName: 'Email one-time passcode' },
];

export function emptyExternal(doc: unknown = ITSME_DOC): ObservedTenant {
  return {
    tenant: { kind: 'external', id: TENANT_ID, displayName: 'Contoso External', tenantType: 'CIAM', initialDomain: 'contosoext.onmicrosoft.com', shortName: 'contosoext', evidence: 'tenantType' },
    identityProviders: [...builtIns],
    userFlow: null,
    userFlowLinks: [],
    applications: [],
    servicePrincipals: [],
    graphServicePrincipalId: GRAPH_SP_ID,
    external: { flows: [], discovery: checkDiscoveryDocument('https://idp.e2e.itsme.services/v2/.well-known/openid-configuration', doc) },
  };
}

export const PROVIDER_ID = 'aaaaaaaa-0000-0000-0000-000000000001';
export const FLOW_ID = 'ffffffff-0000-0000-0000-000000000001';

export function ourFlow(c: ItsmeSetupConfig, appIds: string[] = ['app-id-1'], providers: string[] = ['EmailPassword-OAUTH', PROVIDER_ID]): GraphEventsFlow {
  return {
    id: FLOW_ID,
    '@odata.type': '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow',
    displayName: flowDisplayName(c),
    description: FLOW_TAG,
    conditions: { applications: { includeAllApplications: false, includeApplications: appIds.map((appId) => ({ appId })) } },
    onInteractiveAuthFlowStart: { isSignUpAllowed: true },
    onAuthenticationMethodLoadStart: { identityProviders: providers.map((id) => ({ id })) },
    onUserCreateStart: { userTypeToCreate: 'member' },
  };
}

/** Everything in place: provider, flow offering it with the app linked, app, service principal, consent. */
export function configuredExternal(c: ItsmeSetupConfig): ObservedTenant {
  const t = emptyExternal();
  const { '@odata.type': _t, ...rest } = desiredOidcProvider(c, ITSME_ISSUER);
  t.identityProviders.push({ ...rest, '@odata.type': '#microsoft.graph.oidcIdentityProvider', id: PROVIDER_ID, clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: '*****' } });
  const app = { ...desiredApplication(c, 'external'), id: 'app-obj-1', appId: 'app-id-1' };
  t.applications = [app];
  t.servicePrincipals = [{ id: 'sp-1', appId: app.appId, displayName: app.displayName, oauth2PermissionGrants: [{ id: 'grant-1', clientId: 'sp-1', consentType: 'AllPrincipals', resourceId: GRAPH_SP_ID, scope: 'openid offline_access' }] }];
  t.external!.flows = [ourFlow(c)];
  return t;
}
