// The wizard and the B2C custom-policy variant: the review opens a generated policy file by its place in the plan's
// outputs (never text the page chose), and the page's message for it is checked like any other.
import assert from 'node:assert/strict';
import { checkUiEvent } from '../../src/protocol/guards';
import { FORM_FIELDS, formStepsFor, isValidFieldValue, isVisible } from '../../src/wizard/fields';
import { toView } from '../../src/wizard/view';
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

describe('wizard: choosing the custom-policy variant (B2C)', () => {
  const EXT: TenantCheck = { ...CHECK, tenantType: 'CIAM', tenantKind: 'external' };

  /** At the environment step after a tenant check that said `check`'s kind. */
  function atEnvironment(check: TenantCheck = CHECK): WizardState {
    const t1 = run(initialState(), NEXT, edit('tenant', check.initialDomain), NEXT);
    const s = run(t1.state, { type: 'tenantChecked', requestId: effectOf(t1, 'checkTenant').requestId, check }).state;
    assert.equal(s.step, 'environment');
    return s;
  }

  it('a B2C tenant is offered the variant on the environment step, with the reasons to choose each', () => {
    const s = atEnvironment();
    const variant = FORM_FIELDS.variant;
    assert.equal(variant.step, 'environment');
    assert.equal(isVisible(variant, s.form, 'b2c', true), true);
    assert.deepEqual(variant.options?.map((o) => o.value), ['userFlow', 'customPolicy']);
    assert.match(variant.options![1]!.help!(), /national number/);
    // Not while the tenant check is still running: an external tenant must never see it, not even for a moment.
    assert.equal(isVisible(variant, s.form, 'b2c', false), false);
  });

  it('an external tenant never sees it, and an edit of it (a stale page) changes nothing', () => {
    const s = atEnvironment(EXT);
    assert.equal(isVisible(FORM_FIELDS.variant, s.form, 'external', true), false);
    assert.equal(run(s, edit('variant', 'customPolicy')).state.form.variant, s.form.variant);
    assert.ok(!toView(s).derived.formSteps.includes('customPolicy'));
  });

  it('the custom policy skips the identity provider and user flow steps and asks its own; review plans its configuration', () => {
    let s = run(atEnvironment(), edit('variant', 'customPolicy')).state;
    assert.deepEqual(formStepsFor('b2c', s.form), ['prerequisites', 'tenant', 'environment', 'credentials', 'customPolicy', 'app']);
    assert.deepEqual(toView(s).derived.formSteps, formStepsFor('b2c', s.form));
    s = run(s, NEXT, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }, NEXT).state;
    assert.equal(s.step, 'customPolicy');
    for (const f of ['policyName', 'policyClaims', 'assurance', 'uiLocale', 'idTokenSeconds'] as const) assert.equal(isVisible(FORM_FIELDS[f], s.form, 'b2c'), true, f);
    assert.equal(FORM_FIELDS.policyClaims.spec.input, 'checks', 'the claims are checkboxes');
    s = run(s, edit('policyClaims', 'nationalNumber\nbirthDate'), edit('assurance', 'advanced'), edit('idTokenSeconds', '900')).state;
    const back = run(s, { type: 'back' }).state;
    assert.equal(back.step, 'credentials', 'Back skips the user flow and identity provider steps too');
    const t = run(s, NEXT, NEXT);
    assert.equal(t.state.step, 'review');
    const plan = effectOf(t, 'computePlan');
    assert.equal(plan.config.variant, 'customPolicy');
    assert.deepEqual(plan.config.customPolicy?.claims, ['nationalNumber', 'birthDate']);
    assert.equal(plan.config.customPolicy?.assurance, 'advanced');
    assert.equal(plan.config.customPolicy?.lifetimes.idTokenSeconds, 900);
  });

  it('a user flow (the default) never asks the custom policy\'s fields', () => {
    const s = atEnvironment();
    assert.equal(s.form.variant, 'userFlow');
    assert.deepEqual(formStepsFor('b2c', s.form), ['prerequisites', 'tenant', 'environment', 'credentials', 'identityProvider', 'userFlow', 'app']);
    assert.equal(isVisible(FORM_FIELDS.policyClaims, s.form, 'b2c'), false);
  });

  it('the claims checkboxes accept only itsme claims a policy can take', () => {
    assert.equal(isValidFieldValue('policyClaims', 'nationalNumber\nbirthDate'), true);
    assert.equal(isValidFieldValue('policyClaims', ''), true, 'none checked');
    assert.equal(isValidFieldValue('policyClaims', 'nationalNumber\naddress'), false, 'the address is a JSON claim');
    assert.equal(checkUiEvent({ type: 'edit', field: 'policyClaims', value: 'photo' }).ok, false);
  });
});
