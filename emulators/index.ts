// Microsoft Graph (Azure AD B2C subset) + token endpoint emulator, over HTTPS. See graph/server.ts for the
// request pipeline and docs/reference/graph-b2c.md for the behaviour it reproduces.
export { normalizeTenantType, startGraphEmulator } from './graph/server';
export type { EmulatorStats, GraphEmulator, GraphEmulatorOptions, RequestLogEntry } from './graph/server';
export { FaultController, seededRandom } from './graph/faults';
export type { Fault, FaultHandle, FaultMatch, FaultRule, FaultStatus, InjectedFault, RandomScheduleOptions } from './graph/faults';
export type { DuplicateGrantStatus, QueryMode, RuntimeOptions, UndocumentedMode, UndocumentedQueryMode } from './graph/api';
export { DOCUMENTED_QUERY_OPTIONS } from './graph/query-options';
export { APPLICATION_CLAIMS, APPLICATION_CLAIMS_SWITCH_DEFAULTS, applicationClaim, flowApplicationClaimDefs } from './graph/application-claims';
export type { ApplicationClaimDef, ApplicationClaimsRelationship, ApplicationClaimsSwitches } from './graph/application-claims';
export {
  B2C_EXTENSIONS_APP_NAME,
  CIAM_BUILT_IN_PROVIDERS,
  DEFAULT_EXTERNAL_PERMISSIONS,
  DEFAULT_EXTERNAL_TENANT_ID,
  DEFAULT_EXTERNAL_TENANT_NAME,
  DEFAULT_MANAGEMENT_CLIENT_ID,
  DEFAULT_PERMISSIONS,
  DEFAULT_TENANT_ID,
  DEFAULT_TENANT_NAME,
  GRAPH_DELEGATED_SCOPES,
  MICROSOFT_GRAPH_APP_ID,
  MICROSOFT_GRAPH_SP_ID,
} from './graph/state';
export type {
  ApplicationRecord,
  EventsFlowRecord,
  IdentityProviderRecord,
  PermissionGrantRecord,
  ServicePrincipalRecord,
  TenantSeed,
  TenantState,
  TenantType,
  UserFlowRecord,
} from './graph/state';
// Custom policies and policy keys (B2C): the sign-in emulator reads key material through these.
export { activeKey, findKeySet, findPolicy, TRUST_FRAMEWORK_SWITCH_DEFAULTS } from './graph/trust-framework-state';
export type { KeyRecord, KeySetRecord, PolicyRecord, TrustFrameworkState, TrustFrameworkSwitches } from './graph/trust-framework-state';
export { loadMergedPolicy, mergePolicyFiles, mergeStoredPolicy, parsePolicyFile, PolicyChainError } from './graph/trust-framework-merge';
export type {
  ClaimRef,
  ClaimTypeDef,
  MergedPolicyModel,
  OrchestrationStepDef,
  PolicyFileModel,
  RelyingPartyDef,
  TechnicalProfileDef,
  UserJourneyDef,
} from './graph/trust-framework-merge';
// External ID (CIAM) tenant views for the ciamlogin sign-in emulator: graph/external-state.ts.
export { ciamEndpoints, externalFlows, externalSignIn, flowForApp, flowView, isExternalTenant, oidcProviders } from './graph/external-state';
export type { CiamEndpoints, ExternalFlowView, ExternalSignIn, OidcProviderRecord } from './graph/external-state';
export { BUILT_IN_ATTRIBUTES, FLOW_TYPE, HANDLER_TYPES } from './graph/external-flows';
export { ensureCa, trustCaInProcess, defaultCaDir } from './tls/ca';
export type { CaMaterial } from './tls/ca';
export * from './itsme';
