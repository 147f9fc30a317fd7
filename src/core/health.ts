// Health of a tenant's itsme setup, derived from what observe() read and the plan: the warnings the tree view
// and `itsme-b2c status` show. Nothing here reads Graph a second time.
import type { ItsmeSetupConfig } from './config/types';
import * as l10n from '@vscode/l10n';
import { classifyMetadataUrl } from './itsme/endpoints';
import { parseScope } from './itsme/scopes';
import { findApplication, findIdentityProvider } from './plan/computePlan';
import type { ObservedTenant } from './plan/observe';
import type { Plan, StepResource } from './plan/types';
import { customPolicyObjects } from './customPolicyHealth';
import { kindOf } from './plan/tenant';
import { ownedExternal } from './plan/external/plan';
import { flowDisplayName } from './plan/external/desired';
import { flowAppIds, flowProviderIds } from './plan/external/observe';

export interface HealthItem {
  id: string;
  severity: 'warning' | 'info';
  resource: StepResource;
  message: string;
}

export function healthOf(config: ItsmeSetupConfig, observed: ObservedTenant, plan: Plan): HealthItem[] {
  const items: HealthItem[] = [];
  const add = (id: string, resource: StepResource, message: string, severity: HealthItem['severity'] = 'warning'): void => void items.push({ id, resource, message, severity });
  if (kindOf(observed.tenant) === 'external') {
    externalHealth(config, observed, add);
  } else if (plan.outputs.customPolicy) {
    // The custom-policy variant has no identity provider or user flow: its policies and key sets take their place.
    for (const o of customPolicyObjects(plan)) {
      if (o.state === 'missing' || o.state === 'clash') add(`${o.state === 'missing' ? 'policyMissing' : 'policyClash'}:${o.resource}`, o.resource, o.message);
    }
    b2cAppHealth(config, observed, add);
  } else {
    b2cHealth(config, observed, add);
  }
  for (const s of plan.steps) {
    // A clash of a policy or key set is already said above, with what differs.
    if (s.action === 'manual' && s.manual && !items.some((i) => i.id === `policyClash:${s.resource}`)) add(`manual:${s.resource}`, s.resource, l10n.t('Manual step outstanding: {0}', s.manual.text));
  }
  return items;
}

type Add = (id: string, resource: StepResource, message: string, severity?: HealthItem['severity']) => void;

function externalHealth(config: ItsmeSetupConfig, observed: ObservedTenant, add: Add): void {
  const o = ownedExternal(config, observed);
  const idp = o.providers.match;
  if (!idp) add('idpMissing', 'identityProvider', l10n.t('No itsme identity provider "{0}" in the tenant.', config.identityProvider.displayName));
  for (const p of observed.external?.discovery.problems ?? []) add('preflight', 'identityProvider', p);
  if (!o.flow.match) add('flowMissing', 'userFlow', l10n.t('User flow "{0}" does not exist.', flowDisplayName(config)));
  else if (idp && !flowProviderIds(o.flow.match).includes(idp.id)) add('flowNotLinked', 'userFlowLink', l10n.t('User flow "{0}" does not offer itsme.', flowDisplayName(config)));
  if (!o.app) add('appMissing', 'application', l10n.t('No app registration "{0}" for the test sign-in.', config.app.displayName));
  else if (!o.flow.match || !flowAppIds(o.flow.match).includes(o.app.appId)) add('appNotLinked', 'appFlowLink', l10n.t('App "{0}" is not linked to user flow "{1}": the test sign-in cannot use it.', config.app.displayName, flowDisplayName(config)));
  add('emailVerified', 'userFlow', l10n.t('itsme sends email_verified = false: a first sign-up asks the person to verify their email, or is refused (see the plan).'), 'info');
}

function b2cHealth(config: ItsmeSetupConfig, observed: ObservedTenant, add: Add): void {
  const idp = findIdentityProvider(config, observed).match;
  if (!idp) add('idpMissing', 'identityProvider', l10n.t('No itsme identity provider "{0}" in the tenant.', config.identityProvider.displayName));
  if (idp) {
    const scope = parseScope(idp.scope ?? '');
    if (!scope.serviceCodes.length) add('scopeNoService', 'identityProvider', l10n.t('The scope of "{0}" has no service:<CODE>: itsme will refuse the sign-in.', idp.displayName ?? idp.id));
    if (!scope.hasOpenId) add('scopeNoOpenId', 'identityProvider', l10n.t('The scope of "{0}" lacks openid.', idp.displayName ?? idp.id));
    const cls = classifyMetadataUrl(idp.metadataUrl ?? '');
    if (cls.environment && cls.environment !== config.itsme.environment) {
      add('envMismatch', 'identityProvider', l10n.t('"{0}" points at itsme {1}, but the configuration says {2}.', idp.displayName ?? idp.id, cls.environment, config.itsme.environment));
    } else if (cls.generation !== config.itsme.generation) {
      add('generationMismatch', 'identityProvider', l10n.t('"{0}" uses the {1} endpoints, but the configuration says {2}.', idp.displayName ?? idp.id, cls.generation, config.itsme.generation));
    }
    if (observed.userFlow && !observed.userFlowLinks.includes(idp.id)) add('flowNotLinked', 'userFlowLink', l10n.t('User flow {0} does not offer itsme.', observed.userFlow.id));
  }
  if (!observed.userFlow) add('flowMissing', 'userFlow', l10n.t('User flow {0} does not exist.', config.userFlow.id));
  b2cAppHealth(config, observed, add);
}

/** The test app of a B2C setup (user flow or custom policy alike). */
function b2cAppHealth(config: ItsmeSetupConfig, observed: ObservedTenant, add: Add): void {
  const app = findApplication(config, observed).match;
  if (!app) add('appMissing', 'application', l10n.t('No app registration "{0}" for running the user flow.', config.app.displayName));
  if (app) {
    if (!(app.web?.redirectUris ?? []).includes('https://jwt.ms')) add('noJwtMs', 'application', l10n.t('App "{0}" has no https://jwt.ms redirect URI: Run user flow cannot show the token there.', config.app.displayName), 'info');
    const ig = app.web?.implicitGrantSettings;
    if (!ig?.enableIdTokenIssuance) add('implicitIdOff', 'application', l10n.t('App "{0}" has implicit grant for ID tokens off: Run user flow (response_type=id_token) fails.', config.app.displayName));
  }
}
