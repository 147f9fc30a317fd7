// Single-flight effects (issue 12): a storm of valid messages — the page's "Try again" is `goto review` — must not
// start parallel copies of the same effect. A slow, counting WizardServices port holds every plan open until the
// test releases it, so "in flight" is real; request ids decide which late result may still land.
import assert from 'node:assert/strict';
import { WizardRunner, type WizardRunnerHost } from '../../src/wizard/runner';
import type { WizardServices } from '../../src/wizard/services';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import { initialState } from '../../src/wizard/initial';
import { restore } from '../../src/wizard/persistence';
import { computePlan } from '../../src/core/plan/computePlan';
import { CancelledError } from '../../src/core/graph/errors';
import type { Plan } from '../../src/core/plan/types';
import { config, emptyTenant } from './fixtures';
import { SECRET, resultOf } from './wizardHelpers';

interface Held<T> {
  signal: AbortSignal | undefined;
  resolve(): void;
  reject(e: Error): void;
  value?: T;
}

/** Every plan() waits until the test releases it (or its signal aborts: then it rejects, as the Graph client does). */
class SlowServices implements WizardServices {
  plans: Array<Held<Plan>> = [];
  checks: Array<Held<unknown>> = [];
  applies: AbortSignal[] = [];
  failApply: Error | undefined;
  stored: string | undefined = SECRET;
  private hold<T>(list: Array<Held<T>>, make: () => T, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const held: Held<T> = { signal, resolve: () => resolve(make()), reject };
      list.push(held);
      signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
    });
  }
  checkTenant(tenant: string, signal?: AbortSignal) {
    void tenant;
    return this.hold(this.checks as Array<Held<Awaited<ReturnType<WizardServices['checkTenant']>>>>, () => ({ account: 'admin', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C', tenantKind: 'b2c' as const }), signal);
  }
  plan(c: Parameters<WizardServices['plan']>[0], signal?: AbortSignal) {
    return this.hold(this.plans, () => computePlan(c, emptyTenant()), signal);
  }
  apply: WizardServices['apply'] = async (c, reviewed, onStep, signal) => {
    this.applies.push(signal);
    if (this.failApply) throw this.failApply;
    await new Promise((r) => setTimeout(r, 5));
    return resultOf(reviewed, 'applied', 9, { ...reviewed.outputs, runUserFlowUrl: 'https://contosob2c.b2clogin.com/authorize' });
  };
  async hasSecret() {
    return this.stored !== undefined;
  }
  secretWrites = 0;
  async storeSecret(tenant: string, value: string) {
    void tenant;
    this.secretWrites++;
    await new Promise((r) => setTimeout(r, 5));
    this.stored = value;
  }
  async clearSecret() {
    this.stored = undefined;
  }
}

function harness(initial: WizardState) {
  const services = new SlowServices();
  const states: WizardState[] = [];
  const counts = { signIn: 0, runUserFlow: 0 };
  let finishSignIn: ((ok: boolean) => void) | undefined;
  let finishRun: (() => void) | undefined;
  const host: WizardRunnerHost = {
    services,
    persist: () => undefined,
    copy: () => undefined,
    openUrl: () => undefined,
    runUserFlow: () => {
      counts.runUserFlow++;
      return new Promise<void>((r) => (finishRun = r));
    },
    signIn: () => {
      counts.signIn++;
      return new Promise<boolean>((r) => (finishSignIn = r));
    },
    onState: (s) => states.push(s),
    log: { info: () => undefined, warn: () => undefined },
  };
  return {
    runner: new WizardRunner(initial, host),
    services,
    states,
    counts,
    finishSignIn: (ok: boolean) => finishSignIn?.(ok),
    finishRun: () => finishRun?.(),
  };
}

/** A saved wizard at review (as after a reload): start() fetches its plan. */
function savedReview(): WizardState {
  const restored = restore(JSON.stringify({ v: 1, step: 'review', form: initialState(config()).form }));
  assert.ok(restored);
  return restored;
}

const tryAgain: WizardEvent = { type: 'goto', step: 'review' };
const tick = () => new Promise((r) => setImmediate(r));

describe('wizard: single-flight effects', () => {
  it('50 × goto review while the plan loads start exactly one plan; its result lands', async () => {
    const h = harness(savedReview());
    await h.runner.start();
    assert.equal(h.services.plans.length, 1, 'start() asks for one plan');
    const loading = h.runner.state;
    assert.ok(loading.step === 'review' && loading.plan.status === 'loading');
    for (let i = 0; i < 50; i++) h.runner.dispatch(tryAgain);
    await tick();
    assert.equal(h.services.plans.length, 1, `plans started: ${h.services.plans.length}`);
    assert.equal(h.services.plans[0]!.signal?.aborted, false, 'the plan in flight is joined, not cancelled');
    h.services.plans[0]!.resolve();
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'review' && s.plan.status === 'ready' && s.plan.id === loading.plan.requestId);
  });

  it('rapid "Try again" after a failed plan starts one new plan, however many clicks', async () => {
    const h = harness(savedReview());
    await h.runner.start();
    h.services.plans[0]!.reject(new Error('Graph said 503'));
    await h.runner.whenIdle();
    const failed = h.runner.state;
    assert.ok(failed.step === 'review' && failed.plan.status === 'failed');
    for (let i = 0; i < 50; i++) h.runner.dispatch(tryAgain);
    await tick();
    assert.equal(h.services.plans.length, 2, `plans started: ${h.services.plans.length}`);
    h.services.plans[1]!.resolve();
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'review' && s.plan.status === 'ready');
  });

  it('a plan the wizard no longer waits for is aborted, and its late result never overwrites the newer state', async () => {
    const h = harness(savedReview());
    await h.runner.start();
    const first = h.services.plans[0]!;
    h.runner.dispatch({ type: 'back' });
    assert.equal(first.signal?.aborted, true, 'leaving review aborts the plan in flight (AbortSignal to the port)');
    h.runner.dispatch({ type: 'next' });
    assert.equal(h.services.plans.length, 2, 'review again: one new plan (the inputs may have changed)');
    const second = h.runner.state;
    assert.ok(second.step === 'review' && second.plan.status === 'loading');
    // The first plan's result arrives late (a port that ignores the signal): it must be dropped.
    first.resolve();
    await tick();
    const still = h.runner.state;
    assert.ok(still.step === 'review' && still.plan.status === 'loading' && still.plan.requestId === second.plan.requestId, 'the late result was dropped');
    h.services.plans[1]!.resolve();
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'review' && s.plan.status === 'ready' && s.plan.id === second.plan.requestId);
  });

  it('a tenant check superseded by a different tenant is aborted; 50 × next on the same tenant check once', async () => {
    const h = harness(initialState());
    await h.runner.start();
    h.runner.dispatch({ type: 'next' });
    h.runner.dispatch({ type: 'edit', field: 'tenant', value: 'contosob2c.onmicrosoft.com' });
    for (let i = 0; i < 50; i++) h.runner.dispatch({ type: 'next' });
    assert.equal(h.services.checks.length, 1, `checks started: ${h.services.checks.length}`);
    h.runner.dispatch({ type: 'edit', field: 'tenant', value: 'fabrikamb2c.onmicrosoft.com' });
    h.runner.dispatch({ type: 'next' });
    assert.equal(h.services.checks.length, 2);
    assert.equal(h.services.checks[0]!.signal?.aborted, true, 'the check of the old tenant is aborted');
    h.services.checks[1]!.resolve();
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.tenantCheck.status === 'ok' && s.tenantCheck.tenant === 'fabrikamb2c.onmicrosoft.com');
  });

  it('apply is single-flight: 50 × apply and 50 × goto during it start one apply and never cancel it', async () => {
    const h = harness(savedReview());
    await h.runner.start();
    h.services.plans[0]!.resolve();
    await h.runner.whenIdle();
    for (let i = 0; i < 50; i++) {
      h.runner.dispatch({ type: 'apply' });
      h.runner.dispatch(tryAgain);
    }
    assert.equal(h.services.applies.length, 1);
    assert.equal(h.services.applies[0]!.aborted, false);
    assert.equal(h.services.plans.length, 1, 'no plan started during the apply');
    await h.runner.whenIdle();
    const s = h.runner.state;
    assert.ok(s.step === 'done' && s.result.status === 'applied');
  });

  it('50 × storeSecret while one is being written: at most two writes, the last value wins, one "next"', async () => {
    const atCredentials = restore(JSON.stringify({ v: 1, step: 'credentials', form: initialState(config()).form }));
    assert.ok(atCredentials);
    const h = harness(atCredentials);
    h.services.stored = undefined;
    await h.runner.start();
    assert.equal(h.runner.state.step, 'credentials');
    const writes = h.services.secretWrites;
    const stores = Array.from({ length: 50 }, (_, i) => h.runner.storeSecret(`${SECRET}-${i}`, { type: 'next' }));
    await Promise.all(stores);
    assert.ok(h.services.plans.length <= 1, `${h.services.plans.length} plans`);
    h.services.plans.forEach((p) => p.resolve());
    await h.runner.whenIdle();
    assert.ok(h.services.secretWrites - writes <= 2, `${h.services.secretWrites - writes} SecretStorage writes`);
    assert.equal(h.services.stored, `${SECRET}-49`, 'the last value typed is the one stored');
    assert.notEqual(h.runner.state.step, 'credentials', 'one click on Next went on');
  });

  it('50 × "Sign in and retry" run one sign-in; 50 × "try it in VS Code" run one token receiver', async () => {
    const h = harness(savedReview());
    await h.runner.start();
    h.services.plans[0]!.resolve();
    await h.runner.whenIdle();
    h.runner.dispatch({ type: 'apply' });
    await h.runner.whenIdle();
    for (let i = 0; i < 50; i++) h.runner.dispatch({ type: 'runUserFlow', target: 'vscode' });
    assert.equal(h.counts.runUserFlow, 1, `token receivers started: ${h.counts.runUserFlow}`);
    h.finishRun();
    await h.runner.whenIdle();
    h.runner.dispatch({ type: 'runUserFlow', target: 'vscode' });
    assert.equal(h.counts.runUserFlow, 2, 'once the first has finished, another may start');
    h.finishRun();
    await h.runner.whenIdle();

    const e = Object.assign(new Error('sign in again'), { name: 'AuthenticationRequiredError' });
    const g = harness(savedReview());
    g.services.failApply = e;
    await g.runner.start();
    g.services.plans[0]!.resolve();
    await g.runner.whenIdle();
    g.runner.dispatch({ type: 'apply' });
    await g.runner.whenIdle();
    const failed = g.runner.state;
    assert.ok(failed.step === 'done' && failed.result.cause === 'signIn', JSON.stringify(failed.step === 'done' ? failed.result.cause : failed.step));
    for (let i = 0; i < 50; i++) g.runner.dispatch({ type: 'fix' });
    assert.equal(g.counts.signIn, 1, `sign-ins started: ${g.counts.signIn}`);
    g.finishSignIn(true);
    await tick();
    await tick();
    assert.equal(g.services.plans.length, 2, 'signed in: one plan for the retry');
  });
});
