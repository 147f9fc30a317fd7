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
export function graphScopesFor(kind: 'b2c' | 'external' | undefined, variant?: 'userFlow' | 'customPolicy'): string[] {
  if (kind === 'external') return [...GRAPH_SCOPES, 'EventListener.ReadWrite.All'];
  return variant === 'customPolicy' ? [...GRAPH_SCOPES, ...CUSTOM_POLICY_SCOPES] : GRAPH_SCOPES;
}

/**
 * B2C custom-policy variant: policies (PUT/GET/DELETE …/trustFramework/policies) and policy keys (…/keySets), asked
 * for only when a configuration uses the variant (b2c-custom-policy.md §3; least-privileged roles B2C IEF Policy
 * Administrator and B2C IEF Keyset Administrator).
 */
export const CUSTOM_POLICY_SCOPES = ['Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'];
