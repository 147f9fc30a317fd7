// Service-assigned identifiers, shaped like the real ones.
import { randomBytes, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OIDC identity provider ids: "OIDC-V1-<displayName>-<guid>", e.g. OIDC-V1-Nam_AD_Test-3e393390-… (graph-b2c.md §1).
 * The observed ids suggest spaces become underscores; we also replace anything outside [A-Za-z0-9_-]. Clients must
 * never construct this id (§1): it is opaque, which the random guid enforces.
 */
export function newOidcProviderId(displayName: string): string {
  const name = displayName.trim().replace(/[^A-Za-z0-9_-]/g, '_') || 'OIDC';
  return `OIDC-V1-${name}-${randomUUID()}`;
}

/** oAuth2PermissionGrant ids are opaque ~43-character base64url strings, not GUIDs. */
export function newGrantId(): string {
  return randomBytes(32).toString('base64url').slice(0, 43);
}
