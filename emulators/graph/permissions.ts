// Which application permissions (token `roles`) each kind of call needs. Any one of a list suffices.
// Least-privileged permissions come from graph-b2c.md §1, §2, §3, §7, §9; the broader ones (ReadWrite for reads,
// Directory.*) are the usual supersets Graph accepts.
export const PERMS = {
  identityProviderRead: ['IdentityProvider.Read.All', 'IdentityProvider.ReadWrite.All'],
  identityProviderWrite: ['IdentityProvider.ReadWrite.All'],
  userFlowRead: ['IdentityUserFlow.Read.All', 'IdentityUserFlow.ReadWrite.All'],
  userFlowWrite: ['IdentityUserFlow.ReadWrite.All'],
  applicationRead: [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Application.ReadWrite.OwnedBy',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  // §3: creating apps needs Application.ReadWrite.All (or .OwnedBy for apps the caller owns; ownership is not
  // emulated, so OwnedBy is not accepted for writes). Directory.ReadWrite.All does not cover app registrations.
  applicationWrite: ['Application.ReadWrite.All'],
  grantRead: ['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  grantWrite: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
  /** External ID user flows (external-id.md §4): EventListener.*, not IdentityUserFlow.*. */
  eventsFlowRead: ['EventListener.Read.All', 'EventListener.ReadWrite.All'],
  eventsFlowWrite: ['EventListener.ReadWrite.All'],
  /** §7: without one of these, organization returns only id, displayName and verifiedDomains (others null). */
  organizationFull: ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  /** b2c-custom-policy.md §3: list/get take Policy.Read.All, Policy.Read.TrustFramework (the get page) or the write permission; writes Policy.ReadWrite.TrustFramework. */
  trustFrameworkPolicyRead: ['Policy.Read.All', 'Policy.Read.TrustFramework', 'Policy.ReadWrite.TrustFramework'],
  trustFrameworkPolicyWrite: ['Policy.ReadWrite.TrustFramework'],
  /** §3: TrustFrameworkKeySet.ReadWrite.All (documented); reads with TrustFrameworkKeySet.Read.All is a GUESS. */
  trustFrameworkKeySetRead: ['TrustFrameworkKeySet.Read.All', 'TrustFrameworkKeySet.ReadWrite.All'],
  trustFrameworkKeySetWrite: ['TrustFrameworkKeySet.ReadWrite.All'],
} as const;

export type PermissionSet = readonly string[];
