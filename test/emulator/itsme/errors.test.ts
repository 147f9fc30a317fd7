// Failures the way itsme reports them (itsme.md §6): error redirects to the partner for a trusted client and
// redirect_uri, an error page otherwise; token endpoint errors as HTTP 400 JSON.
import { strict as assert } from 'node:assert';
import { ActionStore } from '../../../emulators/itsme/actions';
import { startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';
import { authorizeUrl, Browser, exchangeCode, pkcePair, REDIRECT_URI, signIn } from './test-helpers';

describe('itsme emulator: errors', function () {
  let emu: ItsmeEmulator;
  before(async () => {
    emu = await startItsmeEmulator();
    await emu.addPartner({
      clientId: 'LEGACY_ONLY',
      clientSecret: 'legacy-secret',
      serviceCodes: ['OLD_LOGIN'],
      redirectUris: ['https://app.example.com/cb'],
      generations: ['legacy'],
    });
  });
  after(() => emu?.stop());

  async function authorize(p: Parameters<typeof authorizeUrl>[1]) {
    return new Browser(emu.url).follow(authorizeUrl(emu, p));
  }

  describe('authorization endpoint', () => {
    for (const [label, scope, description] of [
      ['no service scope', 'openid profile email', /service:<SERVICE_CODE>.*required/],
      ['an unknown service code', 'openid service:NOPE profile', /unknown service code 'NOPE'/],
      ["another partner's service code", 'openid service:OLD_LOGIN', /unknown service code 'OLD_LOGIN'/],
      ['no openid scope', 'service:EMULATOR_LOGIN profile', /'openid' scope is required/],
    ] as const) {
      it(`${label} → invalid_scope redirect with state`, async () => {
        // Without nonce: oidc-provider itself answers invalid_request to a nonce without openid.
        const res = await authorize({ scope, state: 'xyz', omit: ['nonce'] });
        assert.ok(res.location, `expected a redirect, got ${res.status}`);
        assert.equal(res.location.origin + res.location.pathname, REDIRECT_URI);
        assert.equal(res.location.searchParams.get('error'), 'invalid_scope');
        assert.match(res.location.searchParams.get('error_description') ?? '', description);
        assert.equal(res.location.searchParams.get('state'), 'xyz');
        assert.equal(res.location.searchParams.get('code'), null);
      });
    }

    it('unknown scopes besides the required ones are ignored', async () => {
      const res = await authorize({ scope: 'openid service:EMULATOR_LOGIN offline_access whatever' });
      assert.equal(res.location, undefined);
      assert.ok(res.body.includes('Identify yourself'));
    });

    for (const [label, params, error] of [
      ['an unknown client_id', { clientId: 'NOBODY' }, 'invalid_client_id'],
      ['an unregistered redirect_uri', { redirectUri: 'https://evil.example/cb' }, 'invalid_redirect_uri'],
      ['a redirect_uri differing in case', { redirectUri: REDIRECT_URI.replace('authresp', 'AuthResp') }, 'invalid_redirect_uri'],
      ['a client onboarded on the other generation only', { clientId: 'LEGACY_ONLY', redirectUri: 'https://app.example.com/cb' }, 'invalid_client_id'],
    ] as const) {
      it(`${label} → error shown on the itsme page, no redirect`, async () => {
        const res = await authorize({ ...params, scope: 'openid service:EMULATOR_LOGIN' });
        assert.equal(res.location, undefined);
        assert.equal(res.status, 400);
        assert.match(res.headers.get('content-type') ?? '', /text\/html/);
        assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.ok(res.body.includes('Something went wrong'));
        assert.ok(res.body.includes(`<strong>${error}</strong>`), res.body);
      });
    }

    it('a missing redirect_uri is an error page too (no implicit single-URI default)', async () => {
      const res = await authorize({ omit: ['redirect_uri'] });
      assert.equal(res.location, undefined);
      assert.equal(res.status, 400);
      assert.ok(res.body.includes('redirect_uri'));
    });

    // Partners are registered with response_modes ["query"]; oidc-provider returns the error in the response mode the
    // request asked for. (A response_type other than code: unsupported_response_type, documented.test.ts.)
    for (const [label, params] of [['response_mode fragment', { extra: { response_mode: 'fragment' } }]] as const) {
      it(`${label} → refused (invalid_request, no code)`, async () => {
        const res = await authorize(params);
        assert.ok(res.location);
        const fragment = new URLSearchParams(res.location.hash.slice(1));
        assert.equal(fragment.get('error'), 'invalid_request');
        assert.match(fragment.get('error_description') ?? '', /response_mode/);
        assert.equal(fragment.get('code') ?? res.location.searchParams.get('code'), null);
      });
    }

    it('the legacy-only partner works on the legacy endpoints', async () => {
      const { location } = await signIn(emu, {
        generation: 'legacy',
        clientId: 'LEGACY_ONLY',
        redirectUri: 'https://app.example.com/cb',
        scope: 'openid service:OLD_LOGIN',
      });
      const token = await exchangeCode(emu, location.searchParams.get('code')!, {
        generation: 'legacy',
        clientId: 'LEGACY_ONLY',
        clientSecret: 'legacy-secret',
        redirectUri: 'https://app.example.com/cb',
      });
      assert.equal(token.status, 200, JSON.stringify(token.body));
    });
  });

  describe('the person says no', () => {
    it('reject in the app → access_denied with state', async () => {
      const { location } = await signIn(emu, { decision: 'reject', state: 'rej' });
      assert.equal(location.origin + location.pathname, REDIRECT_URI);
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.equal(location.searchParams.get('state'), 'rej');
      assert.equal(location.searchParams.get('code'), null);
      assert.ok(emu.log.some((e) => e.event === 'action.rejected'));
    });

    it('Cancel on the itsme page → access_denied', async () => {
      const browser = new Browser(emu.url);
      const page = await browser.follow(authorizeUrl(emu, { state: 'c' }));
      const res = await browser.follow(page.url + '/cancel', { form: {} });
      assert.equal(res.location?.searchParams.get('error'), 'access_denied');
      assert.equal(res.location?.searchParams.get('state'), 'c');
    });

    it('"use another number" drops the pending action', async () => {
      const browser = new Browser(emu.url);
      const page = await browser.follow(authorizeUrl(emu, {}));
      await browser.follow(page.url, { form: { phone: '+32470000003' } });
      assert.equal(emu.pendingActions('+32470000003').length, 1);
      const back = await browser.follow(page.url + '/restart', { form: {} });
      assert.ok(back.body.includes('Identify yourself'));
      assert.equal(emu.pendingActions('+32470000003').length, 0);
    });

    it('the interaction page without its cookie is an error page', async () => {
      const page = await new Browser(emu.url).follow(authorizeUrl(emu, {}));
      const res = await new Browser(emu.url).follow(page.url);
      assert.equal(res.status, 400);
      assert.ok(res.body.includes('expired or was started in another browser'));
    });

    it('confirm()/reject() of an unknown or settled action throws', async () => {
      assert.throws(() => emu.confirm('nope'), /no action/);
      const { actionId } = await signIn(emu, {});
      assert.throws(() => emu.reject(actionId), /confirmed, not pending/);
    });

    it('app actions expire', () => {
      const store = new ActionStore(0);
      const a = store.create({
        phone: '+32470000001',
        identityId: 'jan-peeters',
        displayName: 'Jan Peeters',
        partner: { clientId: 'P', name: 'P' },
        serviceCode: 'S',
        generation: 'v2',
        scopes: ['openid'],
        claims: [],
        shares: [],
        interactionUid: 'u',
      });
      assert.deepEqual(store.pending(), []);
      assert.equal(store.get(a.id)?.status, 'expired');
      assert.throws(() => store.decide(a.id, 'confirmed'), /expired/);
    });
  });

  describe('token endpoint', () => {
    async function freshCode(extra?: Record<string, string>) {
      const { location } = await signIn(emu, { extra });
      return location.searchParams.get('code')!;
    }

    it('a wrong client secret → 400 invalid_client', async () => {
      const res = await exchangeCode(emu, await freshCode(), { clientSecret: 'wrong' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_client');
      const entry = emu.log.filter((e) => e.route === 'token').at(-1)!;
      assert.equal(entry.error, 'invalid_client');
      assert.ok(!JSON.stringify(entry).includes('wrong'), 'the wrong secret is logged');
    });

    it('client_secret_basic is not accepted (client_secret_post only)', async () => {
      const res = await exchangeCode(emu, await freshCode(), { basic: true });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
      assert.match(res.body.error_description, /client_secret_post/);
    });

    it('a reused code → invalid_grant, and the tokens of its first use are revoked', async () => {
      const code = await freshCode();
      const first = await exchangeCode(emu, code);
      assert.equal(first.status, 200);
      const second = await exchangeCode(emu, code);
      assert.equal(second.status, 400);
      assert.equal(second.body.error, 'invalid_grant');
      const ui = await fetch(`${emu.issuers.v2}/userinfo`, { headers: { authorization: `Bearer ${first.body.access_token}` } });
      assert.equal(ui.status, 401);
    });

    it('a code exchanged at the other generation → invalid_grant', async () => {
      const res = await exchangeCode(emu, await freshCode(), { generation: 'legacy' });
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('a redirect_uri differing from the authorization request → invalid_grant', async () => {
      const other = REDIRECT_URI.replace('contosob2c.onmicrosoft.com', 'contosob2c');
      const res = await exchangeCode(emu, await freshCode(), { redirectUri: other });
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('PKCE: a wrong code_verifier → invalid_grant', async () => {
      const { challenge } = pkcePair();
      const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' });
      const res = await exchangeCode(emu, code, { codeVerifier: pkcePair().verifier });
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('an expired code → invalid_grant (codeTtlSeconds)', async function () {
      this.timeout(5000);
      const short = await startItsmeEmulator({ codeTtlSeconds: 1 });
      try {
        const { location } = await signIn(short, {});
        await new Promise((r) => setTimeout(r, 1100));
        const res = await exchangeCode(short, location.searchParams.get('code')!);
        assert.equal(res.status, 400);
        assert.equal(res.body.error, 'invalid_grant');
      } finally {
        await short.stop();
      }
    });

    it('userinfo without a valid access token → 401 invalid_token', async () => {
      const res = await fetch(`${emu.issuers.v2}/userinfo`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
    });
  });

  describe('partners', () => {
    it('addPartner refuses http redirect URIs, fragments and duplicates', async () => {
      const base = { clientId: 'X1', clientSecret: 's', serviceCodes: ['S'], redirectUris: ['https://a.example/cb'] };
      await assert.rejects(emu.addPartner({ ...base, redirectUris: ['http://a.example/cb'] }), /must use https/);
      await assert.rejects(emu.addPartner({ ...base, redirectUris: ['https://a.example/cb#x'] }), /fragment/);
      await assert.rejects(emu.addPartner({ ...base, clientId: 'EMULATOR_PARTNER' }), /already exists/);
      assert.equal(emu.partners.some((p) => p.clientId === 'X1'), false);
    });

    it('startItsmeEmulator refuses duplicate identities', async () => {
      await assert.rejects(
        startItsmeEmulator({
          identities: [
            { id: 'a', phone: '+32470000009', familyName: 'A', birthdate: '2000-01-01' },
            { id: 'b', phone: '0470 00 00 09', familyName: 'B', birthdate: '2000-01-01' },
          ],
        }),
        /duplicate '\+32470000009'/,
      );
    });
  });
});
