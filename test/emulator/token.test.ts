// The token side, driven by the real @azure/identity ClientSecretCredential (MSAL node underneath).
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { DEFAULT_PERMISSIONS, startGraphEmulator, type GraphEmulator } from '../../emulators/index';

describe('emulator token endpoint', () => {
  let emu: GraphEmulator;
  before(async () => {
    emu = await startGraphEmulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  const credential = (secret = emu.management.clientSecret) =>
    new ClientSecretCredential(emu.tenantId, emu.management.clientId, secret, {
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
      retryOptions: { maxRetries: 0 },
    });

  it('ClientSecretCredential gets a JWT whose roles are the granted permissions', async () => {
    const t = await credential().getToken(`${emu.url}/.default`);
    const claims = decodeJwt(t.token);
    assert.deepEqual(claims.roles, [...DEFAULT_PERMISSIONS]);
    assert.equal(claims.tid, emu.tenantId);
    assert.equal(claims.appid, emu.management.clientId);
    assert.ok(t.expiresOnTimestamp > Date.now() + 50 * 60 * 1000);
    // What MSAL needs with disableInstanceDiscovery: the tenant's v2.0 metadata, then the token endpoint.
    assert.deepEqual(
      emu.log.map((l) => `${l.method} ${l.path}`),
      [`GET /${emu.tenantId}/v2.0/.well-known/openid-configuration`, `POST /${emu.tenantId}/oauth2/v2.0/token`],
    );
    const tokenRequest = emu.log[1]!.body as Record<string, string>;
    assert.equal(tokenRequest.grant_type, 'client_credentials');
    assert.equal(tokenRequest.client_secret, '<redacted>', 'the log never holds secrets');
  });

  it('accepts the tenant by initial domain and Graph\'s own scope', async () => {
    const cred = new ClientSecretCredential('contosob2c.onmicrosoft.com', emu.management.clientId, emu.management.clientSecret, {
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    });
    const t = await cred.getToken('https://graph.microsoft.com/.default');
    assert.equal(decodeJwt(t.token).aud, 'https://graph.microsoft.com');
  });

  it('a wrong secret is 401 invalid_client (AADSTS7000215), and the credential fails', async () => {
    await assert.rejects(credential('wrong').getToken(`${emu.url}/.default`), /AADSTS7000215|invalid_client/);
    const res = await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.management.clientId, client_secret: 'nope', scope: `${emu.url}/.default` }),
    });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: string; error_codes: number[]; error_description: string };
    assert.equal(body.error, 'invalid_client');
    assert.deepEqual(body.error_codes, [7000215]);
    assert.match(body.error_description, /^AADSTS7000215: Invalid client secret provided/);
  });

  it('rejects scopes without /.default, unknown resources and unknown tenants', async () => {
    const post = async (tenant: string, scope: string) => {
      const res = await fetch(`${emu.url}/${tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.management.clientId, client_secret: emu.management.clientSecret, scope }),
      });
      return { status: res.status, body: (await res.json()) as { error: string } };
    };
    assert.deepEqual(await post(emu.tenantId, 'User.Read').then((r) => [r.status, r.body.error]), [400, 'invalid_scope']);
    assert.deepEqual(await post(emu.tenantId, 'https://vault.azure.net/.default').then((r) => [r.status, r.body.error]), [400, 'invalid_resource']);
    assert.deepEqual(await post('fabrikam.onmicrosoft.com', `${emu.url}/.default`).then((r) => [r.status, r.body.error]), [400, 'invalid_tenant']);
  });

  it('serves the JWKS that verifies its tokens', async () => {
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const t = await credential().getToken(`${emu.url}/.default`);
    const meta = (await (await fetch(`${emu.url}/${emu.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as { jwks_uri: string; issuer: string };
    const { payload } = await jwtVerify(t.token, createRemoteJWKSet(new URL(meta.jwks_uri)), { issuer: meta.issuer });
    assert.equal(payload.tid, emu.tenantId);
  });

  it('counts token and authority-metadata requests (emu.stats), failed ones included; reset() zeroes them', async () => {
    assert.deepEqual(emu.stats, { tokenRequests: 0, metadataRequests: 0, graphRequests: 0 });
    const cred = credential();
    await cred.getToken(`${emu.url}/.default`);
    await cred.getToken(`${emu.url}/.default`); // cached by MSAL: no second request
    assert.deepEqual(emu.stats, { tokenRequests: 1, metadataRequests: 1, graphRequests: 0 });
    await assert.rejects(credential('wrong').getToken(`${emu.url}/.default`));
    assert.equal(emu.stats.tokenRequests, 2, 'a refused token request is still a request');
    assert.equal(emu.stats.metadataRequests, 2, 'each new credential reads the authority metadata again');
    await fetch(`${emu.url}/${emu.tenantId}/discovery/v2.0/keys`);
    assert.equal(emu.stats.metadataRequests, 2, 'the JWKS is not authority metadata');
    await fetch(`${emu.url}/v1.0/organization`);
    assert.equal(emu.stats.graphRequests, 1);
    emu.reset();
    assert.deepEqual(emu.stats, { tokenRequests: 0, metadataRequests: 0, graphRequests: 0 });
  });
});
