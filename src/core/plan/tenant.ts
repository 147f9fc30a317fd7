// Is this an Azure AD B2C tenant, and what is its initial domain? (graph-b2c.md §7)
// organization.tenantType needs Organization.Read.All; without it, the B2C-only provider type "OpenIdConnect"
// in availableProviderTypes is the fallback evidence.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import type { GraphOrganization } from '../graph/model';
import type { Outcome } from '../graph/read';

export interface TenantInfo {
  id?: string;
  displayName?: string;
  tenantType: string | null;
  /** e.g. contosob2c.onmicrosoft.com */
  initialDomain: string;
  /** e.g. contosob2c (for <short>.b2clogin.com) */
  shortName: string;
  /** How B2C was established, for the user. */
  evidence: 'tenantType' | 'availableProviderTypes';
}

export class TenantCheckError extends Error {
  constructor(
    message: string,
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
  if (o?.tenantType) {
    if (o.tenantType !== 'AAD B2C') {
      throw new TenantCheckError(
        l10n.t('Tenant "{0}" is not an Azure AD B2C tenant (tenantType {1}). Sign in to your B2C tenant (…onmicrosoft.com of the B2C directory) and try again. Nothing was changed.', o.displayName ?? o.id, o.tenantType),
        'notB2C',
      );
    }
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
  return { id: o?.id, displayName: o?.displayName, tenantType: o?.tenantType ?? null, initialDomain: initial, shortName, evidence };
}

function domainFromSetting(tenant: string | undefined): string | undefined {
  return tenant && tenant.toLowerCase().endsWith(ONMICROSOFT) ? tenant : undefined;
}
