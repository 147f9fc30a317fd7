// One configuration file serves both tenant kinds; once the tenant's kind is known, a field that does not exist for
// it (token lifetimes, the refresh window, the user-flow version or the domain hint in External ID; userFlow.existing
// in B2C; the custom-policy variant in External ID) and holds something other than its default is refused before
// any write, naming the field and why. A B2C tenant's variant is the configuration's own (kindIssues reads it).
import * as l10n from '@vscode/l10n';
import type { TenantVariant } from '../config/fields';
import type { ConfigIssue, ItsmeSetupConfig } from '../config/types';
import { kindIssues } from '../config/validate';
import type { TenantKind } from './tenant';

export const VARIANT_OF: Record<TenantKind, TenantVariant> = { b2c: 'b2c/userFlow', external: 'external/userFlow' };

export class ConfigKindError extends Error {
  constructor(
    readonly kind: TenantKind,
    readonly issues: ConfigIssue[],
    customPolicy = false,
  ) {
    super(
      [
        kind === 'external'
          ? l10n.t('This is a Microsoft Entra External ID tenant, and the configuration sets {0} field(s) External ID does not have. Nothing was changed.', issues.length)
          : customPolicy
            ? l10n.t('The configuration uses a custom policy, and sets {0} field(s) only user flows have. Nothing was changed.', issues.length)
            : l10n.t('This is an Azure AD B2C tenant, and the configuration sets {0} field(s) only External ID has. Nothing was changed.', issues.length),
        ...issues.map((i) => `  ${i.field}: ${i.message}`),
      ].join('\n'),
    );
    this.name = 'ConfigKindError';
  }
}

export function assertConfigFitsKind(config: ItsmeSetupConfig, kind: TenantKind): void {
  const issues = kindIssues(config, VARIANT_OF[kind]);
  if (issues.length) throw new ConfigKindError(kind, issues, config.variant === 'customPolicy');
}
