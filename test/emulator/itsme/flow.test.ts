// The authorization code flow end to end over HTTPS, driven with fetch: authorize → "Identify yourself" → phone →
// action in the app → confirm → code → token (client_secret_post) → ID token verified with jose → userinfo.
import { strict as assert } from 'node:assert';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { b2cRedirectUris, pairwiseSub, startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';
import { authorizeUrl, Browser, exchangeCode, jwtPayload, pkcePair, REDIRECT_URI, signIn } from './test-helpers';

const MARIE = '+32470000002';

describe('itsme emulator: code flow', function () {
  let emu: ItsmeEmulator;
  before(async () => {
    emu = await startItsmeEmulator();
    await emu.addPartner({
      clientId: 'OTHER_PARTNER',
      clientSecret: 'other-secret',
      name: 'Fabrikam',
      serviceCodes: ['FABRIKAM_LOGIN'],
      redirectUris: b2cRedirectUris('fabrikamb2c'),
    });
  });
  after(() => emu?.stop());

  async function verify(idToken: string, gen: 'v2' | 'legacy', audience = 'EMULATOR_PARTNER') {
    const doc = (await (await fetch(emu.metadataUrls[gen])).json()) as { jwks_uri: string };
    return jwtVerify(idToken, createRemoteJWKSet(new URL(doc.jwks_uri)), { issuer: emu.issuers[gen], audience, algorithms: ['RS256'] });
  }

  it('v2: signs in with openid service profile email, the ID token verifies and carries the profile and email claims', async () => {
    const { verifier, challenge } = pkcePair();
    const nonce = 'n-' + Date.now();
    const state = 's-' + Date.now();
    const { location } = await signIn(emu, { nonce, state, extra: { code_challenge: challenge, code_challenge_method: 'S256' } });

    assert.equal(location.origin + location.pathname, REDIRECT_URI);
    assert.equal(location.searchParams.get('state'), state);
    assert.equal(location.searchParams.get('iss'), emu.issuers.v2);
    const code = location.searchParams.get('code')!;
    assert.equal(code.length, 36, 'itsme codes have 36 characters');

    const token = await exchangeCode(emu, code, { codeVerifier: verifier });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.token_type, 'Bearer');
    assert.equal(token.body.expires_in, 3600);
    assert.ok(token.body.access_token);
    assert.equal(token.body.refresh_token, undefined, 'itsme issues no refresh tokens');

    const { payload, protectedHeader } = await verify(token.body.id_token, 'v2');
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.exp! - payload.iat!, 300);
    assert.ok(Math.abs(payload.iat! - Date.now() / 1000) < 10);
    assert.equal(payload.sub, pairwiseSub('jan-peeters', 'EMULATOR_PARTNER'));
    assert.equal((payload.sub as string).length, 36);
    assert.equal(payload.name, 'Jan Peeters');
    assert.equal(payload.given_name, 'Jan');
    assert.equal(payload.family_name, 'Peeters');
    assert.equal(payload.birthdate, '1985-03-14');
    assert.equal(payload.email, 'jan.peeters@example.be');
    assert.equal(payload.email_verified, false);
    for (const absent of ['phone_number', 'phone_number_verified', 'address', 'http://itsme.services/v2/claim/BENationalNumber']) {
      assert.equal(payload[absent], undefined, `${absent} released without its scope`);
    }

    const ui = await fetch(`${emu.issuers.v2}/userinfo`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    assert.equal(ui.status, 200);
    const info = (await ui.json()) as Record<string, unknown>;
    assert.equal(info.sub, payload.sub);
    assert.equal(info.email, 'jan.peeters@example.be');
    assert.equal(info.phone_number, undefined);
  });

  it('legacy: phone, address and eid scopes release their claims, signed by the legacy key', async () => {
    const scope = 'openid service:EMULATOR_LOGIN phone address eid';
    const { location } = await signIn(emu, { generation: 'legacy', scope, phone: '0470 00 00 02' });
    const token = await exchangeCode(emu, location.searchParams.get('code')!, { generation: 'legacy' });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const { payload } = await verify(token.body.id_token, 'legacy');
    assert.equal(payload.iss, emu.issuers.legacy);
    assert.equal(payload.phone_number, '+32 470000002');
    assert.equal(payload.phone_number_verified, true);
    assert.deepEqual(payload.address, {
      formatted: 'Rue de la Loi 16\n1000 Bruxelles',
      street_address: 'Rue de la Loi 16',
      postal_code: '1000',
      locality: 'Bruxelles',
    });
    assert.match(String(payload['http://itsme.services/v2/claim/BENationalNumber']), /^900702246\d\d$/);
    for (const absent of ['name', 'given_name', 'family_name', 'birthdate', 'email']) assert.equal(payload[absent], undefined, absent);
    // Not verifiable with the other generation's key.
    await assert.rejects(verify(token.body.id_token, 'v2'));
  });

  it('openid + service only: the ID token has the pairwise sub and no personal claims', async () => {
    const { location } = await signIn(emu, { scope: 'openid service:EMULATOR_LOGIN', phone: MARIE });
    const token = await exchangeCode(emu, location.searchParams.get('code')!);
    const payload = jwtPayload(token.body.id_token);
    assert.equal(payload.sub, pairwiseSub('marie-dubois', 'EMULATOR_PARTNER'));
    for (const absent of ['name', 'email', 'phone_number', 'address', 'birthdate']) assert.equal(payload[absent], undefined, absent);
  });

  it('sub is pairwise: different per partner, the same across endpoint generations', async () => {
    const subOf = async (p: { generation?: 'v2' | 'legacy'; partner?: boolean }) => {
      const other = p.partner
        ? { clientId: 'OTHER_PARTNER', redirectUri: b2cRedirectUris('fabrikamb2c')[1], scope: 'openid service:FABRIKAM_LOGIN' }
        : { scope: 'openid service:EMULATOR_LOGIN' };
      const { location } = await signIn(emu, { generation: p.generation, phone: MARIE, ...other });
      const token = await exchangeCode(emu, location.searchParams.get('code')!, {
        generation: p.generation,
        ...(p.partner ? { clientId: 'OTHER_PARTNER', clientSecret: 'other-secret', redirectUri: other.redirectUri } : {}),
      });
      assert.equal(token.status, 200, JSON.stringify(token.body));
      return jwtPayload(token.body.id_token).sub as string;
    };
    const a = await subOf({});
    const b = await subOf({ partner: true });
    const c = await subOf({ generation: 'legacy' });
    assert.notEqual(a, b);
    assert.equal(a, c);
    assert.equal(b, pairwiseSub('marie-dubois', 'OTHER_PARTNER'));
  });

  it('the "itsme app" page lists the action for the phone and confirms it through its form', async () => {
    const browser = new Browser(emu.url);
    const page = await browser.follow(authorizeUrl(emu, {}));
    const waiting = await browser.follow(page.url, { form: { phone: '+32 470 00 00 03' } });
    assert.ok(waiting.body.includes('Confirm in your itsme app'));
    assert.ok(waiting.body.includes('+32 470 •• •• 03'));

    const statusUrl = waiting.url + '/status';
    assert.deepEqual(await (await fetch(statusUrl)).json(), { status: 'pending' });

    const app = await fetch(`${emu.appUrl}?phone=%2B32470000003`);
    const appHtml = await app.text();
    assert.ok(appHtml.includes('Hello Lukas'));
    assert.ok(appHtml.includes('Contoso (emulated B2C tenant)'));
    assert.ok(appHtml.includes('Name, date of birth') && appHtml.includes('Email address'));
    const [id] = /action-([A-Za-z0-9_-]+)/.exec(appHtml)!.slice(1);
    const api = (await (await fetch(`${emu.url}/app/api/actions?phone=%2B32470000003`)).json()) as { id: string }[];
    assert.deepEqual(api.map((a) => a.id), [id]);

    const confirm = await fetch(`${emu.url}/app/actions/${id}/confirm?phone=%2B32470000003`, { method: 'POST', redirect: 'manual' });
    assert.equal(confirm.status, 303);
    assert.equal(confirm.headers.get('location'), '/app?phone=%2B32470000003&done=confirmed');
    assert.deepEqual(await (await fetch(statusUrl)).json(), { status: 'confirmed' });
    assert.deepEqual(emu.pendingActions('+32470000003'), []);

    const done = await browser.follow(waiting.url);
    assert.ok(done.location?.searchParams.get('code'));
    // A second decision on the same action is refused.
    const again = await fetch(`${emu.url}/app/api/actions/${id}/reject`, { method: 'POST' });
    assert.equal(again.status, 409);
  });

  it('an unknown or malformed phone number keeps the person on the page with an error', async () => {
    const browser = new Browser(emu.url);
    const page = await browser.follow(authorizeUrl(emu, {}));
    for (const [phone, message] of [
      ['+32499999999', 'not linked to an itsme account'],
      ['hello', 'Enter your mobile phone number'],
    ]) {
      const res = await browser.follow(page.url, { form: { phone: phone! } });
      assert.equal(res.location, undefined);
      assert.equal(res.status, 400);
      assert.ok(res.body.includes('Identify yourself'));
      assert.ok(res.body.includes(message!), res.body);
      assert.ok(res.body.includes('role="alert"'));
    }
    assert.deepEqual(emu.pendingActions('+32499999999'), []);
    assert.ok(emu.log.some((e) => e.error === 'unknown_phone'));
  });

  it('identifies the person on every request (no SSO), and prompt=none → login_required', async () => {
    const first = await signIn(emu, { phone: MARIE });
    const again = await first.browser.follow(authorizeUrl(emu, {}));
    assert.equal(again.location, undefined);
    assert.ok(again.body.includes('Identify yourself'));

    const none = await first.browser.follow(authorizeUrl(emu, { state: 'st', extra: { prompt: 'none' } }));
    assert.equal(none.location?.searchParams.get('error'), 'login_required');
    assert.equal(none.location?.searchParams.get('state'), 'st');
  });

  it('the request log has the flow and no secrets', async () => {
    const { location } = await signIn(emu, { phone: MARIE });
    const code = location.searchParams.get('code')!;
    const token = await exchangeCode(emu, code);
    const text = JSON.stringify(emu.log);
    for (const secret of ['emulator-itsme-client-secret', 'other-secret', code, token.body.access_token, token.body.id_token]) {
      assert.ok(!text.includes(secret), 'log leaks a secret');
    }
    const tokenEntry = emu.log.filter((e) => e.route === 'token').at(-1)!;
    assert.equal(tokenEntry.status, 200);
    assert.equal(tokenEntry.clientId, 'EMULATOR_PARTNER');
    assert.equal(tokenEntry.body?.client_secret, '<redacted>');
    assert.ok(emu.log.some((e) => e.kind === 'event' && e.event === 'action.confirmed'));
  });
});
