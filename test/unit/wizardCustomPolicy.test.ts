// The wizard and the B2C custom-policy variant: the review opens a generated policy file by its place in the plan's
// outputs (never text the page chose), and the page's message for it is checked like any other.
import assert from 'node:assert/strict';
import { checkUiEvent } from '../../src/protocol/guards';
import { initialState } from '../../src/wizard/initial';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import type { TenantCheck } from '../../src/wizard/services';
import type { Plan } from '../../src/core/plan/types';
import { effectOf, freshPlan, run } from './wizardHelpers';

const CHECK: TenantCheck = { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C', tenantKind: 'b2c' };
const edit = (field: string, value: string | boolean): WizardEvent => ({ type: 'edit', field, value }) as WizardEvent;
const NEXT: WizardEvent = { type: 'next' };

const BASE_XML = '<TrustFrameworkPolicy PolicyId="B2C_1A_itsme_base"/>';
const RP_XML = '<TrustFrameworkPolicy PolicyId="B2C_1A_itsme"/>';

/** A plan whose outputs carry a generated policy set (the engine's custom-policy plan has this shape). */
function customPlan(): Plan {
  const plan = freshPlan();
  plan.outputs = {
    ...plan.outputs,
    variant: 'customPolicy',
    customPolicy: {
      policies: [
        { id: 'B2C_1A_itsme_base', xml: BASE_XML },
        { id: 'B2C_1A_itsme', xml: RP_XML },
      ],
      keySets: { itsmeSecret: 'B2C_1A_itsmeItsmeSecret', tokenSigning: 'B2C_1A_itsmeTokenSigning', tokenEncryption: 'B2C_1A_itsmeTokenEncryption' },
      policyId: 'B2C_1A_itsme',
      expectations: { claims: ['national_number'], assurance: { claim: 'itsme_acr', value: 'http://itsme.services/v2/claim/acr_basic' }, idTokenLifetimeSeconds: 3600, accessTokenLifetimeSeconds: 3600 },
    },
  };
  return plan;
}

/** Through the form to a review whose plan has been computed. */
function reviewWith(plan: Plan): WizardState {
  const t1 = run(initialState(), NEXT, edit('tenant', 'contosob2c.onmicrosoft.com'), NEXT);
  const check = effectOf(t1, 'checkTenant');
  let s = run(t1.state, { type: 'tenantChecked', requestId: check.requestId, check: CHECK }, NEXT).state;
  s = run(s, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }).state;
  for (let i = 0; i < 10 && s.step !== 'review'; i++) s = run(s, NEXT).state;
  assert.ok(s.step === 'review' && s.plan.status === 'loading');
  const ready = run(s, { type: 'planComputed', requestId: s.plan.requestId, plan }).state;
  assert.ok(ready.step === 'review' && ready.plan.status === 'ready');
  return ready;
}

describe('wizard: custom-policy review', () => {
  it('"Open policy file" opens the plan\'s own XML for the file named by its place', () => {
    const review = reviewWith(customPlan());
    const base = run(review, { type: 'openPolicy', index: 0 });
    assert.deepEqual(effectOf(base, 'openPolicy'), { type: 'openPolicy', id: 'B2C_1A_itsme_base', xml: BASE_XML });
    assert.equal(base.state, review, 'opening a file changes nothing in the wizard (and saves nothing)');
    assert.deepEqual(effectOf(run(review, { type: 'openPolicy', index: 1 }), 'openPolicy').id, 'B2C_1A_itsme');
  });

  it('a file the plan does not have, or a user-flow plan, opens nothing', () => {
    assert.deepEqual(run(reviewWith(customPlan()), { type: 'openPolicy', index: 2 }).effects, []);
    assert.deepEqual(run(reviewWith(freshPlan()), { type: 'openPolicy', index: 0 }).effects, []);
    assert.deepEqual(run(initialState(), { type: 'openPolicy', index: 0 }).effects, []);
  });

  it('the page\'s openPolicy message is accepted only as {type, index} with a small whole index', () => {
    assert.deepEqual(checkUiEvent({ type: 'openPolicy', index: 1 }), { ok: true, value: { type: 'openPolicy', index: 1 } });
    for (const bad of [{ type: 'openPolicy' }, { type: 'openPolicy', index: '0' }, { type: 'openPolicy', index: -1 }, { type: 'openPolicy', index: 1.5 }, { type: 'openPolicy', index: 0, xml: '<x/>' }, { type: 'openPolicy', index: 99 }]) {
      assert.equal(checkUiEvent(bad).ok, false, JSON.stringify(bad));
    }
  });
});
