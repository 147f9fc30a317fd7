// The token view's model (src/core/token/tokenViewModel.ts) and the checks it is built from
// (src/core/token/checkIdToken.ts): a human title, local times with the raw value kept for hover, and every failing
// check saying what to fix. Times are pinned to Europe/Brussels so the test reads the same on every machine.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { checkIdToken, type ExpectedToken, type TokenReport } from '../../src/core/token/checkIdToken';
import { localClock, localDateTime, tokenViewModel } from '../../src/core/token/tokenViewModel';

/** 2026-12-01 21:35:40 UTC = 22:35:40 in Brussels (CET, UTC+1). */
const IAT = 1796160940;
const BRUSSELS = { locale: 'en', timeZone: 'Europe/Brussels' };

function report(patch: Partial<TokenReport> = {}): TokenReport {
  return {
    header: { alg: 'RS256', kid: 'k1', typ: 'JWT' },
    payload: { iss: 'https://b2c.example/t/v2.0/', aud: 'app-1', sub: 'u-1', iat: IAT, exp: IAT + 300, auth_time: IAT - 20, tfp: 'B2C_1_itsme', name: 'Jan Peeters', emails: ['jan@example.be', 'j@example.be'], nonce: 'n' },
    checks: [
      { id: 'signature', ok: true, label: 'Signature', detail: 'Signed with a key of the policy (k1).' },
      { id: 'lifetime', ok: false, label: 'Lifetime', detail: '60 minutes instead of the configured 5.', fix: 'Set "Access & ID token lifetimes" in user flow B2C_1_itsme → Properties, or run the setup again.' },
    ],
    ok: false,
    ...patch,
  };
}

describe('token view model', () => {
  it('formats times in the given zone and language, 24-hour', () => {
    assert.equal(localClock(IAT, BRUSSELS), '22:35');
    assert.equal(localClock(IAT, { locale: 'en', timeZone: 'UTC' }), '21:35');
    assert.match(localDateTime(IAT, BRUSSELS), /^Dec 1, 2026, 22:35:40 (GMT\+1|CET)$/);
    assert.match(localDateTime(IAT, { locale: 'nl', timeZone: 'Europe/Brussels' }), /^1 dec\.? 2026,? 22:35:40 CET$/);
    assert.match(localDateTime(IAT, { locale: 'de', timeZone: 'Europe/Brussels' }), /^1\. Dez\. 2026, 22:35:40 MEZ$/);
    // A locale Intl does not know falls back instead of throwing.
    assert.match(localDateTime(IAT, { locale: 'not a locale!', timeZone: 'Europe/Brussels' }), /22:35:40/);
  });

  it('titles the token "ID token · <flow> · HH:MM" in local time', () => {
    const v = tokenViewModel(report(), { ...BRUSSELS, policy: 'B2C_1_other', receivedAt: 0 });
    assert.equal(v.title, 'ID token · B2C_1_itsme · 22:35', 'the flow named by the token (tfp), the time it was issued');
    assert.match(v.subtitle, /Jan Peeters.*B2C_1_itsme.*22:35:40/);
    // Without tfp/acr and iat: the flow the run used and the time the token arrived.
    const bare = tokenViewModel(report({ payload: { aud: 'app-1' } }), { ...BRUSSELS, policy: 'B2C_1_run', receivedAt: (IAT + 60) * 1000 });
    assert.equal(bare.title, 'ID token · B2C_1_run · 22:36');
  });

  it('shows time claims as local times, with the epoch seconds and UTC on hover', () => {
    const v = tokenViewModel(report(), { ...BRUSSELS, policy: 'B2C_1_itsme', receivedAt: 0 });
    const claim = (n: string) => v.claims.find((c) => c.name === n)!;
    for (const [name, at] of [['iat', IAT], ['exp', IAT + 300], ['auth_time', IAT - 20]] as const) {
      const c = claim(name);
      assert.equal(c.time, true, name);
      assert.equal(c.shown, localDateTime(at, BRUSSELS), name);
      assert.ok(!c.shown.includes(String(at)), `${name} must not show the epoch: ${c.shown}`);
      assert.equal(c.raw, String(at));
      assert.ok(c.hover.includes(String(at)) && c.hover.includes(new Date(at * 1000).toISOString().slice(0, 19)), c.hover);
    }
    assert.equal(claim('exp').shown.endsWith('22:40:40 GMT+1') || claim('exp').shown.endsWith('22:40:40 CET'), true, claim('exp').shown);
    assert.equal(claim('iat').meaning, 'Issued at');
    assert.equal(claim('auth_time').meaning, 'Signed in at');
    // Other claims as text: a list joined, the raw JSON kept.
    assert.equal(claim('emails').shown, 'jan@example.be, j@example.be');
    assert.equal(claim('emails').raw, '["jan@example.be","j@example.be"]');
    assert.equal(claim('emails').time, false);
    assert.equal(claim('name').shown, 'Jan Peeters');
    assert.deepEqual(v.claims.map((c) => c.name), Object.keys(report().payload), 'in the token\'s order');
    assert.deepEqual(v.header.map((c) => `${c.name}=${c.shown}`), ['alg=RS256', 'kid=k1', 'typ=JWT']);
  });

  it('says pass or fail per check, and what to fix only where one failed', () => {
    const v = tokenViewModel(report(), { ...BRUSSELS, policy: 'B2C_1_itsme', receivedAt: 0 });
    assert.equal(v.ok, false);
    assert.equal(v.verdict, '1 of 2 checks failed: each says what to fix.');
    assert.deepEqual(v.checks.map((c) => [c.id, c.status, c.statusText]), [['signature', 'passed', 'Passed'], ['lifetime', 'failed', 'Failed']]);
    assert.equal(v.checks[0]!.fix, undefined);
    assert.match(v.checks[1]!.fix!, /user flow B2C_1_itsme → Properties/);
    const good = tokenViewModel(report({ checks: [report().checks[0]!], ok: true }), { ...BRUSSELS, policy: 'B2C_1_itsme', receivedAt: 0 });
    assert.equal(good.verdict, 'All 1 checks passed.');
    assert.equal(good.labels.copy, 'Copy raw token');
  });
});

describe('checkIdToken: every failing check says what to fix', () => {
  let server: http.Server;
  let base: string;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  const want = (): ExpectedToken => ({
    discoveryUrl: `${base}/B2C_1_itsme/v2.0/.well-known/openid-configuration`,
    clientId: 'app-1',
    nonce: 'n-1',
    lifetimeMinutes: 5,
    claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
    flowId: 'B2C_1_itsme',
    idpName: 'itsme',
  });

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' };
    server = http.createServer((req, res) => {
      if (req.url?.endsWith('/openid-configuration')) res.end(JSON.stringify({ issuer: `${base}/t/v2.0/`, jwks_uri: `${base}/keys` }));
      else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  });
  after(() => server.close());

  const good = () => ({ iss: `${base}/t/v2.0/`, aud: 'app-1', nonce: 'n-1', iat: IAT, exp: IAT + 300, sub: 'u', name: 'Jan', given_name: 'Jan', family_name: 'Peeters', emails: ['j@x.be'], idp: 'https://idp.e2e.itsme.services/v2' });
  const now = (IAT + 10) * 1000;

  it('a good token: every check passed, nothing to fix, expiry in the given time format', async () => {
    const r = await checkIdToken(await sign(good()), want(), now, (s) => localDateTime(s, BRUSSELS));
    assert.deepEqual(r.checks.filter((c) => !c.ok), []);
    assert.deepEqual(r.checks.filter((c) => c.fix), []);
    assert.match(r.checks.find((c) => c.id === 'expiry')!.detail, /^Valid until Dec 1, 2026, 22:40:40 (GMT\+1|CET)\.$/);
  });

  it('a bad token: each failure has a detail and a fix that names where', async () => {
    const { name: _n, ...noName } = good();
    const token = await sign({ ...noName, iss: 'https://elsewhere/v2.0/', aud: 'other-app', nonce: 'replayed', exp: IAT + 3600 });
    const r = await checkIdToken(token, want(), (IAT + 7200) * 1000, (s) => localDateTime(s, BRUSSELS));
    const failed = Object.fromEntries(r.checks.filter((c) => !c.ok).map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(failed).sort(), ['audience', 'claims', 'expiry', 'issuer', 'lifetime', 'nonce']);
    for (const c of Object.values(failed)) assert.ok(c.fix && c.fix.length > 20, `${c.id} says what to fix: ${c.fix}`);
    assert.match(failed['issuer']!.fix!, /login host/);
    assert.match(failed['audience']!.fix!, /client id is app-1/);
    assert.match(failed['nonce']!.fix!, /Run the user flow again/);
    assert.match(failed['expiry']!.detail, /^Expired at Dec 1, 2026, 23:35:40 (GMT\+1|CET)\.$/);
    assert.match(failed['lifetime']!.detail, /^60 minutes instead of the configured 5\.$/);
    assert.match(failed['lifetime']!.fix!, /user flow B2C_1_itsme → Properties/);
    // Not in the token = not ticked under the flow's Application claims (tokenUserFlowClaims.test.ts for the rest).
    assert.match(failed['claims']!.detail, /Not in the token: name/);
    assert.match(failed['claims']!.fix!, /user flow B2C_1_itsme → Application claims, tick Display Name/);
    const v = tokenViewModel(r, { ...BRUSSELS, policy: 'B2C_1_itsme', receivedAt: 0 });
    assert.equal(v.verdict, '6 of 7 checks failed: each says what to fix.');
    assert.ok(v.checks.filter((c) => c.status === 'failed').every((c) => c.fix === failed[c.id]!.fix));
  });

  it('a forged signature: the fix says where the keys come from', async () => {
    const token = await sign(good());
    const forged = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const sig = (await checkIdToken(forged, want(), now)).checks.find((c) => c.id === 'signature')!;
    assert.equal(sig.ok, false);
    assert.match(sig.fix!, /itsme\.loginHost.*B2C_1_itsme/);
  });
});

describe('checkIdToken: an External ID (ciamlogin) token', () => {
  const TID = '8d0e1c5a-4b7e-4f0a-9a51-2c7d3c1b9e10';
  let server: http.Server;
  let base: string;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  // The issuer External ID documents: https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 (not the discovery host).
  const ISSUER = `https://${TID}.ciamlogin.com/${TID}/v2.0`;
  const want = (): ExpectedToken => ({
    tenantKind: 'external',
    discoveryUrl: `${base}/${TID}/v2.0/.well-known/openid-configuration`,
    issuer: ISSUER,
    clientId: 'app-ext',
    nonce: 'n-2',
    claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
    flowId: 'itsme sign-up and sign-in',
    idpName: 'itsme',
  });

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'c1', use: 'sig', alg: 'RS256' };
    server = http.createServer((req, res) => {
      if (req.url?.endsWith('/openid-configuration')) res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/${TID}/discovery/v2.0/keys` }));
      else if (req.url === `/${TID}/discovery/v2.0/keys`) res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'c1' }).sign(privateKey);
  });
  after(() => server.close());

  const good = () => ({ iss: ISSUER, aud: 'app-ext', tid: TID, nonce: 'n-2', iat: IAT, exp: IAT + 3600, sub: 'pairwise-sub', name: 'Jan', given_name: 'Jan', family_name: 'Peeters', email: 'j@x.be' });
  const now = (IAT + 10) * 1000;

  it('a good token passes every check: issuer from the plan, keys from the tenant, lifetime not a B2C setting, email (not emails)', async () => {
    const r = await checkIdToken(await sign(good()), want(), now);
    assert.deepEqual(r.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`), []);
    assert.deepEqual(r.checks.map((c) => c.id), ['signature', 'issuer', 'audience', 'nonce', 'expiry', 'lifetime', 'claims']);
    assert.match(r.checks.find((c) => c.id === 'lifetime')!.detail, /60 minutes.*External ID/);
    assert.match(r.checks.find((c) => c.id === 'claims')!.detail, /email/);
  });

  it('the tenant\'s discovery document decides the issuer; the plan\'s (a guess with a custom login domain) is only the fallback', async () => {
    const r = await checkIdToken(await sign(good()), { ...want(), issuer: `https://login.contoso.be/${TID}/v2.0` }, now);
    assert.equal(r.checks.find((c) => c.id === 'issuer')!.ok, true, r.checks.find((c) => c.id === 'issuer')!.detail);
  });

  it('a token of another issuer, or without the mapped claims, fails with External ID fixes (never B2C\'s login host)', async () => {
    const { email: _e, family_name: _f, ...fewer } = good();
    const r = await checkIdToken(await sign({ ...fewer, iss: `https://contosoext.ciamlogin.com/${TID}/v2.0` }), want(), now);
    const failed = Object.fromEntries(r.checks.filter((c) => !c.ok).map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(failed).sort(), ['claims', 'issuer']);
    assert.match(failed['issuer']!.detail, new RegExp(ISSUER.replace(/[.]/g, '\\.')));
    assert.match(failed['issuer']!.fix!, /ciamlogin\.com/);
    assert.doesNotMatch(failed['issuer']!.fix!, /loginHost|login host/);
    assert.match(failed['claims']!.detail, /family_name, email/);
    assert.match(failed['claims']!.fix!, /user flow "itsme sign-up and sign-in"/);
    assert.doesNotMatch(failed['claims']!.fix!, /Application claims/);
  });

  it('a forged token: the signature fix points at the tenant\'s keys, not a B2C policy', async () => {
    const token = await sign(good());
    const forged = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const sig = (await checkIdToken(forged, want(), now)).checks.find((c) => c.id === 'signature')!;
    assert.equal(sig.ok, false);
    assert.doesNotMatch(sig.fix!, /itsme\.loginHost|policy/);
    assert.match(sig.fix!, /ciamlogin/);
  });
});
