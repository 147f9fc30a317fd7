// What the sandbox prints for an app team (sandbox/appTeam.ts): the authority and discovery URLs of each tenant
// kind, the test app, the itsme URL and its "itsme app" page, the CA path and how to trust it (issue 11, finding 9:
// the --cli sandbox printed neither the itsme URL, the app page URL nor the CA path).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCa } from '../../emulators/tls/ca';
import { appTeamLines, endpointsOf, spkiHash, type AppTeamInfo } from '../../sandbox/appTeam';

const TENANT_ID = '7d1a3c52-0f7e-4b1a-9c44-2f6e8d9b0a11';

async function info(patch: Partial<AppTeamInfo> = {}): Promise<AppTeamInfo> {
  const ca = await ensureCa(mkdtempSync(join(tmpdir(), 'appteam-ca-')));
  return {
    kind: 'b2c',
    signInUrl: 'https://127.0.0.1:44321',
    tenantDomain: 'contosob2c.onmicrosoft.com',
    tenantId: TENANT_ID,
    policy: 'B2C_1_itsme',
    app: { appId: 'app-id-1', objectId: 'o', displayName: 'itsme sandbox test app', clientSecret: 'Sec~ret', webRedirectUris: ['http://localhost:3000/auth/callback'], spaRedirectUris: ['http://localhost:3000/'] },
    itsme: { url: 'https://127.0.0.1:45000', appUrl: 'https://127.0.0.1:45000/app' },
    identities: [{ phone: '+32470000001', name: 'Jan Peeters' }],
    caPath: ca.caPath,
    ...patch,
  };
}

describe('sandbox: what an app team is told', () => {
  it('B2C: the policy authority, MSAL knownAuthorities, and the three discovery forms', () => {
    const e = endpointsOf({ kind: 'b2c', signInUrl: 'https://127.0.0.1:44321', tenantDomain: 'contosob2c.onmicrosoft.com', tenantId: TENANT_ID, policy: 'B2C_1_itsme' });
    assert.equal(e.authority, 'https://127.0.0.1:44321/contosob2c.onmicrosoft.com/B2C_1_itsme');
    assert.equal(e.knownAuthority, '127.0.0.1:44321');
    assert.deepEqual(e.discovery, [
      'https://127.0.0.1:44321/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration',
      'https://127.0.0.1:44321/contosob2c.onmicrosoft.com/v2.0/.well-known/openid-configuration?p=B2C_1_itsme',
      'https://127.0.0.1:44321/tfp/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration',
    ]);
  });

  it('External ID: the tenant-id authority and its discovery (tenant id and domain forms)', () => {
    const e = endpointsOf({ kind: 'external', signInUrl: 'https://127.0.0.1:44321', tenantDomain: 'contosoext.onmicrosoft.com', tenantId: TENANT_ID, policy: 'itsme' });
    assert.equal(e.authority, `https://127.0.0.1:44321/${TENANT_ID}/`);
    assert.deepEqual(e.discovery, [`https://127.0.0.1:44321/${TENANT_ID}/v2.0/.well-known/openid-configuration`, 'https://127.0.0.1:44321/contosoext.onmicrosoft.com/v2.0/.well-known/openid-configuration']);
  });

  it('prints the test app, itsme and its app page, the identities, the CA path and Node / browser / .NET trust', async () => {
    const i = await info();
    const text = appTeamLines(i).join('\n');
    for (const expected of [
      'https://127.0.0.1:44321/contosob2c.onmicrosoft.com/B2C_1_itsme',
      "knownAuthorities ['127.0.0.1:44321']",
      'client id app-id-1',
      'client secret Sec~ret',
      'http://localhost:3000/auth/callback',
      'SPA redirect URI http://localhost:3000/',
      'https://127.0.0.1:45000 ',
      'https://127.0.0.1:45000/app',
      '+32470000001 Jan Peeters',
      `NODE_EXTRA_CA_CERTS=${i.caPath}`,
      `--ignore-certificate-errors-spki-list=${spkiHash(readFileSync(i.caPath, 'utf8'))}`,
      '--user-data-dir=',
      `SSL_CERT_FILE=${i.caPath}`,
      'update-ca-certificates',
    ]) {
      assert.ok(text.includes(expected), `the printout has ${expected}:\n${text}`);
    }
    const external = appTeamLines(await info({ kind: 'external', policy: 'itsme', linked: false })).join('\n');
    assert.match(external, /linked to the user flow "itsme" as soon as it exists/);
  });

  it("the SPKI hash is the one openssl computes for the CA's public key", async () => {
    const i = await info();
    const pem = execFileSync('openssl', ['x509', '-in', i.caPath, '-pubkey', '-noout']);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pem });
    const dir = mkdtempSync(join(tmpdir(), 'spki-'));
    writeFileSync(join(dir, 'k.der'), der);
    const hash = execFileSync('openssl', ['dgst', '-sha256', '-binary', join(dir, 'k.der')]).toString('base64');
    assert.equal(spkiHash(readFileSync(i.caPath, 'utf8')), hash);
  });
});
