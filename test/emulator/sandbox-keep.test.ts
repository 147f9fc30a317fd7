// The sandbox keeps what an app team configured (sandbox/keep.ts): a restarted sandbox answers on the same ports
// with the same tenant, and the test app's client id and secret still sign in (code + PKCE + client secret at the
// emulated b2clogin's token endpoint). A kept port in use gives a new one, named; a file it cannot read is not
// restored.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphEmulator, startItsmeEmulator } from '../../emulators/index';
import { startB2cLogin } from '../../emulators/b2c/server';
import { signInHeadless } from '../../emulators/signin/headless';
import { keepTenant, portOf, portsToAsk, readKept, type Kept } from '../../sandbox/keep';
import { DEFAULT_WEB_REDIRECT, registerTestApp } from '../../sandbox/testApp';
import { graph as graphCaller, itsmeProvider, tokenFor } from './test-helpers';
import { pkce } from './b2c-world';

const TENANT = 'contosob2c.onmicrosoft.com';
const FLOW = 'B2C_1_itsme';
const PARTNER = { clientId: 'KEEPPARTNER', clientSecret: 'keep-partner-secret', service: 'KEEP_LOGIN' };

describe('sandbox: what a restart keeps', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-keep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A B2C sandbox as sandbox/main.ts starts it: ports asked from what was kept, the tenant restored, keys kept. */
  async function start(kept: Kept) {
    const { ask, moved } = await portsToAsk(kept, ['graph', 'signIn', 'itsme']);
    const graph = await startGraphEmulator({ port: ask['graph'] });
    if (kept.tenant) graph.restore(kept.tenant);
    const b2c = await startB2cLogin({ graph, port: ask['signIn'], keysDir: join(dir, 'keys') });
    const itsme = await startItsmeEmulator({ port: ask['itsme'], partners: [{ clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, serviceCodes: [PARTNER.service], redirectUris: [`${b2c.url}/${TENANT}/oauth2/authresp`] }] });
    const ports = { graph: portOf(graph.url), signIn: portOf(b2c.url), itsme: portOf(itsme.url) };
    return { graph, b2c, itsme, ports, moved, stop: () => Promise.all([itsme.stop(), b2c.stop(), graph.stop()]) };
  }

  /** The test app signs in: authorize (code + PKCE) through itsme, then the token endpoint with its client secret. */
  async function signsIn(s: Awaited<ReturnType<typeof start>>, app: { appId: string; clientSecret: string }): Promise<number> {
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({ client_id: app.appId, redirect_uri: DEFAULT_WEB_REDIRECT, response_type: 'code', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n1' });
    const r = await signInHeadless({ authorizeUrl: `${s.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/authorize?${q}`, itsme: s.itsme });
    const code = r.params.get('code');
    assert.ok(code, `no code: ${r.redirect.href}`);
    const t = await fetch(`${s.b2c.url}/${TENANT}/${FLOW}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: DEFAULT_WEB_REDIRECT, code_verifier: verifier, client_id: app.appId, client_secret: app.clientSecret }),
    });
    return t.status;
  }

  it('a restarted sandbox has the same ports, tenant and test app, whose kept secret still signs in', async () => {
    const file = join(dir, 'b2c.json');
    const first = await start(readKept(file));
    const g = graphCaller(first.graph, await tokenFor(first.graph));
    const idp = await g('POST', '/beta/identity/identityProviders', itsmeProvider({ clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, metadataUrl: first.itsme.metadataUrls.v2, scope: `openid service:${PARTNER.service} profile email` }));
    assert.equal(idp.status, 201);
    assert.equal((await g('POST', '/beta/identity/b2cUserFlows', { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 })).status, 201);
    assert.equal((await g('POST', `/beta/identity/b2cUserFlows/${FLOW}/userFlowIdentityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp.body.id}` })).status, 204);
    const app = await registerTestApp(first.graph);
    const stopKeeping = keepTenant(first.graph, file, () => ({ ports: first.ports, testApp: { appId: app.appId, clientSecret: app.clientSecret } }));
    assert.equal(await signsIn(first, app), 200, 'signs in before the restart');
    stopKeeping();
    await first.stop();

    const kept = readKept(file);
    assert.deepEqual(kept.ports, first.ports);
    const second = await start(kept);
    try {
      assert.deepEqual(second.ports, first.ports, 'the same ports: the authority and discovery URLs are unchanged');
      assert.deepEqual(second.moved, []);
      const again = await registerTestApp(second.graph, { knownSecret: kept.testApp! });
      assert.equal(again.appId, app.appId, 'the same client id');
      assert.equal(again.clientSecret, app.clientSecret, 'the same client secret');
      const record = second.graph.state.applications.find((a) => a.appId === app.appId) as { passwordCredentials?: unknown[] } | undefined;
      assert.equal(record?.passwordCredentials?.length, 1, 'no second secret was added');
      assert.equal(await signsIn(second, again), 200, 'the kept client id and secret sign in after the restart');
    } finally {
      await second.stop();
    }
  });

  it('a kept port now in use: another port, and the service named; a file it cannot read is not restored', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const { ask, moved } = await portsToAsk({ ports: { graph: port } }, ['graph', 'signIn']);
      assert.deepEqual(ask, { graph: 0, signIn: 0 });
      assert.deepEqual(moved, [`graph (port ${port} is in use)`]);
    } finally {
      taken.close();
    }
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"ports": {"graph": 1}, "tenant": ');
    const said: string[] = [];
    assert.deepEqual(readKept(file, (l) => said.push(l)), { ports: {} });
    assert.match(said.join('\n'), /could not be read .*starting with a new tenant and new ports/);
    writeFileSync(file, JSON.stringify({ format: 0, ports: { graph: 1 } }));
    assert.deepEqual(readKept(file, (l) => said.push(l)), { ports: {} }, 'another format is not restored');
  });
});
