// Throttling and outages: Retry-After is honoured, reads survive dropped connections, and a wait can be cancelled.
import assert from 'node:assert/strict';
import { GraphRequestError, CancelledError } from '../../src/core/graph/errors';
import type { GraphEmulator } from '../../emulators';
import { graphFor, startEmulator } from './harness';

describe('Graph client retries', function () {
  this.timeout(30_000);
  let emu: GraphEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('waits the Retry-After seconds of a 429 before retrying', async () => {
    const graph = graphFor(emu);
    await graph.send({ method: 'GET', version: 'v1.0', path: '/organization' }); // token first
    emu.faults.add({ match: { path: '/beta/identity/identityProviders' }, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } });
    const res = await graph.send({ method: 'GET', version: 'beta', path: '/identity/identityProviders' });
    assert.equal(res.status, 200);
    const tries = emu.log.filter((e) => e.path === '/beta/identity/identityProviders');
    assert.equal(tries.length, 2);
    assert.equal(tries[0]!.status, 429);
    assert.ok(tries[1]!.startedAt - tries[0]!.endedAt >= 950, `waited ${tries[1]!.startedAt - tries[0]!.endedAt} ms`);
  });

  it('retries a 503 on a write (not processed) but not a 500 (may have been processed)', async () => {
    const graph = graphFor(emu);
    emu.faults.add({ match: { method: 'POST', path: '/beta/identity/b2cUserFlows' }, times: 1, fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
    const ok = await graph.send({ method: 'POST', version: 'beta', path: '/identity/b2cUserFlows', body: { id: 'a', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 } });
    assert.equal(ok.status, 201);
    emu.faults.add({ match: { method: 'POST', path: '/beta/identity/b2cUserFlows' }, times: 1, fault: { kind: 'status', status: 500 } });
    await assert.rejects(graph.send({ method: 'POST', version: 'beta', path: '/identity/b2cUserFlows', body: { id: 'b', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 } }), (e: unknown) => e instanceof GraphRequestError && e.kind === 'unavailable' && e.transient);
    assert.equal(emu.state.userFlows.filter((f) => f.id === 'B2C_1_b').length, 0);
  });

  it('retries a read whose connection dropped, and reports a dropped write as a network error', async () => {
    const graph = graphFor(emu);
    emu.faults.add({ match: { method: 'GET', path: '/v1.0/organization' }, times: 2, fault: { kind: 'drop' } });
    assert.equal((await graph.send({ method: 'GET', version: 'v1.0', path: '/organization' })).status, 200);
    emu.faults.add({ match: { method: 'POST' }, times: 1, fault: { kind: 'dropAfterEffect' } });
    await assert.rejects(graph.send({ method: 'POST', version: 'beta', path: '/identity/b2cUserFlows', body: { id: 'c', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 } }), (e: unknown) => e instanceof GraphRequestError && e.kind === 'network');
    assert.equal(emu.state.userFlows.filter((f) => f.id === 'B2C_1_c').length, 1, 'the write took effect: only re-reading the tenant can tell');
  });

  it('gives up after the last attempt with an explained throttling error', async () => {
    const graph = graphFor(emu);
    emu.faults.add({ match: { path: '/v1.0/organization' }, times: 10, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 } });
    await assert.rejects(graph.send({ method: 'GET', version: 'v1.0', path: '/organization' }), (e: unknown) => e instanceof GraphRequestError && e.kind === 'throttled' && /throttling/.test(e.message));
  });

  it('stops waiting when cancelled', async () => {
    const graph = graphFor(emu);
    await graph.send({ method: 'GET', version: 'v1.0', path: '/organization' });
    emu.faults.add({ match: { path: '/v1.0/organization' }, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 30 } });
    const abort = new AbortController();
    const t0 = Date.now();
    setTimeout(() => abort.abort(), 200);
    await assert.rejects(graph.send({ method: 'GET', version: 'v1.0', path: '/organization' }, abort.signal), CancelledError);
    assert.ok(Date.now() - t0 < 5_000);
  });
});
