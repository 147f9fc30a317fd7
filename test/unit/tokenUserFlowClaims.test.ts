// A B2C user flow's token: a claim that is not there (not ticked under the flow's "Application claims") is told
// apart from a claim that is there but empty or malformed (the identity provider's claims mapping or scopes), and
// each names its own fix (src/core/token/userFlowClaims.ts, used by checkIdToken).
import assert from 'node:assert/strict';
import { userFlowClaimsCheck } from '../../src/core/token/userFlowClaims';
import type { ExpectedToken } from '../../src/core/token/checkIdToken';
import { tokenViewModel } from '../../src/core/token/tokenViewModel';

const want = (patch: Partial<ExpectedToken> = {}): ExpectedToken => ({
  discoveryUrl: 'https://b2c.example/B2C_1_itsme/v2.0/.well-known/openid-configuration',
  clientId: 'app-1',
  nonce: 'n-1',
  lifetimeMinutes: 5,
  claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
  flowId: 'B2C_1_itsme',
  idpName: 'itsme',
  ...patch,
});

const full = () => ({ sub: 'u', name: 'Jan Peeters', given_name: 'Jan', family_name: 'Peeters', emails: ['jan@example.be'], idp: 'https://idp.e2e.itsme.services/v2' });

describe('user flow token: a claim not ticked vs a claim mapped wrong', () => {
  it('every mapped claim and idp present with a value: passed, listing them', () => {
    const c = userFlowClaimsCheck(full(), want());
    assert.equal(c.ok, true, c.detail);
    assert.equal(c.id, 'claims');
    assert.match(c.detail, /name, given_name, family_name, emails, idp/);
  });

  it('claims absent from the token: the fix is the portal step "Application claims → tick …" with the portal names', () => {
    const { given_name: _g, emails: _e, idp: _i, ...rest } = full();
    const c = userFlowClaimsCheck(rest, want());
    assert.equal(c.ok, false);
    assert.match(c.detail, /Not in the token: given_name, emails, idp/);
    assert.match(c.fix!, /B2C_1_itsme/);
    assert.match(c.fix!, /Application claims/);
    assert.match(c.fix!, /tick Given Name, Email Addresses, Identity Provider/);
    assert.doesNotMatch(c.fix!, /claims mapping/, 'not a mapping problem');
  });

  it('claims present but empty or malformed: the fix is the identity provider\'s claims mapping, not the portal ticks', () => {
    const c = userFlowClaimsCheck({ ...full(), name: '', emails: ['not-an-address'] }, want());
    assert.equal(c.ok, false);
    assert.match(c.detail, /Empty or not as mapped: name, emails/);
    assert.match(c.fix!, /claims mapping of identity provider "itsme"/);
    assert.doesNotMatch(c.fix!, /Application claims/);
    const emptyList = userFlowClaimsCheck({ ...full(), emails: [] }, want());
    assert.match(emptyList.detail, /Empty or not as mapped: emails/);
  });

  it('both at once: the detail and the fix name both, each with its own claims', () => {
    const { family_name: _f, ...rest } = full();
    const c = userFlowClaimsCheck({ ...rest, given_name: '   ' }, want());
    assert.equal(c.ok, false);
    assert.match(c.detail, /Not in the token: family_name/);
    assert.match(c.detail, /Empty or not as mapped: given_name/);
    assert.match(c.fix!, /tick Surname/);
    assert.match(c.fix!, /claims mapping of identity provider "itsme"/);
  });

  it('only the mapped claims are expected: a configuration without email does not ask for Email Addresses', () => {
    const { emails: _e, ...rest } = full();
    const c = userFlowClaimsCheck(rest, want({ claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name' } }));
    assert.equal(c.ok, true, c.detail);
  });

  it('the token view names the new user-flow claims', () => {
    const v = tokenViewModel(
      { header: {}, payload: { oid: 'o-1', newUser: true, idp_access_token: '' }, checks: [], ok: true },
      { policy: 'B2C_1_itsme', receivedAt: 0, locale: 'en', timeZone: 'UTC' },
    );
    const meaning = Object.fromEntries(v.claims.map((c) => [c.name, c.meaning]));
    assert.equal(meaning['oid'], 'The user\'s object id in the tenant');
    assert.equal(meaning['newUser'], 'First sign-in of this user');
    assert.equal(meaning['idp_access_token'], 'Identity provider\'s access token');
  });
});
