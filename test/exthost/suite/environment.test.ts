// The test environment itself: the extension host must reach the HTTPS Graph emulator the way the extension
// does (Node's https + NODE_EXTRA_CA_CERTS). When this fails, every sign-in test after it would fail obscurely.
import * as assert from 'node:assert/strict';
import { emulatorEnv, graphGet, managementToken } from './graph';

describe('environment: the extension host and the Graph emulator', () => {
  it('runs on Node 22+ with the emulator CA trusted', async () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= 22, `extension host Node ${process.versions.node}`);
    assert.ok(process.env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS is not set in the extension host');
    assert.match(emulatorEnv().url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gets a token from the emulator and reads the empty B2C tenant', async () => {
    assert.ok((await managementToken()).split('.').length === 3);
    const org = await graphGet('/v1.0/organization?$select=id,tenantType');
    assert.equal(org.value?.[0]?.tenantType, 'AAD B2C');
  });
});

describe('environment: fetch() in the extension host (the Graph client and @azure/identity use it)', () => {
  it('reaches the HTTPS emulator with its CA trusted', async () => {
    const e = emulatorEnv();
    let status: number | string;
    try {
      status = (await fetch(`${e.authorityHost}/${e.tenantId}/v2.0/.well-known/openid-configuration`)).status;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      status = `${(err as Error).message}: ${cause?.code ?? ''} ${cause?.message ?? ''}`;
    }
    assert.equal(status, 200);
  });
});
