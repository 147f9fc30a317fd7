// Microsoft Graph (Azure AD B2C subset) + token endpoint emulator, over HTTPS. See graph/server.ts for the
// request pipeline and docs/reference/graph-b2c.md for the behaviour it reproduces.
export { startGraphEmulator } from './graph/server';
export type { EmulatorStats, GraphEmulator, GraphEmulatorOptions, RequestLogEntry } from './graph/server';
export { FaultController, seededRandom } from './graph/faults';
export type { Fault, FaultHandle, FaultMatch, FaultRule, FaultStatus, InjectedFault, RandomScheduleOptions } from './graph/faults';
export type { DuplicateGrantStatus, QueryMode, RuntimeOptions, UndocumentedMode, UndocumentedQueryMode } from './graph/api';
export { DOCUMENTED_QUERY_OPTIONS } from './graph/query-options';
export {
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
  IdentityProviderRecord,
  PermissionGrantRecord,
  ServicePrincipalRecord,
  TenantSeed,
  TenantState,
  TenantType,
  UserFlowRecord,
} from './graph/state';
export { ensureCa, trustCaInProcess, defaultCaDir } from './tls/ca';
export type { CaMaterial } from './tls/ca';
export * from './itsme';
