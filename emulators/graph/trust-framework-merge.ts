// A custom policy and its BasePolicy chain, parsed (fast-xml-parser) into one typed, merged model: what the upload
// checks of the Graph emulator (§6 steps 4–6) and the B2C sign-in emulator's custom-policy journey (§6 "At run
// time") both read. Never imports src/.
//
// Merge (b2c-custom-policy.md §2.2): the IEF "adds all of the elements first from the Base file, and then from the
// Extensions file, and finally from the RP", and "elements of the same type and name … override". How far down the
// override goes is a GUESS stated in the reference: elements merge per Id (ClaimType, ClaimsTransformation,
// ContentDefinition, TechnicalProfile, UserJourney); inside a technical profile Metadata items merge by Key,
// CryptographicKeys by Id, and claims by ClaimTypeReferenceId; a child's scalar (DisplayName, Protocol,
// UseTechnicalProfileForSessionManagement …) replaces the base's. A UserJourney's OrchestrationSteps merge by Order
// (also a GUESS). The RelyingParty is taken from the nearest file that has one (the RP file).
import { XMLParser } from 'fast-xml-parser';
import { findPolicy, type TrustFrameworkState } from './trust-framework-state';

/** A claim as a technical profile (or the relying party) lists it. */
export interface ClaimRef {
  claimTypeReferenceId: string;
  partnerClaimType?: string;
  defaultValue?: string;
  alwaysUseDefaultValue?: boolean;
}

export interface ClaimTypeDef {
  id: string;
  displayName?: string;
  dataType?: string;
  /** DefaultPartnerClaimTypes: protocol name (e.g. OpenIdConnect) → partner claim type (e.g. name). */
  defaultPartnerClaimTypes: Record<string, string>;
}

export interface ClaimsTransformationDef {
  id: string;
  method?: string;
}

export interface ContentDefinitionDef {
  id: string;
  loadUri?: string;
  dataUri?: string;
}

export interface TechnicalProfileDef {
  id: string;
  displayName?: string;
  protocol?: { name: string; handler?: string };
  outputTokenFormat?: string;
  /** Metadata Item Key → value ('' for an empty item: the "invalid value" check needs to see it). */
  metadata: Record<string, string>;
  /** CryptographicKeys Key Id → StorageReferenceId (a key set id). */
  cryptographicKeys: Record<string, string>;
  inputClaims: ClaimRef[];
  outputClaims: ClaimRef[];
  persistedClaims: ClaimRef[];
  inputClaimsTransformations: string[];
  outputClaimsTransformations: string[];
  /** UseTechnicalProfileForSessionManagement ReferenceId. */
  sessionManagement?: string;
  /** IncludeTechnicalProfile ReferenceId. */
  includeTechnicalProfile?: string;
  /** The policy file that last defined or overrode this profile. */
  definedIn: string;
}

export interface Precondition {
  type: string;
  executeActionsIf: boolean;
  values: string[];
  action?: string;
}

export interface OrchestrationStepDef {
  order: number;
  type: string;
  contentDefinitionReferenceId?: string;
  cpimIssuerTechnicalProfileReferenceId?: string;
  preconditions: Precondition[];
  claimsProviderSelections: Array<{ targetClaimsExchangeId?: string; validationClaimsExchangeId?: string }>;
  claimsExchanges: Array<{ id: string; technicalProfileReferenceId: string }>;
}

export interface UserJourneyDef {
  id: string;
  /** Sorted by Order. */
  steps: OrchestrationStepDef[];
}

export interface RelyingPartyDef {
  defaultUserJourney?: string;
  technicalProfile?: {
    id: string;
    protocolName?: string;
    metadata: Record<string, string>;
    outputClaims: ClaimRef[];
    /** SubjectNamingInfo ClaimType: a reference to an output claim's PartnerClaimType (usually "sub"). */
    subjectNamingInfo?: string;
  };
  /** The policy file the RelyingParty came from. */
  definedIn: string;
}

/** One file as written (no inheritance applied). */
export interface PolicyFileModel {
  policyId: string;
  tenantId?: string;
  basePolicyId?: string;
  claimTypes: ClaimTypeDef[];
  claimsTransformations: ClaimsTransformationDef[];
  contentDefinitions: ContentDefinitionDef[];
  technicalProfiles: TechnicalProfileDef[];
  userJourneys: UserJourneyDef[];
  relyingParty?: RelyingPartyDef;
}

/** The chain merged, leaf policy last. Maps are keyed by Id (case-sensitive, as XML ids are). */
export interface MergedPolicyModel {
  /** The leaf (the policy asked for, e.g. the RP). */
  policyId: string;
  /** Policy ids, base first, leaf last. */
  chain: string[];
  claimTypes: Map<string, ClaimTypeDef>;
  claimsTransformations: Map<string, ClaimsTransformationDef>;
  contentDefinitions: Map<string, ContentDefinitionDef>;
  technicalProfiles: Map<string, TechnicalProfileDef>;
  userJourneys: Map<string, UserJourneyDef>;
  relyingParty?: RelyingPartyDef;
}

/** A BasePolicy that is not stored (or a chain that is circular / deeper than the service limit). */
export class PolicyChainError extends Error {
  constructor(
    message: string,
    readonly missingPolicyId?: string,
  ) {
    super(message);
    this.name = 'PolicyChainError';
  }
}

/** Service limits (§2.2): 10 levels of inheritance. */
export const MAX_INHERITANCE_LEVELS = 10;

// ---------------------------------------------------------------------------------------------------------------
// Parsing one file

type Node = Record<string, unknown>;

const REPEATED = new Set([
  'ClaimType',
  'ClaimsTransformation',
  'ContentDefinition',
  'ClaimsProvider',
  'TechnicalProfile',
  'Item',
  'Key',
  'InputClaim',
  'OutputClaim',
  'PersistedClaim',
  'InputClaimsTransformation',
  'OutputClaimsTransformation',
  'UserJourney',
  'OrchestrationStep',
  'Precondition',
  'Value',
  'ClaimsProviderSelection',
  'ClaimsExchange',
  'Protocol',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : []);
const child = (n: Node | undefined, name: string): Node | undefined => {
  const v = n?.[name];
  if (Array.isArray(v)) return v[0] as Node | undefined;
  if (typeof v === 'string') return { '#text': v };
  return v && typeof v === 'object' ? (v as Node) : undefined;
};
const attr = (n: Node | undefined, name: string): string | undefined => {
  const v = n?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};
/** An element's text; '' for an empty element (<Item Key="client_id"></Item>). */
const textOf = (v: unknown): string | undefined => {
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object') {
    const t = (v as Node)['#text'];
    return typeof t === 'string' ? t.trim() : '';
  }
  return undefined;
};

function claimRefs(container: Node | undefined, name: string): ClaimRef[] {
  return list(container?.[name]).flatMap((c) => {
    const id = attr(c, 'ClaimTypeReferenceId');
    if (!id) return [];
    const partner = attr(c, 'PartnerClaimType');
    const dflt = attr(c, 'DefaultValue');
    const always = attr(c, 'AlwaysUseDefaultValue');
    return [
      {
        claimTypeReferenceId: id,
        ...(partner !== undefined ? { partnerClaimType: partner } : {}),
        ...(dflt !== undefined ? { defaultValue: dflt } : {}),
        ...(always !== undefined ? { alwaysUseDefaultValue: always.toLowerCase() === 'true' } : {}),
      },
    ];
  });
}

function metadataOf(n: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(child(n, 'Metadata')?.Item)) {
    const key = attr(item, 'Key');
    if (key !== undefined) out[key] = textOf(item) ?? '';
  }
  return out;
}

function referenceIds(container: Node | undefined, name: string): string[] {
  return list(container?.[name]).flatMap((c) => attr(c, 'ReferenceId') ?? []);
}

function technicalProfile(tp: Node, policyId: string): TechnicalProfileDef | undefined {
  const id = attr(tp, 'Id');
  if (!id) return undefined;
  const protocol = child(tp, 'Protocol');
  const protocolName = attr(protocol, 'Name');
  const handler = attr(protocol, 'Handler');
  const keys: Record<string, string> = {};
  for (const k of list(child(tp, 'CryptographicKeys')?.Key)) {
    const kid = attr(k, 'Id');
    if (kid !== undefined) keys[kid] = attr(k, 'StorageReferenceId') ?? '';
  }
  const displayName = textOf(tp.DisplayName);
  const outputTokenFormat = textOf(tp.OutputTokenFormat);
  const session = attr(child(tp, 'UseTechnicalProfileForSessionManagement'), 'ReferenceId');
  const include = attr(child(tp, 'IncludeTechnicalProfile'), 'ReferenceId');
  return {
    id,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(protocolName !== undefined ? { protocol: { name: protocolName, ...(handler !== undefined ? { handler } : {}) } } : {}),
    ...(outputTokenFormat !== undefined ? { outputTokenFormat } : {}),
    metadata: metadataOf(tp),
    cryptographicKeys: keys,
    inputClaims: claimRefs(child(tp, 'InputClaims'), 'InputClaim'),
    outputClaims: claimRefs(child(tp, 'OutputClaims'), 'OutputClaim'),
    persistedClaims: claimRefs(child(tp, 'PersistedClaims'), 'PersistedClaim'),
    inputClaimsTransformations: referenceIds(child(tp, 'InputClaimsTransformations'), 'InputClaimsTransformation'),
    outputClaimsTransformations: referenceIds(child(tp, 'OutputClaimsTransformations'), 'OutputClaimsTransformation'),
    ...(session !== undefined ? { sessionManagement: session } : {}),
    ...(include !== undefined ? { includeTechnicalProfile: include } : {}),
    definedIn: policyId,
  };
}

function orchestrationStep(s: Node): OrchestrationStepDef {
  const contentDef = attr(s, 'ContentDefinitionReferenceId');
  const issuer = attr(s, 'CpimIssuerTechnicalProfileReferenceId');
  return {
    order: Number(attr(s, 'Order') ?? NaN),
    type: attr(s, 'Type') ?? '',
    ...(contentDef !== undefined ? { contentDefinitionReferenceId: contentDef } : {}),
    ...(issuer !== undefined ? { cpimIssuerTechnicalProfileReferenceId: issuer } : {}),
    preconditions: list(child(s, 'Preconditions')?.Precondition).map((p) => {
      const action = textOf(p.Action);
      return {
        type: attr(p, 'Type') ?? '',
        executeActionsIf: (attr(p, 'ExecuteActionsIf') ?? 'true').toLowerCase() === 'true',
        values: (Array.isArray(p.Value) ? p.Value : p.Value !== undefined ? [p.Value] : []).map((v) => textOf(v) ?? ''),
        ...(action !== undefined ? { action } : {}),
      };
    }),
    claimsProviderSelections: list(child(s, 'ClaimsProviderSelections')?.ClaimsProviderSelection).map((c) => {
      const target = attr(c, 'TargetClaimsExchangeId');
      const validation = attr(c, 'ValidationClaimsExchangeId');
      return { ...(target !== undefined ? { targetClaimsExchangeId: target } : {}), ...(validation !== undefined ? { validationClaimsExchangeId: validation } : {}) };
    }),
    claimsExchanges: list(child(s, 'ClaimsExchanges')?.ClaimsExchange).map((c) => ({
      id: attr(c, 'Id') ?? '',
      technicalProfileReferenceId: attr(c, 'TechnicalProfileReferenceId') ?? '',
    })),
  };
}

function relyingParty(rp: Node, policyId: string): RelyingPartyDef {
  const journey = attr(child(rp, 'DefaultUserJourney'), 'ReferenceId');
  const tp = child(rp, 'TechnicalProfile');
  const tpId = attr(tp, 'Id');
  const subject = attr(child(tp, 'SubjectNamingInfo'), 'ClaimType');
  const protocolName = attr(child(tp, 'Protocol'), 'Name');
  return {
    ...(journey !== undefined ? { defaultUserJourney: journey } : {}),
    ...(tp && tpId !== undefined
      ? {
          technicalProfile: {
            id: tpId,
            ...(protocolName !== undefined ? { protocolName } : {}),
            metadata: metadataOf(tp),
            outputClaims: claimRefs(child(tp, 'OutputClaims'), 'OutputClaim'),
            ...(subject !== undefined ? { subjectNamingInfo: subject } : {}),
          },
        }
      : {}),
    definedIn: policyId,
  };
}

/** Parses one policy file (assumed well formed; the upload checks run first). Namespace prefixes are dropped. */
export function parsePolicyFile(xml: string): PolicyFileModel {
  const doc = parser.parse(xml) as Node;
  const root = child(doc, 'TrustFrameworkPolicy') ?? {};
  const policyId = attr(root, 'PolicyId') ?? '';
  const tenantId = attr(root, 'TenantId');
  const basePolicyId = textOf(child(root, 'BasePolicy')?.PolicyId) || undefined;
  const blocks = child(root, 'BuildingBlocks');
  const claimTypes = list(child(blocks, 'ClaimsSchema')?.ClaimType).flatMap((c): ClaimTypeDef[] => {
    const id = attr(c, 'Id');
    if (!id) return [];
    const partners: Record<string, string> = {};
    for (const p of list(child(c, 'DefaultPartnerClaimTypes')?.Protocol)) {
      const name = attr(p, 'Name');
      const partner = attr(p, 'PartnerClaimType');
      if (name !== undefined && partner !== undefined) partners[name] = partner;
    }
    const displayName = textOf(c.DisplayName);
    const dataType = textOf(c.DataType);
    return [{ id, ...(displayName !== undefined ? { displayName } : {}), ...(dataType !== undefined ? { dataType } : {}), defaultPartnerClaimTypes: partners }];
  });
  const claimsTransformations = list(child(blocks, 'ClaimsTransformations')?.ClaimsTransformation).flatMap((c): ClaimsTransformationDef[] => {
    const id = attr(c, 'Id');
    const method = attr(c, 'TransformationMethod');
    return id ? [{ id, ...(method !== undefined ? { method } : {}) }] : [];
  });
  const contentDefinitions = list(child(blocks, 'ContentDefinitions')?.ContentDefinition).flatMap((c): ContentDefinitionDef[] => {
    const id = attr(c, 'Id');
    const loadUri = textOf(c.LoadUri);
    const dataUri = textOf(c.DataUri);
    return id ? [{ id, ...(loadUri !== undefined ? { loadUri } : {}), ...(dataUri !== undefined ? { dataUri } : {}) }] : [];
  });
  const technicalProfiles = list(child(root, 'ClaimsProviders')?.ClaimsProvider).flatMap((cp) =>
    list(child(cp, 'TechnicalProfiles')?.TechnicalProfile).flatMap((tp) => technicalProfile(tp, policyId) ?? []),
  );
  const userJourneys = list(child(root, 'UserJourneys')?.UserJourney).flatMap((j): UserJourneyDef[] => {
    const id = attr(j, 'Id');
    if (!id) return [];
    const steps = list(child(j, 'OrchestrationSteps')?.OrchestrationStep).map(orchestrationStep);
    return [{ id, steps: steps.sort((a, b) => a.order - b.order) }];
  });
  const rp = child(root, 'RelyingParty');
  return {
    policyId,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(basePolicyId ? { basePolicyId } : {}),
    claimTypes,
    claimsTransformations,
    contentDefinitions,
    technicalProfiles,
    userJourneys,
    ...(rp ? { relyingParty: relyingParty(rp, policyId) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Merging

/** Claims merge by ClaimTypeReferenceId (GUESS): a child's entry replaces the base's in place; new ones append. */
function mergeClaims(base: ClaimRef[], over: ClaimRef[]): ClaimRef[] {
  const out = [...base];
  for (const c of over) {
    const i = out.findIndex((b) => b.claimTypeReferenceId === c.claimTypeReferenceId);
    if (i >= 0) out[i] = { ...out[i], ...c };
    else out.push(c);
  }
  return out;
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

function mergeTechnicalProfile(base: TechnicalProfileDef, over: TechnicalProfileDef): TechnicalProfileDef {
  return {
    ...base,
    ...over,
    protocol: over.protocol ?? base.protocol,
    metadata: { ...base.metadata, ...over.metadata },
    cryptographicKeys: { ...base.cryptographicKeys, ...over.cryptographicKeys },
    inputClaims: mergeClaims(base.inputClaims, over.inputClaims),
    outputClaims: mergeClaims(base.outputClaims, over.outputClaims),
    persistedClaims: mergeClaims(base.persistedClaims, over.persistedClaims),
    inputClaimsTransformations: union(base.inputClaimsTransformations, over.inputClaimsTransformations),
    outputClaimsTransformations: union(base.outputClaimsTransformations, over.outputClaimsTransformations),
  } as TechnicalProfileDef;
}

function mergeJourney(base: UserJourneyDef, over: UserJourneyDef): UserJourneyDef {
  const steps = new Map(base.steps.map((s) => [s.order, s]));
  for (const s of over.steps) steps.set(s.order, s);
  return { id: base.id, steps: [...steps.values()].sort((a, b) => a.order - b.order) };
}

/** Merges parsed files, base first and leaf last. */
export function mergePolicyFiles(files: PolicyFileModel[]): MergedPolicyModel {
  const m: MergedPolicyModel = {
    policyId: files.at(-1)?.policyId ?? '',
    chain: files.map((f) => f.policyId),
    claimTypes: new Map(),
    claimsTransformations: new Map(),
    contentDefinitions: new Map(),
    technicalProfiles: new Map(),
    userJourneys: new Map(),
  };
  for (const f of files) {
    for (const c of f.claimTypes) {
      const prev = m.claimTypes.get(c.id);
      m.claimTypes.set(c.id, prev ? { ...prev, ...c, defaultPartnerClaimTypes: { ...prev.defaultPartnerClaimTypes, ...c.defaultPartnerClaimTypes } } : c);
    }
    for (const c of f.claimsTransformations) m.claimsTransformations.set(c.id, { ...m.claimsTransformations.get(c.id), ...c });
    for (const c of f.contentDefinitions) m.contentDefinitions.set(c.id, { ...m.contentDefinitions.get(c.id), ...c });
    for (const tp of f.technicalProfiles) {
      const prev = m.technicalProfiles.get(tp.id);
      m.technicalProfiles.set(tp.id, prev ? mergeTechnicalProfile(prev, tp) : tp);
    }
    for (const j of f.userJourneys) {
      const prev = m.userJourneys.get(j.id);
      m.userJourneys.set(j.id, prev ? mergeJourney(prev, j) : j);
    }
    if (f.relyingParty) m.relyingParty = f.relyingParty;
  }
  return m;
}

/**
 * Loads a policy and its BasePolicy chain through `load` (id → XML; ids compare case-insensitively, as the store
 * does) and merges it. `leafXml` lets the upload checks merge a file that is not stored yet.
 * Throws PolicyChainError for a missing base, a cycle, or more than MAX_INHERITANCE_LEVELS levels.
 */
export function loadMergedPolicy(leafId: string, load: (id: string) => string | undefined, leafXml?: string): MergedPolicyModel {
  const files: PolicyFileModel[] = [];
  const seen = new Set<string>();
  let xml = leafXml ?? load(leafId);
  if (xml === undefined) throw new PolicyChainError(`Policy '${leafId}' is not stored.`, leafId);
  for (;;) {
    const file = parsePolicyFile(xml);
    files.unshift(file);
    seen.add(file.policyId.toLowerCase());
    const next = file.basePolicyId;
    if (!next) break;
    if (seen.has(next.toLowerCase()) || files.length >= MAX_INHERITANCE_LEVELS) {
      throw new PolicyChainError(`The policy inheritance of '${leafId}' is deeper than ${MAX_INHERITANCE_LEVELS} levels or circular.`);
    }
    xml = load(next);
    if (xml === undefined) throw new PolicyChainError(`Policy '${next}' is not stored.`, next);
  }
  return mergePolicyFiles(files);
}

/** The stored policy `id` merged with its stored chain (for the B2C sign-in emulator: `p=B2C_1A_…`). */
export function mergeStoredPolicy(tf: TrustFrameworkState, id: string): MergedPolicyModel {
  return loadMergedPolicy(id, (pid) => findPolicy(tf, pid)?.xml);
}

/** Every claim type a technical profile can produce, with its output claims transformations' outputs left out
 * (the claims transformations' own outputs are not modelled; GUESS: enough for this itsme-only subset). */
export function outputClaimIds(tp: TechnicalProfileDef): string[] {
  return tp.outputClaims.map((c) => c.claimTypeReferenceId);
}
