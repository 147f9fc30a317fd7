// The Graph objects a configuration asks for, as request bodies (graph-b2c.md §1–§3, the portal form mapped).
import { metadataUrlOf } from '../config/validate';
import { FLOW_PREFIX } from '../config/defaults';
import type { ItsmeSetupConfig } from '../config/types';
import { buildScope } from '../itsme/scopes';
import type { TenantKind } from './tenant';
import { EXTERNAL_GUESSES } from './external/guesses';
import {
  APP_TAG,
  MICROSOFT_GRAPH_APP_ID,
  OIDC_ODATA_TYPE,
  SCOPE_IDS,
  type GraphApplication,
  type GraphIdentityProvider,
  type TokenLifetimeConfiguration,
} from '../graph/model';

/** Stands for the itsme client secret in every request shown to people; replaced only when the request is sent. */
export const SECRET_MARKER = '<itsme client secret: from SecretStorage / ITSME_CLIENT_SECRET>';
export const CONSENT_SCOPES = ['openid', 'offline_access'] as const;

export type DesiredIdentityProvider = Required<Pick<GraphIdentityProvider, '@odata.type' | 'displayName' | 'clientId' | 'metadataUrl' | 'scope' | 'responseType' | 'responseMode'>> &
  Pick<GraphIdentityProvider, 'claimsMapping' | 'domainHint'>;

export function desiredIdentityProvider(config: ItsmeSetupConfig): DesiredIdentityProvider {
  const { itsme, identityProvider } = config;
  return {
    '@odata.type': OIDC_ODATA_TYPE,
    displayName: identityProvider.displayName,
    clientId: itsme.partnerCode,
    metadataUrl: metadataUrlOf(config),
    scope: buildScope(itsme.serviceCode, itsme.scopes),
    responseType: 'code',
    responseMode: 'query',
    claimsMapping: { ...identityProvider.claimsMapping },
    ...(identityProvider.domainHint ? { domainHint: identityProvider.domainHint } : {}),
  };
}

/** The create body: the documented example sends the name without the prefix the service adds. */
export function desiredUserFlow(config: ItsmeSetupConfig): { id: string; userFlowType: string; userFlowTypeVersion: number } {
  return {
    id: config.userFlow.id.slice(FLOW_PREFIX.length),
    userFlowType: config.userFlow.type,
    userFlowTypeVersion: config.userFlow.version,
  };
}

/**
 * Token lifetimes and MFA through the undocumented user-flow properties (graph-b2c.md §2.4). Only the values the
 * guide sets are sent; -1 means "No expiry" for the rolling refresh window.
 */
export function desiredFlowSettings(config: ItsmeSetupConfig): {
  tokenLifetimeConfiguration: TokenLifetimeConfiguration;
  multifactorAuthenticationConfiguration: { multifactorAuthenticationState: string };
} {
  const w = config.userFlow.refreshSlidingWindow;
  return {
    tokenLifetimeConfiguration: {
      accessAndIdTokenLifetimeInMinutes: config.userFlow.accessAndIdTokenLifetimeMinutes,
      rollingRefreshTokenLifetimeInDays: w.kind === 'noExpiry' ? -1 : w.days,
    },
    multifactorAuthenticationConfiguration: { multifactorAuthenticationState: config.userFlow.mfa },
  };
}

export function desiredApplication(config: ItsmeSetupConfig, kind: TenantKind = 'b2c'): Omit<GraphApplication, 'id' | 'appId'> & { isFallbackPublicClient: boolean } {
  const { app } = config;
  return {
    displayName: app.displayName,
    ...(kind === 'external'
      ? // External ID: "Accounts in this organizational directory only" (external-id.md §5; GUESS: the only one accepted).
        { signInAudience: EXTERNAL_GUESSES.signInAudience }
      : {
          // "Accounts in any identity provider or organizational directory (for authenticating users with user flows)".
          signInAudience: 'AzureADandPersonalMicrosoftAccount',
          // Required with that audience, in the same payload (InvalidAccessTokenVersion otherwise).
          api: { requestedAccessTokenVersion: 2 },
        }),
    tags: [APP_TAG],
    web: {
      redirectUris: [...app.redirectUris],
      implicitGrantSettings: {
        enableIdTokenIssuance: app.implicitGrant.idTokens,
        enableAccessTokenIssuance: app.implicitGrant.accessTokens,
      },
    },
    requiredResourceAccess: [
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: [
          { id: SCOPE_IDS.openid, type: 'Scope' },
          { id: SCOPE_IDS.offline_access, type: 'Scope' },
        ],
      },
    ],
    isFallbackPublicClient: false,
  };
}
