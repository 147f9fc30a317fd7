// The typed policy model written as XML in the XSD's element order (TrustFrameworkPolicy_0.3.0.0.xsd): root
// children BasePolicy, BuildingBlocks, ClaimsProviders, UserJourneys, RelyingParty; a TechnicalProfile's
// DisplayName, Protocol, OutputTokenFormat, Metadata, CryptographicKeys, InputClaims, OutputClaims,
// UseTechnicalProfileForSessionManagement. The order is the schema's, not a matter of taste: B2C refuses others.
import type { ClaimReference, ClaimType, OrchestrationStep, Protocol, TechnicalProfile, TrustFrameworkPolicy } from './model';
import { el, toXml, type XmlElement } from './xml';

export const POLICY_NAMESPACE = 'http://schemas.microsoft.com/online/cpim/schemas/2013/06';

const list = <T>(name: string, items: T[] | undefined, each: (item: T) => XmlElement): XmlElement | undefined => (items && items.length ? el(name, undefined, items.map(each)) : undefined);

function claimType(c: ClaimType): XmlElement {
  return el('ClaimType', { Id: c.id }, [
    el('DisplayName', undefined, c.displayName),
    el('DataType', undefined, c.dataType),
    list('DefaultPartnerClaimTypes', c.defaultPartnerClaimTypes, (m) => el('Protocol', { Name: m.protocol, PartnerClaimType: m.partnerClaimType })),
    c.userHelpText !== undefined ? el('UserHelpText', undefined, c.userHelpText) : undefined,
  ]);
}

function claimRef(name: 'InputClaim' | 'OutputClaim', c: ClaimReference): XmlElement {
  return el(name, { ClaimTypeReferenceId: c.claimTypeReferenceId, DefaultValue: c.defaultValue, PartnerClaimType: c.partnerClaimType, AlwaysUseDefaultValue: c.alwaysUseDefaultValue ? 'true' : undefined });
}

function protocol(p: Protocol): XmlElement {
  return el('Protocol', { Name: p.name, Handler: p.handler });
}

function technicalProfile(tp: TechnicalProfile): XmlElement {
  return el('TechnicalProfile', { Id: tp.id }, [
    tp.displayName !== undefined ? el('DisplayName', undefined, tp.displayName) : undefined,
    protocol(tp.protocol),
    tp.outputTokenFormat ? el('OutputTokenFormat', undefined, tp.outputTokenFormat) : undefined,
    list('Metadata', tp.metadata, (m) => el('Item', { Key: m.key }, m.value)),
    list('CryptographicKeys', tp.cryptographicKeys, (k) => el('Key', { Id: k.id, StorageReferenceId: k.storageReferenceId })),
    list('InputClaims', tp.inputClaims, (c) => claimRef('InputClaim', c)),
    list('OutputClaims', tp.outputClaims, (c) => claimRef('OutputClaim', c)),
    tp.useTechnicalProfileForSessionManagement ? el('UseTechnicalProfileForSessionManagement', { ReferenceId: tp.useTechnicalProfileForSessionManagement }) : undefined,
  ]);
}

function step(s: OrchestrationStep): XmlElement {
  switch (s.type) {
    case 'ClaimsProviderSelection':
      return el('OrchestrationStep', { Order: s.order, Type: s.type, ContentDefinitionReferenceId: s.contentDefinitionReferenceId }, [
        list('ClaimsProviderSelections', s.targetClaimsExchangeIds, (id) => el('ClaimsProviderSelection', { TargetClaimsExchangeId: id })),
      ]);
    case 'ClaimsExchange':
      return el('OrchestrationStep', { Order: s.order, Type: s.type }, [list('ClaimsExchanges', s.claimsExchanges, (x) => el('ClaimsExchange', { Id: x.id, TechnicalProfileReferenceId: x.technicalProfileReferenceId }))]);
    case 'SendClaims':
      return el('OrchestrationStep', { Order: s.order, Type: s.type, CpimIssuerTechnicalProfileReferenceId: s.cpimIssuerTechnicalProfileReferenceId });
  }
}

export function policyElement(p: TrustFrameworkPolicy): XmlElement {
  const rp = p.relyingParty;
  return el('TrustFrameworkPolicy', { xmlns: POLICY_NAMESPACE, PolicySchemaVersion: '0.3.0.0', TenantId: p.tenantId, PolicyId: p.policyId, PublicPolicyUri: p.publicPolicyUri }, [
    p.basePolicy ? el('BasePolicy', undefined, [el('TenantId', undefined, p.basePolicy.tenantId), el('PolicyId', undefined, p.basePolicy.policyId)]) : undefined,
    p.buildingBlocks
      ? el('BuildingBlocks', undefined, [
          list('ClaimsSchema', p.buildingBlocks.claimsSchema, claimType),
          list('ContentDefinitions', p.buildingBlocks.contentDefinitions, (c) =>
            el('ContentDefinition', { Id: c.id }, [el('LoadUri', undefined, c.loadUri), el('RecoveryUri', undefined, c.recoveryUri), el('DataUri', undefined, c.dataUri)]),
          ),
        ])
      : undefined,
    list('ClaimsProviders', p.claimsProviders, (cp) => el('ClaimsProvider', undefined, [el('DisplayName', undefined, cp.displayName), list('TechnicalProfiles', cp.technicalProfiles, technicalProfile)])),
    list('UserJourneys', p.userJourneys, (j) => el('UserJourney', { Id: j.id }, [list('OrchestrationSteps', j.orchestrationSteps, step)])),
    rp
      ? el('RelyingParty', undefined, [
          el('DefaultUserJourney', { ReferenceId: rp.defaultUserJourney }),
          el('TechnicalProfile', { Id: rp.technicalProfile.id }, [
            rp.technicalProfile.displayName !== undefined ? el('DisplayName', undefined, rp.technicalProfile.displayName) : undefined,
            protocol(rp.technicalProfile.protocol),
            list('OutputClaims', rp.technicalProfile.outputClaims, (c) => claimRef('OutputClaim', c)),
            el('SubjectNamingInfo', { ClaimType: rp.technicalProfile.subjectNamingInfo }),
          ]),
        ])
      : undefined,
  ]);
}

export function serializePolicy(p: TrustFrameworkPolicy): string {
  return toXml(policyElement(p));
}
