// The emulated B2C runs a custom-policy journey (b2c-custom-policy.md §4, §6 "At run time"): the generated policy
// set and its key sets go into the Graph emulator through its Graph API, an app is registered, and the journey runs
// headless over HTTPS through the emulated itsme's pages. The token carries the national number and itsme's acr,
// lives id_token_lifetime_secs, and verifies against the policy's own JWKS.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { GraphEmulator, ItsmeEmulator } from '../../emulators/index';
import { DEFAULT_PERMISSIONS } from '../../emulators/graph/state';
import type { B2cLogin } from '../../emulators/b2c/server';
import { startB2cServices, type B2cServices } from './b2c-world';
import { signInHeadless } from '../../emulators/signin/headless';
import { generatePolicySet } from '../../src/core/policy/generate';
import type { CustomPolicyOptions } from '../../src/core/policy/options';
import { testApp, type GraphCaller } from './test-helpers';

const PARTNER = 'CPPARTNER1';
const SERVICE = 'CP_LOGIN';
const SECRET = 'itsme-partner-secret-cp';
const TENANT = 'contosob2c.onmicrosoft.com';
const ACR = (l: 'basic' | 'advanced') => `http://itsme.services/v2/claim/acr_${l}`;

describe('emulator: B2C runs a custom-policy journey', function () {
  this.timeout(60_000);
  let w: B2cServices;
  let emu: GraphEmulator;
  let b2c: B2cLogin;
  let itsme: ItsmeEmulator;
  let g: GraphCaller;
  let offset = 0;

  before(async () => {
    w = await startB2cServices({
      partner: { clientId: PARTNER, clientSecret: SECRET, service: SERVICE },
      graph: { tenant: { grantedPermissions: [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] } },
      b2c: { now: () => Date.now() + offset },
    });
    ({ emu, b2c, itsme, g } = w);
  });
  after(() => w?.stop());
  beforeEach(() => emu.reset());

  function options(o: Partial<CustomPolicyOptions> = {}): CustomPolicyOptions {
    return {
      tenant: TENANT,
      name: 'itsme',
      metadataUrl: itsme.metadataUrls.v2,
      partnerCode: PARTNER,
      serviceCode: SERVICE,
      claims: ['nationalNumber', 'birthDate', 'ageOver18'],
      assurance: 'advanced',
      uiLocale: 'nl',
      lifetimes: { accessTokenSeconds: 600, idTokenSeconds: 900, refreshTokenSeconds: 1209600, rollingWindow: 'noExpiry' },
      ...o,
    };
  }

  /** The key set ids the generated XML names (whatever naming the generator uses). */
  const keySetIdsOf = (xml: string) => [...new Set([...xml.matchAll(/StorageReferenceId="([^"]+)"/g)].map((m) => m[1]!))];

  /** Creates the key sets through Graph (id without B2C_1A_, as the tool does), except those in `skip`. */
  async function keySets(ids: string[], skip: string[] = []): Promise<void> {
    for (const id of ids) {
      if (skip.includes(id)) continue;
      const made = await g('POST', '/beta/trustFramework/keySets', { id: id.replace(/^B2C_1A_/, '') });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.id, id);
      const r = /secret/i.test(id)
        ? await g('POST', `/beta/trustFramework/keySets/${id}/uploadSecret`, { use: 'sig', k: SECRET })
        : await g('POST', `/beta/trustFramework/keySets/${id}/generateKey`, { use: /encrypt/i.test(id) ? 'enc' : 'sig', kty: 'RSA' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }

  /** Uploads the policy set (base first) and registers the app; returns the authorize URL and the app id. */
  async function setUp(o: Partial<CustomPolicyOptions> = {}, skipKeys: (ids: string[]) => string[] = () => []): Promise<{ url: string; appId: string; policyId: string }> {
    const files = generatePolicySet(options(o));
    const ids = keySetIdsOf(files.map((f) => f.xml).join('\n'));
    const skip = skipKeys(ids);
    await keySets(ids, skip);
    // A missing key set fails the upload (§6 step 5); to test the run-time error it is removed after the upload.
    if (skip.length) await keySets(skip);
    for (const f of files) {
      const r = await g('PUT', `/beta/trustFramework/policies/${f.id}/$value`, f.xml, { 'Content-Type': 'application/xml' });
      assert.ok(r.status === 201 || r.status === 200, `${f.id}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const id of skip) assert.equal((await g('DELETE', `/beta/trustFramework/keySets/${id}`)).status, 204);
    const app = await g('POST', '/v1.0/applications', testApp());
    assert.equal(app.status, 201, JSON.stringify(app.body));
    const policyId = files.at(-1)!.id;
    const q = new URLSearchParams({ p: policyId, client_id: app.body.appId, nonce: 'defaultNonce', redirect_uri: 'https://jwt.ms', scope: 'openid', response_type: 'id_token', prompt: 'login' });
    return { url: `${b2c.url}/${TENANT}/oauth2/v2.0/authorize?${q}`, appId: app.body.appId, policyId };
  }

  it('issues a token with the national number, itsme_acr = the asked level, exp − iat = id_token_lifetime_secs, signed with the policy key', async () => {
    const { url, appId, policyId } = await setUp();
    const r = await signInHeadless({ authorizeUrl: url, itsme, phone: '+32470000002' });
    // The itsme request carries the technical profile's metadata and input claims.
    const asked = r.itsmeRequest!.searchParams;
    assert.equal(asked.get('client_id'), PARTNER);
    assert.equal(asked.get('response_type'), 'code');
    assert.equal(asked.get('response_mode'), 'query');
    assert.equal(asked.get('acr_values'), ACR('advanced'));
    assert.equal(asked.get('ui_locales'), 'nl');
    assert.match(asked.get('scope')!, new RegExp(`service:${SERVICE}`));
    assert.ok(JSON.parse(asked.get('claims')!).id_token['http://itsme.services/v2/claim/BENationalNumber'] === null);
    assert.equal(`${r.redirect.origin}${r.redirect.pathname}`, 'https://jwt.ms/');
    const idToken = r.fragment.get('id_token');
    assert.ok(idToken, r.fragment.toString());

    const discovery = (await (await fetch(`${b2c.url}/${TENANT}/${policyId}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    assert.match(discovery.jwks_uri, new RegExp(`/${policyId}/discovery/v2.0/keys$`));
    const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: appId });
    const signing = emu.state.trustFramework.keySets.find((k) => /signing/i.test(k.id))!;
    assert.equal(protectedHeader.kid, signing.keys.at(-1)!.kid, 'signed with the active key of the issuer_secret key set');
    const marie = itsme.identities.find((i) => i.phone === '+32470000002')!;
    assert.equal(payload['national_number'], marie.nationalNumber);
    assert.equal(payload['birthdate'], '1990-07-02');
    assert.equal(payload['age_over_18'], true);
    assert.equal(payload['itsme_acr'], ACR('advanced'));
    assert.equal(payload.exp! - payload.iat!, 900);
    assert.equal(payload.nbf, payload.iat);
    assert.equal(payload['nonce'], 'defaultNonce');
    assert.equal(payload['acr'], policyId.toLowerCase());
    assert.equal(payload['name'], 'Marie Dubois');
    assert.equal(payload['idp'], 'itsme-id.com');
    assert.equal(typeof payload.sub, 'string');
    assert.equal((payload.sub as string).length, 36, "itsme's pairwise sub (SubjectNamingInfo sub ← issuerUserId)");
  });

  it('basic assurance: the app page allows the fingerprint and itsme_acr is acr_basic; the path form of the URL works', async () => {
    const { url, policyId } = await setUp({ assurance: 'basic', claims: ['nationalNumber'] });
    const u = new URL(url);
    u.pathname = `/${TENANT}/${policyId}/oauth2/v2.0/authorize`;
    u.searchParams.delete('p');
    const r = await signInHeadless({ authorizeUrl: u.href, itsme });
    assert.match(r.appPage!, /fingerprint/);
    const payload = JSON.parse(Buffer.from(r.fragment.get('id_token')!.split('.')[1]!, 'base64url').toString());
    assert.equal(payload['itsme_acr'], ACR('basic'));
    assert.equal(payload['national_number'], itsme.identities[0]!.nationalNumber);
  });

  it('acr_advanced is shown on the itsme app confirm page', async () => {
    const { url } = await setUp();
    const r = await signInHeadless({ authorizeUrl: url, itsme, decision: 'reject' });
    assert.match(r.appPage!, /only with your itsme code/);
    assert.equal(r.fragment.get('error'), 'access_denied');
    assert.match(r.fragment.get('error_description')!, /AADB2C90273/);
  });

  it('a missing signing key set fails at run time with AADB2C90019, back to the app', async () => {
    const { url } = await setUp({}, (ids) => ids.filter((id) => /signing/i.test(id)));
    const r = await signInHeadless({ authorizeUrl: url, itsme });
    assert.equal(r.fragment.get('id_token'), null);
    assert.match(r.fragment.get('error_description')!, /AADB2C90019: The key container with ID 'B2C_1A_\w*Signing\w*' in tenant 'contosob2c\.onmicrosoft\.com' does not have a valid key/);
  });

  it('a missing itsme secret key set fails before itsme is asked (AADB2C90019)', async () => {
    const { url } = await setUp({}, (ids) => ids.filter((id) => /secret/i.test(id)));
    const r = await signInHeadless({ authorizeUrl: url, itsme });
    assert.equal(r.itsmeRequest, undefined);
    assert.match(r.fragment.get('error_description')!, /AADB2C90019: The key container with ID 'B2C_1A_\w*Secret' /);
  });

  it('an unknown custom policy, an unregistered redirect and a missing implicit grant fail as for user flows', async () => {
    const { url } = await setUp();
    const unknown = new URL(url);
    unknown.searchParams.set('p', 'B2C_1A_nope');
    const page = await fetch(unknown);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /B2C_1A_nope/);
    const wrongRedirect = new URL(url);
    wrongRedirect.searchParams.set('redirect_uri', 'https://evil.example');
    assert.match(await (await fetch(wrongRedirect)).text(), /AADB2C90006/);
    // p is case-insensitive (GUESS, §6): the lower-case id runs the same policy.
    const lower = new URL(url);
    lower.searchParams.set('p', lower.searchParams.get('p')!.toLowerCase());
    const r = await signInHeadless({ authorizeUrl: lower.href, itsme });
    assert.ok(r.fragment.get('id_token'), r.fragment.toString());
  });

  it('authorization code + PKCE and refresh: lifetimes from the JwtIssuer metadata (token_lifetime_secs, id_token_lifetime_secs, refresh_token_lifetime_secs)', async () => {
    const { url, appId, policyId } = await setUp();
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const u = new URL(url);
    for (const [k, v] of Object.entries({ response_type: 'code', scope: `openid offline_access ${appId}`, code_challenge: challenge, code_challenge_method: 'S256' })) u.searchParams.set(k, v);
    const r = await signInHeadless({ authorizeUrl: u.href, itsme });
    const code = r.params.get('code');
    assert.ok(code, r.params.toString());
    const token = async (form: Record<string, string>) => {
      const res = await fetch(`${b2c.url}/${TENANT}/${policyId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      return (await res.json()) as Record<string, unknown>;
    };
    const t = await token({ grant_type: 'authorization_code', client_id: appId, code, redirect_uri: 'https://jwt.ms', code_verifier: verifier });
    assert.equal(t['expires_in'], 600, JSON.stringify(t));
    assert.equal(t['id_token_expires_in'], 900);
    assert.equal(t['refresh_token_expires_in'], 1209600);
    const id = JSON.parse(Buffer.from(String(t['id_token']).split('.')[1]!, 'base64url').toString());
    assert.equal(id.acr, policyId.toLowerCase());
    offset += 13 * 86_400_000;
    const again = await token({ grant_type: 'refresh_token', client_id: appId, refresh_token: String(t['refresh_token']), scope: `openid offline_access ${appId}` });
    assert.ok(again['access_token'], JSON.stringify(again));
    offset += 15 * 86_400_000;
    const late = await token({ grant_type: 'refresh_token', client_id: appId, refresh_token: String(t['refresh_token']) });
    assert.match(String(late['error_description']), /^AADB2C90080:/, 'the first refresh token is past its 14 days');
  });
});
