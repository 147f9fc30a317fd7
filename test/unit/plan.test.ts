// computePlan for empty, partial, drifted, complete and hand-made-object tenants (pure: no Graph involved).
import assert from 'node:assert/strict';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { computeRotatePlan } from '../../src/core/plan/rotatePlan';
import { SECRET_MARKER } from '../../src/core/plan/desired';
import { isNoChange, writesOf, type Plan } from '../../src/core/plan/types';
import { APP_TAG } from '../../src/core/graph/model';
import { config, configuredTenant, emptyTenant } from './fixtures';

const actions = (p: Plan): Record<string, string> => Object.fromEntries(p.steps.map((s) => [s.resource, s.action]));

describe('computePlan', () => {
  it('creates everything on an empty tenant, in dependency order, with the guide\'s bodies', () => {
    const c = config();
    const plan = computePlan(c, emptyTenant());
    assert.deepEqual(actions(plan), { identityProvider: 'create', userFlow: 'create', userFlowLink: 'link', userFlowSettings: 'update', application: 'create', servicePrincipal: 'create', adminConsent: 'create' });
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
    assert.deepEqual(actions(plan), { identityProvider: 'noop', userFlow: 'noop', userFlowLink: 'link', userFlowSettings: 'noop', application: 'noop', servicePrincipal: 'create', adminConsent: 'create' });
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
    assert.deepEqual(actions(plan), { identityProvider: 'update', userFlow: 'noop', userFlowLink: 'noop', userFlowSettings: 'update', application: 'update', servicePrincipal: 'noop', adminConsent: 'update' });
    const idp = plan.steps[0]!;
    assert.deepEqual(idp.requests[0]!.body, { scope: 'openid service:MYBANK_LOGIN profile email phone', '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider' });
    assert.equal(idp.requests[0]!.method, 'PATCH');
    assert.ok(!JSON.stringify(plan).includes('clientSecret'));
    assert.deepEqual((plan.steps.find((s) => s.resource === 'adminConsent')!.requests[0]!.body as any).scope, 'openid offline_access');
  });

  it('says "manual" when the tenant does not expose token lifetimes, and writes nothing for it', () => {
    const c = config();
    const t = configuredTenant(c);
    delete t.userFlow!.tokenLifetimeConfiguration;
    delete t.userFlow!.multifactorAuthenticationConfiguration;
    const plan = computePlan(c, t);
    const s = plan.steps.find((x) => x.resource === 'userFlowSettings')!;
    assert.equal(s.action, 'manual');
    assert.equal(s.requests.length, 0);
    assert.match(s.manual!.text, /5/);
    assert.match(s.manual!.portalUrl!, /^https:\/\/portal\.azure\.com\//);
    assert.ok(isNoChange(plan));
  });

  it('leaves hand-made objects alone: a same-named social provider, a same-named app without our redirect URIs', () => {
    const c = config();
    const t = emptyTenant();
    t.identityProviders = [{ id: 'Custom-itsme', '@odata.type': '#microsoft.graph.socialIdentityProvider', displayName: 'itsme' }];
    t.applications = [{ id: 'hand-1', appId: 'hand-app', displayName: 'itsme-test-jwtms', web: { redirectUris: ['https://contoso.example/cb'] } }];
    const plan = computePlan(c, t);
    assert.equal(actions(plan)['identityProvider'], 'manual');
    assert.equal(actions(plan)['userFlowLink'], 'manual', 'the link waits for the identity provider');
    assert.equal(actions(plan)['application'], 'create', 'the hand-made app is not adopted');
    assert.ok(!JSON.stringify(plan.steps.flatMap((s) => s.requests)).includes('hand-1'));
    assert.ok(!JSON.stringify(plan.steps.flatMap((s) => s.requests)).includes('Custom-itsme'));
  });

  it('refuses to guess between two apps that could be ours', () => {
    const c = config();
    const t = configuredTenant(c);
    t.applications.push({ ...t.applications[0]!, id: 'app-obj-2', appId: 'app-id-2' });
    const plan = computePlan(c, t);
    assert.equal(actions(plan)['application'], 'manual');
    assert.equal(actions(plan)['servicePrincipal'], 'manual');
  });

  it('adopts a matching hand-made app (our redirect URI) without tagging it', () => {
    const c = config();
    const t = emptyTenant();
    t.applications = [{ id: 'hand-1', appId: 'hand-app', displayName: 'itsme-test-jwtms', signInAudience: 'AzureADandPersonalMicrosoftAccount', api: { requestedAccessTokenVersion: 2 }, web: { redirectUris: ['https://jwt.ms'], implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: false } }, requiredResourceAccess: [] }];
    const plan = computePlan(c, t);
    const app = plan.steps.find((s) => s.resource === 'application')!;
    assert.equal(app.action, 'update');
    assert.equal(app.targetId, 'hand-1');
    assert.ok(!('tags' in (app.requests[0]!.body as object)));
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
