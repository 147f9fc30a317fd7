// Sign-in and Graph errors in words (issue 8, finding 3): the AADSTS table says what happened and what to do;
// the raw text (AADSTS description, trace ids, the request) stays out of what the user is shown.
import assert from 'node:assert/strict';
import { authError, GraphRequestError, parseGraphError, userMessage } from '../../src/core/graph/errors';
import { aadstsCodes, translateSignInError } from '../../src/core/auth/signInErrors';

/** AAD's error_description shape, as the token endpoint sends it (and @azure/identity passes on). */
const aad = (code: number, text: string) =>
  `AuthenticationRequiredError: unauthorized_client: AADSTS${code}: ${text} Trace ID: 0b1c Correlation ID: 9f2e Timestamp: 2026-12-01 22:10:00Z`;

const TABLE: Array<{ code: number; kind: string; raw: string; words: RegExp }> = [
  { code: 700016, kind: 'unknownClient', raw: "Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory 'contosob2c.onmicrosoft.com'.", words: /client id.*not registered|no app registration/i },
  { code: 90002, kind: 'wrongTenant', raw: "Tenant 'nope.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID.", words: /tenant.*not found|no tenant/i },
  { code: 50020, kind: 'wrongTenant', raw: "User account 'x@live.com' from identity provider 'live.com' does not exist in tenant 'Contoso B2C'.", words: /account.*not.*tenant/i },
  { code: 65001, kind: 'consent', raw: "The user or administrator has not consented to use the application with ID '1111'.", words: /admin consent/i },
  { code: 7000215, kind: 'badSecret', raw: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.", words: /secret.*(wrong|not valid)/i },
  { code: 7000222, kind: 'expiredSecret', raw: "The provided client secret keys for app '1111' are expired.", words: /secret.*expired/i },
];

describe('sign-in errors in words (AADSTS)', () => {
  for (const row of TABLE) {
    it(`AADSTS${row.code} is "${row.kind}": what happened and what to do, without the raw description`, () => {
      const p = translateSignInError(aad(row.code, row.raw), { tenant: 'contosob2c.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' });
      assert.ok(p, `AADSTS${row.code} is recognised`);
      assert.equal(p.kind, row.kind);
      assert.equal(p.code, `AADSTS${row.code}`);
      assert.match(`${p.what} ${p.todo}`, row.words);
      assert.ok(p.todo.length > 20, 'says what to do');
      for (const leak of ['Trace ID', 'Correlation ID', row.raw.slice(0, 30)]) assert.ok(!`${p.what} ${p.todo}`.includes(leak), `no raw text: ${leak}`);
    });
  }

  it('finds the codes in any text, and recognises nothing in a text without one', () => {
    assert.deepEqual(aadstsCodes('x AADSTS700016: y (AADSTS50020)'), ['AADSTS700016', 'AADSTS50020']);
    assert.equal(translateSignInError('ECONNREFUSED 127.0.0.1:443'), undefined);
    assert.equal(translateSignInError('AADSTS123456789: something new'), undefined);
  });

  it('names the client id and the tenant it was given', () => {
    const p = translateSignInError(aad(700016, 'x'), { tenant: 'contosob2c.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' })!;
    assert.match(`${p.what} ${p.todo}`, /11111111-2222-3333-4444-555555555555/);
    assert.match(`${p.what} ${p.todo}`, /contosob2c\.onmicrosoft\.com/);
  });

  it('a token failure during a Graph request is shown in words; the raw detail stays in the full message (for the log)', () => {
    const cause = Object.assign(new Error(aad(700016, "Application with identifier 'abc' was not found in the directory 'contosob2c'.")), { name: 'AuthenticationRequiredError' });
    const e = authError({ method: 'GET', path: '/identity/identityProviders/availableProviderTypes' }, cause);
    assert.ok(e instanceof GraphRequestError);
    const shown = userMessage(e);
    assert.match(shown, /client id/i);
    for (const raw of ['AuthenticationRequiredError', 'unauthorized_client', '/identity/identityProviders', 'Trace ID', 'was not found in the directory']) assert.ok(!shown.includes(raw), `not shown: ${raw}`);
    assert.match(e.message, /AADSTS700016/, 'the log keeps the raw detail');
  });

  it('an unrecognised token failure still says what to do, without the raw text', () => {
    const e = authError({ method: 'GET', path: '/organization' }, new Error('AADSTS50058: A silent sign-in request was sent but no user is signed in.'));
    const shown = userMessage(e);
    assert.match(shown, /sign in again/i);
    assert.ok(!shown.includes('AADSTS50058: A silent'));
  });

  it('a Graph error is shown by its hint; anything else by its message', () => {
    const e = parseGraphError({ method: 'GET', path: '/identity/b2cUserFlows' }, 403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } }, {});
    assert.match(userMessage(e), /IdentityUserFlow\.ReadWrite\.All/);
    assert.ok(!userMessage(e).includes('Insufficient privileges'));
    assert.equal(userMessage(new Error('plain')), 'plain');
  });
});
