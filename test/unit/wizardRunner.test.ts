// The runner carries out the machine's effects through the WizardServices port: a fake port here (the port is the
// seam; the engine behind it is tested against the emulator).
import assert from 'node:assert/strict';
import { WizardRunner, type WizardRunnerHost } from '../../src/wizard/runner';
import type { WizardServices } from '../../src/wizard/services';
import type { WizardEvent, WizardState } from '../../src/wizard/state';
import { initialState } from '../../src/wizard/initial';
import { restore } from '../../src/wizard/persistence';
import { config } from './fixtures';
import { SECRET, freshPlan, resultOf } from './wizardHelpers';

class FakeServices implements WizardServices {
  stored: string | undefined;
  applySignal: AbortSignal | undefined;
  releaseApply: (() => void) | undefined;
  failPlan = false;
  async checkTenant(tenant: string) {
    if (tenant.startsWith('bad')) throw new Error('Tenant "bad" is not an Azure AD B2C tenant.');
    return { account: 'admin@contosob2c.onmicrosoft.com', initialDomain: 'contosob2c.onmicrosoft.com', tenantType: 'AAD B2C' };
  }
  async plan(c: Parameters<WizardServices['plan']>[0]) {
    if (this.failPlan) throw new Error('Graph said 403');
    return freshPlan(c);
  }
  apply: WizardServices['apply'] = (c, onStep, signal) => {
    this.applySignal = signal;
    const plan = freshPlan(c);
    onStep({ resource: 'identityProvider', action: 'create', label: 'itsme', status: 'running' });
    return new Promise((resolve) => {
      const finish = () => resolve(resultOf(plan, signal.aborted ? 'cancelled' : 'applied', signal.aborted ? 1 : 9));
      this.releaseApply = finish;
      signal.addEventListener('abort', finish);
    });
  };
  async hasSecret() {
    return this.stored !== undefined;
  }
  async storeSecret(value: string) {
    this.stored = value;
  }
  async clearSecret() {
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
