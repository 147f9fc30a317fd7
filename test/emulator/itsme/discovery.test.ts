// Discovery documents and keys of both endpoint generations, and the static pages' security headers.
import { strict as assert } from 'node:assert';
import { GENERATIONS, startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';

describe('itsme emulator: discovery', function () {
  let emu: ItsmeEmulator;
  before(async () => {
    emu = await startItsmeEmulator();
  });
  after(() => emu?.stop());

  const expected = {
    v2: {
      issuerPath: '/v2',
      authorization: '/v2/authorization',
      token: '/v2/token',
      userinfo: '/v2/userinfo',
      jwks: '/v2/jwks',
    },
    legacy: {
      issuerPath: '/clientsecret-oidc/csapi/v0.1',
      authorization: '/clientsecret-oidc/csapi/v0.1/connect/authorize',
      token: '/clientsecret-oidc/csapi/v0.1/connect/token',
      userinfo: '/clientsecret-oidc/csapi/v0.1/connect/userinfo',
      jwks: '/clientsecret-oidc/csapi/v0.1/.well-known/jwks',
    },
  } as const;

  for (const gen of GENERATIONS) {
    it(`${gen}: the document at <issuer>/.well-known/openid-configuration describes a code-flow, client_secret_post OP`, async () => {
      const e = expected[gen];
      assert.equal(emu.issuers[gen], emu.url + e.issuerPath);
      assert.equal(emu.metadataUrls[gen], `${emu.issuers[gen]}/.well-known/openid-configuration`);
      const res = await fetch(emu.metadataUrls[gen]);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const doc = (await res.json()) as Record<string, any>;
      assert.equal(doc.issuer, emu.issuers[gen]);
      assert.equal(doc.authorization_endpoint, emu.url + e.authorization);
      assert.equal(doc.token_endpoint, emu.url + e.token);
      assert.equal(doc.userinfo_endpoint, emu.url + e.userinfo);
      assert.equal(doc.jwks_uri, emu.url + e.jwks);
      assert.deepEqual(doc.response_types_supported, ['code']);
      assert.deepEqual(doc.response_modes_supported, ['query']);
      assert.deepEqual(doc.grant_types_supported, ['authorization_code']);
      assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_post']);
      assert.deepEqual(doc.subject_types_supported, ['pairwise']);
      assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
      assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(doc.scopes_supported, ['openid', 'profile', 'email', 'phone', 'address', 'eid']);
      for (const claim of ['sub', 'name', 'given_name', 'family_name', 'birthdate', 'email', 'email_verified', 'phone_number', 'address']) {
        assert.ok(doc.claims_supported.includes(claim), `claims_supported lacks ${claim}`);
      }
      assert.deepEqual(doc.display_values_supported, ['page']);
      // No refresh tokens, no logout, no PAR, no DPoP, no revocation/introspection.
      for (const absent of ['end_session_endpoint', 'pushed_authorization_request_endpoint', 'dpop_signing_alg_values_supported', 'revocation_endpoint', 'introspection_endpoint']) {
        assert.equal(doc[absent], undefined, absent);
      }
      assert.match(doc['x-emulator'], /synthetic/);
    });

    it(`${gen}: the JWKS holds one public RS256 signing key, and no private part`, async () => {
      const doc = (await (await fetch(emu.metadataUrls[gen])).json()) as { jwks_uri: string };
      const jwks = (await (await fetch(doc.jwks_uri)).json()) as { keys: Record<string, string>[] };
      assert.equal(jwks.keys.length, 1);
      const key = jwks.keys[0]!;
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.ok(key.kid && key.n && key.e);
      for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[priv], undefined, `private member ${priv} exposed`);
    });
  }

  it('the two generations are distinct issuers with distinct signing keys', async () => {
    assert.notEqual(emu.issuers.v2, emu.issuers.legacy);
    const kid = async (gen: 'v2' | 'legacy') => {
      const doc = (await (await fetch(emu.metadataUrls[gen])).json()) as { jwks_uri: string };
      return ((await (await fetch(doc.jwks_uri)).json()) as { keys: { kid: string }[] }).keys[0]!.kid;
    };
    assert.notEqual(await kid('v2'), await kid('legacy'));
  });

  it('serves the index and the app page with a strict CSP and only same-origin resources', async () => {
    for (const path of ['/', '/app', '/app?phone=%2B32470000001']) {
      const res = await fetch(emu.url + path);
      assert.equal(res.status, 200, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const body = await res.text();
      assert.doesNotMatch(body, /<script>|<style|style="/, `${path}: inline script or style`);
      assert.doesNotMatch(body, /(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)/, `${path}: external resource`);
    }
    const index = await (await fetch(emu.url + '/')).text();
    assert.ok(index.includes(emu.metadataUrls.v2) && index.includes(emu.metadataUrls.legacy));
    assert.ok(index.includes('+32470000001'));
  });

  it('unknown paths are 404', async () => {
    assert.equal((await fetch(emu.url + '/nope')).status, 404);
    assert.equal((await fetch(emu.url + '/v2/nope')).status, 404);
  });
});
