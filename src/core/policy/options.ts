// The options of the custom-policy generator, made from the resolved configuration (the file's `customPolicy`
// object is validated by the field table like every other field), and the documented token-lifetime ranges of the
// JWT issuer technical profile (jwt-issuer-technical-profile.md; min and max inclusive). Pure: the webview bundle
// imports the ranges through the field table.
import { DEFAULT_POLICY_CLAIMS, DEFAULT_POLICY_NAME } from '../config/defaults';
import type { ItsmeSetupConfig } from '../config/types';
import { metadataUrlFor } from '../itsme/endpoints';

export type Assurance = 'basic' | 'advanced';
export type UiLocale = 'nl' | 'fr' | 'de' | 'en';
export const UI_LOCALES: readonly UiLocale[] = ['nl', 'fr', 'de', 'en'];

export interface TokenLifetimes {
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
  /** The refresh token's sliding window in seconds, or 'noExpiry' (allow_infinite_rolling_refresh_token). */
  rollingWindow: number | 'noExpiry';
}

export interface CustomPolicyOptions {
  /** name.onmicrosoft.com: the policies' TenantId. */
  tenant: string;
  /** The policy name without prefix: the files are B2C_1A_<name>_base and B2C_1A_<name>. */
  name: string;
  /** itsme's OpenID configuration URL. */
  metadataUrl: string;
  partnerCode: string;
  serviceCode: string;
  claims: string[];
  assurance: Assurance;
  /** Fixed language of itsme's pages; absent: itsme's own choice. */
  uiLocale?: UiLocale;
  lifetimes: TokenLifetimes;
}

export const LIFETIME_RANGES = {
  accessTokenSeconds: { min: 300, max: 86400, default: 3600 },
  idTokenSeconds: { min: 300, max: 86400, default: 3600 },
  refreshTokenSeconds: { min: 86400, max: 7776000, default: 1209600 },
  rollingWindow: { min: 86400, max: 31536000, default: 7776000 },
} as const;

/**
 * The generator's options for a resolved configuration (validated by the field table, src/core/config/fields.ts):
 * its `customPolicy` settings, itsme's codes, and the metadata URL the user flow would use (environment and
 * generation, or the custom URL). tenantDomain is the tenant's name.onmicrosoft.com domain: the policies' TenantId.
 * A configuration without `customPolicy` (a user-flow one) gets the variant's defaults.
 */
export function policyOptionsOf(config: ItsmeSetupConfig, tenantDomain: string): CustomPolicyOptions {
  const cp = config.customPolicy;
  return {
    tenant: tenantDomain,
    name: cp?.name ?? DEFAULT_POLICY_NAME,
    metadataUrl: metadataUrlFor(config.itsme.environment, config.itsme.generation, config.itsme.customMetadataUrl),
    partnerCode: config.itsme.partnerCode,
    serviceCode: config.itsme.serviceCode,
    claims: [...(cp?.claims ?? DEFAULT_POLICY_CLAIMS)],
    assurance: cp?.assurance ?? 'basic',
    ...(cp?.uiLocale ? { uiLocale: cp.uiLocale } : {}),
    lifetimes: { ...(cp?.lifetimes ?? DEFAULT_LIFETIMES) },
  };
}

const DEFAULT_LIFETIMES: TokenLifetimes = {
  accessTokenSeconds: LIFETIME_RANGES.accessTokenSeconds.default,
  idTokenSeconds: LIFETIME_RANGES.idTokenSeconds.default,
  refreshTokenSeconds: LIFETIME_RANGES.refreshTokenSeconds.default,
  rollingWindow: LIFETIME_RANGES.rollingWindow.default,
};
