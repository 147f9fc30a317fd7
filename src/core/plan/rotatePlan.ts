// Rotating the itsme client secret is its own, explicit operation: Graph returns the secret as "****", so the
// engine can never see that it changed and never infers a rotation.
import type { ItsmeSetupConfig } from '../config/types';
import * as l10n from '@vscode/l10n';
import { OIDC_ODATA_TYPE } from '../graph/model';
import { findIdentityProvider, outputsFor } from './computePlan';
import { SECRET_MARKER } from './desired';
import type { ObservedTenant } from './observe';
import { kindOf } from './tenant';
import { computeExternalRotatePlan } from './external/destroy';
import { isCustomPolicy } from './customPolicy/desired';
import { computeCustomPolicyRotatePlan } from './customPolicy/destroy';
import type { Plan, PlanStep } from './types';

export function computeRotatePlan(config: ItsmeSetupConfig, observed: ObservedTenant): Plan {
  if (kindOf(observed.tenant) === 'external') return computeExternalRotatePlan(config, observed);
  if (isCustomPolicy(config)) return computeCustomPolicyRotatePlan(config, observed);
  const idp = findIdentityProvider(config, observed).match;
  const step: PlanStep = idp
    ? {
        resource: 'identityProvider',
        action: 'update',
        dependsOn: [],
        label: idp.displayName ?? idp.id,
        targetId: idp.id,
        changes: ['clientSecret'],
        reason: l10n.t('Replace the itsme client secret of "{0}".', idp.displayName ?? idp.id),
        requests: [{ method: 'PATCH', version: 'beta', path: `/identity/identityProviders/${encodeURIComponent(idp.id)}`, body: { '@odata.type': OIDC_ODATA_TYPE, clientSecret: SECRET_MARKER } }],
      }
    : {
        resource: 'identityProvider',
        action: 'manual',
        dependsOn: [],
        label: config.identityProvider.displayName,
        requests: [],
        reason: l10n.t('There is no itsme identity provider "{0}" to rotate the secret of.', config.identityProvider.displayName),
        manual: { text: l10n.t('Run apply first: it creates the identity provider with the secret.') },
      };
  return { kind: 'rotateSecret', tenant: observed.tenant, steps: [step], needsSecret: !!idp, outputs: outputsFor(config, observed) };
}
