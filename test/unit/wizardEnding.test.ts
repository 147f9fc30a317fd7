// Issue 8, the webview wizard's machine: a run that did not finish has its own page with its account and one fix;
// Apply waits for a sign-in; the tenant step is skipped right after signing in to that tenant; the Done page's
// mail draft and "try it" targets; "Finish" when nothing changes; the secret stored by Next.
import assert from 'node:assert/strict';
import { initialState } from '../../src/wizard/initial';
import { toView } from '../../src/wizard/view';
import { linkUrl } from '../../src/wizard/links';
import { failureCause } from '../../src/wizard/failure';
import { WizardRunner, type WizardRunnerHost } from '../../src/wizard/runner';
import type { WizardServices } from '../../src/wizard/services';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import type { TenantCheck } from '../../src/wizard/services';
import { GraphRequestError } from '../../src/core/graph/errors';
import { computePlan } from '../../src/core/plan/computePlan';
import { config, emptyTenant } from './fixtures';
import { SECRET, effectOf, freshPlan, resultOf, run, unchangedPlan } from './wizardHelpers';

const TENANT = 'contosob2c.onmicrosoft.com';
const CHECK: TenantCheck = { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: TENANT, tenantType: 'AAD B2C', tenantKind: 'b2c' };
const edit = (field: string, value: string | boolean): WizardEvent => ({ type: 'edit', field, value }) as WizardEvent;
const NEXT: WizardEvent = { type: 'next' };

function toReview(signedIn = true): WizardState {
  let t = run(initialState(), ...(signedIn ? [{ type: 'signedIn', tenant: TENANT } as WizardEvent] : []), NEXT);
  if (t.state.step === 'tenant') t = run(t.state, edit('tenant', TENANT), NEXT);
  const check = effectOf(t, 'checkTenant');
  t = run(t.state, { type: 'tenantChecked', requestId: check.requestId, check: CHECK });
  if (t.state.step === 'environment') t = run(t.state, NEXT);
  t = run(t.state, edit('partnerCode', 'abcd1234'), edit('serviceCode', 'MYBANK_LOGIN'), { type: 'secretStored', stored: true }, NEXT, NEXT, NEXT, NEXT);
  assert.equal(t.state.step, 'review');
  return t.state;
}

function reviewReady(plan = freshPlan()): WizardState {
  const s = toReview();
  assert.ok(s.step === 'review' && s.plan.status === 'loading');
  return run(s, { type: 'planComputed', requestId: s.plan.requestId, plan }).state;
}

function applying(): { state: WizardState; requestId: number } {
  const t = run(reviewReady(), { type: 'apply' });
  return { state: t.state, requestId: effectOf(t, 'startApply').requestId };
}

describe('wizard: how a run ends (issue 8)', () => {
  it('finding 1: a failed apply is the "failed" page, never Done, with its account, what to run next and one fix', () => {
    const { state, requestId } = applying();
    const withOne = run(state, { type: 'applyProgress', requestId, outcome: { resource: 'identityProvider', action: 'create', label: 'itsme', status: 'done' } }).state;
    const t = run(withOne, { type: 'applyFailed', requestId, message: 'No service principal secret is stored', cause: 'signIn' });
    assert.ok(t.state.step === 'done');
    const view = toView(t.state);
    assert.equal(view.derived.page, 'failed');
    assert.equal(t.state.result.cause, 'signIn');
    assert.match(t.state.result.next ?? '', /apply again/i);
    // No row is left "waiting": the run is over, so what it never reached says so.
    assert.deepEqual([...new Set(t.state.result.rows.map((r) => r.status))].sort(), ['done', 'skipped']);
    assert.equal(t.state.result.rows.find((r) => r.resource === 'identityProvider')?.status, 'done');
    assert.equal(t.state.result.nothingWritten, false);
    // The one primary action: sign in, then read the tenant again (retry).
    assert.deepEqual(run(t.state, { type: 'fix' }).effects, [{ type: 'signIn', retry: true }]);
    // And no "try it" from a failed run.
    assert.deepEqual(run(t.state, { type: 'runUserFlow' }).effects, []);
  });

  it('finding 1: each cause has its own fix (settings, log, apply again); a finished apply\'s error is classified too', () => {
    for (const [cause, effect] of [['settings', 'openSettings'], ['log', 'showLog']] as const) {
      const { state, requestId } = applying();
      const t = run(state, { type: 'applyFailed', requestId, message: 'x', cause });
      assert.deepEqual(run(t.state, { type: 'fix' }).effects, [{ type: effect }]);
    }
    const { state, requestId } = applying();
    const cancelled = run(state, { type: 'applyFailed', requestId, message: 'cancelled', cancelled: true });
    assert.ok(cancelled.state.step === 'done' && cancelled.state.result.cause === 'retry');
    const again = run(cancelled.state, { type: 'fix' });
    assert.equal(again.state.step, 'review');
    effectOf(again, 'computePlan');
    const plan = freshPlan();
    const failed = { ...resultOf(plan, 'failed', 2), error: new GraphRequestError({ kind: 'auth', status: 401, method: 'GET', path: '/identity/identityProviders', hint: 'sign in' }) };
    const fin = run(state, { type: 'applyFinished', requestId, result: failed });
    assert.ok(fin.state.step === 'done' && fin.state.result.cause === 'signIn');
    const ok = run(state, { type: 'applyFinished', requestId, result: resultOf(plan, 'applied', 9) });
    assert.ok(ok.state.step === 'done' && ok.state.result.cause === undefined && toView(ok.state).derived.page === 'done');
  });

  it('finding 1: classifies errors by type and code, not by Graph\'s words', () => {
    const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });
    assert.equal(failureCause(named('SignInNeededError', 'No service principal secret is stored for t')), 'signIn');
    assert.equal(failureCause(named('SignInNeededError', 'needs the client id in the setting itsme.clientId')), 'settings');
    assert.equal(failureCause(named('AuthenticationRequiredError', 'AADSTS700016: Application with identifier 123 was not found')), 'settings');
    assert.equal(failureCause(named('CredentialUnavailableError')), 'signIn');
    assert.equal(failureCause(new GraphRequestError({ kind: 'permission', status: 403, method: 'POST', path: '/identity/identityProviders', hint: 'grant' })), 'log');
    assert.equal(failureCause(new Error('boom')), 'log');
    assert.equal(failureCause(new Error('boom'), true), 'retry');
  });

  it('finding 1: signed out on review, Apply is refused with the reason; signing in makes it possible again', () => {
    const s = run(reviewReady(), { type: 'signedOut' }).state;
    const view = toView(s);
    assert.match(view.derived.applyBlocked ?? '', /signed out/i);
    assert.deepEqual(run(s, { type: 'apply' }).effects, [], 'Apply does nothing while signed out');
    assert.equal(run(s, { type: 'apply' }).state.step, 'review');
    assert.deepEqual(run(s, { type: 'signIn' }).effects, [{ type: 'signIn', retry: false }]);
    const back = run(s, { type: 'signedIn', tenant: TENANT }).state;
    assert.equal(toView(back).derived.applyBlocked, undefined);
    effectOf(run(back, { type: 'apply' }), 'startApply');
  });

  it('finding 9: right after signing in to the tenant, Next skips the tenant step (checked in the background); Back reaches it', () => {
    const t = run(initialState(), { type: 'signedIn', tenant: TENANT }, NEXT);
    assert.equal(t.state.step, 'environment');
    const check = effectOf(t, 'checkTenant');
    const checked = run(t.state, { type: 'tenantChecked', requestId: check.requestId, check: CHECK });
    assert.equal(checked.state.step, 'environment', 'a background check does not move the user');
    assert.equal(run(checked.state, { type: 'back' }).state.step, 'tenant');
    // Not signed in, or signed in to another tenant than the form names: the tenant step is asked.
    assert.equal(run(initialState(), NEXT).state.step, 'tenant');
    assert.equal(run(initialState(), { type: 'signedIn', tenant: 'other.onmicrosoft.com' }, edit('tenant', TENANT)).state.step, 'prerequisites');
    const other = run({ ...initialState(), form: { ...initialState().form, tenant: TENANT } }, { type: 'signedIn', tenant: 'other.onmicrosoft.com' }, NEXT);
    assert.equal(other.state.step, 'tenant');
    // A background check that fails brings the user to the tenant step, where its message shows.
    const failed = run(t.state, { type: 'tenantCheckFailed', requestId: check.requestId, message: 'not a B2C tenant' });
    assert.equal(failed.state.step, 'tenant');
    assert.equal(failed.state.tenantCheck.status, 'failed');
  });

  it('finding 4: the mail draft to itsme has both URIs, the partner code and the environment, and no secret', () => {
    const { state, requestId } = applying();
    const done = run(state, { type: 'applyFinished', requestId, result: resultOf(freshPlan(), 'applied', 9) }).state;
    const url = linkUrl(done, 'mailItsme') ?? '';
    assert.ok(url.startsWith('mailto:onboarding@itsme-id.com?subject='), url);
    const body = decodeURIComponent(new URL(url).searchParams.get('body') ?? '');
    const subject = new URL(url).searchParams.get('subject') ?? '';
    for (const uri of ['https://contosob2c.b2clogin.com/contosob2c/oauth2/authresp', 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp']) assert.ok(body.includes(uri), body);
    assert.match(body, /abcd1234/);
    assert.match(body, /e2e/);
    assert.match(subject, /abcd1234/);
    assert.match(body, /allow-list/);
    assert.ok(!url.includes(SECRET) && !/secret/i.test(body), 'never the secret');
    assert.deepEqual(run(done, { type: 'openUrl', which: 'mailItsme' }).effects, [{ type: 'openUrl', url }]);
  });

  it('finding 4: "try it" goes to jwt.ms or to VS Code\'s token view', () => {
    const { state, requestId } = applying();
    const outputs = { ...freshPlan().outputs, runUserFlowUrl: 'https://contosob2c.b2clogin.com/x/oauth2/v2.0/authorize?p=B2C_1_itsme' };
    const done = run(state, { type: 'applyFinished', requestId, result: resultOf(freshPlan(), 'applied', 9, outputs) }).state;
    assert.deepEqual(run(done, { type: 'runUserFlow', target: 'vscode' }).effects, [{ type: 'runUserFlow', url: outputs.runUserFlowUrl, target: 'vscode' }]);
    assert.deepEqual(run(done, { type: 'runUserFlow' }).effects, [{ type: 'runUserFlow', url: outputs.runUserFlowUrl, target: 'jwt' }]);
  });

  it('finding 8: nothing to change — the review says so and its button finishes (no apply that writes)', () => {
    const s = reviewReady(unchangedPlan());
    assert.ok(s.step === 'review' && s.plan.status === 'ready' && s.plan.plan.noChange);
  });
});

describe('wizard: the secret is stored by Next (issue 8, finding 2)', () => {
  function harness() {
    let stored: string | undefined;
    const services: WizardServices = {
      checkTenant: async () => CHECK,
      plan: async (c) => computePlan(c, emptyTenant()),
      apply: async () => resultOf(freshPlan(), 'applied', 1),
      hasSecret: async () => stored !== undefined,
      storeSecret: async (_t, v) => void (stored = v),
      clearSecret: async () => void (stored = undefined),
    };
    const host: WizardRunnerHost = { services, persist: () => undefined, copy: () => undefined, openUrl: () => undefined, runUserFlow: () => undefined, onState: () => undefined, log: { info: () => undefined, warn: () => undefined } };
    const credentials = { ...initialState(config()), step: 'credentials' as const };
    return { runner: new WizardRunner(credentials, host), stored: () => stored };
  }

  it('one Next with a typed secret stores it and moves on', async () => {
    const h = harness();
    await h.runner.storeSecret(SECRET, NEXT);
    assert.equal(h.stored(), SECRET);
    assert.equal(h.runner.state.step, 'identityProvider');
  });

  it('Next with a broken secret stays, with the secret\'s error', async () => {
    const h = harness();
    await h.runner.storeSecret('two words', NEXT);
    assert.equal(h.stored(), undefined);
    assert.equal(h.runner.state.step, 'credentials');
    assert.ok(h.runner.state.errors.secret);
  });
});
