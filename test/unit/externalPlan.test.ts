// Pure plans for external tenants (Microsoft Entra External ID): empty, partial, drifted, complete, hand-made objects
// with our names, an app linked to another flow; the kind detection; fields that do not exist for a kind; the
// pre-flight on itsme's discovery document; the outputs; destroy and rotate.
import assert from 'node:assert/strict';
import { resolveConfig, kindIssues } from '../../src/core/config/validate';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { computeRotatePlan } from '../../src/core/plan/rotatePlan';
import { ConfigKindError } from '../../src/core/plan/kindCheck';
import { checkDiscoveryDocument } from '../../src/core/plan/external/discovery';
import { resolveTenantInfo, TenantCheckError } from '../../src/core/plan/tenant';
import { isNoChange, writesOf, type Plan } from '../../src/core/plan/types';
import { SECRET_MARKER } from '../../src/core/plan/desired';
import { config as b2cConfig, emptyTenant } from './fixtures';
import { configuredExternal, emptyExternal, extConfig, FLOW_ID, ITSME_DOC, ITSME_ISSUER, ourFlow, PROVIDER_ID, TENANT_ID } from './externalFixtures';

const step = (plan: Plan, resource: string) => plan.steps.find((s) => s.resource === resource)!;
const org = (tenantType: string) => ({ ok: true as const, value: [{ id: TENANT_ID, displayName: 'X', tenantType, verifiedDomains: [{ name: 'contosoext.onmicrosoft.com', isInitial: true }] }] });
const noTypes = { ok: true as const, value: { value: [] as string[] } };

describe('tenant kinds', () => {
  it('AAD B2C → b2c, CIAM → external, anything else refused naming both kinds', () => {
    assert.equal(resolveTenantInfo(b2cConfig(), org('AAD B2C'), noTypes).kind, 'b2c');
    assert.equal(resolveTenantInfo(b2cConfig(), org('CIAM'), noTypes).kind, 'external');
    assert.throws(() => resolveTenantInfo(b2cConfig(), org('AAD'), noTypes), (e: unknown) => e instanceof TenantCheckError && /"AAD B2C" and "CIAM"/.test(e.message) && /Nothing was changed/.test(e.message));
  });

  it('one file serves both kinds; a field that does not exist for the kind is refused with its name and why', () => {
    const c = extConfig({ userFlow: { tokenLifetimeMinutes: 60, refreshSlidingWindow: { days: 30 } }, identityProvider: { domainHint: 'itsme.be' } });
    const issues = kindIssues(c, 'external/userFlow');
    assert.deepEqual(issues.map((i) => i.field).sort(), ['identityProvider.domainHint', 'userFlow.refreshSlidingWindow', 'userFlow.tokenLifetimeMinutes']);
    assert.match(issues.find((i) => i.field === 'userFlow.tokenLifetimeMinutes')!.message, /^Access and ID token lifetime in minutes \(userFlow\.tokenLifetimeMinutes\): External ID user flows have no token lifetime/);
    assert.throws(() => computePlan(c, emptyExternal()), (e: unknown) => e instanceof ConfigKindError && e.issues.length === 3);
    // Defaults are not "set": the plain file works for both kinds.
    assert.deepEqual(kindIssues(extConfig(), 'external/userFlow'), []);
    assert.deepEqual(kindIssues(extConfig(), 'b2c/userFlow'), []);
    // And the other way round: userFlow.existing is External ID's.
    assert.throws(() => computePlan(b2cConfig({ userFlow: { existing: true } }), emptyTenant()), (e: unknown) => e instanceof ConfigKindError && /userFlow\.existing/.test(e.message));
    // With the kind known up front (the wizard), the file is refused at once.
    const r = resolveConfig({ itsme: { partnerCode: 'a', serviceCode: 'B' }, userFlow: { version: 3 } }, 'external/userFlow');
    assert.ok(!r.ok && r.issues.some((i) => i.field === 'userFlow.version' && /no version/.test(i.message)));
  });
});

describe('itsme pre-flight (discovery document)', () => {
  it('passes itsme\'s document and names each missing or unusable part', () => {
    assert.equal(checkDiscoveryDocument('u', ITSME_DOC).ok, true);
    assert.equal(checkDiscoveryDocument('u', ITSME_DOC).issuer, ITSME_ISSUER);
    const bad = checkDiscoveryDocument('u', { ...ITSME_DOC, jwks_uri: undefined, token_endpoint_auth_methods_supported: ['client_secret_basic'], response_types_supported: ['id_token'] });
    assert.equal(bad.ok, false);
    assert.ok(bad.problems.some((p) => /lacks jwks_uri/.test(p)));
    assert.ok(bad.problems.some((p) => /client_secret_post/.test(p)));
    assert.ok(bad.problems.some((p) => /"code"/.test(p)));
    assert.match(checkDiscoveryDocument('u', { ...ITSME_DOC, issuer: 'http://x.example' }).problems.join(), /not https/);
    assert.match(checkDiscoveryDocument('u', { ...ITSME_DOC, issuer: 'https://login.microsoftonline.com/x' }).problems.join(), /microsoftonline\.com/);
  });
});

describe('plan: external tenants', () => {
  it('empty tenant: creates everything in dependency order, itsme by $ref, the app linked to the flow', () => {
    const c = extConfig();
    const plan = computePlan(c, emptyExternal());
    assert.deepEqual(plan.steps.map((s) => [s.resource, s.action]), [
      ['identityProvider', 'create'],
      ['userFlow', 'create'],
      ['userFlowLink', 'link'],
      ['application', 'create'],
      ['servicePrincipal', 'create'],
      ['adminConsent', 'create'],
      ['appFlowLink', 'create'],
    ]);
    assert.equal(plan.needsSecret, true);
    const idp = step(plan, 'identityProvider').requests[0]!;
    assert.equal(idp.path, '/identity/identityProviders');
    const body = idp.body as Record<string, unknown>;
    assert.equal(body['@odata.type'], '#microsoft.graph.oidcIdentityProvider');
    assert.equal(body['issuer'], ITSME_ISSUER);
    assert.equal(body['wellKnownEndpoint'], 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration');
    assert.equal(body['scope'], 'openid service:MYBANK_LOGIN profile email');
    assert.deepEqual(body['clientAuthentication'], { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: SECRET_MARKER });
    assert.deepEqual(Object.keys(body['inboundClaimMapping'] as object).sort(), ['address', 'email', 'email_verified', 'family_name', 'given_name', 'name', 'phone_number', 'phone_number_verified', 'sub']);
    const flow = step(plan, 'userFlow').requests[0]!.body as Record<string, any>;
    assert.equal(flow['onInteractiveAuthFlowStart'].isSignUpAllowed, true);
    assert.equal(flow['onUserCreateStart'].userTypeToCreate, 'member');
    assert.equal(step(plan, 'userFlowLink').requests[0]!.path, '/identity/authenticationEventsFlows/{userFlow.id}/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp/identityProviders/$ref');
    assert.equal(step(plan, 'appFlowLink').requests[0]!.path, '/identity/authenticationEventsFlows/{userFlow.id}/conditions/applications/includeApplications');
    assert.deepEqual(step(plan, 'appFlowLink').dependsOn, ['userFlow', 'servicePrincipal']);
    assert.equal((step(plan, 'application').requests[0]!.body as Record<string, unknown>)['signInAudience'], 'AzureADMyOrg');
    assert.ok(!plan.steps.some((s) => s.resource === 'userFlowSettings'), 'no token lifetimes in External ID');
  });

  it('complete tenant: no change, zero writes', () => {
    const c = extConfig();
    const plan = computePlan(c, configuredExternal(c));
    assert.ok(isNoChange(plan), JSON.stringify(plan.steps.filter((s) => s.action !== 'noop')));
    assert.equal(writesOf(plan), 0);
    assert.equal(plan.needsSecret, false);
  });

  it('partial tenant: only the missing parts (itsme not yet in the flow, app not linked)', () => {
    const c = extConfig();
    const t = configuredExternal(c);
    t.external!.flows = [ourFlow(c, [], ['EmailPassword-OAUTH'])];
    const plan = computePlan(c, t);
    assert.deepEqual(plan.steps.filter((s) => s.action !== 'noop').map((s) => [s.resource, s.action]), [['userFlowLink', 'link'], ['appFlowLink', 'create']]);
    assert.equal(step(plan, 'userFlowLink').requests[0]!.path.startsWith(`/identity/authenticationEventsFlows/${FLOW_ID}/`), true);
    assert.deepEqual(step(plan, 'userFlowLink').requests[0]!.body, { '@odata.id': `{graph}/v1.0/identity/identityProviders/${PROVIDER_ID}` });
    assert.deepEqual(step(plan, 'appFlowLink').requests[0]!.body, { '@odata.type': '#microsoft.graph.authenticationConditionApplication', appId: 'app-id-1' });
  });

  it('drifted tenant: the provider and the flow are patched, field by field; the secret is never compared', () => {
    const c = extConfig({ itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', scopes: { phone: true, address: false } } });
    const t = configuredExternal(extConfig());
    t.external!.flows[0]!.onInteractiveAuthFlowStart = { isSignUpAllowed: false };
    const plan = computePlan(c, t);
    const idp = step(plan, 'identityProvider');
    assert.equal(idp.action, 'update');
    assert.deepEqual(idp.changes, ['scope: "openid service:MYBANK_LOGIN profile email" → "openid service:MYBANK_LOGIN profile email phone"']);
    assert.deepEqual(idp.requests[0]!.body, { scope: 'openid service:MYBANK_LOGIN profile email phone', '@odata.type': '#microsoft.graph.oidcIdentityProvider' });
    assert.equal(plan.needsSecret, false);
    const flow = step(plan, 'userFlow');
    assert.equal(flow.action, 'update');
    assert.equal((flow.requests[0]!.body as Record<string, unknown>)['@odata.type'], '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow');
  });

  it('hand-made objects with our names are clashes, never written', () => {
    const c = extConfig();
    const t = emptyExternal();
    t.identityProviders.push({ id: 'hand-1', '@odata.type': '#microsoft.graph.oidcIdentityProvider', displayName: 'itsme', clientId: 'someone-else', issuer: ITSME_ISSUER });
    t.external!.flows = [{ ...ourFlow(c, [], ['EmailPassword-OAUTH']), id: 'hand-flow', description: null }];
    t.applications = [{ id: 'hand-app', appId: 'hand-app-id', displayName: c.app.displayName }];
    const plan = computePlan(c, t);
    for (const r of ['identityProvider', 'userFlow', 'application']) assert.equal(step(plan, r).action, 'manual', r);
    assert.deepEqual(step(plan, 'identityProvider').clashes!.map((x) => x.id), ['hand-1']);
    assert.ok(step(plan, 'identityProvider').clashes![0]!.differences.some((d) => d.startsWith('clientId')));
    assert.match(step(plan, 'userFlow').manual!.text, /userFlow\.existing/);
    assert.equal(writesOf(plan), 0);
    // Destroy leaves them all.
    assert.equal(writesOf(computeDestroyPlan(c, t)), 0);
  });

  it('an app linked to another flow is a clash the plan names; it is never moved', () => {
    const c = extConfig();
    const t = configuredExternal(c);
    t.external!.flows = [ourFlow(c, []), { ...ourFlow(c, ['app-id-1'], ['EmailPassword-OAUTH']), id: 'other-flow', displayName: 'Contoso members', description: null }];
    const plan = computePlan(c, t);
    const link = step(plan, 'appFlowLink');
    assert.equal(link.action, 'manual');
    assert.deepEqual(link.requests, []);
    assert.match(link.reason, /another user flow, "Contoso members" \(other-flow\)/);
    assert.equal(writesOf(plan), 0);
  });

  it('userFlow.existing: itsme and the app are added to the user\'s flow; destroy takes them out and keeps it', () => {
    const c = extConfig({ userFlow: { name: 'Contoso_members', existing: true } });
    const t = configuredExternal(c);
    t.external!.flows = [{ ...ourFlow(c, ['app-id-1'], ['EmailPassword-OAUTH', 'Google-OAUTH', PROVIDER_ID]), description: null }];
    assert.ok(isNoChange(computePlan(c, t)));
    const d = computeDestroyPlan(c, t);
    assert.equal(step(d, 'userFlow').action, 'noop');
    assert.equal(step(d, 'userFlowLink').action, 'unlink');
    assert.equal(step(d, 'appFlowLink').action, 'unlink');
    assert.equal(step(d, 'identityProvider').action, 'delete');
  });

  it('copies from two applies at once: the flow the app uses and the provider it offers are kept, the rest removed', () => {
    const c = extConfig();
    const t = configuredExternal(c);
    t.identityProviders.push({ ...t.identityProviders.find((p) => p.id === PROVIDER_ID)!, id: 'aaaaaaaa-0000-0000-0000-000000000000' });
    t.external!.flows.push({ ...ourFlow(c, [], ['EmailPassword-OAUTH', 'aaaaaaaa-0000-0000-0000-000000000000']), id: '00000000-flow-copy' });
    const plan = computePlan(c, t);
    const dups = step(plan, 'duplicates');
    assert.deepEqual(dups.requests.map((r) => `${r.method} ${r.path}`), [
      'DELETE /identity/authenticationEventsFlows/00000000-flow-copy',
      'DELETE /identity/identityProviders/aaaaaaaa-0000-0000-0000-000000000000',
    ]);
    assert.equal(step(plan, 'identityProvider').targetId, PROVIDER_ID);
  });

  it('a failing pre-flight blocks the provider (and what depends on it), not the rest', () => {
    const c = extConfig();
    const plan = computePlan(c, emptyExternal({ ...ITSME_DOC, token_endpoint_auth_methods_supported: ['private_key_jwt'] }));
    assert.equal(step(plan, 'identityProvider').action, 'manual');
    assert.match(step(plan, 'identityProvider').reason, /client_secret_post/);
    assert.equal(step(plan, 'userFlowLink').action, 'manual');
    assert.equal(step(plan, 'userFlow').action, 'create');
  });

  it('outputs: the two federation redirect URIs, ciamlogin sign-in without p=, issuer, discovery, Entra links, the email question', () => {
    const c = extConfig();
    const o = computePlan(c, configuredExternal(c)).outputs;
    assert.deepEqual(o.itsmeRedirectUris, [`https://contosoext.ciamlogin.com/${TENANT_ID}/federation/oauth2`, 'https://contosoext.ciamlogin.com/contosoext.onmicrosoft.com/federation/oauth2']);
    assert.equal(o.tokenIssuer, `https://${TENANT_ID}.ciamlogin.com/${TENANT_ID}/v2.0`);
    assert.equal(o.policyDiscoveryUrl, `https://contosoext.ciamlogin.com/${TENANT_ID}/v2.0/.well-known/openid-configuration`);
    const u = new URL(o.runUserFlowUrl!);
    assert.equal(u.host + u.pathname, `contosoext.ciamlogin.com/${TENANT_ID}/oauth2/v2.0/authorize`);
    assert.equal(u.searchParams.get('client_id'), 'app-id-1');
    assert.equal(u.searchParams.get('p'), null);
    assert.ok(o.portal['userFlows']!.startsWith('https://entra.microsoft.com/'));
    assert.match(o.emailNotice!.paragraphs.join(' '), /email_verified = false/);
    assert.match(o.emailNotice!.paragraphs.join(' '), /one-time code/);
    assert.match(o.emailNotice!.paragraphs.join(' '), /refused/);
    // loginHost points ciamlogin elsewhere (a custom domain, or the sandbox's emulator).
    const e = computePlan(extConfig({ loginHost: 'localhost:8443' }), configuredExternal(c)).outputs;
    assert.equal(e.itsmeRedirectUris[0], `https://localhost:8443/${TENANT_ID}/federation/oauth2`);
    assert.equal(e.tokenIssuer, `https://localhost:8443/${TENANT_ID}/v2.0`);
  });

  it('destroy removes only ours, flow before provider; rotate PATCHes clientAuthentication with its type', () => {
    const c = extConfig();
    const t = configuredExternal(c);
    const d = computeDestroyPlan(c, t);
    assert.deepEqual(d.steps.filter((s) => s.action !== 'noop').map((s) => [s.resource, s.action]), [
      ['adminConsent', 'delete'],
      ['userFlow', 'delete'],
      ['identityProvider', 'delete'],
      ['servicePrincipal', 'delete'],
      ['application', 'delete'],
    ]);
    assert.ok(step(d, 'identityProvider').dependsOn.includes('userFlow'));
    const r = computeRotatePlan(c, t);
    assert.deepEqual(r.steps[0]!.requests[0]!.body, { '@odata.type': '#microsoft.graph.oidcIdentityProvider', clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: SECRET_MARKER } });
  });
});
