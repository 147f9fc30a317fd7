// The user flow's application-claims step (src/core/plan/applicationClaims.ts), pure: tried through the undocumented
// relationship where the tenant lists it, a named portal step where it does not, nothing written when all are there.
import assert from 'node:assert/strict';
import { computePlan } from '../../src/core/plan/computePlan';
import { wantedApplicationClaims } from '../../src/core/plan/applicationClaims';
import { stepSentence, resourceName } from '../../src/core/plan/labels';
import { config, configuredTenant, emptyTenant } from './fixtures';

const PORTAL_STEP = /^In the portal, open user flow B2C_1_itsme → Application claims: tick Display Name, Given Name, Surname, Email Addresses, Identity Provider; then Save\.$/;
const claimsStep = (p: ReturnType<typeof computePlan>) => p.steps.find((s) => s.resource === 'userFlowClaims')!;

describe('plan: the user flow\'s application claims', () => {
  it('wants the claims of the claims mapping, and Identity Provider', () => {
    assert.deepEqual(wantedApplicationClaims(config().identityProvider.claimsMapping).map((c) => c.portalName), ['Display Name', 'Given Name', 'Surname', 'Email Addresses', 'Identity Provider']);
    assert.deepEqual(wantedApplicationClaims({ userId: 'sub', displayName: 'name' }).map((c) => c.tokenClaim), ['name', 'idp']);
  });

  it('a new flow: tries the relationship ($ref per claim), reads it back, and carries the portal step as the fallback', () => {
    const s = claimsStep(computePlan(config(), emptyTenant()));
    assert.equal(s.action, 'update');
    assert.deepEqual(s.dependsOn, ['userFlow']);
    assert.deepEqual(
      s.requests.map((r) => [r.method, r.path, (r.body as Record<string, string>)['@odata.id']]),
      ['displayName', 'givenName', 'surname', 'emails', 'identityProvider'].map((id) => ['POST', '/identity/b2cUserFlows/B2C_1_itsme/applicationClaims/$ref', `{graph}/beta/identity/userFlowAttributes/${id}`]),
    );
    assert.deepEqual(s.verify, { method: 'GET', version: 'beta', path: '/identity/b2cUserFlows/B2C_1_itsme/applicationClaims' });
    assert.deepEqual(s.verifyIncludes, ['displayName', 'givenName', 'surname', 'emails', 'identityProvider']);
    assert.match(s.manual!.text, PORTAL_STEP);
    assert.match(s.manual!.portalUrl!, /UserJourneyMenuBlade\/~\/properties\/userJourneyId\/B2C_1_itsme$/);
  });

  it('a tenant without the relationship (the documented API): the named manual step, no write', () => {
    const c = config();
    const t = { ...configuredTenant(c), applicationClaims: { kind: 'unavailable' as const, status: 400, code: 'BadRequest' } };
    const s = claimsStep(computePlan(c, t));
    assert.equal(s.action, 'manual');
    assert.deepEqual(s.requests, []);
    assert.match(s.manual!.text, PORTAL_STEP);
    assert.match(s.reason, /BadRequest/);
  });

  it('listed: only the missing claims are added; all there → no change', () => {
    const c = config();
    const some = claimsStep(computePlan(c, { ...configuredTenant(c), applicationClaims: { kind: 'listed', ids: ['displayName', 'IdentityProvider', 'objectId'] } }));
    assert.equal(some.action, 'update');
    assert.deepEqual(some.requests.map((r) => (r.body as Record<string, string>)['@odata.id']!.split('/').pop()), ['givenName', 'surname', 'emails']);
    assert.deepEqual(some.changes, ['applicationClaims: + Given Name (given_name)', 'applicationClaims: + Surname (family_name)', 'applicationClaims: + Email Addresses (emails)']);
    const all = claimsStep(computePlan(c, { ...configuredTenant(c), applicationClaims: { kind: 'listed', ids: ['displayName', 'givenName', 'surname', 'emails', 'identityProvider'] } }));
    assert.equal(all.action, 'noop');
    assert.deepEqual(all.requests, []);
  });

  it('a flow that is not ours to use: blocked behind the user flow step', () => {
    const c = config();
    const t = configuredTenant(c);
    t.userFlow = { ...t.userFlow!, userFlowType: 'signIn' };
    const s = claimsStep(computePlan(c, t));
    assert.equal(s.action, 'manual');
    assert.match(s.manual!.text, /Resolve the user flow step/);
  });

  it('is named in words: "Application claims", "Update B2C_1_itsme application claims"', () => {
    assert.equal(resourceName('userFlowClaims'), 'Application claims');
    assert.equal(stepSentence(claimsStep(computePlan(config(), emptyTenant()))), 'Update B2C_1_itsme application claims');
  });
});
