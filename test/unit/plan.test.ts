// computePlan for empty, partial, drifted, complete and hand-made-object tenants (pure: no Graph involved).
import assert from 'node:assert/strict';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { computeRotatePlan } from '../../src/core/plan/rotatePlan';
import { SECRET_MARKER, desiredIdentityProvider } from '../../src/core/plan/desired';
import { observeRequests, grantsRequest } from '../../src/core/plan/observe';
import { isNoChange, writesOf, type Plan } from '../../src/core/plan/types';
import { APP_TAG } from '../../src/core/graph/model';
import { isAlreadyExists, resolveConflict } from '../../src/core/apply/conflicts';
import { parseGraphError } from '../../src/core/graph/errors';
import { GRAPH_SP_ID, config, configuredTenant, emptyTenant } from './fixtures';

const actions = (p: Plan): Record<string, string> => Object.fromEntries(p.steps.map((s) => [s.resource, s.action]));

describe('computePlan', () => {
  it('creates everything on an empty tenant, in dependency order, with the guide\'s bodies', () => {
    const c = config();
    const plan = computePlan(c, emptyTenant());
    assert.deepEqual(actions(plan), { identityProvider: 'create', userFlow: 'create', userFlowLink: 'link', userFlowSettings: 'update', userFlowClaims: 'update', application: 'create', servicePrincipal: 'create', adminConsent: 'create' });
    assert.equal(plan.needsSecret, true);
    const idp = plan.steps[0]!.requests[0]!;
    assert.equal(idp.method, 'POST');
    assert.equal(idp.version, 'beta');
    assert.deepEqual(idp.body, {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'itsme',
      clientId: 'abcd1234',
      metadataUrl: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration',
      scope: 'openid service:MYBANK_LOGIN profile email',
      responseType: 'code',
      responseMode: 'query',
      claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
      clientSecret: SECRET_MARKER,
    });
    const flow = plan.steps.find((s) => s.resource === 'userFlow')!.requests[0]!;
    assert.deepEqual(flow.body, { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
    const link = plan.steps.find((s) => s.resource === 'userFlowLink')!.requests[0]!;
    assert.equal(link.path, '/identity/b2cUserFlows/B2C_1_itsme/userFlowIdentityProviders/$ref');
    assert.equal(link.method, 'POST');
    const app = plan.steps.find((s) => s.resource === 'application')!.requests[0]!.body as Record<string, any>;
    assert.equal(app.signInAudience, 'AzureADandPersonalMicrosoftAccount');
    assert.equal(app.api.requestedAccessTokenVersion, 2);
    assert.deepEqual(app.web.redirectUris, ['https://jwt.ms']);
    assert.deepEqual(app.tags, [APP_TAG]);
    const settings = plan.steps.find((s) => s.resource === 'userFlowSettings')!;
    assert.deepEqual((settings.requests[0]!.body as any).tokenLifetimeConfiguration, { accessAndIdTokenLifetimeInMinutes: 5, rollingRefreshTokenLifetimeInDays: -1 });
    assert.ok(settings.verify, 'the settings are read back');
    const consent = plan.steps.find((s) => s.resource === 'adminConsent')!.requests[0]!.body as Record<string, string>;
    assert.deepEqual(consent, { clientId: '{servicePrincipal.id}', consentType: 'AllPrincipals', resourceId: 'graph-sp-0000', scope: 'openid offline_access' });
    // dependencies point backwards only, so applyPlan can start each step as soon as its inputs exist
    const seen = new Set<string>();
    for (const s of plan.steps) {
      for (const d of s.dependsOn) assert.ok(seen.has(d), `${s.resource} depends on ${d} listed later`);
      seen.add(s.resource);
    }
  });

  it('changes nothing on a configured tenant', () => {
    const c = config();
    const plan = computePlan(c, configuredTenant(c));
    assert.ok(isNoChange(plan), JSON.stringify(actions(plan)));
    assert.equal(writesOf(plan), 0);
    assert.equal(plan.needsSecret, false);
    assert.match(plan.outputs.runUserFlowUrl!, /^https:\/\/contosob2c\.b2clogin\.com\/contosob2c\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?p=B2C_1_itsme&client_id=app-id-1&nonce=defaultNonce&redirect_uri=https%3A%2F%2Fjwt\.ms&scope=openid&response_type=id_token&prompt=login$/);
    assert.deepEqual(plan.outputs.itsmeRedirectUris, ['https://contosob2c.b2clogin.com/contosob2c/oauth2/authresp', 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp']);
  });

  it('completes a partial tenant: only what is missing', () => {
    const c = config();
    const t = configuredTenant(c);
    t.userFlowLinks = [];
    t.servicePrincipals = [];
    const plan = computePlan(c, t);
    assert.deepEqual(actions(plan), { identityProvider: 'noop', userFlow: 'noop', userFlowLink: 'link', userFlowSettings: 'noop', userFlowClaims: 'manual', application: 'noop', servicePrincipal: 'create', adminConsent: 'create' });
    assert.equal((plan.steps[2]!.requests[0]!.body as any)['@odata.id'], '{graph}/beta/identity/identityProviders/OIDC-V1-itsme-1111');
    assert.deepEqual(plan.steps.find((s) => s.resource === 'servicePrincipal')!.requests[0]!.body, { appId: 'app-id-1' });
  });

  it('updates drifted objects with partial bodies, never the secret', () => {
    const c = config({ itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', scopes: { phone: true } } });
    const t = configuredTenant(config());
    t.applications[0]!.web!.implicitGrantSettings!.enableAccessTokenIssuance = false;
    t.userFlow!.tokenLifetimeConfiguration = { accessAndIdTokenLifetimeInMinutes: 60, rollingRefreshTokenLifetimeInDays: 90 };
    t.servicePrincipals[0]!.oauth2PermissionGrants![0]!.scope = 'openid';
    const plan = computePlan(c, t);
    assert.deepEqual(actions(plan), { identityProvider: 'update', userFlow: 'noop', userFlowLink: 'noop', userFlowSettings: 'update', userFlowClaims: 'manual', application: 'update', servicePrincipal: 'noop', adminConsent: 'update' });
    const idp = plan.steps[0]!;
    assert.deepEqual(idp.requests[0]!.body, { scope: 'openid service:MYBANK_LOGIN profile email phone', '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider' });
    assert.equal(idp.requests[0]!.method, 'PATCH');
    assert.ok(!JSON.stringify(plan).includes('clientSecret'));
    assert.deepEqual((plan.steps.find((s) => s.resource === 'adminConsent')!.requests[0]!.body as any).scope, 'openid offline_access');
  });

  it('leaves hand-made objects alone: a same-named social provider, a same-named app without our redirect URIs', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ id: 'Custom-itsme', '@odata.type': '#microsoft.graph.socialIdentityProvider', displayName: 'itsme' }];
    t.applications = [{ id: 'hand-1', appId: 'hand-app', displayName: 'itsme-test-jwtms', web: { redirectUris: ['https://contoso.example/cb'] } }];
    const plan = computePlan(c, t);
    assert.equal(actions(plan)['identityProvider'], 'manual');
    assert.equal(actions(plan)['userFlowLink'], 'manual', 'the link waits for the identity provider');
    assert.equal(actions(plan)['application'], 'manual', 'the hand-made app is neither adopted nor copied');
    assert.ok(!JSON.stringify(plan.steps.flatMap((s) => s.requests)).includes('hand-1'));
    assert.ok(!JSON.stringify(plan.steps.flatMap((s) => s.requests)).includes('Custom-itsme'));
  });

  it('refuses to guess between two same-named apps that are not ours', () => {
    const c = config();
    const t = configuredTenant(c);
    t.applications = [{ ...t.applications[0]!, tags: [] }, { ...t.applications[0]!, id: 'app-obj-2', appId: 'app-id-2', tags: [] }];
    const plan = computePlan(c, t);
    assert.equal(actions(plan)['application'], 'manual');
    assert.equal(actions(plan)['servicePrincipal'], 'manual');
    assert.ok(!/applications|servicePrincipals|oauth2PermissionGrants/.test(requestsOf(plan)), 'no app, service principal or grant is written');
  });

  it('adopts a hand-made app only when asked, tagging it as ours', () => {
    const c = config();
    const t = emptyTenant();
    t.applications = [{ id: 'hand-1', appId: 'hand-app', displayName: 'itsme-test-jwtms', signInAudience: 'AzureADandPersonalMicrosoftAccount', api: { requestedAccessTokenVersion: 2 }, web: { redirectUris: ['https://jwt.ms'], implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: false } }, requiredResourceAccess: [] }];
    assert.equal(computePlan(c, t).steps.find((s) => s.resource === 'application')!.action, 'manual', 'not without the opt-in');
    const plan = computePlan(c, t, { adopt: { application: 'hand-1' } });
    const app = plan.steps.find((s) => s.resource === 'application')!;
    assert.equal(app.action, 'adopt');
    assert.equal(app.targetId, 'hand-1');
    assert.deepEqual((app.requests[0]!.body as { tags: string[] }).tags, [APP_TAG]);
    assert.deepEqual((plan.steps.find((s) => s.resource === 'servicePrincipal')!.requests[0]!.body as { appId: string }).appId, 'hand-app');
  });

  it('refuses a flow of another type with the same name', () => {
    const c = config();
    const t = emptyTenant();
    t.userFlow = { id: 'B2C_1_itsme', userFlowType: 'signIn' };
    assert.equal(actions(computePlan(c, t))['userFlow'], 'manual');
  });
});

describe('computeDestroyPlan', () => {
  it('deletes in reverse order what the configuration made', () => {
    const c = config();
    const plan = computeDestroyPlan(c, configuredTenant(c));
    assert.deepEqual(plan.steps.map((s) => `${s.action} ${s.resource}`), ['delete adminConsent', 'delete userFlow', 'delete identityProvider', 'delete servicePrincipal', 'delete application']);
  });

  it('keeps a flow that offers other providers (only unlinks itsme) and an app it did not create', () => {
    const c = config();
    const t = configuredTenant(c);
    t.userFlowLinks.push('Google-OAUTH');
    t.applications[0]!.tags = [];
    const plan = computeDestroyPlan(c, t);
    const a = Object.fromEntries(plan.steps.map((s) => [s.resource, s.action]));
    assert.equal(a['userFlowLink'], 'unlink');
    assert.equal(a['userFlow'], 'noop');
    assert.equal(a['application'], 'noop');
    assert.equal(a['servicePrincipal'], 'noop');
    assert.equal(a['identityProvider'], 'delete');
  });
});

describe('computeRotatePlan', () => {
  it('patches only the secret, as a marker', () => {
    const c = config();
    const plan = computeRotatePlan(c, configuredTenant(c));
    assert.equal(plan.needsSecret, true);
    assert.deepEqual(plan.steps[0]!.requests[0]!.body, { '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider', clientSecret: SECRET_MARKER });
  });
  it('is a manual step without an identity provider', () => {
    const plan = computeRotatePlan(config(), emptyTenant());
    assert.equal(plan.steps[0]!.action, 'manual');
    assert.equal(plan.needsSecret, false);
  });
});

// Issue 7: ownership (defects 2 and 8), documented reads only (3), duplicates across machines (4), interrupted
// flow settings (5). Every object that fails the ownership test is named and never written.
const HAND_PRD = {
  id: 'OIDC-V1-itsme-hand-9999',
  '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
  displayName: 'itsme',
  clientId: 'prdpartner',
  clientSecret: '****',
  metadataUrl: 'https://idp.prd.itsme.services/v2/.well-known/openid-configuration',
  scope: 'openid service:PRD_LOGIN profile email',
  responseType: 'code',
  responseMode: 'query',
  claimsMapping: { userId: 'sub', displayName: 'name' },
};

const requestsOf = (p: Plan): string => JSON.stringify(p.steps.flatMap((s) => s.requests));

describe('ownership (issue 7)', () => {
  it('a hand-made OIDC provider with our name but another partner code is a clash: named, diffed, never written', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ ...HAND_PRD }];
    const plan = computePlan(c, t);
    const idp = plan.steps.find((s) => s.resource === 'identityProvider')!;
    assert.equal(idp.action, 'manual');
    assert.equal(idp.requests.length, 0);
    assert.match(idp.reason, /OIDC-V1-itsme-hand-9999/);
    const diff = (idp.clashes ?? []).flatMap((x) => x.differences).join('\n');
    assert.match(diff, /clientId/);
    assert.match(diff, /metadataUrl/);
    assert.match(diff, /scope/);
    assert.ok(!/clientSecret|\*\*\*\*/.test(JSON.stringify(idp)), 'the secret is never compared or shown');
    assert.match(idp.manual!.text, /identityProvider\.displayName/);
    assert.match(idp.manual!.text, /adopt/i);
    assert.ok(!requestsOf(plan).includes('hand-9999'));
    const destroy = computeDestroyPlan(c, t);
    assert.ok(!requestsOf(destroy).includes('hand-9999'), 'destroy never deletes it');
    const kept = destroy.steps.find((s) => s.resource === 'identityProvider')!;
    assert.match(kept.reason, /OIDC-V1-itsme-hand-9999/, 'destroy says what it left and why');
    assert.ok(!requestsOf(computeRotatePlan(c, t)).includes('hand-9999'), 'rotate never touches it');
  });

  it('an explicit adopt turns the clash into an "adopt" action with its diff, and sends the secret', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ ...HAND_PRD }];
    const plan = computePlan(c, t, { adopt: { identityProvider: 'OIDC-V1-itsme-hand-9999' } });
    const idp = plan.steps.find((s) => s.resource === 'identityProvider')!;
    assert.equal(idp.action, 'adopt');
    assert.equal(idp.targetId, 'OIDC-V1-itsme-hand-9999');
    assert.ok(idp.changes!.some((x) => x.startsWith('clientId')));
    const body = idp.requests[0]!.body as Record<string, unknown>;
    assert.equal(idp.requests[0]!.method, 'PATCH');
    assert.equal(body['clientId'], 'abcd1234');
    assert.equal(body['clientSecret'], SECRET_MARKER, 'a provider adopted with another partner code must get our secret too');
    assert.equal(plan.needsSecret, true);
    assert.equal(plan.steps.find((s) => s.resource === 'userFlowLink')!.action, 'link');
  });

  it('an adopt naming an unknown id is a manual step, not a create', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ ...HAND_PRD }];
    const plan = computePlan(c, t, { adopt: { identityProvider: 'OIDC-V1-nope' } });
    assert.equal(plan.steps.find((s) => s.resource === 'identityProvider')!.action, 'manual');
  });

  it('a provider with our name and partner code is ours whatever its metadata URL (then updated)', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ ...HAND_PRD, clientId: 'abcd1234' }];
    const idp = computePlan(c, t).steps.find((s) => s.resource === 'identityProvider')!;
    assert.equal(idp.action, 'update');
    assert.equal(idp.targetId, 'OIDC-V1-itsme-hand-9999');
  });

  it('a same-named app registration that is not ours is named, and no lookalike is created', () => {
    const c = config();
    const t = emptyTenant();
    t.applications = [{ id: 'hand-1', appId: 'hand-app', displayName: 'itsme-test-jwtms', web: { redirectUris: ['https://jwt.ms'] } }];
    const plan = computePlan(c, t);
    const app = plan.steps.find((s) => s.resource === 'application')!;
    assert.equal(app.action, 'manual');
    assert.match(app.reason, /hand-1/);
    assert.match(app.manual!.text, /app\.displayName/);
    assert.equal(plan.steps.find((s) => s.resource === 'servicePrincipal')!.action, 'manual');
    assert.ok(!requestsOf(plan).includes('/applications'), 'no POST /applications');
  });

  it('no manual text says "the the"', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ id: 'Custom-itsme', '@odata.type': '#microsoft.graph.socialIdentityProvider', displayName: 'itsme' }];
    for (const s of computePlan(c, t).steps) assert.ok(!/\bthe the\b/i.test(`${s.reason} ${s.manual?.text ?? ''}`), s.manual?.text);
  });
});

describe('documented reads only (issue 7)', () => {
  it('no observe request uses $expand; grants are read with $filter=clientId', () => {
    for (const [name, r] of Object.entries(observeRequests(config()))) assert.ok(!r.path.includes('$expand'), `${name}: ${r.path}`);
    const g = grantsRequest('sp-1');
    assert.equal(g.version, 'v1.0');
    assert.equal(g.path, "/oauth2PermissionGrants?$filter=clientId eq 'sp-1'");
  });

  it('plans a lookup for each create that can meet a 409', () => {
    const plan = computePlan(config(), emptyTenant());
    for (const r of ['identityProvider', 'userFlow', 'servicePrincipal', 'adminConsent']) {
      assert.ok(plan.steps.find((s) => s.resource === r)!.onConflict, `${r} has a lookup for a 409`);
    }
  });
});

describe('duplicates across machines (issue 7)', () => {
  it('keeps the linked provider and removes the other one of ours, shown as "remove duplicate"', () => {
    const c = config();
    const t = configuredTenant(c);
    t.identityProviders.push({ ...desiredIdentityProvider(c), id: 'OIDC-V1-itsme-0000', clientSecret: '****' });
    const plan = computePlan(c, t);
    assert.equal(plan.steps.find((s) => s.resource === 'identityProvider')!.action, 'noop');
    const dup = plan.steps.find((s) => s.resource === 'duplicates')!;
    assert.equal(dup.action, 'removeDuplicate');
    assert.deepEqual(dup.requests.map((r) => `${r.method} ${r.path}`), ['DELETE /identity/identityProviders/OIDC-V1-itsme-0000']);
  });

  it('keeps the oldest of two tagged apps and removes the newer with its service principal and grant', () => {
    const c = config();
    const t = configuredTenant(c);
    t.applications[0]!.createdDateTime = '2025-03-02T10:00:00Z';
    t.applications.push({ ...t.applications[0]!, id: 'app-obj-0', appId: 'app-id-0', createdDateTime: '2025-03-01T10:00:00Z' });
    t.servicePrincipals.push({ id: 'sp-0', appId: 'app-id-0', displayName: 'itsme-test-jwtms', oauth2PermissionGrants: [{ id: 'grant-0', clientId: 'sp-0', consentType: 'AllPrincipals', resourceId: GRAPH_SP_ID, scope: 'openid offline_access' }] });
    const plan = computePlan(c, t);
    assert.equal(plan.steps.find((s) => s.resource === 'application')!.targetId, 'app-obj-0', 'the oldest is kept');
    assert.equal(plan.steps.find((s) => s.resource === 'adminConsent')!.action, 'noop');
    const dup = plan.steps.find((s) => s.resource === 'duplicates')!;
    assert.deepEqual(dup.requests.map((r) => `${r.method} ${r.path}`), ['DELETE /oauth2PermissionGrants/grant-1', 'DELETE /servicePrincipals/sp-1', 'DELETE /applications/app-obj-1']);
    assert.match(plan.outputs.runUserFlowUrl!, /client_id=app-id-0&/);
  });

  it('removes a second grant of our service principal', () => {
    const c = config();
    const t = configuredTenant(c);
    t.servicePrincipals[0]!.oauth2PermissionGrants!.push({ id: 'grant-2', clientId: 'sp-1', consentType: 'AllPrincipals', resourceId: GRAPH_SP_ID, scope: 'openid offline_access' });
    const dup = computePlan(c, t).steps.find((s) => s.resource === 'duplicates')!;
    assert.deepEqual(dup.requests.map((r) => `${r.method} ${r.path}`), ['DELETE /oauth2PermissionGrants/grant-2']);
  });

  it('has no duplicates step on a clean tenant', () => {
    const c = config();
    assert.equal(computePlan(c, configuredTenant(c)).steps.find((s) => s.resource === 'duplicates'), undefined);
  });

  it('destroy removes every copy of ours, and nothing else', () => {
    const c = config();
    const t = configuredTenant(c);
    t.identityProviders.push({ ...desiredIdentityProvider(c), id: 'OIDC-V1-itsme-0000', clientSecret: '****' }, { ...HAND_PRD, displayName: 'itsme' });
    t.applications.push({ ...t.applications[0]!, id: 'app-obj-2', appId: 'app-id-2' });
    t.servicePrincipals.push({ id: 'sp-2', appId: 'app-id-2', oauth2PermissionGrants: [] });
    const paths = computeDestroyPlan(c, t).steps.flatMap((s) => s.requests.map((r) => `${r.method} ${r.path}`));
    for (const p of ['DELETE /identity/identityProviders/OIDC-V1-itsme-1111', 'DELETE /identity/identityProviders/OIDC-V1-itsme-0000', 'DELETE /applications/app-obj-1', 'DELETE /applications/app-obj-2', 'DELETE /servicePrincipals/sp-2', 'DELETE /oauth2PermissionGrants/grant-1']) {
      assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    }
    assert.ok(!paths.some((p) => p.includes('hand-9999')));
  });
});

describe('flow settings after an interruption (issue 7)', () => {
  it('a flow whose GET shows no token lifetimes is patched and read back, not declared unsupported', () => {
    const c = config();
    const t = configuredTenant(c);
    delete t.userFlow!.tokenLifetimeConfiguration;
    delete t.userFlow!.multifactorAuthenticationConfiguration;
    const s = computePlan(c, t).steps.find((x) => x.resource === 'userFlowSettings')!;
    assert.equal(s.action, 'update');
    assert.equal(s.requests[0]!.method, 'PATCH');
    assert.ok(s.verify);
    assert.ok(s.manual, 'the portal step is ready if the read-back shows the tenant did not keep them');
  });
});

describe('409 resolution (issue 7)', () => {
  it('treats 400 "Permission entry already exists" on the grant like a 409, adopts our grant and completes its scope', () => {
    const step = computePlan(config(), emptyTenant()).steps.find((s) => s.resource === 'adminConsent')!;
    const e400 = parseGraphError({ method: 'POST', path: '/oauth2PermissionGrants' }, 400, { error: { code: 'Request_BadRequest', message: 'Permission entry already exists.' } }, {});
    assert.ok(isAlreadyExists(step, e400));
    assert.ok(!e400.transient && !parseGraphError({ method: 'POST', path: '/x' }, 409, {}, {}).transient, 'a conflict is never transient');
    const ctx = {};
    const r = resolveConflict(step, { clientId: 'sp-9', resourceId: GRAPH_SP_ID, consentType: 'AllPrincipals', scope: 'openid offline_access' }, { value: [{ id: 'g-9', clientId: 'sp-9', resourceId: GRAPH_SP_ID, consentType: 'AllPrincipals', scope: 'openid' }] }, ctx);
    assert.equal(r.kind, 'adopted');
    assert.deepEqual(r.kind === 'adopted' && r.followUp, { method: 'PATCH', version: 'v1.0', path: '/oauth2PermissionGrants/g-9', body: { scope: 'openid offline_access' } });
  });

  it('a 409 on the provider with someone else\'s "itsme" is a clash, not an adoption', () => {
    const step = computePlan(config(), emptyTenant()).steps.find((s) => s.resource === 'identityProvider')!;
    const ctx: Record<string, string> = {};
    const r = resolveConflict(step, step.requests[0]!.body as Record<string, unknown>, { value: [{ ...HAND_PRD }] }, ctx);
    assert.equal(r.kind, 'clash');
    assert.equal(ctx['identityProviderId'], undefined);
  });
});
