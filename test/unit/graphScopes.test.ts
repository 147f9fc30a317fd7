// The Microsoft-account sign-in asks for the Graph scopes of the tenant's kind: External ID's user flows need
// EventListener.ReadWrite.All, which a B2C management app need not have (asking for it there would fail the sign-in).
import assert from 'node:assert/strict';
import { GRAPH_SCOPES, graphScopesFor } from '../../src/core/auth/scopes';

describe('Graph scopes per tenant kind', () => {
  it('B2C, and a tenant not yet checked, get the five common scopes and nothing for External ID', () => {
    for (const kind of ['b2c', undefined] as const) {
      assert.deepEqual(graphScopesFor(kind), GRAPH_SCOPES);
      assert.ok(!graphScopesFor(kind).includes('EventListener.ReadWrite.All'));
    }
    assert.equal(GRAPH_SCOPES.length, 5);
  });
  it('an external tenant adds EventListener.ReadWrite.All (user flows) to the common scopes', () => {
    assert.deepEqual(graphScopesFor('external'), [...GRAPH_SCOPES, 'EventListener.ReadWrite.All']);
  });
});
