// A typed model of the part of an Azure AD B2C custom policy (TrustFrameworkPolicy, schema 0.3.0.0) that the
// itsme-only policy set uses. Field order inside each type follows the XSD's element order, which the serializer
// (serialize.ts) keeps; everything is plain data so a test can break one field and see the XSD refuse it.

export type ClaimDataType = 'string' | 'boolean';

export interface PartnerClaimTypeMapping {
  protocol: 'OpenIdConnect' | 'OAuth2' | 'SAML2';
  partnerClaimType: string;
}

export interface ClaimType {
  id: string;
  displayName: string;
  dataType: ClaimDataType;
  defaultPartnerClaimTypes?: PartnerClaimTypeMapping[];
  userHelpText?: string;
}

export interface ContentDefinition {
  id: string;
  loadUri: string;
  recoveryUri: string;
  dataUri: string;
}

export interface ClaimReference {
  claimTypeReferenceId: string;
  partnerClaimType?: string;
  defaultValue?: string;
  alwaysUseDefaultValue?: boolean;
}

export interface Protocol {
  name: 'OpenIdConnect' | 'None' | 'Proprietary';
  /** Only with Proprietary: the .NET type of the handler. */
  handler?: string;
}

export interface MetadataItem {
  key: string;
  value: string;
}

export interface CryptographicKey {
  id: string;
  /** The key set's id (B2C_1A_…); the key material never appears in a policy. */
  storageReferenceId: string;
}

export interface TechnicalProfile {
  id: string;
  displayName?: string;
  protocol: Protocol;
  outputTokenFormat?: 'JWT';
  metadata?: MetadataItem[];
  cryptographicKeys?: CryptographicKey[];
  inputClaims?: ClaimReference[];
  outputClaims?: ClaimReference[];
  useTechnicalProfileForSessionManagement?: string;
}

export interface ClaimsProvider {
  displayName: string;
  technicalProfiles: TechnicalProfile[];
}

export type OrchestrationStep =
  | { order: number; type: 'ClaimsProviderSelection'; contentDefinitionReferenceId: string; targetClaimsExchangeIds: string[] }
  | { order: number; type: 'ClaimsExchange'; claimsExchanges: Array<{ id: string; technicalProfileReferenceId: string }> }
  | { order: number; type: 'SendClaims'; cpimIssuerTechnicalProfileReferenceId: string };

export interface UserJourney {
  id: string;
  orchestrationSteps: OrchestrationStep[];
}

export interface RelyingParty {
  defaultUserJourney: string;
  technicalProfile: {
    id: string;
    displayName?: string;
    protocol: Protocol;
    outputClaims: ClaimReference[];
    /** The PartnerClaimType of the output claim that becomes the token's subject. */
    subjectNamingInfo: string;
  };
}

export interface TrustFrameworkPolicy {
  tenantId: string;
  policyId: string;
  publicPolicyUri: string;
  basePolicy?: { tenantId: string; policyId: string };
  buildingBlocks?: { claimsSchema: ClaimType[]; contentDefinitions?: ContentDefinition[] };
  claimsProviders?: ClaimsProvider[];
  userJourneys?: UserJourney[];
  relyingParty?: RelyingParty;
}
