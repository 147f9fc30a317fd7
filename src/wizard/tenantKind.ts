// Which kind of tenant the wizard is setting up: Azure AD B2C, or Microsoft Entra External ID (an external tenant,
// organization.tenantType "CIAM"). The host learns it from the tenant check after sign-in; until then the wizard
// shows B2C's steps (the kind the product started with). Pure, safe to import from the webview.
import { TENANT_VARIANTS, type FieldRow } from '../core/config/fields';
import type { TenantKind } from '../core/plan/tenant';

export type { TenantKind };
export const TENANT_KINDS: readonly TenantKind[] = ['b2c', 'external'];

export function isTenantKind(v: unknown): v is TenantKind {
  return typeof v === 'string' && (TENANT_KINDS as readonly string[]).includes(v);
}

/** The kind for organization.tenantType (external-id.md §1): "CIAM" is External ID; everything else is B2C's check to refuse. */
export function tenantKindOf(tenantType: string | null | undefined): TenantKind {
  return tenantType === 'CIAM' ? 'external' : 'b2c';
}

/**
 * The field table's variants of a kind ("b2c/userFlow" → b2c, "external/…" → external). A kind the table has no
 * rows for yet falls back to B2C's, so the wizard never shows an empty form.
 */
function variantsOf(kind: TenantKind): readonly string[] {
  const own = (TENANT_VARIANTS as readonly string[]).filter((v) => v.split('/')[0] === kind);
  return own.length ? own : (TENANT_VARIANTS as readonly string[]).filter((v) => v.split('/')[0] === 'b2c');
}

/** Whether a configuration field exists for this kind of tenant (a field that does not is hidden and never sent). */
export function appliesToKind(row: Pick<FieldRow, 'appliesTo'>, kind: TenantKind): boolean {
  const variants = variantsOf(kind);
  return (row.appliesTo as readonly string[]).some((v) => variants.includes(v));
}
