// Faults on demand: throttling with Retry-After, dropped connections (before and after the write), latency and a
// seeded random schedule. Faults are decided before a request touches the tenant, except dropAfterEffect.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { type GraphEmulator } from '../../emulators/index';
import { itsmeProvider, tokenFor, startWithCaller, type GraphCaller } from './test-helpers';

describe('emulator faults', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller()));
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  it('429 carries Retry-After and has no effect; the next request passes', async () => {
    emu.faults.add({ match: { method: 'POST', path: '/identity/identityProviders' }, fault: { kind: 'status', status: 429 } });
    const throttled = await g('POST', '/beta/identity/identityProviders', itsmeProvider());
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    assert.equal(throttled.body.error.code, 'TooManyRequests');
    assert.ok(throttled.body.error.innerError['request-id']);
    assert.equal(emu.state.identityProviders.length, 0);
    assert.equal((await g('POST', '/beta/identity/identityProviders', itsmeProvider())).status, 201);

    emu.faults.add({ fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
    const unavailable = await g('GET', '/v1.0/organization');
    assert.deepEqual([unavailable.status, unavailable.headers.get('retry-after')], [503, '0']);
    emu.faults.add({ fault: { kind: 'status', status: 500 } });
    const internal = await g('GET', '/v1.0/organization');
    assert.deepEqual([internal.status, internal.headers.get('retry-after')], [500, null]);
  });

  it('the Graph SDK\'s RetryHandler rides out 429s', async () => {
    const cred = new ClientSecretCredential(emu.tenantId, emu.management.clientId, emu.management.clientSecret, {
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    });
    const client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(cred, { scopes: [`${emu.url}/.default`] }),
      baseUrl: emu.url,
      customHosts: new Set(['127.0.0.1']),
    });
    const rule = emu.faults.add({ match: { path: /\/organization$/ }, times: 2, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 } });
    const org = await client.api('/organization').get();
    assert.equal(org.value[0].id, emu.tenantId);
    assert.equal(rule.hits, 2);
    assert.deepEqual(emu.log.filter((l) => l.path === '/v1.0/organization').map((l) => l.status), [429, 429, 200]);
  });

  it('drop: the connection closes without a response and nothing happens', async () => {
    emu.faults.add({ match: { method: 'POST' }, fault: { kind: 'drop' } });
    await assert.rejects(g('POST', '/beta/identity/identityProviders', itsmeProvider()));
    assert.equal(emu.state.identityProviders.length, 0);
    const entry = emu.log.at(-1)!;
    assert.deepEqual([entry.fault, entry.status], ['drop', 0]);
    assert.equal((await g('POST', '/beta/identity/identityProviders', itsmeProvider())).status, 201);
  });

  it('dropAfterEffect: the write happens, the client never hears of it, a blind retry conflicts', async () => {
    emu.faults.add({ match: { method: 'POST', path: '/identity/identityProviders' }, fault: { kind: 'dropAfterEffect' } });
    await assert.rejects(g('POST', '/beta/identity/identityProviders', itsmeProvider()));
    assert.equal(emu.state.identityProviders.length, 1);
    assert.equal(emu.log.at(-1)!.status, 201);
    const retry = await g('POST', '/beta/identity/identityProviders', itsmeProvider());
    assert.equal(retry.status, 409);
  });

  it('skip and times select which matching requests fail', async () => {
    const rule = emu.faults.add({ match: { method: 'GET', path: '/organization' }, skip: 1, times: 2, fault: { kind: 'status', status: 504 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await g('GET', '/v1.0/organization')).status);
    assert.deepEqual(statuses, [200, 504, 504, 200]);
    assert.deepEqual([rule.hits, rule.remaining], [2, 0]);
  });

  it('rules without a path leave the token endpoint alone; a path can target it', async () => {
    emu.faults.add({ times: Infinity, fault: { kind: 'status', status: 503 } });
    await tokenFor(emu); // unaffected
    emu.faults.clear();
    emu.faults.add({ match: { path: '/oauth2/v2.0/token' }, fault: { kind: 'status', status: 503 } });
    await assert.rejects(tokenFor(emu), /503/);
  });

  it('latency: global and per-request', async () => {
    emu.setLatency(80);
    let t = Date.now();
    await g('GET', '/v1.0/organization');
    assert.ok(Date.now() - t >= 75, 'global latency');
    emu.setLatency(0);
    emu.faults.add({ fault: { kind: 'latency', ms: 80 } });
    t = Date.now();
    assert.equal((await g('GET', '/v1.0/organization')).status, 200);
    assert.ok(Date.now() - t >= 75, 'latency fault');
  });

  it('randomSchedule is deterministic for a seed', async () => {
    const run = async (seed: number) => {
      emu.reset();
      emu.faults.randomSchedule(seed, { rate: 0.4, kinds: [429, 503, 'drop'] });
      const out: string[] = [];
      for (let i = 0; i < 25; i++) {
        try {
          out.push(String((await g('GET', '/v1.0/organization')).status));
        } catch {
          out.push('drop');
        }
      }
      return out;
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a.includes('200') && a.some((s) => s !== '200'), a.join(','));
    assert.deepEqual(
      emu.faults.injected.filter((f) => f.source === 'random').length,
      c.filter((s) => s !== '200').length,
    );
  });
});
