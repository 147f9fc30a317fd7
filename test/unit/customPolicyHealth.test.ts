// What the tree and `status` say about a custom-policy configuration's own objects: each generated policy and each
// key set, present / differs / missing / clash, read from the plan the engine computed (never a second Graph read).
import assert from 'node:assert/strict';
import { customPolicyObjects } from '../../src/core/customPolicyHealth';
import { healthOf } from '../../src/core/health';
import { computePlan } from '../../src/core/plan/computePlan';
import type { CustomPolicyOutputs, Plan, PlanStep, StepResource } from '../../src/core/plan/types';
import { config, emptyTenant } from './fixtures';

const OUTPUTS: CustomPolicyOutputs = {
  policies: [
    { id: 'B2C_1A_itsme_base', xml: '<base/>' },
    { id: 'B2C_1A_itsme', xml: '<rp/>' },
  ],
  keySets: { itsmeSecret: 'B2C_1A_itsmeItsmeSecret', tokenSigning: 'B2C_1A_itsmeTokenSigning', tokenEncryption: 'B2C_1A_itsmeTokenEncryption' },
  policyId: 'B2C_1A_itsme',
  expectations: { claims: ['national_number'], assurance: { claim: 'itsme_acr', value: 'http://itsme.services/v2/claim/acr_basic' }, idTokenLifetimeSeconds: 3600, accessTokenLifetimeSeconds: 3600 },
};

function step(resource: StepResource, action: PlanStep['action'], patch: Partial<PlanStep> = {}): PlanStep {
  return { resource, action, reason: `${resource} ${action}`, dependsOn: [], label: resource, requests: [], ...patch };
}

function plan(steps: PlanStep[]): Plan {
  return {
    tenant: { id: 't', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C' },
    steps,
    needsSecret: false,
    outputs: { variant: 'customPolicy', customPolicy: OUTPUTS, loginHost: 'contosob2c.b2clogin.com', itsmeRedirectUris: [], runUserFlowUrl: 'https://x/?p=B2C_1A_itsme', policyDiscoveryUrl: 'https://x', portal: {} },
  } as unknown as Plan;
}

describe('custom policy: the health of its policies and key sets', () => {
  it('names each policy and key set with its state, from the plan\'s step for it', () => {
    const objects = customPolicyObjects(
      plan([
        step('itsmeSecretKeySet', 'noop'),
        step('signingKeySet', 'create'),
        step('encryptionKeySet', 'manual', { clashes: [{ id: 'B2C_1A_itsmeTokenEncryption', differences: ['keys: oct/sig instead of RSA/enc'] }] }),
        step('basePolicy', 'update', { changes: ['TechnicalProfile JwtIssuer: id_token_lifetime_secs 300 → 3600'] }),
        step('relyingPartyPolicy', 'noop'),
      ]),
    );
    assert.deepEqual(objects.map((o) => [o.kind, o.id, o.state]), [
      ['policy', 'B2C_1A_itsme_base', 'differs'],
      ['policy', 'B2C_1A_itsme', 'present'],
      ['keySet', 'B2C_1A_itsmeItsmeSecret', 'present'],
      ['keySet', 'B2C_1A_itsmeTokenSigning', 'missing'],
      ['keySet', 'B2C_1A_itsmeTokenEncryption', 'clash'],
    ]);
    const clash = objects.find((o) => o.state === 'clash')!;
    assert.match(clash.message, /oct\/sig instead of RSA\/enc/, 'a clash says what differs');
    assert.match(objects[0]!.message, /id_token_lifetime_secs/, 'a drifted policy says what differs');
    assert.equal(objects[0]!.xml, '<base/>', 'a policy carries its generated XML (to open it read-only)');
  });

  it('a user-flow plan has none', () => {
    assert.deepEqual(customPolicyObjects({ ...plan([]), outputs: { ...plan([]).outputs, variant: undefined, customPolicy: undefined } } as Plan), []);
  });

  it('healthOf warns about missing or clashing policies and key sets, never about the user flow\'s identity provider', () => {
    const c = { ...config(), variant: 'customPolicy' as const };
    const items = healthOf(c, emptyTenant(), plan([step('itsmeSecretKeySet', 'create'), step('signingKeySet', 'noop'), step('encryptionKeySet', 'noop'), step('basePolicy', 'create'), step('relyingPartyPolicy', 'manual', { clashes: [{ id: 'B2C_1A_itsme', differences: ['BasePolicy: B2C_1A_TrustFrameworkExtensions instead of B2C_1A_itsme_base'] }] })]));
    const ids = items.map((i) => i.id);
    assert.ok(!ids.includes('idpMissing') && !ids.includes('flowMissing'), ids.join(', '));
    assert.ok(ids.includes('policyMissing:basePolicy'), ids.join(', '));
    assert.ok(ids.includes('policyMissing:itsmeSecretKeySet'), ids.join(', '));
    assert.ok(ids.includes('policyClash:relyingPartyPolicy'), ids.join(', '));
    assert.match(items.find((i) => i.id === 'policyClash:relyingPartyPolicy')!.message, /BasePolicy/);
  });

  it('with the engine\'s own plan for an empty tenant: every policy and key set missing, named by the configuration', () => {
    const c = { ...config(), variant: 'customPolicy' as const, customPolicy: { name: 'bank', claims: ['nationalNumber'], assurance: 'advanced' as const, lifetimes: { accessTokenSeconds: 900, idTokenSeconds: 900, refreshTokenSeconds: 1209600, rollingWindow: 'noExpiry' as const } } };
    const p = computePlan(c, emptyTenant());
    const objects = customPolicyObjects(p);
    assert.deepEqual(objects.map((o) => [o.id, o.state]), [
      ['B2C_1A_bank_base', 'missing'],
      ['B2C_1A_bank', 'missing'],
      ['B2C_1A_bankItsmeSecret', 'missing'],
      ['B2C_1A_bankTokenSigning', 'missing'],
      ['B2C_1A_bankTokenEncryption', 'missing'],
    ]);
    assert.ok(!JSON.stringify(objects).includes('SECRET'), 'no secret marker in what the tree shows');
  });
});
