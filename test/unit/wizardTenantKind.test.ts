// The wizard for both kinds of tenant: after the tenant check says B2C or External ID, it shows the steps and
// fields that exist for that kind, and a field that does not is hidden, refuses edits and is never sent.
import assert from 'node:assert/strict';
import { CONFIG_FIELDS, type FieldRow } from '../../src/core/config/fields';
import { FORM_STEPS } from '../../src/wizard/steps';
import { controlsOfStep, formStepsFor, isVisible, WIZARD_CONTROLS, type FieldName } from '../../src/wizard/fields';
import { buildConfig, defaultForm, formToConfigFile } from '../../src/wizard/form';
import { initialState } from '../../src/wizard/initial';
import { restore, serializeForPersistence } from '../../src/wizard/persistence';
import type { TenantCheck } from '../../src/wizard/services';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import { appliesToKind, tenantKindOf } from '../../src/wizard/tenantKind';
import { toView } from '../../src/wizard/view';
import { effectOf, run } from './wizardHelpers';

const EXTERNAL: TenantCheck = { account: 'admin@contosoext.onmicrosoft.com', initialDomain: 'contosoext.onmicrosoft.com', tenantType: 'CIAM', tenantKind: 'external' };
const B2C: TenantCheck = { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C', tenantKind: 'b2c' };
const edit = (field: string, value: string | boolean): WizardEvent => ({ type: 'edit', field, value }) as WizardEvent;
const NEXT: WizardEvent = { type: 'next' };
const BACK: WizardEvent = { type: 'back' };

/** Through the tenant step with this check's answer: at environment. */
function checked(check: TenantCheck): WizardState {
  const t1 = run(initialState(), NEXT, edit('tenant', check.initialDomain), NEXT);
  const t2 = run(t1.state, { type: 'tenantChecked', requestId: effectOf(t1, 'checkTenant').requestId, check });
  assert.equal(t2.state.step, 'environment');
  return t2.state;
}

/** Walks Next from environment (codes typed, secret stored) to review; the steps visited, in order. */
function walk(s: WizardState): { steps: string[]; state: WizardState } {
  const steps: string[] = [s.step];
  let t = run(s, NEXT);
  steps.push(t.state.step);
  t = run(t.state, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true });
  for (let i = 0; i < 10 && t.state.step !== 'review'; i++) {
    t = run(t.state, NEXT);
    steps.push(t.state.step);
  }
  return { steps, state: t.state };
}

/** Rows the field table says do not exist in an External ID tenant (and have a wizard control). */
const b2cOnlyControls = () => WIZARD_CONTROLS.filter((c) => !appliesToKind(c.row, 'external'));

describe('wizard: tenant kinds (B2C and External ID), reading the kind', () => {
  it('reads the kind from organization.tenantType: CIAM is External ID', () => {
    assert.equal(tenantKindOf('CIAM'), 'external');
    assert.equal(tenantKindOf('AAD B2C'), 'b2c');
    assert.equal(tenantKindOf(null), 'b2c');
  });

  it('the field table has External ID rows: token lifetimes and the refresh window do not exist there, the flow name does', () => {
    const row = (p: string) => (CONFIG_FIELDS as readonly FieldRow[]).find((r) => r.path === p)!;
    assert.equal(appliesToKind(row('userFlow.tokenLifetimeMinutes'), 'external'), false, 'External ID has no token lifetime per flow');
    assert.equal(appliesToKind(row('userFlow.refreshSlidingWindow'), 'external'), false);
    assert.equal(appliesToKind(row('userFlow.tokenLifetimeMinutes'), 'b2c'), true);
    assert.equal(appliesToKind(row('itsme.partnerCode'), 'external'), true);
    assert.equal(appliesToKind(row('app.displayName'), 'external'), true);
  });

});

/** B2C's steps with a user flow (the default variant): every step but the custom policy's. */
const B2C_USER_FLOW_STEPS = FORM_STEPS.filter((s) => s !== 'customPolicy');

describe('wizard: the custom-policy variant (B2C)', () => {
  it('a custom policy replaces the identity provider and user flow steps with its own step', () => {
    const form = { ...defaultForm(), variant: 'customPolicy' };
    assert.deepEqual(formStepsFor('b2c', form), FORM_STEPS.filter((s) => s !== 'identityProvider' && s !== 'userFlow'));
    assert.deepEqual(formStepsFor('b2c', defaultForm()), B2C_USER_FLOW_STEPS);
    // External ID has no custom policies: a variant left in the form from a B2C tenant changes nothing there.
    assert.deepEqual(formStepsFor('external', form), formStepsFor('external'));
  });

  it('the custom-policy controls show only for that variant, the user-flow ones only for a user flow, and each is sent only then', () => {
    const policy = WIZARD_CONTROLS.filter((c) => c.step === 'customPolicy');
    const flow = WIZARD_CONTROLS.filter((c) => c.step === 'identityProvider' || c.step === 'userFlow');
    assert.ok(policy.length >= 8 && flow.length > 0);
    const userFlowForm = { ...defaultForm(), partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' };
    const policyForm = { ...userFlowForm, variant: 'customPolicy' };
    for (const c of policy) {
      assert.equal(isVisible(c, userFlowForm, 'b2c'), false, `${c.name} hidden for a user flow`);
      assert.equal(isVisible(c, policyForm, 'b2c'), true, `${c.name} shown for a custom policy`);
      assert.equal(isVisible(c, policyForm, 'external'), false, `${c.name} hidden for External ID`);
    }
    for (const c of flow.filter((x) => !x.spec.visibleWhen)) assert.equal(isVisible(c, policyForm, 'b2c'), false, `${c.name} hidden for a custom policy`);
    const file = formToConfigFile(policyForm, 'b2c');
    assert.equal(file['identityProvider'], undefined);
    assert.equal(file['userFlow'], undefined);
    assert.deepEqual(file['customPolicy'], { name: 'itsme', claims: ['nationalNumber'], assurance: 'basic', uiLocale: '', tokenLifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 1209600, rollingWindow: 7776000 } });
    const r = buildConfig(policyForm, 'b2c');
    assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
    assert.equal(r.config.variant, 'customPolicy');
    assert.equal(formToConfigFile(userFlowForm, 'b2c')['customPolicy'], undefined);
    // For an External ID tenant the variant is not even sent: the file is a user-flow file.
    assert.equal(formToConfigFile(policyForm, 'external')['variant'], undefined);
  });

  it('the engine\'s messages about the policy fields land on their controls', () => {
    const form = { ...defaultForm(), partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', variant: 'customPolicy', accessTokenSeconds: '60', policyClaims: 'nationalNumber\naddress' };
    const r = buildConfig(form, 'b2c');
    assert.ok(!r.ok);
    assert.deepEqual(r.issues.map((i) => i.field).sort(), ['customPolicy.claims', 'customPolicy.tokenLifetimes.accessTokenSeconds']);
  });
});

describe('wizard: tenant kinds (B2C and External ID)', () => {
  it('B2C keeps every user-flow step; External ID keeps the steps that have fields for it, in the same order', () => {
    assert.deepEqual(formStepsFor('b2c'), B2C_USER_FLOW_STEPS);
    const ext = formStepsFor('external');
    assert.deepEqual(ext, FORM_STEPS.filter((s) => ext.includes(s)), 'same order');
    for (const s of ['prerequisites', 'tenant', 'environment', 'credentials', 'app'] as const) assert.ok(ext.includes(s), `${s} is asked for External ID`);
    for (const s of ext) assert.ok(s === 'prerequisites' || s === 'credentials' || s === 'tenant' || controlsOfStep(s, 'external').length > 0, `${s} has something to ask`);
  });

  it('an External ID tenant: Next visits only its steps, and Back retraces them', () => {
    const b2c = walk(checked(B2C));
    assert.deepEqual(b2c.steps, ['environment', 'credentials', 'identityProvider', 'userFlow', 'app', 'review']);
    const ext = walk(checked(EXTERNAL));
    const expected = formStepsFor('external').filter((s) => s !== 'prerequisites' && s !== 'tenant');
    assert.deepEqual(ext.steps, [...expected, 'review']);
    let t = run(ext.state, BACK);
    const back: string[] = [t.state.step];
    while (t.state.step !== 'tenant') {
      t = run(t.state, BACK);
      back.push(t.state.step);
    }
    assert.deepEqual(back, [...expected].reverse().concat(['tenant'] as never[]));
  });

  it('a field that does not apply to External ID is hidden, refuses edits, and is not sent to the engine', () => {
    const hidden = b2cOnlyControls();
    assert.ok(hidden.some((c) => c.name === 'tokenLifetimeMinutes'), 'token lifetime is B2C only');
    const form = { ...defaultForm(), partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', tokenLifetimeMinutes: '3' };
    for (const c of hidden) {
      assert.equal(isVisible(c, form, 'external'), false, `${c.name} hidden for External ID`);
      const variant = c.row.appliesTo.includes('b2c/userFlow') ? 'userFlow' : 'customPolicy';
      assert.equal(isVisible(c, { ...form, generation: 'custom', variant }, 'b2c') || c.spec.visibleWhen !== undefined, true, `${c.name} still shown for B2C (${variant})`);
    }
    // The invalid B2C-only value (3 minutes is below B2C's minimum) is not in the External ID file, so no error.
    const file = formToConfigFile(form, 'external');
    const userFlow = (file['userFlow'] ?? {}) as Record<string, unknown>;
    assert.equal(userFlow['tokenLifetimeMinutes'], undefined, 'not sent');
    assert.equal(userFlow['refreshSlidingWindow'], undefined, 'not sent');
    assert.equal((formToConfigFile(form, 'b2c')['userFlow'] as Record<string, unknown>)['tokenLifetimeMinutes'], 3, 'B2C still sends it');
    assert.equal(buildConfig(form, 'b2c').ok, false, 'B2C refuses 3 minutes');
    // Through the machine: at the user flow step (if External ID has one) the edit changes nothing.
    const ext = checked(EXTERNAL);
    const target = formStepsFor('external').includes('userFlow') ? 'userFlow' : 'app';
    let t = run(ext, NEXT, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true });
    while (t.state.step !== target) t = run(t.state, NEXT);
    const before = t.state;
    assert.equal(run(before, edit('tokenLifetimeMinutes', '3')).state, before, 'an edit of a hidden field is ignored');
    // And the configuration sent for the plan has no B2C-only value the user could not see.
    while (t.state.step !== 'review') t = run(t.state, NEXT);
    const plan = effectOf(t, 'computePlan');
    assert.ok(plan.config);
  });

  it('a field only External ID has (if any) is hidden and not sent for B2C', () => {
    const externalOnly = WIZARD_CONTROLS.filter((c) => !appliesToKind(c.row, 'b2c'));
    const form = defaultForm();
    for (const c of externalOnly) {
      assert.equal(isVisible(c, form, 'b2c'), false, `${c.name} hidden for B2C`);
      const value = c.kind === 'boolean' ? true : 'x';
      const withValue = { ...form, [c.name]: value };
      const path = c.row.path.split('.');
      const fileValue = (f: Record<string, unknown>) => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), f);
      assert.equal(fileValue(formToConfigFile(withValue, 'b2c')), undefined, `${c.row.path} not sent for B2C`);
      assert.equal(fileValue(formToConfigFile(withValue, 'external')), value, `${c.row.path} sent for External ID`);
    }
  });

  it('the view tells the page the kind (unknown until the check) and the steps to list', () => {
    const start = toView(initialState());
    assert.equal(start.derived.tenantKindKnown, false);
    assert.equal(start.derived.tenantKind, 'b2c');
    const ext = toView(checked(EXTERNAL));
    assert.equal(ext.derived.tenantKindKnown, true);
    assert.equal(ext.derived.tenantKind, 'external');
    assert.deepEqual(ext.derived.formSteps, formStepsFor('external'));
  });

  it('a resumed wizard remembers the kind; a B2C check after an External ID one brings back every step', () => {
    const ext = checked(EXTERNAL);
    const back = restore(serializeForPersistence(ext));
    assert.equal(back?.tenantKind, 'external');
    const t1 = run(ext, { type: 'goto', step: 'tenant' }, edit('tenant', B2C.initialDomain), NEXT);
    const t2 = run(t1.state, { type: 'tenantChecked', requestId: effectOf(t1, 'checkTenant').requestId, check: B2C });
    assert.equal(t2.state.tenantKind, 'b2c');
    assert.deepEqual(toView(t2.state).derived.formSteps, B2C_USER_FLOW_STEPS);
  });

  it('hidden fields are listed by name for the report', () => {
    const names: FieldName[] = b2cOnlyControls().map((c) => c.name);
    assert.ok(names.length > 0);
  });
});
