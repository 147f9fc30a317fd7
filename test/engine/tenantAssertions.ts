// What "configured" means, checked on the emulator's tenant state: exactly one of each object of the
// configuration, linked and consented, no duplicates and no orphans.
import assert from 'node:assert/strict';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { APP_TAG } from '../../src/core/graph/model';
import type { GraphEmulator } from '../../emulators';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export function assertExactlyOurObjects(emu: GraphEmulator, config: ItsmeSetupConfig, secret: string): void {
  const s = emu.state;
  const idps = s.identityProviders.filter((p) => p.displayName === config.identityProvider.displayName);
  assert.equal(idps.length, 1, `one identity provider named ${config.identityProvider.displayName}, got ${idps.length}`);
  const idp = idps[0]!;
  assert.equal(idp['clientId'], config.itsme.partnerCode);
  assert.equal(idp['clientSecret'], secret, 'the secret reached Graph');
  assert.equal(idp['responseType'], 'code');
  assert.equal(idp['responseMode'], 'query');

  const flows = s.userFlows.filter((f) => f.id === config.userFlow.id);
  assert.equal(flows.length, 1);
  assert.deepEqual(flows[0]!.userFlowIdentityProviders, [idp.id], 'the flow offers itsme');

  const apps = s.applications.filter((a) => a.displayName === config.app.displayName && (a['tags'] as string[] | undefined)?.includes(APP_TAG));
  assert.equal(apps.length, 1, `one app registration, got ${apps.length}`);
  const app = apps[0]!;
  assert.equal(app['signInAudience'], 'AzureADandPersonalMicrosoftAccount');
  const web = app['web'] as { redirectUris: string[]; implicitGrantSettings: Record<string, boolean> };
  assert.deepEqual(web.redirectUris, config.app.redirectUris);
  assert.equal(web.implicitGrantSettings['enableIdTokenIssuance'], true);

  const sps = s.servicePrincipals.filter((sp) => sp.appId === app.appId);
  assert.equal(sps.length, 1, `one service principal, got ${sps.length}`);
  const graphSp = s.servicePrincipals.find((sp) => sp.appId === GRAPH_APP_ID)!;
  const grants = s.oauth2PermissionGrants.filter((g) => g.clientId === sps[0]!.id);
  assert.equal(grants.length, 1, `one consent grant, got ${grants.length}`);
  assert.equal(grants[0]!.resourceId, graphSp.id);
  assert.equal(grants[0]!.consentType, 'AllPrincipals');
  assert.deepEqual(grants[0]!.scope.split(' ').sort(), ['offline_access', 'openid']);

  // No orphans: every service principal has its app, every grant its service principal.
  const appIds = new Set(s.applications.map((a) => a.appId));
  const orphanSps = s.servicePrincipals.filter((sp) => sp.appId !== GRAPH_APP_ID && sp.id !== s.management.servicePrincipalId && !appIds.has(sp.appId));
  assert.deepEqual(orphanSps.map((sp) => sp.id), [], 'no orphaned service principals');
  const spIds = new Set(s.servicePrincipals.map((sp) => sp.id));
  assert.deepEqual(s.oauth2PermissionGrants.filter((g) => !spIds.has(g.clientId)).map((g) => g.id), [], 'no orphaned grants');
}
