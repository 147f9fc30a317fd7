// What the custom-policy variant shows after a plan: Run user flow with p=B2C_1A_<N> (b2c-custom-policy.md §4), the
// relying party's discovery document, the redirect URIs for itsme (the same as the user flow's, since the itsme
// technical profile sets UsePolicyInRedirectUri=false), portal links and the generated files.
import type { ItsmeSetupConfig } from '../../config/types';
import { itsmeRedirectUris, loginLocation, policyDiscoveryUrl, portalLinks, runUserFlowUrl } from '../../urls';
import type { ObservedTenant } from '../observe';
import type { PlanOutputs } from '../types';
import { customPolicyOutputs, desiredCustomPolicy } from './desired';

export function customPolicyPlanOutputs(config: ItsmeSetupConfig, observed: ObservedTenant, appId?: string): PlanOutputs {
  const loc = loginLocation(observed.tenant.initialDomain, observed.tenant.shortName, config.tenant.loginHost);
  const d = desiredCustomPolicy(config, observed.tenant.initialDomain);
  const rp = d.ids.relyingParty;
  const { userFlowProperties: _flowOnly, ...portal } = portalLinks(loc, rp, appId);
  return {
    variant: 'customPolicy',
    customPolicy: customPolicyOutputs(d),
    kind: 'b2c',
    loginHost: loc.loginHost,
    runUserFlowUrl: appId ? runUserFlowUrl(loc, { flowId: rp, clientId: appId, redirectUri: config.app.redirectUris[0] }) : undefined,
    itsmeRedirectUris: itsmeRedirectUris(loc),
    policyDiscoveryUrl: policyDiscoveryUrl(loc, rp),
    portal: {
      ...portal,
      // GUESS: the portal blade of Identity Experience Framework (custom policies and policy keys).
      identityExperienceFramework: `https://portal.azure.com/${loc.initialDomain}#view/Microsoft_AAD_B2CAdmin/TenantManagementMenuBlade/~/IdentityExperienceFramework`,
    },
  };
}
