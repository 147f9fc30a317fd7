// The throwaway CA: created once, reused, and trusted in-process by both HTTP stacks the project uses
// (undici's global fetch for the Graph client, node:https for @azure/identity).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ClientSecretCredential } from '@azure/identity';
import { ensureCa, startGraphEmulator, trustCaInProcess } from '../../emulators/index';

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-ca-'));
  dirs.push(d);
  return d;
}

function httpsGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(url, (res) => {
        let s = '';
        res.on('data', (d) => (s += d));
        res.on('end', () => resolve(s));
      })
      .on('error', reject);
  });
}

describe('emulator CA', () => {
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('creates a CA and a leaf for 127.0.0.1/localhost, then reuses them', async () => {
    const dir = tmpDir();
    const a = await ensureCa(dir);
    assert.equal(a.caPath, path.join(dir, 'ca.pem'));
    assert.match(a.caPem, /-----BEGIN CERTIFICATE-----/);
    const b = await ensureCa(dir);
    assert.equal(b.caPem, a.caPem);
    assert.equal(b.certPem, a.certPem);
    // Concurrent creation in a fresh directory converges on one CA.
    const fresh = tmpDir();
    const [c, d] = await Promise.all([ensureCa(fresh), ensureCa(fresh)]);
    assert.equal(c.caPem, d.caPem);
    assert.equal(c.certPem, d.certPem);
  });

  it('trustCaInProcess makes fetch and node:https accept the emulator certificate', async () => {
    const ca = await ensureCa(tmpDir()); // a brand-new CA: not trusted yet
    const server = https.createServer({ cert: ca.certPem, key: ca.keyPem }, (_req, res) => res.end('hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await assert.rejects(fetch(url), 'fetch must reject an untrusted certificate');
      await assert.rejects(httpsGet(url), /self[- ]signed|unable to verify|certificate/i);
      trustCaInProcess(ca.caPem);
      trustCaInProcess(ca.caPem); // idempotent
      assert.equal(await (await fetch(url)).text(), 'hello');
      assert.equal(await (await fetch(url.replace('127.0.0.1', 'localhost'))).text(), 'hello');
      assert.equal(await httpsGet(url), 'hello');
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it('@azure/identity gets a token once the CA is trusted', async () => {
    const emu = await startGraphEmulator({ caDir: tmpDir(), trustCa: false });
    try {
      const make = () =>
        new ClientSecretCredential(emu.tenantId, emu.management.clientId, emu.management.clientSecret, {
          authorityHost: emu.authorityHost,
          disableInstanceDiscovery: true,
          retryOptions: { maxRetries: 0 },
        });
      // MSAL reports the failed metadata fetch; no request got past the TLS handshake.
      await assert.rejects(make().getToken(`${emu.url}/.default`), /endpoints_resolution_error/);
      assert.equal(emu.log.length, 0);
      trustCaInProcess(emu.caPem);
      const t = await make().getToken(`${emu.url}/.default`);
      assert.ok(t.token.split('.').length === 3);
    } finally {
      await emu.stop();
    }
  });
});
