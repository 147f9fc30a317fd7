// Observed-tenant fixtures for pure plan tests. A "configured" tenant is built from the desired bodies the engine
// itself would send (as Graph would store them: ids assigned, secret as ****), so drift is made on purpose.
import { resolveConfig } from '../../src/core/config/validate';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { desiredApplication, desiredFlowSettings, desiredIdentityProvider } from '../../src/core/plan/desired';
import type { ObservedTenant } from '../../src/core/plan/observe';

export function config(patch: Record<string, unknown> = {}): ItsmeSetupConfig {
  const r = resolveConfig({ tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' }, ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

export const GRAPH_SP_ID = 'graph-sp-0000';

export function emptyTenant(): ObservedTenant {
  return {
    tenant: { id: 't-1', displayName: 'Contoso B2C', tenantType: 'AAD B2C', initialDomain: 'contosob2c.onmicrosoft.com', shortName: 'contosob2c', evidence: 'tenantType' },
    identityProviders: [],
    userFlow: null,
    userFlowLinks: [],
    applications: [],
    servicePrincipals: [],
    graphServicePrincipalId: GRAPH_SP_ID,
  };
}

export function configuredTenant(c: ItsmeSetupConfig): ObservedTenant {
  const t = emptyTenant();
  const idp = { ...desiredIdentityProvider(c), id: 'OIDC-V1-itsme-1111', clientSecret: '****' };
  const app = { ...desiredApplication(c), id: 'app-obj-1', appId: 'app-id-1' };
  t.identityProviders = [idp, { id: 'Google-OAUTH', '@odata.type': '#microsoft.graph.socialIdentityProvider', displayName: 'Google' }];
  t.userFlow = { id: c.userFlow.id, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3, ...desiredFlowSettings(c) };
  t.userFlowLinks = [idp.id];
  t.applications = [app];
  t.servicePrincipals = [{ id: 'sp-1', appId: app.appId, displayName: app.displayName, oauth2PermissionGrants: [{ id: 'grant-1', clientId: 'sp-1', consentType: 'AllPrincipals', resourceId: GRAPH_SP_ID, scope: 'openid offline_access' }] }];
  // The documented API: the flow's application claims cannot be read (Graph's unknown-segment answer).
  t.applicationClaims = { kind: 'unavailable', status: 400, code: 'BadRequest' };
  return t;
}
