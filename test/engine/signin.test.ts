// The whole sign-in, offline and headless: the engine configures the emulated tenant; the emulated B2C runs the
// user flow as configured; the itsme-like provider identifies a test person by phone, the "app" confirms; the B2C
// ID token comes back to the redirect URI and is verified. A wrong configuration fails the way B2C fails.
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { checkIdToken } from '../../src/core/token/checkIdToken';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { startB2cLogin, type B2cLogin } from '../../emulators/b2c/server';
import { startItsmeEmulator, type ItsmeEmulator } from '../../emulators/itsme';
import { Browser } from '../emulator/itsme/test-helpers';
import type { GraphEmulator } from '../../emulators';
import { graphFor, startEmulator, testConfig } from './harness';

const PARTNER = 'BANKPARTNER1';
const SERVICE = 'BANK_LOGIN';
const PARTNER_SECRET = 'itsme-partner-Secret-123';

interface Outcome {
  fragment: URLSearchParams;
  redirect: URL;
}

describe('the whole sign-in through the emulated B2C and itsme', function () {
  this.timeout(60_000);
  let graph: GraphEmulator;
  let b2c: B2cLogin;
  let itsme: ItsmeEmulator;

  before(async () => {
    // The documented Graph API: the flow's application claims are a manual portal step (applied() does it).
    graph = await startEmulator({ applicationClaims: { relationship: 'absent' } });
    b2c = await startB2cLogin({ graph });
    itsme = await startItsmeEmulator({
      partners: [{ clientId: PARTNER, clientSecret: PARTNER_SECRET, serviceCodes: [SERVICE], redirectUris: [`${b2c.url}/contosob2c.onmicrosoft.com/oauth2/authresp`, `${b2c.url}/contosob2c/oauth2/authresp`] }],
    });
  });
  after(async () => {
    await Promise.all([itsme.stop(), b2c.stop(), graph.stop()]);
  });
  beforeEach(() => graph.reset());

  function config(patch: { generation?: 'v2' | 'legacy'; phone?: boolean; address?: boolean } = {}): ItsmeSetupConfig {
    return testConfig({
      loginHost: b2c.host,
      itsme: {
        generation: 'custom',
        metadataUrl: itsme.metadataUrls[patch.generation ?? 'v2'],
        partnerCode: PARTNER,
        serviceCode: SERVICE,
        scopes: { phone: !!patch.phone, address: !!patch.address },
      },
    });
  }

  /** Runs the user flow like a person: Run user flow URL → itsme button → phone → app decision → back. */
  async function runUserFlow(url: string, decision: 'confirm' | 'reject', phone = '+32470000001'): Promise<Outcome> {
    const b2cBrowser = new Browser(b2c.url);
    const signIn = await b2cBrowser.follow(url);
    assert.equal(signIn.status, 200, signIn.body.slice(0, 400));
    const href = /id="idp-itsme" href="([^"]+)"/.exec(signIn.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href, 'the sign-in page offers itsme');
    const toItsme = await b2cBrowser.follow(href);
    assert.ok(toItsme.location && toItsme.location.origin === itsme.url, `B2C sends the browser to itsme: ${toItsme.body.slice(0, 300)}`);
    assert.equal(toItsme.location.searchParams.get('client_id'), PARTNER);
    assert.equal(toItsme.location.searchParams.get('response_mode'), 'query');
    const itsmeBrowser = new Browser(itsme.url);
    const identify = await itsmeBrowser.follow(toItsme.location.href);
    assert.ok(identify.body.includes('Identify yourself'), identify.body.slice(0, 300));
    const waiting = await itsmeBrowser.follow(identify.url, { form: { phone } });
    const [action] = itsme.pendingActions(phone);
    assert.ok(action, 'an action waits in the itsme app');
    if (decision === 'confirm') itsme.confirm(action.id);
    else itsme.reject(action.id);
    const back = await itsmeBrowser.follow(waiting.url);
    assert.ok(back.location && back.location.origin === b2c.url, 'itsme sends the browser back to B2C');
    const final = await b2cBrowser.follow(back.location.href);
    assert.ok(final.location, `B2C redirects to the app: ${final.body.slice(0, 300)}`);
    return { redirect: final.location, fragment: new URLSearchParams(final.location.hash.slice(1)) };
  }

  /**
   * Applies, then does what the setup leaves to a person: the documented API cannot tick the user flow's
   * application claims, so the apply ends with that one named portal step, and the person ticks exactly what it
   * says (the emulator's portal hook). `tick: false` leaves them unticked (a flow's default: none).
   */
  async function applied(c: ItsmeSetupConfig, secret = PARTNER_SECRET, tick = true): Promise<string> {
    const r = await applyConfiguration(graphFor(graph), c, { secret });
    assert.equal(r.status, 'manualRemaining', JSON.stringify(r.outcomes));
    const manual = r.outcomes.filter((o) => o.status === 'manual');
    assert.deepEqual(manual.map((o) => o.resource), ['userFlowClaims'], 'the application claims are the one step left');
    const ticks = /Application claims: tick (.+); then Save\.$/.exec(manual[0]!.manual!.text)?.[1]?.split(', ');
    assert.ok(ticks, manual[0]!.manual!.text);
    if (tick) graph.setApplicationClaims('B2C_1_itsme', ticks);
    assert.ok(r.outputs.itsmeRedirectUris.includes(`${b2c.url}/contosob2c.onmicrosoft.com/oauth2/authresp`), 'the redirect URIs itsme must whitelist are the ones B2C uses');
    return r.outputs.runUserFlowUrl!;
  }

  it('confirmed in the app: jwt.ms receives a B2C ID token with the mapped itsme claims, valid for 5 minutes', async () => {
    const url = await applied(config());
    const { redirect, fragment } = await runUserFlow(url, 'confirm');
    assert.equal(`${redirect.origin}${redirect.pathname}`, 'https://jwt.ms/');
    const idToken = fragment.get('id_token');
    assert.ok(idToken, `no id_token: ${fragment.toString()}`);
    const discovery = (await (await fetch(`${b2c.url}/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const appId = new URL(url).searchParams.get('client_id')!;
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: appId });
    assert.equal(payload['nonce'], 'defaultNonce');
    assert.equal(payload.exp! - payload.iat!, 300, 'the flow\'s 5-minute token lifetime');
    assert.equal(payload['tfp'], 'B2C_1_itsme');
    assert.equal(payload['name'], 'Jan Peeters');
    assert.equal(payload['given_name'], 'Jan');
    assert.equal(payload['family_name'], 'Peeters');
    assert.ok(Array.isArray(payload['emails']) && (payload['emails'] as string[])[0]?.includes('@'));
    assert.match(String(payload.sub), /^[0-9a-f-]{36}$/);
  });

  it('checkIdToken: every check green on a good token, and each wrong expectation named', async () => {
    const c = config();
    const url = await applied(c);
    const { fragment } = await runUserFlow(url, 'confirm');
    const token = fragment.get('id_token')!;
    const want = {
      discoveryUrl: `${b2c.url}/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration`,
      clientId: new URL(url).searchParams.get('client_id')!,
      nonce: 'defaultNonce',
      lifetimeMinutes: 5,
      claimsMapping: c.identityProvider.claimsMapping,
      flowId: 'B2C_1_itsme',
      idpName: 'itsme',
    };
    const good = await checkIdToken(token, want);
    assert.deepEqual(good.checks.filter((x) => !x.ok), []);
    assert.equal(good.checks.length, 7);
    const bad = await checkIdToken(token, { ...want, nonce: 'other', lifetimeMinutes: 60, clientId: 'someone-else' });
    assert.deepEqual(bad.checks.filter((x) => !x.ok).map((x) => x.id).sort(), ['audience', 'lifetime', 'nonce']);
    assert.match(bad.checks.find((x) => x.id === 'lifetime')!.fix ?? '', /B2C_1_itsme → Properties/);
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assert.equal((await checkIdToken(forged, want)).checks.find((x) => x.id === 'signature')!.ok, false);
    const expired = await checkIdToken(token, want, Date.now() + 10 * 60_000);
    assert.equal(expired.checks.find((x) => x.id === 'expiry')!.ok, false);
  });

  it('before the portal step: a token without the itsme claims, and the token check names that step, not the mapping', async () => {
    const c = config();
    const url = await applied(c, PARTNER_SECRET, false);
    const token = (await runUserFlow(url, 'confirm')).fragment.get('id_token')!;
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(payload['name'], undefined, 'a new flow returns no application claims');
    const r = await checkIdToken(token, {
      discoveryUrl: `${b2c.url}/contosob2c.onmicrosoft.com/B2C_1_itsme/v2.0/.well-known/openid-configuration`,
      clientId: new URL(url).searchParams.get('client_id')!,
      nonce: 'defaultNonce',
      lifetimeMinutes: 5,
      claimsMapping: c.identityProvider.claimsMapping,
      flowId: 'B2C_1_itsme',
      idpName: 'itsme',
    });
    const claims = r.checks.find((x) => x.id === 'claims')!;
    assert.equal(claims.ok, false);
    assert.match(claims.detail, /Not in the token: name, given_name, family_name, emails, idp/);
    assert.match(claims.fix!, /user flow B2C_1_itsme → Application claims, tick Display Name, Given Name, Surname, Email Addresses, Identity Provider/);
    assert.deepEqual(r.checks.filter((x) => !x.ok).map((x) => x.id), ['claims'], 'everything else is right');
  });

  it('rejected in the app: the app gets access_denied from B2C', async () => {
    const url = await applied(config());
    const { fragment } = await runUserFlow(url, 'reject');
    assert.equal(fragment.get('error'), 'access_denied');
    assert.match(fragment.get('error_description') ?? '', /AADB2C90273.*access_denied/);
    assert.ok(!fragment.get('id_token'));
  });

  it('a wrong client secret fails at the token request and the error names the identity provider\'s secret', async () => {
    const url = await applied(config(), 'not-the-partner-secret');
    const { fragment } = await runUserFlow(url, 'confirm');
    assert.equal(fragment.get('error'), 'server_error');
    assert.match(fragment.get('error_description') ?? '', /"itsme".*invalid_client.*client secret/);
    assert.ok(b2c.log.some((e) => e.kind === 'upstreamError' && /invalid_client/.test(e.detail)), 'the upstream error is in the B2C log');
  });

  it('works with the legacy (csapi) endpoint generation', async () => {
    const url = await applied(config({ generation: 'legacy' }));
    const { fragment } = await runUserFlow(url, 'confirm', '+32470000002');
    assert.ok(fragment.get('id_token'), fragment.toString());
  });

  it('works with the optional phone and address scopes (B2C passes only mapped claims)', async () => {
    const c = config({ phone: true, address: true });
    const url = await applied(c);
    const { fragment } = await runUserFlow(url, 'confirm', '+32470000003');
    const token = fragment.get('id_token');
    assert.ok(token, fragment.toString());
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(payload['phone_number'], undefined, 'a user flow returns only mapped claims');
    const idp = graph.state.identityProviders.find((p) => p.displayName === 'itsme')!;
    assert.equal(idp['scope'], `openid service:${SERVICE} profile email phone address`);
  });

  it('a redirect URI the app does not register is refused by B2C (AADB2C90006)', async () => {
    const url = new URL(await applied(config()));
    url.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const res = await fetch(url);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /AADB2C90006/);
  });
});
