// The delegated Microsoft Graph scopes a Microsoft-account sign-in asks for, per tenant kind. Pure (no vscode), so
// the extension, the walkthrough's Copy Permissions and the tests read one list.
/** Delegated Graph permissions the management app registration must have (README explains the one-time setup). */
export const GRAPH_SCOPES = [
  'IdentityProvider.ReadWrite.All',
  'IdentityUserFlow.ReadWrite.All',
  'Application.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Organization.Read.All',
];

/**
 * The delegated scopes to ask for in a tenant of this kind. External ID's user flows need EventListener.ReadWrite.All
 * (external-id.md §4); asking for it in a B2C tenant, whose management app need not have it, would fail the sign-in,
 * so it is asked for only once the tenant check has said "external" (the first sign-in reads the organization with
 * the common scopes, which an external tenant's management app has too — README).
 */
export function graphScopesFor(kind: 'b2c' | 'external' | undefined): string[] {
  return kind === 'external' ? [...GRAPH_SCOPES, 'EventListener.ReadWrite.All'] : GRAPH_SCOPES;
}
