// Which kind of tenant is this, and what is its initial domain? (graph-b2c.md §7; external-id.md §1)
// organization.tenantType: "AAD B2C" → Azure AD B2C, "CIAM" → Microsoft Entra External ID (an external tenant);
// anything else is refused before any write, naming the kinds supported. tenantType needs Organization.Read.All;
// without it, the B2C-only provider type "OpenIdConnect" in availableProviderTypes is the fallback evidence for B2C
// (an external tenant can only be recognised by its tenantType).
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import type { GraphOrganization } from '../graph/model';
import type { Outcome } from '../graph/read';

/** b2c: Azure AD B2C (tenantType "AAD B2C"); external: Microsoft Entra External ID (tenantType "CIAM"). */
export type TenantKind = 'b2c' | 'external';

export const TENANT_TYPES: Record<TenantKind, string> = { b2c: 'AAD B2C', external: 'CIAM' };

export interface TenantInfo {
  /** Absent only in objects made before External ID support: read it with kindOf(). */
  kind?: TenantKind;
  id?: string;
  displayName?: string;
  tenantType: string | null;
  /** e.g. contosob2c.onmicrosoft.com */
  initialDomain: string;
  /** e.g. contosob2c (for <short>.b2clogin.com) */
  shortName: string;
  /** How the kind was established, for the user. */
  evidence: 'tenantType' | 'availableProviderTypes';
}

export class TenantCheckError extends Error {
  constructor(
    message: string,
    /** notB2C: a tenant of a kind this tool does not support (neither B2C nor External ID). */
    readonly reason: 'notB2C' | 'unknown',
  ) {
    super(message);
    this.name = 'TenantCheckError';
  }
}

const ONMICROSOFT = '.onmicrosoft.com';

export function resolveTenantInfo(
  config: ItsmeSetupConfig,
  org: Outcome<GraphOrganization[]>,
  providerTypes: Outcome<{ value: string[] }>,
): TenantInfo {
  const o = org.ok ? org.value[0] : undefined;
  let evidence: TenantInfo['evidence'];
  let kind: TenantKind = 'b2c';
  if (o?.tenantType) {
    const k = (Object.keys(TENANT_TYPES) as TenantKind[]).find((x) => TENANT_TYPES[x] === o.tenantType);
    if (!k) {
      throw new TenantCheckError(
        l10n.t('Tenant "{0}" is not an Azure AD B2C tenant nor a Microsoft Entra External ID external tenant (its tenantType is {1}; supported: "AAD B2C" and "CIAM"). Sign in to your B2C or external tenant (the …onmicrosoft.com of that directory) and try again. Nothing was changed.', o.displayName ?? o.id, o.tenantType),
        'notB2C',
      );
    }
    kind = k;
    evidence = 'tenantType';
  } else if (providerTypes.ok) {
    if (!(providerTypes.value.value ?? []).includes('OpenIdConnect')) {
      throw new TenantCheckError(
        l10n.t('This tenant does not offer OpenID Connect identity providers, so it is not an Azure AD B2C tenant. Sign in to your B2C tenant and try again. Nothing was changed.'),
        'notB2C',
      );
    }
    evidence = 'availableProviderTypes';
  } else if (providerTypes.error.kind !== 'permission') {
    // Sign-in, network or service failures are what they are, not a tenant-type question.
    throw providerTypes.error;
  } else {
    throw new TenantCheckError(
      l10n.t('Could not tell whether this is a B2C tenant: reading the organization needs Organization.Read.All and reading identity provider types needs IdentityProvider.Read.All ({0}).', providerTypes.error.hint),
      'unknown',
    );
  }
  const initial = o?.verifiedDomains?.find((d) => d.isInitial)?.name ?? domainFromSetting(config.tenant.tenant);
  if (!initial) {
    throw new TenantCheckError(
      l10n.t('Could not find the tenant\'s initial domain: set "tenant" to its <name>.onmicrosoft.com domain, or grant Organization.Read.All.'),
      'unknown',
    );
  }
  const shortName = initial.toLowerCase().endsWith(ONMICROSOFT) ? initial.slice(0, -ONMICROSOFT.length) : initial.split('.')[0]!;
  return { kind, id: o?.id, displayName: o?.displayName, tenantType: o?.tenantType ?? null, initialDomain: initial, shortName, evidence };
}

/** The tenant's kind (TenantInfo made before External ID support carry none: they are B2C). */
export function kindOf(tenant: Pick<TenantInfo, 'kind'>): TenantKind {
  return tenant.kind ?? 'b2c';
}

function domainFromSetting(tenant: string | undefined): string | undefined {
  return tenant && tenant.toLowerCase().endsWith(ONMICROSOFT) ? tenant : undefined;
}
