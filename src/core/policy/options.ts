// The options of the custom-policy variant (the configuration file's `customPolicy` object), validated with
// messages that name the field, and the documented token-lifetime ranges of the JWT issuer technical profile
// (jwt-issuer-technical-profile.md; min and max inclusive).
import * as l10n from '@vscode/l10n';
import { ITSME_CLAIM_KEYS } from './claims';

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

export const ITSME_METADATA_URLS = {
  v2: { e2e: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration', prd: 'https://idp.prd.itsme.services/v2/.well-known/openid-configuration' },
  legacy: {
    e2e: 'https://oidc.e2e.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration',
    prd: 'https://oidc.prd.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration',
  },
} as const;

export interface OptionIssue {
  field: string;
  message: string;
}

export type OptionsResult = { ok: true; options: CustomPolicyOptions } | { ok: false; issues: OptionIssue[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const KNOWN = ['tenant', 'name', 'environment', 'generation', 'metadataUrl', 'partnerCode', 'serviceCode', 'claims', 'assurance', 'uiLocale', 'tokenLifetimes'];
const KNOWN_LIFETIMES = ['accessTokenSeconds', 'idTokenSeconds', 'refreshTokenSeconds', 'rollingWindow'];

/**
 * Reads `customPolicy` (raw JSON). tenant, partnerCode, serviceCode, environment and generation fall back to the
 * file's `tenant` and `itsme` section, so one file can serve both variants.
 */
export function resolveCustomPolicyOptions(file: unknown): OptionsResult {
  const issues: OptionIssue[] = [];
  const add = (field: string, message: string): void => void issues.push({ field, message });
  const root = isObj(file) ? file : {};
  const raw = root['customPolicy'];
  if (!isObj(raw)) return { ok: false, issues: [{ field: 'customPolicy', message: l10n.t('customPolicy: the configuration needs a "customPolicy" object for the custom-policy variant.') }] };
  const itsme = isObj(root['itsme']) ? root['itsme'] : {};
  for (const k of Object.keys(raw)) if (!KNOWN.includes(k)) add(`customPolicy.${k}`, l10n.t('Unknown field "{0}". Allowed here: {1}.', `customPolicy.${k}`, KNOWN.join(', ')));

  const str = (field: string, value: unknown, pattern: RegExp, message: string): string => {
    if (typeof value !== 'string' || !pattern.test(value.trim())) {
      add(field, message);
      return '';
    }
    return value.trim();
  };
  const tenant = str('customPolicy.tenant', raw['tenant'] ?? root['tenant'], /^[A-Za-z0-9]{1,27}\.onmicrosoft\.com$/, l10n.t('customPolicy.tenant: give the B2C tenant\'s domain, e.g. contoso.onmicrosoft.com.'));
  const name = str('customPolicy.name', raw['name'] ?? 'itsme', /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, l10n.t('customPolicy.name: 1 to 40 letters, digits, "_" or "-" (the service adds B2C_1A_).'));
  if (/^b2c_1a_/i.test(name)) add('customPolicy.name', l10n.t('customPolicy.name: leave out the B2C_1A_ prefix; it is added for you.'));
  const partnerCode = str('customPolicy.partnerCode', raw['partnerCode'] ?? itsme['partnerCode'], /^\S+$/, l10n.t('customPolicy.partnerCode: the itsme partner code (client id) is required.'));
  const serviceCode = str('customPolicy.serviceCode', raw['serviceCode'] ?? itsme['serviceCode'], /^\S+$/, l10n.t('customPolicy.serviceCode: the itsme service code is required (it becomes the scope service:<code>).'));

  let metadataUrl = '';
  if (raw['metadataUrl'] !== undefined) {
    metadataUrl = str('customPolicy.metadataUrl', raw['metadataUrl'], /^https:\/\/\S+$/, l10n.t('customPolicy.metadataUrl: an https URL of an OpenID configuration.'));
  } else {
    const env = raw['environment'] ?? itsme['environment'] ?? 'e2e';
    const gen = raw['generation'] ?? itsme['generation'] ?? 'v2';
    if (env !== 'e2e' && env !== 'prd') add('customPolicy.environment', l10n.t('customPolicy.environment: "e2e" or "prd".'));
    else if (gen !== 'v2' && gen !== 'legacy') add('customPolicy.generation', l10n.t('customPolicy.generation: "v2" or "legacy" (or give customPolicy.metadataUrl).'));
    else metadataUrl = ITSME_METADATA_URLS[gen][env];
  }

  const claimsRaw = raw['claims'] ?? ['nationalNumber'];
  let claims: string[] = [];
  if (!Array.isArray(claimsRaw) || claimsRaw.some((c) => typeof c !== 'string' || !ITSME_CLAIM_KEYS.includes(c))) {
    add('customPolicy.claims', l10n.t('customPolicy.claims: a list of these itsme claims: {0}.', ITSME_CLAIM_KEYS.join(', ')));
  } else {
    claims = [...new Set(claimsRaw as string[])];
  }

  const assurance = raw['assurance'] ?? 'basic';
  if (assurance !== 'basic' && assurance !== 'advanced') add('customPolicy.assurance', l10n.t('customPolicy.assurance: "basic" or "advanced" (itsme code forced).'));
  const uiLocale = raw['uiLocale'];
  if (uiLocale !== undefined && !UI_LOCALES.includes(uiLocale as UiLocale)) add('customPolicy.uiLocale', l10n.t('customPolicy.uiLocale: one of {0}, or leave it out.', UI_LOCALES.join(', ')));

  const lt = raw['tokenLifetimes'] ?? {};
  const lifetimes: TokenLifetimes = { accessTokenSeconds: 0, idTokenSeconds: 0, refreshTokenSeconds: 0, rollingWindow: 0 };
  if (!isObj(lt)) {
    add('customPolicy.tokenLifetimes', l10n.t('customPolicy.tokenLifetimes: an object with {0}.', KNOWN_LIFETIMES.join(', ')));
  } else {
    for (const k of Object.keys(lt)) if (!KNOWN_LIFETIMES.includes(k)) add(`customPolicy.tokenLifetimes.${k}`, l10n.t('Unknown field "{0}". Allowed here: {1}.', `customPolicy.tokenLifetimes.${k}`, KNOWN_LIFETIMES.join(', ')));
    for (const key of KNOWN_LIFETIMES as Array<keyof TokenLifetimes>) {
      const range = LIFETIME_RANGES[key];
      const v = lt[key] ?? range.default;
      const field = `customPolicy.tokenLifetimes.${key}`;
      if (key === 'rollingWindow' && v === 'noExpiry') {
        lifetimes.rollingWindow = 'noExpiry';
      } else if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
        const extra = key === 'rollingWindow' ? l10n.t(', or "noExpiry"') : '';
        add(field, l10n.t('{0}: a whole number of seconds from {1} to {2}{3}.', field, range.min, range.max, extra));
      } else {
        lifetimes[key] = v;
      }
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, options: { tenant, name, metadataUrl, partnerCode, serviceCode, claims, assurance: assurance as Assurance, ...(uiLocale ? { uiLocale: uiLocale as UiLocale } : {}), lifetimes } };
}
