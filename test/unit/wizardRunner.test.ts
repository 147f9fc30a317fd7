// The runner carries out the machine's effects through the WizardServices port: a fake port here (the port is the
// seam; the engine behind it is tested against the emulator).
import assert from 'node:assert/strict';
import { WizardRunner, type WizardRunnerHost } from '../../src/wizard/runner';
import type { WizardServices } from '../../src/wizard/services';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import { initialState } from '../../src/wizard/initial';
import { restore } from '../../src/wizard/persistence';
import { computePlan } from '../../src/core/plan/computePlan';
import type { ObservedTenant } from '../../src/core/plan/observe';
import type { Plan } from '../../src/core/plan/types';
import { changedSinceReview } from '../../src/core/usecases/applyReviewedPlan';
import { config, configuredTenant, emptyTenant } from './fixtures';
import { SECRET, resultOf } from './wizardHelpers';

/**
 * The port as its contract says: plan() reads "the tenant" (an observed tenant the test can change) and apply()
 * applies the reviewed plan only while the tenant still yields the same writes (the engine's own comparison).
 */
class FakeServices implements WizardServices {
  stored: string | undefined;
  applySignal: AbortSignal | undefined;
  releaseApply: (() => void) | undefined;
  failPlan = false;
  /** Hold apply open until released or aborted (for the cancel/dispose tests). */
  holdApply = true;
  tenant: ObservedTenant = emptyTenant();
  planned: Plan[] = [];
  applyCalls: Array<{ reviewed: Plan }> = [];
  lastChanged: Plan | undefined;
  written: string[] = [];
  secretTenants: string[] = [];
  async checkTenant(tenant: string) {
    if (tenant.startsWith('bad')) throw new Error('Tenant "bad" is not an Azure AD B2C tenant.');
    return { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C', tenantKind: 'b2c' as const };
  }
  async plan(c: Parameters<WizardServices['plan']>[0]) {
    if (this.failPlan) throw new Error('Graph said 403');
    const p = computePlan(c, this.tenant);
    this.planned.push(p);
    return p;
  }
  apply: WizardServices['apply'] = async (c, reviewed, onStep, signal) => {
    this.applyCalls.push({ reviewed });
    this.applySignal = signal;
    const fresh = computePlan(c, this.tenant);
    if (changedSinceReview(reviewed, fresh)) {
      this.lastChanged = fresh;
      return { status: 'planChanged', plan: fresh };
    }
    if (fresh.steps.every((s) => s.action === 'noop' || s.action === 'manual')) return resultOf(fresh, 'noChanges', 0);
    onStep({ resource: 'identityProvider', action: 'create', label: 'itsme', status: 'running' });
    return new Promise((resolve) => {
      const finish = () => {
        if (!signal.aborted) this.written.push(...fresh.steps.filter((s) => s.requests.length).map((s) => s.resource));
        resolve(resultOf(fresh, signal.aborted ? 'cancelled' : 'applied', signal.aborted ? 1 : 9));
      };
      this.releaseApply = finish;
      signal.addEventListener('abort', finish);
      if (!this.holdApply) finish();
    });
  };
  async hasSecret(tenant: string) {
    void tenant;
    return this.stored !== undefined;
  }
  async storeSecret(tenant: string, value: string) {
    this.secretTenants.push(tenant);
    this.stored = value;
  }
  async clearSecret(tenant: string) {
    this.secretTenants.push(tenant);
    this.stored = undefined;
  }
}

function harness(initial: WizardState = initialState()) {
  const services = new FakeServices();
  const persisted: string[] = [];
  const states: WizardState[] = [];
  const opened: string[] = [];
  const logs: string[] = [];
  const host: WizardRunnerHost = {
    services,
    persist: (s) => persisted.push(s),
    copy: () => undefined,
    openUrl: (u) => opened.push(u),
    runUserFlow: (u) => opened.push(u),
    onState: (s) => states.push(s),
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
  };
  return { runner: new WizardRunner(initial, host), services, persisted, states, opened, logs };
}

const edit = (field: string, value: string | boolean): WizardEvent => ({ type: 'edit', field, value }) as WizardEvent;

async function toCredentials(h: ReturnType<typeof harness>): Promise<void> {
  await h.runner.start();
  h.runner.dispatch({ type: 'next' });
  h.runner.dispatch(edit('tenant', 'contosob2c.onmicrosoft.com'));
  h.runner.dispatch({ type: 'next' });
  await h.runner.whenIdle();
  h.runner.dispatch({ type: 'next' });
  assert.equal(h.runner.state.step, 'credentials');
  h.runner.dispatch(edit('partnerCode', 'abcd1234'));
  h.runner.dispatch(edit('serviceCode', 'MYBANK_LOGIN'));
}

describe('wizard: runner', () => {
  it('stores the secret through the port only; state, persistence and logs never see it', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret(`  ${SECRET}\n`);
    assert.equal(h.services.stored, SECRET, 'trimmed, stored');
    assert.equal(h.runner.state.secretStored, true);
    for (let i = 0; i < 4; i++) h.runner.dispatch({ type: 'next' });
    await h.runner.whenIdle();
    assert.equal(h.runner.state.step, 'review');
    const everything = JSON.stringify([h.states, h.persisted, h.logs, h.runner.state]);
    assert.ok(!everything.includes(SECRET));
    assert.ok(h.persisted.length > 0);
  });

  it('refuses an empty or broken secret without calling the port', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret('   ');
    assert.equal(h.services.stored, undefined);
    assert.ok(h.runner.state.errors.secret);
    await h.runner.storeSecret('two words');
    assert.equal(h.services.stored, undefined);
    assert.ok(!h.runner.state.errors.secret?.includes('two words'), 'the message never echoes the value');
  });

  it('runs the tenant check, the plan and the apply; cancel aborts the signal given to apply', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret(SECRET);
    for (let i = 0; i < 4; i++) h.runner.dispatch({ type: 'next' });
    await h.runner.whenIdle();
    const review = h.runner.state;
    assert.ok(review.step === 'review' && review.plan.status === 'ready');
    h.runner.dispatch({ type: 'apply' });
    const applying = h.runner.state;
    assert.ok(applying.step === 'apply' && applying.rows[0]?.status === 'running', 'progress arrives while apply runs');
    assert.equal(h.services.applySignal?.aborted, false);
    h.runner.dispatch({ type: 'cancel' });
    assert.equal(h.services.applySignal?.aborted, true);
    await h.runner.whenIdle();
    const done = h.runner.state;
    assert.ok(done.step === 'done' && done.result.status === 'cancelled');
  });

  it('a failing service becomes an error in state, not an exception', async () => {
    const h = harness();
    await h.runner.start();
    h.runner.dispatch({ type: 'next' });
    h.runner.dispatch(edit('tenant', 'bad.onmicrosoft.com'));
    h.runner.dispatch({ type: 'next' });
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'tenant' && s.tenantCheck.status === 'failed' && /not an Azure AD B2C tenant/.test(s.tenantCheck.message));
  });

  it('resumes a saved review: asks SecretStorage, then reads the plan again', async () => {
    const saved = initialState(config());
    const restored = restore(JSON.stringify({ v: 1, step: 'review', form: saved.form }));
    assert.ok(restored);
    const h = harness(restored);
    h.services.stored = SECRET;
    await h.runner.start();
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'review' && s.plan.status === 'ready');
    assert.equal(s.secretStored, true);
  });

  it('applies the plan the user reviewed; when the tenant changed since, shows the new plan for review instead', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret(SECRET);
    for (let i = 0; i < 4; i++) h.runner.dispatch({ type: 'next' });
    await h.runner.whenIdle();
    const review = h.runner.state;
    assert.ok(review.step === 'review' && review.plan.status === 'ready' && !review.plan.plan.noChange);
    const reviewed = h.services.planned.at(-1);
    assert.ok(reviewed, 'the review read a plan');

    // Someone else configured the tenant while the user was reading the review.
    h.services.tenant = configuredTenant(config());
    h.runner.dispatch({ type: 'apply' });
    await h.runner.whenIdle();
    assert.equal(h.services.applyCalls.length, 1);
    assert.equal(h.services.applyCalls[0]!.reviewed, reviewed, 'apply is handed the reviewed plan, not a config to plan afresh');
    assert.deepEqual(h.services.written, [], 'nothing written: the tenant no longer matches what was reviewed');
    const again = h.runner.state;
    assert.ok(again.step === 'review' && again.plan.status === 'ready', `back at review, got ${again.step}`);
    assert.equal(again.plan.plan.noChange, true, 'the new plan is the one shown');
    assert.match(again.plan.notice ?? '', /changed since you reviewed/);

    // Applying from there applies that new plan.
    h.runner.dispatch({ type: 'apply' });
    await h.runner.whenIdle();
    assert.equal(h.services.applyCalls.length, 2);
    assert.equal(h.services.applyCalls[1]!.reviewed, h.services.lastChanged, 'the second apply is handed the plan shown after the change');
    const done = h.runner.state;
    assert.ok(done.step === 'done' && done.result.status === 'noChanges', JSON.stringify(done.step === 'done' ? done.result : done.step));
  });

  it('the secret is stored, found and cleared under the tenant typed in the wizard', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret(SECRET);
    assert.deepEqual(h.services.secretTenants, ['contosob2c.onmicrosoft.com']);
    await h.runner.clearSecret();
    assert.deepEqual(h.services.secretTenants, ['contosob2c.onmicrosoft.com', 'contosob2c.onmicrosoft.com']);
  });

  it('dispose aborts work in flight and ignores its results', async () => {
    const h = harness();
    await toCredentials(h);
    await h.runner.storeSecret(SECRET);
    for (let i = 0; i < 4; i++) h.runner.dispatch({ type: 'next' });
    await h.runner.whenIdle();
    h.runner.dispatch({ type: 'apply' });
    const before = h.states.length;
    h.runner.dispose();
    assert.equal(h.services.applySignal?.aborted, true);
    await h.runner.whenIdle();
    assert.equal(h.runner.state.step, 'apply');
    assert.equal(h.states.length, before, 'no state reported after dispose');
  });
});
