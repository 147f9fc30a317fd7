// The emulated External ID sign-in service (ciamlogin.com): discovery and keys for both tenant forms, the flow
// chosen by the app's link, the itsme federation with client_secret_post, and both email outcomes (§2.6 switch).
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { APP_ID, authorizeUrl, ciamPartner, externalSeed, IDP_ID, runCiamSignIn } from './ciam-helpers';

describe('emulator: External ID sign-in (ciamlogin)', function () {
  this.timeout(30_000);
  let graph: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;
  let tid: string;
  const domain = 'contosoext.onmicrosoft.com';

  before(async () => {
    graph = await startGraphEmulator({ tenantType: 'CIAM' });
    ciam = await startCiamLogin({ graph });
    itsme = await startItsmeEmulator({ partners: [ciamPartner(ciam)] });
    tid = graph.state.tenantId;
  });
  after(async () => {
    await Promise.all([itsme.stop(), ciam.stop(), graph.stop()]);
  });
  beforeEach(() => {
    graph.seed(externalSeed(itsme));
    ciam.resetUsers();
    ciam.setEmailStep('verify');
  });

  it('discovery: both tenant forms, the documented issuer https://<tid>.ciamlogin.com/<tid>/v2.0, and the keys', async () => {
    for (const seg of [tid, domain, domain.toUpperCase()]) {
      const r = await fetch(`${ciam.url}/${seg}/v2.0/.well-known/openid-configuration`);
      assert.equal(r.status, 200, seg);
      const d = (await r.json()) as Record<string, string>;
      assert.equal(d.issuer, `https://${tid}.ciamlogin.com/${tid}/v2.0`);
      assert.equal(d.authorization_endpoint, `${ciam.url}/${seg === tid ? tid : domain}/oauth2/v2.0/authorize`);
      const keys = (await (await fetch(d.jwks_uri!)).json()) as { keys: Array<{ kid: string; kty: string }> };
      assert.equal(keys.keys[0]!.kty, 'RSA');
    }
    assert.equal(ciam.issuer(), `https://${tid}.ciamlogin.com/${tid}/v2.0`);
    assert.deepEqual(ciam.federationRedirectUris(), [`${ciam.url}/${tid}/federation/oauth2`, `${ciam.url}/contosoext.onmicrosoft.com/federation/oauth2`]);
    const other = await fetch(`${ciam.url}/other.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    assert.equal(other.status, 400);
    assert.match(await other.text(), /AADSTS90002/);
  });

  it('the issuer host is configurable (issuerHost: "self" → the emulator\'s own host)', async () => {
    const self = await startCiamLogin({ graph, issuerHost: 'self' });
    try {
      const d = (await (await fetch(self.discoveryUrl())).json()) as { issuer: string };
      assert.equal(d.issuer, `${self.url}/${tid}/v2.0`);
    } finally {
      await self.stop();
    }
  });

  it('authorize: an app in no flow, an unknown app and an unregistered redirect URI each get an error page', async () => {
    graph.seed(externalSeed(itsme, { linkApp: false }));
    const noFlow = await fetch(authorizeUrl(ciam, tid), { redirect: 'manual' });
    assert.equal(noFlow.status, 400);
    const body = await noFlow.text();
    assert.match(body, /EMU_CIAM_NO_USER_FLOW/);
    assert.match(body, /not linked to any user flow/);
    graph.seed(externalSeed(itsme));
    const unknown = await fetch(authorizeUrl(ciam, tid, '00000000-0000-0000-0000-000000000000'), { redirect: 'manual' });
    assert.match(await unknown.text(), /AADSTS700016/);
    const badRedirect = await fetch(authorizeUrl(ciam, tid, APP_ID, 'https://evil.example/cb'), { redirect: 'manual' });
    assert.equal(badRedirect.status, 400);
    assert.match(await badRedirect.text(), /AADSTS50011/);
    // With the link, the flow's page offers itsme (chosen by client_id; no p=).
    const ok = await fetch(authorizeUrl(ciam, domain));
    assert.equal(ok.status, 200);
    const page = await ok.text();
    assert.match(page, /id="idp-itsme" href="\/contosoext\.onmicrosoft\.com\/federate\?tx=[^"&]+&amp;idp=/);
    assert.ok(page.includes(`idp=${IDP_ID}`), 'the button federates with the flow\'s itsme provider');
  });

  it("email 'verify': the one-time-code step, then an ID token from the tenant's issuer; the next sign-in skips it", async () => {
    const first = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid), { wrongCodeFirst: true });
    assert.equal(first.kind, 'redirect', JSON.stringify(first));
    assert.deepEqual(first.steps, ['signInPage', 'itsme', 'emailCode', 'wrongCode', 'emailCode']);
    if (first.kind !== 'redirect') return;
    assert.equal(first.redirect.origin + first.redirect.pathname, 'https://jwt.ms/');
    assert.equal(first.fragment.get('state'), 's1');
    const token = first.fragment.get('id_token')!;
    const d = (await (await fetch(ciam.discoveryUrl())).json()) as { issuer: string; jwks_uri: string };
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: `https://${tid}.ciamlogin.com/${tid}/v2.0`, audience: APP_ID });
    assert.equal(payload['nonce'], 'defaultNonce');
    assert.equal(payload['tid'], tid);
    assert.equal(payload['name'], 'Jan Peeters');
    assert.equal(payload['email'], 'jan.peeters@example.be');
    assert.equal(payload['idp'], itsme.issuers.v2);
    assert.equal(payload.exp! - payload.iat!, 3600);
    assert.equal(ciam.lastEmailCode('jan.peeters@example.be')?.length, 6);
    // itsme got the token request with client_secret_post (secret in the form, no Basic header) and PKCE.
    const tokenReq = itsme.log.find((e) => e.kind === 'request' && e.method === 'POST' && /token$/.test(e.path ?? ''));
    assert.equal(tokenReq?.body?.['client_secret'], '<redacted>');
    assert.equal(tokenReq?.body?.['client_id'], 'CIAMPARTNER1');
    assert.equal(tokenReq?.body?.['redirect_uri'], `${ciam.url}/${tid}/federation/oauth2`);
    assert.ok(tokenReq?.body?.['code_verifier']);

    const again = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, domain));
    assert.equal(again.kind, 'redirect');
    assert.deepEqual(again.steps, ['signInPage', 'itsme'], 'a known person signs in without the email step');
    if (again.kind === 'redirect') assert.ok(again.fragment.get('id_token'));
    const second = itsme.log.filter((e) => e.kind === 'request' && e.method === 'POST' && /token$/.test(e.path ?? '')).at(-1);
    assert.equal(second?.body?.['redirect_uri'], `${ciam.url}/${domain}/federation/oauth2`, 'the domain-form redirect URI when the sign-in used it');
  });

  it("email 'verify' without an email from itsme: the person enters one, then the code", async () => {
    graph.seed(externalSeed(itsme, { scope: `openid service:CIAM_LOGIN profile` }));
    const r = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid), { phone: '+32470000002', email: 'marie@example.be' });
    assert.deepEqual(r.steps, ['signInPage', 'itsme', 'emailEntry', 'emailCode']);
    assert.equal(r.kind, 'redirect');
    if (r.kind === 'redirect') {
      const payload = JSON.parse(Buffer.from(r.fragment.get('id_token')!.split('.')[1]!, 'base64url').toString());
      assert.equal(payload.email, 'marie@example.be');
    }
  });

  it("email 'refuse': sign-up is refused with an error page; no account, no token", async () => {
    ciam.setEmailStep('refuse');
    const from = ciam.log.length;
    const r = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid), { phone: '+32470000003' });
    assert.equal(r.kind, 'page');
    if (r.kind !== 'page') return;
    assert.equal(r.status, 400);
    assert.match(r.body, /EMU_CIAM_EMAIL_NOT_VERIFIED/);
    assert.match(r.body, /email_verified=false/);
    assert.equal(ciam.users.size, 0);
    assert.ok(!ciam.log.slice(from).some((e) => e.kind === 'issued'));
  });

  it('a wrong itsme secret fails at the token request; a flow without sign-up refuses a new person; a rejection is access_denied', async () => {
    graph.seed(externalSeed(itsme, { secret: 'wrong' }));
    const from = ciam.log.length;
    const bad = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid));
    assert.equal(bad.kind, 'redirect');
    if (bad.kind === 'redirect') assert.match(bad.fragment.get('error_description') ?? '', /"itsme" refused the token request \(invalid_client\)/);
    // (from this sign-in on: the documented AADSTS700016 text of an earlier test says "wrong tenant")
    assert.equal(JSON.stringify(ciam.log.slice(from)).includes('wrong'), false, 'the secret is not logged');

    graph.seed(externalSeed(itsme, { signUp: false }));
    const noSignUp = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid));
    assert.equal(noSignUp.kind === 'redirect' && noSignUp.fragment.get('error'), 'access_denied');

    graph.seed(externalSeed(itsme));
    const rejected = await runCiamSignIn(ciam, itsme, authorizeUrl(ciam, tid), { decision: 'reject' });
    assert.equal(rejected.kind === 'redirect' && rejected.fragment.get('error'), 'access_denied');
  });
});
