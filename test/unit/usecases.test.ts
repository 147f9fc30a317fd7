// The pure parts of the engine's use cases: when a reviewed plan no longer holds, and a run's status.
import assert from 'node:assert/strict';
import { computePlan } from '../../src/core/plan/computePlan';
import { changedSinceReview } from '../../src/core/usecases/applyReviewedPlan';
import { statusOfOutcomes } from '../../src/core/usecases/runPlan';
import type { StepOutcome } from '../../src/core/apply/applyPlan';
import { config, configuredTenant, emptyTenant } from './fixtures';

const outcome = (status: StepOutcome['status']): StepOutcome => ({ resource: 'identityProvider', action: 'update', label: 'itsme', status });

describe('use cases: a reviewed plan against a fresh one', () => {
  it('the same tenant gives the same writes', () => {
    assert.equal(changedSinceReview(computePlan(config(), emptyTenant()), computePlan(config(), emptyTenant())), false);
    assert.equal(changedSinceReview(computePlan(config(), configuredTenant(config())), computePlan(config(), configuredTenant(config()))), false);
  });

  it('a tenant configured since (other writes, here none) is a change', () => {
    assert.equal(changedSinceReview(computePlan(config(), emptyTenant()), computePlan(config(), configuredTenant(config()))), true);
  });

  it('a different value to write is a change; a different reason or label alone is not', () => {
    const reviewed = computePlan(config(), emptyTenant());
    const otherBody = structuredClone(reviewed);
    const idp = otherBody.steps.find((s) => s.resource === 'identityProvider')!;
    idp.requests[0]!.body = { ...(idp.requests[0]!.body as object), scope: 'openid' };
    assert.equal(changedSinceReview(reviewed, otherBody), true);
    const otherWords = structuredClone(reviewed);
    for (const s of otherWords.steps) {
      s.reason = 'reworded';
      s.label = 'renamed';
    }
    assert.equal(changedSinceReview(reviewed, otherWords), false);
  });
});

describe('use cases: a run\'s status', () => {
  it('failure outranks cancel, which outranks a manual step; writes make "done"', () => {
    assert.equal(statusOfOutcomes([outcome('done'), outcome('failed'), outcome('cancelled')]), 'failed');
    assert.equal(statusOfOutcomes([outcome('skipped')]), 'failed');
    assert.equal(statusOfOutcomes([outcome('cancelled'), outcome('manual')]), 'cancelled');
    assert.equal(statusOfOutcomes([outcome('done'), outcome('manual')]), 'manualRemaining');
    assert.equal(statusOfOutcomes([outcome('done'), outcome('noop')]), 'done');
    assert.equal(statusOfOutcomes([outcome('noop')]), 'noChanges');
  });
});
