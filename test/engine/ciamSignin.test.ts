// The whole External ID sign-in, offline and headless: the engine configures the emulated external tenant (the
// kind is detected); the emulated ciamlogin runs the flow the app is linked to; itsme identifies a test person; the
// email step follows the switch (verify: one-time code; refuse: sign-up refused); the ID token comes back from the
// tenant's issuer to jwt.ms and is verified.
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { ciamPartner, PARTNER, PARTNER_SECRET, runCiamSignIn, SERVICE } from '../emulator/ciam-helpers';
import { graphFor, startEmulator, testConfig } from './harness';

describe('the whole sign-in through the emulated External ID tenant (ciamlogin) and itsme', function () {
  this.timeout(60_000);
  let graph: GraphEmulator;
  let ciam: CiamLogin;
  let itsme: ItsmeEmulator;

  before(async () => {
    graph = await startEmulator({ tenantType: 'CIAM' });
    // The issuer follows the login host, as the engine expects when loginHost is set (the sandbox's way).
    ciam = await startCiamLogin({ graph, issuerHost: 'self' });
    itsme = await startItsmeEmulator({ partners: [ciamPartner(ciam)] });
  });
  after(async () => {
    await Promise.all([itsme.stop(), ciam.stop(), graph.stop()]);
  });
  beforeEach(() => {
    graph.reset();
    ciam.resetUsers();
  });

  function config(): ItsmeSetupConfig {
    return testConfig({
      tenant: 'contosoext.onmicrosoft.com',
      loginHost: ciam.host,
      itsme: { generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: PARTNER, serviceCode: SERVICE },
      userFlow: { name: 'itsme' },
    });
  }

  async function applied(): Promise<string> {
    const r = await applyConfiguration(graphFor(graph), config(), { secret: PARTNER_SECRET });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.deepEqual([...r.outputs.itsmeRedirectUris].sort(), [...ciam.federationRedirectUris()].sort(), 'the redirect URIs itsme must whitelist are the ones ciamlogin uses');
    assert.equal(r.outputs.kind, 'external');
    assert.equal(r.outputs.tokenIssuer, ciam.issuer(), "the issuer the engine prints is the tokens' issuer");
    assert.equal(r.outputs.policyDiscoveryUrl, ciam.discoveryUrl());
    const url = r.outputs.runUserFlowUrl!;
    assert.ok(!new URL(url).searchParams.has('p'), 'no p=: the app link chooses the flow');
    return url;
  }

  async function verified(token: string, appId: string) {
    const d = (await (await fetch(ciam.discoveryUrl())).json()) as { issuer: string; jwks_uri: string };
    return (await jwtVerify(token, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: appId })).payload;
  }

  it("email 'verify': itsme → the email one-time code → jwt.ms receives the tenant's ID token with the itsme claims", async () => {
    ciam.setEmailStep('verify');
    const url = await applied();
    const r = await runCiamSignIn(ciam, itsme, url);
    assert.deepEqual(r.steps, ['signInPage', 'itsme', 'emailCode']);
    assert.equal(r.kind, 'redirect', JSON.stringify(r));
    if (r.kind !== 'redirect') return;
    assert.equal(`${r.redirect.origin}${r.redirect.pathname}`, 'https://jwt.ms/');
    const appId = new URL(url).searchParams.get('client_id')!;
    const payload = await verified(r.fragment.get('id_token')!, appId);
    assert.equal(payload.iss, ciam.issuer());
    assert.equal(payload['nonce'], new URL(url).searchParams.get('nonce'));
    assert.equal(payload['name'], 'Jan Peeters');
    assert.equal(payload['given_name'], 'Jan');
    assert.equal(payload['family_name'], 'Peeters');
    assert.equal(payload['email'], 'jan.peeters@example.be');
    // The engine's provider is what ciamlogin federated with: client_secret_post with the secret the engine wrote.
    const tokenReq = itsme.log.find((e) => e.kind === 'request' && e.method === 'POST' && /token$/.test(e.path ?? '') && e.status === 200);
    assert.equal(tokenReq?.body?.['client_secret'], '<redacted>');
  });

  it("email 'refuse': sign-up is refused on an error page and no token reaches the app", async () => {
    ciam.setEmailStep('refuse');
    const url = await applied();
    const r = await runCiamSignIn(ciam, itsme, url, { phone: '+32470000002' });
    assert.equal(r.kind, 'page');
    if (r.kind === 'page') assert.match(r.body, /a verified email address is required/);
    assert.equal(ciam.users.size, 0);
  });
});
