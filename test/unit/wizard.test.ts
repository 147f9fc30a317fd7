// The wizard's state machine: every rule the webview and the QuickPick rely on, with the engine's own messages.
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/core/config/validate';
import { initialState } from '../../src/wizard/initial';
import { transition } from '../../src/wizard/transition';
import { restore, serializeForPersistence } from '../../src/wizard/persistence';
import { formFromConfig, formToConfigFile, buildConfig } from '../../src/wizard/form';
import { toView } from '../../src/wizard/view';
import { fieldOfIssue } from '../../src/wizard/validation';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import type { TenantCheck } from '../../src/wizard/services';
import { config } from './fixtures';
import { SECRET, effectOf, freshPlan, resultOf, run, unchangedPlan } from './wizardHelpers';

const CHECK: TenantCheck = { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C', tenantKind: 'b2c' };
const edit = (field: string, value: string | boolean): WizardEvent => ({ type: 'edit', field, value }) as WizardEvent;
const NEXT: WizardEvent = { type: 'next' };
const BACK: WizardEvent = { type: 'back' };

/** The engine's message for one field of a configuration file. */
function engineMessage(file: unknown, field: string): string {
  const r = resolveConfig(file);
  assert.ok(!r.ok, 'the engine refuses the file');
  const issue = r.issues.find((i) => i.field === field);
  assert.ok(issue, `the engine reports ${field}`);
  return issue.message;
}

const validFile = { tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } };

/** At the tenant step with a checked tenant; the credentials typed in and the secret stored: at identityProvider. */
function toCredentials(): WizardState {
  const t1 = run(initialState(), NEXT, edit('tenant', 'contosob2c.onmicrosoft.com'), NEXT);
  const check = effectOf(t1, 'checkTenant');
  const t2 = run(t1.state, { type: 'tenantChecked', requestId: check.requestId, check: CHECK }, NEXT);
  assert.equal(t2.state.step, 'credentials');
  return t2.state;
}

function toReview(): WizardState {
  const s = run(toCredentials(), edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }, NEXT, NEXT, NEXT, NEXT).state;
  assert.equal(s.step, 'review');
  return s;
}

function toApply(): WizardState {
  const review = toReview();
  assert.ok(review.step === 'review' && review.plan.status === 'loading');
  const t = run(review, { type: 'planComputed', requestId: review.plan.requestId, plan: freshPlan() }, { type: 'apply' });
  assert.equal(t.state.step, 'apply');
  return t.state;
}

describe('wizard: transition', () => {
  it('walks forward through every step with valid input, effects in order', () => {
    let t = run(initialState(), NEXT);
    assert.equal(t.state.step, 'tenant');
    t = run(t.state, edit('tenant', 'contosob2c.onmicrosoft.com'), NEXT);
    assert.equal(t.state.step, 'tenant', 'waits for the tenant check');
    const check = effectOf(t, 'checkTenant');
    assert.equal(check.tenant, 'contosob2c.onmicrosoft.com');
    t = run(t.state, { type: 'tenantChecked', requestId: check.requestId, check: CHECK });
    assert.equal(t.state.step, 'environment');
    assert.ok(t.state.tenantCheck.status === 'ok' && t.state.tenantCheck.check.account === CHECK.account);
    t = run(t.state, edit('environment', 'prd'), NEXT, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), edit('scopePhone', true), { type: 'secretStored', stored: true }, NEXT);
    assert.equal(t.state.step, 'identityProvider');
    t = run(t.state, NEXT);
    assert.equal(t.state.step, 'userFlow');
    t = run(t.state, edit('tokenLifetimeMinutes', '60'), NEXT);
    assert.equal(t.state.step, 'app');
    t = run(t.state, NEXT);
    assert.equal(t.state.step, 'review');
    const plan = effectOf(t, 'computePlan');
    const expected = resolveConfig({ ...validFile, itsme: { ...validFile.itsme, environment: 'prd', scopes: { phone: true } }, userFlow: { tokenLifetimeMinutes: 60 } });
    assert.ok(expected.ok);
    assert.deepEqual(plan.config, expected.config);
    t = run(t.state, { type: 'planComputed', requestId: plan.requestId, plan: freshPlan(plan.config) });
    assert.ok(t.state.step === 'review' && t.state.plan.status === 'ready');
    assert.deepEqual(t.state.plan.plan.steps.map((s) => s.action), ['create', 'create', 'link', 'update', 'update', 'create', 'create', 'create']);
    t = run(t.state, { type: 'apply' });
    const start = effectOf(t, 'startApply');
    assert.deepEqual(start.config, expected.config);
    assert.ok(t.state.step === 'apply' && t.state.rows.every((r) => r.status === 'pending'));
    const p = freshPlan(plan.config);
    t = run(t.state, { type: 'applyProgress', requestId: start.requestId, outcome: { resource: 'identityProvider', action: 'create', label: 'itsme', status: 'running' } });
    assert.ok(t.state.step === 'apply');
    assert.deepEqual(t.state.rows.map((r) => r.status), ['running', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
    const outputs = { ...p.outputs, runUserFlowUrl: 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/v2.0/authorize?p=B2C_1_itsme&client_id=app-1' };
    t = run(t.state, { type: 'applyFinished', requestId: start.requestId, result: resultOf(p, 'applied', 9, outputs) });
    assert.ok(t.state.step === 'done');
    assert.equal(t.state.result.status, 'applied');
    assert.equal(t.state.result.nothingWritten, false);
    assert.equal(effectOf(run(t.state, { type: 'runUserFlow' }), 'runUserFlow').url, outputs.runUserFlowUrl);
    assert.equal(effectOf(run(t.state, { type: 'copy', which: 'redirect-0' }), 'copy').text, 'https://contosob2c.b2clogin.com/contosob2c/oauth2/authresp');
    assert.equal(effectOf(run(t.state, { type: 'copy', which: 'redirect-1' }), 'copy').text, 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp');
  });

  it('shows the engine\'s own message inline for an invalid field, and refuses "next" until it is fixed', () => {
    const s = toCredentials();
    let t = run(s, edit('partnerCode', 'ab cd'));
    const expected = engineMessage({ ...validFile, itsme: { ...validFile.itsme, partnerCode: 'ab cd' } }, 'itsme.partnerCode');
    assert.equal(t.state.errors.partnerCode, expected);
    const refusalsBefore = t.state.refusals;
    t = run(t.state, { type: 'secretStored', stored: true }, edit('serviceCode', 'MYBANK_LOGIN'), NEXT);
    assert.equal(t.state.step, 'credentials', 'next is refused');
    assert.equal(t.state.refusals, refusalsBefore + 1, 'the refusal is counted (the page moves focus to the error)');
    assert.equal(t.state.errors.partnerCode, expected);
    t = run(t.state, edit('partnerCode', 'abcd1234'));
    assert.equal(t.state.errors.partnerCode, undefined, 'the error goes as soon as the value is right');
    assert.equal(run(t.state, NEXT).state.step, 'identityProvider');
  });

  it('maps every step\'s fields to the engine\'s messages (service code, token lifetime, sliding window, redirect URIs, metadata URL, claims)', () => {
    const cases: Array<{ step: number; field: string; value: string; file: unknown; path: string }> = [
      { step: 0, field: 'serviceCode', value: 'service:X', file: { ...validFile, itsme: { ...validFile.itsme, serviceCode: 'service:X' } }, path: 'itsme.serviceCode' },
      { step: 2, field: 'tokenLifetimeMinutes', value: '3', file: { ...validFile, userFlow: { tokenLifetimeMinutes: 3 } }, path: 'userFlow.tokenLifetimeMinutes' },
      { step: 2, field: 'tokenLifetimeMinutes', value: 'soon', file: { ...validFile, userFlow: { tokenLifetimeMinutes: 'soon' } }, path: 'userFlow.tokenLifetimeMinutes' },
      { step: 3, field: 'redirectUris', value: 'http://example.com', file: { ...validFile, app: { redirectUris: ['http://example.com'] } }, path: 'app.redirectUris[0]' },
      { step: 1, field: 'claimUserId', value: '', file: { ...validFile, identityProvider: { claimsMapping: { userId: '' } } }, path: 'identityProvider.claimsMapping.userId' },
    ];
    const base = run(toCredentials(), edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }).state;
    for (const c of cases) {
      let s = base;
      for (let i = 0; i < c.step; i++) s = run(s, NEXT).state;
      const t = run(s, edit(c.field, c.value), NEXT);
      assert.equal(t.state.step, s.step, `${c.field}: next refused`);
      assert.equal((t.state.errors as Record<string, string>)[c.field], engineMessage(c.file, c.path), c.field);
    }
    // The sliding window's days and a custom metadata URL, on their steps.
    let u = run(base, NEXT, NEXT, edit('slidingWindow', 'bounded'), edit('slidingWindowDays', '400'), NEXT).state;
    assert.equal(u.errors.slidingWindowDays, engineMessage({ ...validFile, userFlow: { refreshSlidingWindow: { days: 400 } } }, 'userFlow.refreshSlidingWindow'));
    u = run(u, edit('slidingWindow', 'noExpiry'), NEXT).state;
    assert.equal(u.step, 'app', 'the days are ignored without a bounded window');
    const env = run(base, BACK, edit('generation', 'custom'), edit('metadataUrl', 'http://idp.example.com/.well-known/openid-configuration'), NEXT).state;
    assert.equal(env.step, 'environment');
    assert.equal(env.errors.metadataUrl, engineMessage({ ...validFile, itsme: { ...validFile.itsme, generation: 'custom', metadataUrl: 'http://idp.example.com/.well-known/openid-configuration' } }, 'itsme.metadataUrl'));
  });

  it('shows only the edited field\'s error while typing, and every error of the step on "next"', () => {
    const s = toCredentials();
    const typing = run(s, edit('partnerCode', 'ab cd')).state;
    assert.deepEqual(Object.keys(typing.errors), ['partnerCode']);
    const refused = run(typing, NEXT).state;
    assert.deepEqual(Object.keys(refused.errors).sort(), ['partnerCode', 'secret', 'serviceCode']);
  });

  it('going back keeps every value typed, and forward again still has them', () => {
    const s = run(toCredentials(), edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), edit('scopeAddress', true), { type: 'secretStored', stored: true }, NEXT, edit('idpDisplayName', 'itsme BE'), NEXT).state;
    assert.equal(s.step, 'userFlow');
    const back = run(s, BACK, BACK, BACK, BACK).state;
    assert.equal(back.step, 'tenant');
    assert.equal(back.form.partnerCode, 'abcd1234');
    assert.equal(back.form.idpDisplayName, 'itsme BE');
    assert.equal(back.form.scopeAddress, true);
    assert.equal(back.form.tenant, 'contosob2c.onmicrosoft.com');
    const forward = run(back, NEXT, NEXT, NEXT, NEXT).state;
    assert.equal(forward.step, 'userFlow', 'the tenant check is remembered for the same tenant');
    assert.equal(forward.form.idpDisplayName, 'itsme BE');
    assert.equal(run(forward, { type: 'goto', step: 'tenant' }).state.step, 'tenant');
    assert.equal(run(forward, { type: 'goto', step: 'review' }).state.step, 'userFlow', 'no skipping forward');
  });

  it('requires the secret to be stored before leaving the credentials step, without the secret in state', () => {
    const s = run(toCredentials(), edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), NEXT).state;
    assert.equal(s.step, 'credentials');
    assert.match(s.errors.secret ?? '', /client secret/);
    const stored = run(s, { type: 'secretStored', stored: true });
    assert.equal(stored.state.errors.secret, undefined);
    assert.equal(run(stored.state, NEXT).state.step, 'identityProvider');
    const failed = run(s, { type: 'secretFailed', message: 'SecretStorage is locked' }).state;
    assert.equal(failed.errors.secret, 'SecretStorage is locked');
    assert.ok(!JSON.stringify(stored.state).includes(SECRET));
  });

  it('the tenant check: a failure is shown, a new value resets it, a stale answer is ignored', () => {
    const t = run(initialState(), NEXT, edit('tenant', 'contoso.onmicrosoft.com'), NEXT);
    const first = effectOf(t, 'checkTenant');
    const failed = run(t.state, { type: 'tenantCheckFailed', requestId: first.requestId, message: 'not a B2C tenant' }).state;
    assert.equal(failed.step, 'tenant');
    assert.ok(failed.tenantCheck.status === 'failed' && failed.tenantCheck.message === 'not a B2C tenant');
    const edited = run(failed, edit('tenant', 'contosob2c.onmicrosoft.com'), NEXT);
    const second = effectOf(edited, 'checkTenant');
    assert.notEqual(second.requestId, first.requestId);
    const stale = run(edited.state, { type: 'tenantChecked', requestId: first.requestId, check: CHECK }).state;
    assert.equal(stale.step, 'tenant', 'an answer for the old tenant does not advance');
    assert.equal(run(stale, { type: 'tenantChecked', requestId: second.requestId, check: CHECK }).state.step, 'environment');
    assert.equal(run(initialState(), NEXT, edit('tenant', 'not a tenant'), NEXT).state.errors.tenant, engineMessage({ ...validFile, tenant: 'not a tenant' }, 'tenant'));
  });

  it('refuses edits to other steps\' fields, unknown options and wrong types', () => {
    const s = toCredentials();
    for (const e of [edit('tenant', 'x.onmicrosoft.com'), edit('environment', 'prd'), edit('partnerCode', true), edit('scopePhone', 'yes'), edit('partnerCode', 'x'.repeat(5000))]) {
      assert.equal(transition(s, e).state, s, JSON.stringify(e).slice(0, 60));
    }
    const env = run(s, BACK).state;
    assert.equal(transition(env, edit('environment', 'staging')).state, env);
  });

  it('entering review asks for the plan; a failure can be retried; a stale plan is ignored', () => {
    const review = toReview();
    assert.ok(review.step === 'review' && review.plan.status === 'loading');
    const failed = run(review, { type: 'planFailed', requestId: review.plan.requestId, message: 'Graph: 403 grant IdentityUserFlow.ReadWrite.All' }).state;
    assert.ok(failed.step === 'review' && failed.plan.status === 'failed' && failed.plan.message.includes('IdentityUserFlow'));
    assert.equal(transition(failed, { type: 'apply' }).state, failed, 'nothing to apply without a plan');
    const retry = run(failed, { type: 'goto', step: 'review' });
    const again = effectOf(retry, 'computePlan');
    assert.ok(again.requestId > review.plan.requestId);
    const stale = run(retry.state, { type: 'planComputed', requestId: review.plan.requestId, plan: freshPlan() }).state;
    assert.ok(stale.step === 'review' && stale.plan.status === 'loading');
    const back = run(failed, BACK).state;
    assert.equal(back.step, 'app');
  });

  it('a configuration that became invalid goes back to the first step with errors instead of planning', () => {
    const s = toReview();
    const broken = { ...s, step: 'app' as const, form: { ...s.form, serviceCode: 'bad code!' } };
    delete (broken as Partial<typeof s & { plan: unknown }>).plan;
    const t = run(broken, NEXT);
    assert.equal(t.state.step, 'credentials');
    assert.ok(t.state.errors.serviceCode);
    assert.ok(!t.effects.some((e) => e.type === 'computePlan'));
  });

  it('apply reports progress per step, then done; "no changes" when nothing was written', () => {
    const a = toApply();
    assert.ok(a.step === 'apply');
    const done = run(a, { type: 'applyFinished', requestId: a.requestId, result: resultOf(unchangedPlan(), 'noChanges', 0) }).state;
    assert.ok(done.step === 'done');
    assert.equal(done.result.nothingWritten, true);
    assert.equal(done.result.status, 'noChanges');
    assert.ok(done.result.rows.every((r) => r.status === 'noop' || r.status === 'manual'));
    const other = run(a, { type: 'applyFinished', requestId: a.requestId + 99, result: resultOf(unchangedPlan(), 'noChanges', 0) }).state;
    assert.equal(other.step, 'apply', 'a result for another run is ignored');
    assert.equal(transition(a, BACK).state, a, 'no going back during apply');
    const threw = run(a, { type: 'applyFailed', requestId: a.requestId, message: 'network down' }).state;
    assert.ok(threw.step === 'done' && threw.result.status === 'failed' && threw.result.error === 'network down');
    assert.equal(run(threw, BACK).state.step, 'review', 'from a failure, back to a fresh review');
  });

  it('cancel during apply aborts once, and ends in a cancelled result', () => {
    const a = toApply();
    assert.ok(a.step === 'apply');
    const c = run(a, { type: 'cancel' });
    assert.deepEqual(c.effects.filter((e) => e.type === 'cancelApply'), [{ type: 'cancelApply', requestId: a.requestId }]);
    assert.ok(c.state.step === 'apply' && c.state.cancelling);
    assert.deepEqual(run(c.state, { type: 'cancel' }).effects, [], 'a second cancel does nothing');
    const done = run(c.state, { type: 'applyFinished', requestId: a.requestId, result: resultOf(freshPlan(), 'cancelled', 1) }).state;
    assert.ok(done.step === 'done' && done.result.status === 'cancelled');
    const aborted = run(c.state, { type: 'applyFailed', requestId: a.requestId, message: 'The operation was cancelled.', cancelled: true }).state;
    assert.ok(aborted.step === 'done' && aborted.result.status === 'cancelled');
    assert.deepEqual(run(toReview(), { type: 'cancel' }).effects, [], 'cancel outside apply does nothing');
  });

  it('links and copies resolve only names the state knows, never a URL from the page', () => {
    const a = toApply();
    assert.equal(effectOf(run(a, { type: 'openUrl', which: 'onboarding' }), 'openUrl').url, 'mailto:onboarding@itsme-id.com');
    assert.match(effectOf(run(a, { type: 'openUrl', which: 'portal:userFlows' }), 'openUrl').url, /^https:\/\/portal\.azure\.com\/contosob2c\.onmicrosoft\.com#/);
    assert.deepEqual(run(a, { type: 'openUrl', which: 'portal:nothing' }).effects, []);
    assert.deepEqual(run(a, { type: 'openUrl', which: 'portal:constructor' }).effects, []);
    assert.deepEqual(run(a, { type: 'runUserFlow' }).effects, [], 'run user flow only when done');
    assert.deepEqual(run(initialState(), { type: 'copy', which: 'redirect-0' }).effects, [], 'nothing to copy before a plan');
  });

  it('emits "persist" when the step or a value changes, not for no-ops', () => {
    const s = initialState();
    assert.ok(transition(s, NEXT).effects.some((e) => e.type === 'persist'));
    const tenant = run(s, NEXT).state;
    assert.ok(transition(tenant, edit('tenant', 'a.onmicrosoft.com')).effects.some((e) => e.type === 'persist'));
    assert.deepEqual(transition(tenant, { type: 'secretStored', stored: true }).effects, []);
    assert.deepEqual(transition(s, BACK).effects, []);
  });
});

describe('wizard: persistence and views', () => {
  it('round-trips step and values, with no secret and no secretStored in it', () => {
    const s = run(toCredentials(), edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }, NEXT).state;
    const json = serializeForPersistence(s);
    assert.ok(!json.includes(SECRET));
    assert.ok(!/secret/i.test(json), json);
    const back = restore(json);
    assert.ok(back);
    assert.equal(back.step, 'identityProvider');
    assert.deepEqual(back.form, s.form);
    assert.equal(back.secretStored, false, 'asked again from SecretStorage on resume');
    assert.equal(serializeForPersistence(back), json);
  });

  it('an apply in progress or its result resumes at review, which reads the plan again on start', () => {
    for (const s of [toApply(), run(toApply(), { type: 'applyFailed', requestId: 2, message: 'x' }).state]) {
      const r = restore(serializeForPersistence(s));
      assert.ok(r && r.step === 'review' && r.plan.status === 'loading');
      const started = run(r, { type: 'secretStored', stored: true }, { type: 'start' });
      assert.ok(started.all.some((e) => e.type === 'computePlan'));
    }
  });

  it('refuses unreadable data and repairs mistyped values', () => {
    for (const bad of [undefined, null, '', '{', '[]', '{"v":2,"step":"tenant","form":{}}', '{"v":1,"step":"apply","form":{}}', '{"v":1,"step":"nowhere"}', 42]) {
      assert.equal(restore(bad), undefined, String(bad));
    }
    const r = restore({ v: 1, step: 'userFlow', form: { partnerCode: 'abcd1234', environment: 'mars', scopePhone: 'yes', clientSecret: SECRET } });
    assert.ok(r);
    assert.equal(r.form.partnerCode, 'abcd1234');
    assert.equal(r.form.environment, 'e2e');
    assert.equal(r.form.scopePhone, false);
    assert.ok(!JSON.stringify(r).includes(SECRET), 'unknown keys are dropped');
  });

  it('starts from a saved configuration through its file form, and builds the same configuration back', () => {
    const saved = config({ itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN', environment: 'prd', generation: 'legacy', scopes: { address: true } }, userFlow: { name: 'B2C_1_signin', refreshSlidingWindow: { days: 30 } }, identityProvider: { claimsMapping: { email: '' } } });
    const s = initialState(saved);
    assert.equal(s.step, 'prerequisites');
    assert.equal(s.form.environment, 'prd');
    assert.equal(s.form.slidingWindow, 'bounded');
    assert.equal(s.form.claimEmail, '');
    const rebuilt = buildConfig(s.form);
    assert.ok(rebuilt.ok);
    assert.deepEqual(rebuilt.config, saved);
    assert.deepEqual(formFromConfig(saved), s.form);
    assert.equal((formToConfigFile(s.form)['itsme'] as Record<string, unknown>)['metadataUrl'], undefined);
  });

  it('maps issue paths to form fields', () => {
    assert.equal(fieldOfIssue('app.redirectUris[3]'), 'redirectUris');
    assert.equal(fieldOfIssue('userFlow.refreshSlidingWindow'), 'slidingWindowDays');
    assert.equal(fieldOfIssue('itsme.clientSecret'), undefined);
  });

  it('the view adds the engine\'s metadata URL and scope, and drops the request counter', () => {
    const s = run(toCredentials(), edit('serviceCode', 'MYBANK_LOGIN'), edit('scopePhone', true)).state;
    const v = toView(s);
    assert.equal(v.derived.scope, 'openid service:MYBANK_LOGIN profile email phone');
    assert.equal(v.derived.metadataUrl, 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration');
    assert.equal(v.derived.stepIndex, 3);
    assert.ok(!('seq' in v));
  });
});
