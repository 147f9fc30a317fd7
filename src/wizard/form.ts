// The form ⇄ configuration file. The wizard validates by building the very file the CLI reads and handing it to the
// engine's resolveConfig, so the inline messages are the engine's messages, word for word.
import { resolveConfig, toConfigFile } from '../core/config/validate';
import type { ConfigResult, ItsmeSetupConfig } from '../core/config/types';
import {
  DEFAULT_APP_NAME,
  DEFAULT_CLAIMS_MAPPING,
  DEFAULT_FLOW_NAME,
  DEFAULT_IDP_NAME,
  DEFAULT_REDIRECT_URIS,
  DEFAULT_TOKEN_LIFETIME_MINUTES,
} from '../core/config/defaults';
import { splitList, type WizardForm } from './fields';

/** Days offered when the user switches the refresh window to "bounded" (B2C's own default is 90). */
const DEFAULT_SLIDING_DAYS = '90';

export function defaultForm(): WizardForm {
  return {
    tenant: '',
    loginHost: '',
    environment: 'e2e',
    generation: 'v2',
    metadataUrl: '',
    partnerCode: '',
    serviceCode: '',
    scopePhone: false,
    scopeAddress: false,
    idpDisplayName: DEFAULT_IDP_NAME,
    claimUserId: DEFAULT_CLAIMS_MAPPING.userId,
    claimDisplayName: DEFAULT_CLAIMS_MAPPING.displayName,
    claimGivenName: DEFAULT_CLAIMS_MAPPING.givenName ?? '',
    claimSurname: DEFAULT_CLAIMS_MAPPING.surname ?? '',
    claimEmail: DEFAULT_CLAIMS_MAPPING.email ?? '',
    domainHint: '',
    flowName: DEFAULT_FLOW_NAME,
    tokenLifetimeMinutes: String(DEFAULT_TOKEN_LIFETIME_MINUTES),
    slidingWindow: 'noExpiry',
    slidingWindowDays: DEFAULT_SLIDING_DAYS,
    appDisplayName: DEFAULT_APP_NAME,
    redirectUris: DEFAULT_REDIRECT_URIS.join('\n'),
    implicitIdTokens: true,
    implicitAccessTokens: true,
    adminConsent: true,
  };
}

/** A number when the text is one, else the text itself, so the engine reports it with its own message. */
function numberOrText(text: string): number | string {
  const s = text.trim();
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

function optional(text: string): string | undefined {
  return text.trim() ? text : undefined;
}

/** The configuration file (the shape resolveConfig reads) for the form, values as typed. */
export function formToConfigFile(form: WizardForm): Record<string, unknown> {
  const file: Record<string, unknown> = {
    tenant: optional(form.tenant),
    loginHost: optional(form.loginHost),
    itsme: {
      environment: form.environment,
      generation: form.generation,
      // The engine refuses a metadata URL with a built-in generation; a URL typed before switching away is kept
      // in the form (going back keeps values) but not sent.
      metadataUrl: form.generation === 'custom' ? form.metadataUrl : undefined,
      partnerCode: form.partnerCode,
      serviceCode: form.serviceCode,
      scopes: { phone: form.scopePhone, address: form.scopeAddress },
    },
    identityProvider: {
      displayName: form.idpDisplayName,
      claimsMapping: {
        userId: form.claimUserId,
        displayName: form.claimDisplayName,
        givenName: form.claimGivenName,
        surname: form.claimSurname,
        email: form.claimEmail,
      },
      domainHint: optional(form.domainHint),
    },
    userFlow: {
      name: form.flowName,
      tokenLifetimeMinutes: numberOrText(form.tokenLifetimeMinutes),
      refreshSlidingWindow: form.slidingWindow === 'bounded' ? { days: numberOrText(form.slidingWindowDays) } : 'noExpiry',
    },
    app: {
      displayName: form.appDisplayName,
      redirectUris: splitList(form.redirectUris),
      implicitGrant: { idTokens: form.implicitIdTokens, accessTokens: form.implicitAccessTokens },
      adminConsent: form.adminConsent,
    },
  };
  return JSON.parse(JSON.stringify(file)) as Record<string, unknown>; // drops the undefined keys, as a file would
}

/** Validates the whole form with the engine. */
export function buildConfig(form: WizardForm): ConfigResult {
  return resolveConfig(formToConfigFile(form));
}

function text(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function flag(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The form for a configuration file (e.g. a saved one): lenient, anything unreadable keeps its default. */
export function formFromConfigFile(input: unknown): WizardForm {
  const d = defaultForm();
  const file = obj(input);
  const itsme = obj(file['itsme']);
  const scopes = obj(itsme['scopes']);
  const idp = obj(file['identityProvider']);
  const claims = obj(idp['claimsMapping']);
  const flow = obj(file['userFlow']);
  const window = flow['refreshSlidingWindow'];
  const app = obj(file['app']);
  const grant = obj(app['implicitGrant']);
  const redirects = Array.isArray(app['redirectUris']) ? app['redirectUris'].filter((u): u is string => typeof u === 'string') : undefined;
  const bounded = typeof obj(window)['days'] === 'number';
  return {
    tenant: text(file['tenant'], d.tenant),
    loginHost: text(file['loginHost'], d.loginHost),
    environment: text(itsme['environment'], d.environment),
    generation: text(itsme['generation'], typeof itsme['metadataUrl'] === 'string' ? 'custom' : d.generation),
    metadataUrl: text(itsme['metadataUrl'], d.metadataUrl),
    partnerCode: text(itsme['partnerCode'], d.partnerCode),
    serviceCode: text(itsme['serviceCode'], d.serviceCode),
    scopePhone: flag(scopes['phone'], d.scopePhone),
    scopeAddress: flag(scopes['address'], d.scopeAddress),
    idpDisplayName: text(idp['displayName'], d.idpDisplayName),
    // A claim absent from a saved mapping was removed on purpose: keep it empty rather than re-adding the default.
    claimUserId: text(claims['userId'], d.claimUserId),
    claimDisplayName: text(claims['displayName'], d.claimDisplayName),
    claimGivenName: text(claims['givenName'], idp['claimsMapping'] ? '' : d.claimGivenName),
    claimSurname: text(claims['surname'], idp['claimsMapping'] ? '' : d.claimSurname),
    claimEmail: text(claims['email'], idp['claimsMapping'] ? '' : d.claimEmail),
    domainHint: text(idp['domainHint'], d.domainHint),
    flowName: text(flow['name'], d.flowName),
    tokenLifetimeMinutes: text(flow['tokenLifetimeMinutes'], d.tokenLifetimeMinutes),
    slidingWindow: bounded ? 'bounded' : d.slidingWindow,
    slidingWindowDays: bounded ? text(obj(window)['days'], d.slidingWindowDays) : d.slidingWindowDays,
    appDisplayName: text(app['displayName'], d.appDisplayName),
    redirectUris: redirects?.length ? redirects.join('\n') : d.redirectUris,
    implicitIdTokens: flag(grant['idTokens'], d.implicitIdTokens),
    implicitAccessTokens: flag(grant['accessTokens'], d.implicitAccessTokens),
    adminConsent: flag(app['adminConsent'], d.adminConsent),
  };
}

/** The form for a resolved configuration (through its file form, so both directions share one mapping). */
export function formFromConfig(config: ItsmeSetupConfig): WizardForm {
  return formFromConfigFile(toConfigFile(config));
}
