// The minimal itsme-only policy set, built as a typed model and then serialized: a base policy (claims schema,
// the itsme OpenID Connect technical profile, the JWT issuer, session management, the journey) and a relying-party
// policy. No local accounts, hence no login-NonInteractive profile and no IdentityExperienceFramework /
// ProxyIdentityExperienceFramework app registrations (reference b2c-custom-policy.md §2.1). Key sets are referenced
// by name only; their material lives in the tenant.
import * as l10n from '@vscode/l10n';
import { ITSME_CLAIMS } from './claims';
import type { ClaimReference, ClaimType, MetadataItem, TechnicalProfile, TrustFrameworkPolicy } from './model';
import { LIFETIME_RANGES, type CustomPolicyOptions } from './options';
import { serializePolicy } from './serialize';

export interface KeySetIds {
  itsmeSecret: string;
  tokenSigning: string;
  tokenEncryption: string;
}

/**
 * The key sets of one configuration, named after its policy so we never touch a starter pack's keys
 * (B2C_1A_TokenSigningKeyContainer …). POST keySets takes the id without B2C_1A_; the service adds it.
 */
export function keySetIds(name: string): KeySetIds {
  return { itsmeSecret: `B2C_1A_${name}ItsmeSecret`, tokenSigning: `B2C_1A_${name}TokenSigning`, tokenEncryption: `B2C_1A_${name}TokenEncryption` };
}

export const ACR_VALUES = {
  basic: 'http://itsme.services/v2/claim/acr_basic',
  advanced: 'http://itsme.services/v2/claim/acr_advanced',
} as const;

export const JOURNEY_ID = 'ItsmeSignIn';
export const ITSME_TP = 'Itsme-OIDC';
export const JWT_ISSUER_TP = 'JwtIssuer';
const SESSION_TP = 'SM-Noop';
/** "Required by the framework to be included in all custom policies" (hello-world tutorial). */
const TP_ENGINE = 'TpEngine_c3bd4fe2-1775-4013-b91d-35f16d377d13';

export class PolicyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyOptionsError';
  }
}

export interface GeneratedPolicy {
  id: string;
  xml: string;
}

export function policyIds(name: string): { base: string; relyingParty: string } {
  return { base: `B2C_1A_${name}_base`, relyingParty: `B2C_1A_${name}` };
}

/** Out-of-range lifetimes are refused here too, so a caller that skips options.ts never gets an unusable file. */
function checkLifetimes(o: CustomPolicyOptions): void {
  for (const key of Object.keys(LIFETIME_RANGES) as Array<keyof typeof LIFETIME_RANGES>) {
    const v = o.lifetimes[key];
    if (key === 'rollingWindow' && v === 'noExpiry') continue;
    const { min, max } = LIFETIME_RANGES[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new PolicyOptionsError(l10n.t('{0}: a whole number of seconds from {1} to {2}{3}.', `customPolicy.tokenLifetimes.${key}`, min, max, key === 'rollingWindow' ? l10n.t(', or "noExpiry"') : ''));
    }
  }
}

const claimType = (id: string, displayName: string, dataType: ClaimType['dataType'] = 'string', partner?: string): ClaimType => ({
  id,
  displayName,
  dataType,
  ...(partner ? { defaultPartnerClaimTypes: [{ protocol: 'OpenIdConnect', partnerClaimType: partner }] } : {}),
});

export function buildPolicyModels(o: CustomPolicyOptions): { base: TrustFrameworkPolicy; relyingParty: TrustFrameworkPolicy } {
  checkLifetimes(o);
  const ids = policyIds(o.name);
  const keys = keySetIds(o.name);
  const extra = ITSME_CLAIMS.filter((c) => o.claims.includes(c.key));
  const scopes = ['openid', `service:${o.serviceCode}`, 'profile', 'email'];
  for (const c of extra) if (c.scope && !scopes.includes(c.scope)) scopes.push(c.scope);
  // itsme recommends the ID token over userinfo; the claims parameter names each extra claim (null = voluntary).
  const claimsRequest = extra.length ? JSON.stringify({ id_token: Object.fromEntries(extra.map((c) => [c.itsmeClaim, null])) }) : undefined;

  const inputClaims: ClaimReference[] = [
    { claimTypeReferenceId: 'acr_values', defaultValue: ACR_VALUES[o.assurance], alwaysUseDefaultValue: true },
    ...(claimsRequest ? [{ claimTypeReferenceId: 'claims', defaultValue: claimsRequest, alwaysUseDefaultValue: true }] : []),
    ...(o.uiLocale ? [{ claimTypeReferenceId: 'ui_locales', defaultValue: o.uiLocale, alwaysUseDefaultValue: true }] : []),
  ];
  const itsmeMetadata: MetadataItem[] = [
    { key: 'METADATA', value: o.metadataUrl },
    { key: 'client_id', value: o.partnerCode },
    { key: 'response_types', value: 'code' },
    { key: 'response_mode', value: 'query' },
    { key: 'scope', value: scopes.join(' ') },
    { key: 'HttpBinding', value: 'POST' },
    { key: 'UsePolicyInRedirectUri', value: 'false' },
    { key: 'token_endpoint_auth_method', value: 'client_secret_post' },
  ];
  const itsme: TechnicalProfile = {
    id: ITSME_TP,
    displayName: 'itsme',
    protocol: { name: 'OpenIdConnect' },
    metadata: itsmeMetadata,
    cryptographicKeys: [{ id: 'client_secret', storageReferenceId: keys.itsmeSecret }],
    inputClaims,
    outputClaims: [
      { claimTypeReferenceId: 'issuerUserId', partnerClaimType: 'sub' },
      { claimTypeReferenceId: 'givenName', partnerClaimType: 'given_name' },
      { claimTypeReferenceId: 'surname', partnerClaimType: 'family_name' },
      { claimTypeReferenceId: 'displayName', partnerClaimType: 'name' },
      { claimTypeReferenceId: 'email', partnerClaimType: 'email' },
      // The assurance itsme applied (acr_basic / acr_advanced): the token check compares it with the configuration.
      { claimTypeReferenceId: 'itsmeAcr', partnerClaimType: 'acr' },
      ...extra.map((c) => ({ claimTypeReferenceId: c.claimTypeId, partnerClaimType: c.itsmeClaim })),
      { claimTypeReferenceId: 'identityProvider', defaultValue: 'itsme-id.com', alwaysUseDefaultValue: true },
      { claimTypeReferenceId: 'authenticationSource', defaultValue: 'socialIdpAuthentication', alwaysUseDefaultValue: true },
    ],
    useTechnicalProfileForSessionManagement: SESSION_TP,
  };
  const lt = o.lifetimes;
  const jwtIssuer: TechnicalProfile = {
    id: JWT_ISSUER_TP,
    displayName: 'JWT issuer',
    protocol: { name: 'None' },
    outputTokenFormat: 'JWT',
    metadata: [
      { key: 'client_id', value: '{service:te}' },
      // No user object is written, so the refresh token carries itsme's subject (the doc allows another claim).
      { key: 'issuer_refresh_token_user_identity_claim_type', value: 'issuerUserId' },
      { key: 'SendTokenResponseBodyWithJsonNumbers', value: 'true' },
      { key: 'token_lifetime_secs', value: String(lt.accessTokenSeconds) },
      { key: 'id_token_lifetime_secs', value: String(lt.idTokenSeconds) },
      { key: 'refresh_token_lifetime_secs', value: String(lt.refreshTokenSeconds) },
      lt.rollingWindow === 'noExpiry' ? { key: 'allow_infinite_rolling_refresh_token', value: 'true' } : { key: 'rolling_refresh_token_lifetime_secs', value: String(lt.rollingWindow) },
    ],
    cryptographicKeys: [
      { id: 'issuer_secret', storageReferenceId: keys.tokenSigning },
      { id: 'issuer_refresh_token_key', storageReferenceId: keys.tokenEncryption },
    ],
  };
  const base: TrustFrameworkPolicy = {
    tenantId: o.tenant,
    policyId: ids.base,
    publicPolicyUri: `http://${o.tenant}/${ids.base}`,
    buildingBlocks: {
      claimsSchema: [
        claimType('issuerUserId', 'Username'),
        claimType('identityProvider', 'Identity provider', 'string', 'idp'),
        claimType('authenticationSource', 'Authentication source'),
        claimType('displayName', 'Display name', 'string', 'name'),
        claimType('givenName', 'Given name', 'string', 'given_name'),
        claimType('surname', 'Surname', 'string', 'family_name'),
        claimType('email', 'Email address', 'string', 'email'),
        ...extra.map((c) => claimType(c.claimTypeId, c.displayName, c.dataType)),
        claimType('itsmeAcr', 'itsme assurance applied'),
        claimType('acr_values', 'itsme assurance level'),
        claimType('claims', 'itsme claims request'),
        claimType('ui_locales', 'itsme language'),
      ],
      contentDefinitions: [
        { id: 'api.idpselections', loadUri: '~/tenant/templates/AzureBlue/idpSelector.cshtml', recoveryUri: '~/common/default_page_error.html', dataUri: 'urn:com:microsoft:aad:b2c:elements:contract:providerselection:1.2.1' },
      ],
    },
    claimsProviders: [
      { displayName: 'itsme', technicalProfiles: [itsme] },
      { displayName: 'Token Issuer', technicalProfiles: [jwtIssuer] },
      { displayName: 'Session Management', technicalProfiles: [{ id: SESSION_TP, protocol: { name: 'Proprietary', handler: 'Web.TPEngine.SSO.NoopSSOSessionProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null' } }] },
      { displayName: 'Trustframework Policy Engine TechnicalProfiles', technicalProfiles: [{ id: TP_ENGINE, displayName: 'Technical profile for internal use only', protocol: { name: 'None' }, metadata: [{ key: 'url', value: '{service:te}' }] }] },
    ],
    userJourneys: [
      {
        id: JOURNEY_ID,
        orchestrationSteps: [
          // With one provider, DoNotShowSingleProvider (the default) sends the user straight to itsme.
          { order: 1, type: 'ClaimsProviderSelection', contentDefinitionReferenceId: 'api.idpselections', targetClaimsExchangeIds: ['ItsmeExchange'] },
          { order: 2, type: 'ClaimsExchange', claimsExchanges: [{ id: 'ItsmeExchange', technicalProfileReferenceId: ITSME_TP }] },
          { order: 3, type: 'SendClaims', cpimIssuerTechnicalProfileReferenceId: JWT_ISSUER_TP },
        ],
      },
    ],
  };
  const relyingParty: TrustFrameworkPolicy = {
    tenantId: o.tenant,
    policyId: ids.relyingParty,
    publicPolicyUri: `http://${o.tenant}/${ids.relyingParty}`,
    basePolicy: { tenantId: o.tenant, policyId: ids.base },
    relyingParty: {
      defaultUserJourney: JOURNEY_ID,
      technicalProfile: {
        id: 'PolicyProfile',
        displayName: 'PolicyProfile',
        protocol: { name: 'OpenIdConnect' },
        outputClaims: [
          { claimTypeReferenceId: 'issuerUserId', partnerClaimType: 'sub' },
          { claimTypeReferenceId: 'displayName', partnerClaimType: 'name' },
          { claimTypeReferenceId: 'givenName', partnerClaimType: 'given_name' },
          { claimTypeReferenceId: 'surname', partnerClaimType: 'family_name' },
          { claimTypeReferenceId: 'email' },
          ...extra.map((c) => ({ claimTypeReferenceId: c.claimTypeId, partnerClaimType: c.tokenClaim })),
          { claimTypeReferenceId: 'itsmeAcr', partnerClaimType: 'itsme_acr' },
          { claimTypeReferenceId: 'identityProvider', partnerClaimType: 'idp' },
        ],
        subjectNamingInfo: 'sub',
      },
    },
  };
  return { base, relyingParty };
}

/** The files in upload order: the base first, then the relying party that inherits from it. */
export function generatePolicySet(options: CustomPolicyOptions): GeneratedPolicy[] {
  const { base, relyingParty } = buildPolicyModels(options);
  return [
    { id: base.policyId, xml: serializePolicy(base) },
    { id: relyingParty.policyId, xml: serializePolicy(relyingParty) },
  ];
}
