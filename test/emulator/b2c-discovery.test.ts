// The emulated b2clogin's metadata: discovery in its three URL forms (path, ?p=, /tfp/), advertising only what the
// emulator does; CORS on discovery, keys and token (MSAL.js calls them from the page); signing keys kept across a
// restart when a directory is given.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startB2cLogin } from '../../emulators/b2c/server';
import { FLOW, startB2cWorld, TENANT, type B2cWorld } from './b2c-world';

describe('emulator: B2C discovery, keys and CORS', function () {
  this.timeout(60_000);
  let w: B2cWorld;
  before(async () => {
    w = await startB2cWorld();
  });
  after(() => w?.stop());

  const get = async (url: string, init: RequestInit = {}) => {
    const r = await fetch(url, init);
    return { status: r.status, headers: r.headers, body: r.status === 200 && r.headers.get('content-type')?.includes('json') ? ((await r.json()) as Record<string, unknown>) : await r.text() };
  };

  it('the three forms of the discovery URL answer with endpoints of the same form and the same issuer', async () => {
    const path = await get(`${w.b2c.url}/${TENANT}/${FLOW}/v2.0/.well-known/openid-configuration`);
    const query = await get(`${w.b2c.url}/${TENANT}/v2.0/.well-known/openid-configuration?p=${FLOW}`);
    const tfp = await get(`${w.b2c.url}/tfp/${TENANT}/${FLOW}/v2.0/.well-known/openid-configuration`);
    for (const [name, r] of [['path', path], ['query', query], ['tfp', tfp]] as const) {
      assert.equal(r.status, 200, `${name}: ${String(r.body).slice(0, 200)}`);
      const d = r.body as Record<string, string>;
      assert.equal(d['issuer'], `${w.b2c.url}/${w.graph.state.tenantId}/v2.0/`);
      const keys = await get(d['jwks_uri']!);
      assert.equal(keys.status, 200, `${name} keys`);
      assert.equal(((keys.body as { keys: unknown[] }).keys).length, 1);
    }
    assert.equal((query.body as Record<string, string>)['token_endpoint'], `${w.b2c.url}/${TENANT}/oauth2/v2.0/token?p=${FLOW}`);
    assert.equal((tfp.body as Record<string, string>)['authorization_endpoint'], `${w.b2c.url}/tfp/${TENANT}/${FLOW}/oauth2/v2.0/authorize`);
    assert.equal((path.body as Record<string, string>)['end_session_endpoint'], `${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/logout`);
  });

  it('advertises what it implements', async () => {
    const d = (await get(`${w.b2c.url}/${TENANT}/${FLOW}/v2.0/.well-known/openid-configuration`)).body as Record<string, string[]>;
    assert.deepEqual(d['response_modes_supported'], ['query', 'fragment', 'form_post']);
    assert.deepEqual(d['grant_types_supported'], ['authorization_code', 'refresh_token', 'implicit']);
    assert.deepEqual(d['code_challenge_methods_supported'], ['plain', 'S256']);
    assert.deepEqual(d['token_endpoint_auth_methods_supported'], ['client_secret_post', 'client_secret_basic', 'none']);
    for (const t of d['response_types_supported']!) assert.match(t, /^(code|id_token|token)( (code|id_token|token))*$/);
  });

  it('CORS: discovery, keys and token carry Access-Control-Allow-Origin *, and answer a preflight', async () => {
    const origin = { Origin: 'http://localhost:3000' };
    const d = await get(`${w.b2c.url}/${TENANT}/${FLOW}/v2.0/.well-known/openid-configuration`, { headers: origin });
    assert.equal(d.headers.get('access-control-allow-origin'), '*');
    const k = await get(`${w.b2c.url}/${TENANT}/${FLOW}/discovery/v2.0/keys`, { headers: origin });
    assert.equal(k.headers.get('access-control-allow-origin'), '*');
    const pre = await fetch(`${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/token`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const t = await fetch(`${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/token`, { method: 'POST', headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token' });
    assert.equal(t.headers.get('access-control-allow-origin'), '*');
    assert.equal((await fetch(`${w.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/token`)).status, 405);
  });

  it('an unknown policy has no metadata (AADB2C90022)', async () => {
    const r = await get(`${w.b2c.url}/${TENANT}/B2C_1_nope/v2.0/.well-known/openid-configuration`);
    assert.equal(r.status, 400);
    assert.match(String(r.body), /AADB2C90022/);
  });

  it('the signing key survives a restart with a keys directory, and is new without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'b2c-keys-'));
    try {
      const jwks = async (b: { url: string }) => ((await (await fetch(`${b.url}/${TENANT}/${FLOW}/discovery/v2.0/keys`)).json()) as { keys: Array<{ kid: string; n: string }> }).keys[0]!;
      const a = await startB2cLogin({ graph: w.graph, keysDir: dir });
      const ka = await jwks(a);
      await a.stop();
      const b = await startB2cLogin({ graph: w.graph, keysDir: dir });
      const kb = await jwks(b);
      await b.stop();
      assert.deepEqual(kb, ka);
      const c = await startB2cLogin({ graph: w.graph });
      assert.notEqual((await jwks(c)).kid, ka.kid);
      await c.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the tfp issuer setting, openid-client\'s strict discovery (<issuer>.well-known/openid-configuration) accepts the document', async () => {
    const client = await import('openid-client');
    w.b2c.switches.userFlowIssuer = 'tfp';
    try {
      const issuer = new URL(`${w.b2c.url}/tfp/${w.graph.state.tenantId}/${FLOW.toLowerCase()}/v2.0/`);
      const config = await client.discovery(issuer, w.spa, undefined, client.None());
      assert.equal(config.serverMetadata().issuer, issuer.href);
      assert.equal(config.serverMetadata().token_endpoint, `${w.b2c.url}/tfp/${w.graph.state.tenantId}/${FLOW}/oauth2/v2.0/token`);
    } finally {
      w.b2c.switches.userFlowIssuer = 'tenant';
    }
  });
});
