// Turns a configuration file (plain JSON, partial) into a complete ItsmeSetupConfig, with the guide's defaults,
// or a list of issues that each name the field and say how to fix it. Values are never echoed for secret-like
// fields, so a secret pasted into the wrong place does not leak through an error message.
import * as l10n from '@vscode/l10n';
import { SERVICE_CODE_PATTERN } from '../itsme/scopes';
import { ENVIRONMENTS, GENERATIONS, metadataUrlFor } from '../itsme/endpoints';
import {
  DEFAULT_APP_NAME,
  DEFAULT_CLAIMS_MAPPING,
  DEFAULT_FLOW_NAME,
  DEFAULT_FLOW_VERSION,
  DEFAULT_IDP_NAME,
  DEFAULT_REDIRECT_URIS,
  DEFAULT_TOKEN_LIFETIME_MINUTES,
  FLOW_PREFIX,
  SLIDING_WINDOW_DAYS_BOUNDS,
  TOKEN_LIFETIME_BOUNDS,
} from './defaults';
import type {
  ClaimsMapping,
  ConfigIssue,
  ConfigResult,
  EndpointGeneration,
  ItsmeEnvironment,
  ItsmeSetupConfig,
  RefreshSlidingWindow,
} from './types';
import { checkRedirectUri } from './redirectUri';

type Obj = Record<string, unknown>;

/** The fields a configuration file may hold, per section (anything else is a typo or a misplaced secret). */
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': ['$schema', 'tenant', 'loginHost', 'itsme', 'identityProvider', 'userFlow', 'app'],
  itsme: ['environment', 'generation', 'metadataUrl', 'partnerCode', 'serviceCode', 'scopes'],
  'itsme.scopes': ['phone', 'address'],
  identityProvider: ['displayName', 'claimsMapping', 'domainHint'],
  'identityProvider.claimsMapping': ['userId', 'displayName', 'givenName', 'surname', 'email'],
  userFlow: ['name', 'type', 'version', 'tokenLifetimeMinutes', 'refreshSlidingWindow', 'mfa'],
  app: ['displayName', 'redirectUris', 'implicitGrant', 'adminConsent'],
  'app.implicitGrant': ['idTokens', 'accessTokens'],
};

const SECRET_LIKE = /secret|password|credential/i;
const PARTNER_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const FLOW_NAME_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;
const CLAIM_NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,100}$/;
const DOMAIN_HINT_PATTERN = /^[A-Za-z0-9.-]{1,64}$/;
const HOSTNAME_PATTERN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Collector {
  readonly issues: ConfigIssue[] = [];
  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }
}

function section(input: Obj, key: string, c: Collector): Obj {
  const v = input[key];
  if (v === undefined) return {};
  if (!isObj(v)) {
    c.add(key, l10n.t('"{0}" must be an object with its own fields (see the README\'s example).', key));
    return {};
  }
  return v;
}

function checkUnknown(obj: Obj, path: string, c: Collector): void {
  const known = KNOWN_FIELDS[path] ?? [];
  for (const key of Object.keys(obj)) {
    const field = path ? `${path}.${key}` : key;
    if (SECRET_LIKE.test(key)) {
      c.add(field, l10n.t('Secrets are never part of the configuration. Remove "{0}" and supply the itsme client secret through SecretStorage (extension) or the ITSME_CLIENT_SECRET environment variable / --itsme-secret-stdin (CLI).', field));
    } else if (!known.includes(key)) {
      c.add(field, l10n.t('Unknown field "{0}". Allowed here: {1}.', field, known.join(', ')));
    }
  }
}

function str(obj: Obj, key: string, path: string, c: Collector, fallback?: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v !== 'string') {
    c.add(`${path}.${key}`, l10n.t('"{0}" must be a string.', `${path}.${key}`));
    return fallback;
  }
  return v.trim();
}

function bool(obj: Obj, key: string, path: string, c: Collector, fallback: boolean): boolean {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') {
    c.add(`${path}.${key}`, l10n.t('"{0}" must be true or false.', `${path}.${key}`));
    return fallback;
  }
  return v;
}

function int(obj: Obj, key: string, path: string, c: Collector, fallback: number, min: number, max: number): number {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    c.add(`${path}.${key}`, l10n.t('"{0}" must be a whole number from {1} to {2}.', `${path}.${key}`, min, max));
    return fallback;
  }
  return v;
}

/** A host name (or address) with an optional port, nothing else: what goes between https:// and the path. */
function isHostWithOptionalPort(v: string): boolean {
  try {
    const u = new URL(`https://${v}`);
    return u.host === v.toLowerCase() && u.pathname === '/' && !u.username && !u.search;
  } catch {
    return false;
  }
}

function resolveTenant(input: Obj, c: Collector): ItsmeSetupConfig['tenant'] {
  const tenant = str(input, 'tenant', '', c);
  if (tenant !== undefined && !GUID_PATTERN.test(tenant) && !HOSTNAME_PATTERN.test(tenant)) {
    c.add('tenant', l10n.t('"tenant" must be the tenant id (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com.'));
  }
  const loginHost = str(input, 'loginHost', '', c);
  if (loginHost !== undefined && !isHostWithOptionalPort(loginHost)) {
    c.add('loginHost', l10n.t('"loginHost" must be a host name such as login.contoso.com (no https://, no path). Leave it out to use <tenant>.b2clogin.com.'));
  }
  return { tenant, loginHost };
}

function resolveItsme(input: Obj, c: Collector): ItsmeSetupConfig['itsme'] {
  const s = section(input, 'itsme', c);
  checkUnknown(s, 'itsme', c);
  const environment = str(s, 'environment', 'itsme', c, 'e2e') as ItsmeEnvironment;
  if (!ENVIRONMENTS.includes(environment)) {
    c.add('itsme.environment', l10n.t('"itsme.environment" must be "e2e" (itsme test environment) or "prd" (production).'));
  }
  const metadataUrl = str(s, 'metadataUrl', 'itsme', c);
  const generation = str(s, 'generation', 'itsme', c, metadataUrl ? 'custom' : 'v2') as EndpointGeneration;
  if (!GENERATIONS.includes(generation)) {
    c.add('itsme.generation', l10n.t('"itsme.generation" must be "v2" (partners onboarded since 2025-06-25), "legacy" (the csapi client-secret API, onboarded earlier) or "custom" with "itsme.metadataUrl".'));
  }
  if (generation === 'custom') {
    if (!metadataUrl) {
      c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" is required when "itsme.generation" is "custom": give the https URL of the .well-known/openid-configuration document.'));
    } else {
      checkMetadataUrl(metadataUrl, c);
    }
  } else if (metadataUrl) {
    c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" is only used with "itsme.generation": "custom". Remove it, or set the generation to "custom".'));
  }
  const partnerCode = str(s, 'partnerCode', 'itsme', c) ?? '';
  if (!partnerCode) {
    c.add('itsme.partnerCode', l10n.t('"itsme.partnerCode" is required: it is the client id itsme gave you at onboarding (e.g. abcd1234).'));
  } else if (!PARTNER_CODE_PATTERN.test(partnerCode)) {
    c.add('itsme.partnerCode', l10n.t('"itsme.partnerCode" may only hold letters, digits, "_", "-" and "." (no spaces), at most 64 characters: copy it exactly as itsme sent it.'));
  }
  const serviceCode = str(s, 'serviceCode', 'itsme', c) ?? '';
  if (!serviceCode) {
    c.add('itsme.serviceCode', l10n.t('"itsme.serviceCode" is required: it is the code of your itsme service (sent as scope service:<CODE>), e.g. MYBANK_LOGIN.'));
  } else if (serviceCode.toLowerCase().startsWith('service:')) {
    c.add('itsme.serviceCode', l10n.t('"itsme.serviceCode" must be the code alone, without the "service:" prefix; the scope adds it.'));
  } else if (!SERVICE_CODE_PATTERN.test(serviceCode)) {
    c.add('itsme.serviceCode', l10n.t('"itsme.serviceCode" may only hold letters, digits, "_", "-" and "." (no spaces or other characters, which would add scopes), at most 64 characters.'));
  }
  const scopes = section(s, 'scopes', c);
  checkUnknown(scopes, 'itsme.scopes', c);
  return {
    environment,
    generation,
    customMetadataUrl: generation === 'custom' ? metadataUrl : undefined,
    partnerCode,
    serviceCode,
    scopes: {
      phone: bool(scopes, 'phone', 'itsme.scopes', c, false),
      address: bool(scopes, 'address', 'itsme.scopes', c, false),
    },
  };
}

function checkMetadataUrl(url: string, c: Collector): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" is not a valid URL.'));
    return;
  }
  if (u.protocol !== 'https:') {
    c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" must use https.'));
  } else if (u.search || u.hash) {
    c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" must not have a query string or fragment: B2C rejects them.'));
  } else if (!u.pathname.endsWith('/.well-known/openid-configuration')) {
    c.add('itsme.metadataUrl', l10n.t('"itsme.metadataUrl" must end with /.well-known/openid-configuration.'));
  }
}

function resolveIdp(input: Obj, c: Collector): ItsmeSetupConfig['identityProvider'] {
  const s = section(input, 'identityProvider', c);
  checkUnknown(s, 'identityProvider', c);
  const displayName = str(s, 'displayName', 'identityProvider', c, DEFAULT_IDP_NAME) ?? DEFAULT_IDP_NAME;
  if (displayName.length > 100 || /[\u0000-\u001f]/.test(displayName)) {
    c.add('identityProvider.displayName', l10n.t('"identityProvider.displayName" is the sign-in button label: at most 100 printable characters.'));
  }
  const cm = s['claimsMapping'] === undefined ? {} : section(s, 'claimsMapping', c);
  checkUnknown(cm, 'identityProvider.claimsMapping', c);
  const claimsMapping: ClaimsMapping = { ...DEFAULT_CLAIMS_MAPPING };
  for (const key of KNOWN_FIELDS['identityProvider.claimsMapping'] ?? []) {
    const field = `identityProvider.claimsMapping.${key}`;
    const v = cm[key];
    if (v === undefined) continue;
    if (v === null || v === '') {
      if (key === 'userId' || key === 'displayName') {
        c.add(field, l10n.t('"{0}" is required by B2C: map it to an itsme claim (default: {1}).', field, DEFAULT_CLAIMS_MAPPING[key as 'userId' | 'displayName']));
      } else {
        delete (claimsMapping as unknown as Obj)[key];
      }
    } else if (typeof v !== 'string' || !CLAIM_NAME_PATTERN.test(v)) {
      c.add(field, l10n.t('"{0}" must be an itsme claim name such as sub, name, given_name, family_name or email.', field));
    } else {
      (claimsMapping as unknown as Obj)[key] = v;
    }
  }
  const domainHint = str(s, 'domainHint', 'identityProvider', c);
  if (domainHint !== undefined && !DOMAIN_HINT_PATTERN.test(domainHint)) {
    c.add('identityProvider.domainHint', l10n.t('"identityProvider.domainHint" may only hold letters, digits, "." and "-"; leave it out unless you need it (the guide leaves it empty).'));
  }
  return { displayName, claimsMapping, domainHint };
}

function resolveSlidingWindow(s: Obj, c: Collector): RefreshSlidingWindow {
  const v = s['refreshSlidingWindow'];
  const field = 'userFlow.refreshSlidingWindow';
  if (v === undefined || v === 'noExpiry') return { kind: 'noExpiry' };
  if (isObj(v) && Object.keys(v).length === 1 && typeof v['days'] === 'number') {
    const days = v['days'];
    if (Number.isInteger(days) && days >= SLIDING_WINDOW_DAYS_BOUNDS.min && days <= SLIDING_WINDOW_DAYS_BOUNDS.max) {
      return { kind: 'bounded', days };
    }
  }
  c.add(field, l10n.t('"{0}" must be "noExpiry" (the guide\'s choice) or an object with "days": N, N from {1} to {2}.', field, SLIDING_WINDOW_DAYS_BOUNDS.min, SLIDING_WINDOW_DAYS_BOUNDS.max));
  return { kind: 'noExpiry' };
}

function resolveFlow(input: Obj, c: Collector): ItsmeSetupConfig['userFlow'] {
  const s = section(input, 'userFlow', c);
  checkUnknown(s, 'userFlow', c);
  let name = str(s, 'name', 'userFlow', c, DEFAULT_FLOW_NAME) ?? DEFAULT_FLOW_NAME;
  // The service prepends B2C_1_; accept the name with or without it.
  if (name.toUpperCase().startsWith(FLOW_PREFIX.toUpperCase())) name = name.slice(FLOW_PREFIX.length);
  if (!FLOW_NAME_PATTERN.test(name)) {
    c.add('userFlow.name', l10n.t('"userFlow.name" may only hold letters, digits, "_" and "-", at most 50 characters (the B2C_1_ prefix is optional).'));
  }
  const type = str(s, 'type', 'userFlow', c, 'signUpOrSignIn');
  if (type !== 'signUpOrSignIn') {
    c.add('userFlow.type', l10n.t('"userFlow.type" must be "signUpOrSignIn" ("Sign up and sign in", as in the guide).'));
  }
  const mfa = str(s, 'mfa', 'userFlow', c, 'off');
  if (mfa !== 'off') {
    c.add('userFlow.mfa', l10n.t('"userFlow.mfa" must be "off": itsme already authenticates strongly and the guide disables MFA.'));
  }
  return {
    id: `${FLOW_PREFIX}${name}`,
    type: 'signUpOrSignIn',
    version: int(s, 'version', 'userFlow', c, DEFAULT_FLOW_VERSION, 1, 3),
    accessAndIdTokenLifetimeMinutes: int(s, 'tokenLifetimeMinutes', 'userFlow', c, DEFAULT_TOKEN_LIFETIME_MINUTES, TOKEN_LIFETIME_BOUNDS.min, TOKEN_LIFETIME_BOUNDS.max),
    refreshSlidingWindow: resolveSlidingWindow(s, c),
    mfa: 'off',
  };
}

function resolveApp(input: Obj, c: Collector): ItsmeSetupConfig['app'] {
  const s = section(input, 'app', c);
  checkUnknown(s, 'app', c);
  const displayName = str(s, 'displayName', 'app', c, DEFAULT_APP_NAME) ?? DEFAULT_APP_NAME;
  if (displayName.length > 120 || /[\u0000-\u001f]/.test(displayName)) {
    c.add('app.displayName', l10n.t('"app.displayName" must be at most 120 printable characters.'));
  }
  let redirectUris = DEFAULT_REDIRECT_URIS;
  const raw = s['redirectUris'];
  if (raw !== undefined) {
    if (!Array.isArray(raw) || raw.length === 0 || raw.some((u) => typeof u !== 'string')) {
      c.add('app.redirectUris', l10n.t('"app.redirectUris" must be a non-empty list of URLs, e.g. ["https://jwt.ms"].'));
    } else {
      raw.forEach((u: string, i: number) => {
        const problem = checkRedirectUri(u);
        if (problem) c.add(`app.redirectUris[${i}]`, problem);
      });
      redirectUris = [...new Set(raw as string[])];
    }
  }
  const ig = section(s, 'implicitGrant', c);
  checkUnknown(ig, 'app.implicitGrant', c);
  return {
    displayName,
    redirectUris,
    implicitGrant: {
      idTokens: bool(ig, 'idTokens', 'app.implicitGrant', c, true),
      accessTokens: bool(ig, 'accessTokens', 'app.implicitGrant', c, true),
    },
    adminConsent: bool(s, 'adminConsent', 'app', c, true),
  };
}

/** Validates a configuration file's content and fills in the guide's defaults. */
export function resolveConfig(input: unknown): ConfigResult {
  const c = new Collector();
  if (!isObj(input)) {
    return { ok: false, issues: [{ field: '', message: l10n.t('The configuration must be a JSON object.') }] };
  }
  checkUnknown(input, '', c);
  const config: ItsmeSetupConfig = {
    tenant: resolveTenant(input, c),
    itsme: resolveItsme(input, c),
    identityProvider: resolveIdp(input, c),
    userFlow: resolveFlow(input, c),
    app: resolveApp(input, c),
  };
  return c.issues.length ? { ok: false, issues: c.issues } : { ok: true, config };
}

/** The itsme discovery document URL this configuration points B2C at. */
export function metadataUrlOf(config: ItsmeSetupConfig): string {
  return metadataUrlFor(config.itsme.environment, config.itsme.generation, config.itsme.customMetadataUrl);
}

/** The configuration in its file form (what resolveConfig reads), e.g. for the wizard to save. Holds no secret. */
export function toConfigFile(config: ItsmeSetupConfig): Obj {
  const { itsme, identityProvider, userFlow, app, tenant } = config;
  return {
    ...(tenant.tenant ? { tenant: tenant.tenant } : {}),
    ...(tenant.loginHost ? { loginHost: tenant.loginHost } : {}),
    itsme: {
      environment: itsme.environment,
      generation: itsme.generation,
      ...(itsme.customMetadataUrl ? { metadataUrl: itsme.customMetadataUrl } : {}),
      partnerCode: itsme.partnerCode,
      serviceCode: itsme.serviceCode,
      scopes: { ...itsme.scopes },
    },
    identityProvider: {
      displayName: identityProvider.displayName,
      claimsMapping: { ...identityProvider.claimsMapping },
      ...(identityProvider.domainHint ? { domainHint: identityProvider.domainHint } : {}),
    },
    userFlow: {
      name: userFlow.id.slice(FLOW_PREFIX.length),
      type: userFlow.type,
      version: userFlow.version,
      tokenLifetimeMinutes: userFlow.accessAndIdTokenLifetimeMinutes,
      refreshSlidingWindow: userFlow.refreshSlidingWindow.kind === 'noExpiry' ? 'noExpiry' : { days: userFlow.refreshSlidingWindow.days },
      mfa: userFlow.mfa,
    },
    app: {
      displayName: app.displayName,
      redirectUris: [...app.redirectUris],
      implicitGrant: { ...app.implicitGrant },
      adminConsent: app.adminConsent,
    },
  };
}
