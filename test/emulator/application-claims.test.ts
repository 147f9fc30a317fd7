// A user flow's "Application claims" (emulators/graph/application-claims.ts): each flow has a set, a new flow starts
// with the GUESS default (none ticked), the portal hook ticks them, the undocumented Graph relationship is absent
// (Graph's unknown-segment answer) or shaped as the unmerged docs branch shows it, and the emulated B2C issues
// exactly the ticked claims plus the protocol claims.
import { strict as assert } from 'node:assert';
import { decodeJwt } from 'jose';
import type { GraphEmulator, ItsmeEmulator } from '../../emulators/index';
import type { B2cLogin } from '../../emulators/b2c/server';
import { startB2cServices, type B2cServices } from './b2c-world';
import { signInHeadless } from '../../emulators/signin/headless';
import { parseEmulatorArgs } from '../../emulators/args';
import { call, itsmeProvider, testApp, type GraphCaller } from './test-helpers';

const PARTNER = 'ACPARTNER1';
const SERVICE = 'AC_LOGIN';
const SECRET = 'itsme-partner-secret-ac';
const TENANT = 'contosob2c.onmicrosoft.com';
const SEGMENT_ERROR = "Resource not found for the segment 'applicationClaims'.";
const PROTOCOL = ['aud', 'auth_time', 'exp', 'iat', 'iss', 'nbf', 'nonce', 'sub', 'tfp', 'ver'];

describe('emulator: user flow application claims', function () {
  this.timeout(60_000);
  let w: B2cServices;
  let emu: GraphEmulator;
  let b2c: B2cLogin;
  let itsme: ItsmeEmulator;
  let g: GraphCaller;

  before(async () => {
    w = await startB2cServices({ partner: { clientId: PARTNER, clientSecret: SECRET, service: SERVICE } });
    ({ emu, b2c, itsme, g } = w);
  });
  after(() => w?.stop());
  beforeEach(() => emu.reset());

  async function newFlow(): Promise<string> {
    const r = await g('POST', '/beta/identity/b2cUserFlows', { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }

  /** The flow with itsme linked and the test app registered: the authorize URL of a user-flow sign-in. */
  async function signInSetUp(): Promise<{ flow: string; url: string }> {
    const flow = await newFlow();
    const idp = await g('POST', '/beta/identity/identityProviders', itsmeProvider({ clientId: PARTNER, clientSecret: SECRET, metadataUrl: itsme.metadataUrls.v2, scope: `openid service:${SERVICE} profile email` }));
    assert.equal(idp.status, 201, JSON.stringify(idp.body));
    assert.equal((await g('POST', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp.body.id}` })).status, 204);
    const app = await g('POST', '/v1.0/applications', testApp());
    assert.equal(app.status, 201, JSON.stringify(app.body));
    const q = new URLSearchParams({ p: flow, client_id: app.body.appId, nonce: 'n-1', redirect_uri: 'https://jwt.ms', scope: 'openid', response_type: 'id_token' });
    return { flow, url: `${b2c.url}/${TENANT}/oauth2/v2.0/authorize?${q}` };
  }

  async function tokenClaims(url: string): Promise<Record<string, unknown>> {
    const r = await signInHeadless({ authorizeUrl: url, itsme });
    const idToken = r.fragment.get('id_token');
    assert.ok(idToken, `a token: ${r.redirect.href}`);
    return decodeJwt(idToken);
  }

  it('a new flow has no application claims ticked (GUESS default); the portal hook ticks and unticks them', async () => {
    const flow = await newFlow();
    assert.deepEqual(emu.applicationClaims(flow), []);
    emu.setApplicationClaims(flow, ['Display Name', 'Email Addresses', "User's Object ID"]);
    assert.deepEqual(emu.applicationClaims(flow), ['Display Name', 'Email Addresses', "User's Object ID"]);
    emu.setApplicationClaims(flow, ['Given Name']);
    assert.deepEqual(emu.applicationClaims(flow), ['Given Name']);
    assert.throws(() => emu.setApplicationClaims(flow, ['Nickname']), /no application claim "Nickname"/);
    assert.throws(() => emu.setApplicationClaims('B2C_1_other', ['Surname']), /No user flow/);
  });

  it("'absent' (default): the relationship is an unknown segment, answered before the permission check", async () => {
    const flow = await newFlow();
    for (const [method, path, body] of [
      ['GET', `/beta/identity/b2cUserFlows/${flow}/applicationClaims`, undefined],
      ['POST', `/beta/identity/b2cUserFlows/${flow}/applicationClaims/$ref`, { '@odata.id': 'https://graph.microsoft.com/beta/identity/userFlowAttributes/displayName' }],
      ['DELETE', `/beta/identity/b2cUserFlows/${flow}/applicationClaims/displayName/$ref`, undefined],
    ] as const) {
      const r = await g(method, path, body);
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.equal(r.body.error.code, 'BadRequest');
      assert.equal(r.body.error.message, SEGMENT_ERROR);
    }
    assert.deepEqual(emu.applicationClaims(flow), [], 'nothing was ticked');
  });

  it("'asInDocsBranch': list, add ($ref), remove — identityUserFlowAttribute objects, conflicts and unknowns", async () => {
    emu.options.applicationClaims.relationship = 'asInDocsBranch';
    const flow = await newFlow();
    const base = `/beta/identity/b2cUserFlows/${flow}/applicationClaims`;
    const list = async () => (await g('GET', base)).body.value as Array<Record<string, unknown>>;
    assert.deepEqual(await list(), []);
    const add = (id: string) => g('POST', `${base}/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/userFlowAttributes/${id}` });
    assert.equal((await add('displayName')).status, 204);
    assert.equal((await add('identityProvider')).status, 204);
    assert.deepEqual(await list(), [
      { id: 'displayName', displayName: 'Display Name', description: 'Display Name', userFlowAttributeType: 'builtIn', dataType: 'string' },
      { id: 'identityProvider', displayName: 'Identity Provider', description: 'Identity Provider', userFlowAttributeType: 'builtIn', dataType: 'string' },
    ]);
    assert.equal((await add('displayName')).status, 409);
    assert.equal((await add('shoeSize')).status, 404);
    assert.deepEqual(emu.applicationClaims(flow), ['Display Name', 'Identity Provider'], 'the portal sees what Graph set');
    emu.setApplicationClaims(flow, ['Surname']);
    assert.deepEqual((await list()).map((a) => a.id), ['surname'], 'Graph reads what the portal ticked');
    assert.equal((await g('DELETE', `${base}/surname/$ref`)).status, 204);
    assert.equal((await g('DELETE', `${base}/surname/$ref`)).status, 404);
    assert.deepEqual(await list(), []);
    // Like its siblings it needs a token; and the unknown-segment answer is gone.
    assert.equal((await call(emu, 'GET', base, { token: null })).status, 401);
  });

  it('the B2C token carries exactly the ticked claims plus the protocol claims', async () => {
    const { flow, url } = await signInSetUp();
    const none = await tokenClaims(url);
    assert.deepEqual(Object.keys(none).sort(), PROTOCOL, 'default: protocol claims only');

    emu.setApplicationClaims(flow, ['Display Name', 'Given Name', 'Surname', 'Email Addresses', 'Identity Provider', "User's Object ID", 'User is new', 'City']);
    const all = await tokenClaims(url);
    // City has no value (no sign-up page collects it): left out. The user signed in before: newUser is absent.
    assert.deepEqual(Object.keys(all).sort(), [...PROTOCOL, 'emails', 'family_name', 'given_name', 'idp', 'name', 'oid'].sort());
    assert.equal(all['oid'], all['sub']);
    assert.equal(all['idp'], itsme.issuers.v2);
    assert.ok(Array.isArray(all['emails']));
    assert.equal(typeof all['name'], 'string');

    emu.setApplicationClaims(flow, ['Surname', 'User is new']);
    const second = await tokenClaims(url.replace('n-1', 'n-2'));
    assert.deepEqual(Object.keys(second).sort(), [...PROTOCOL, 'family_name'].sort(), 'newUser only on the first sign-in');
  });

  it('newUser is true on the first sign-in of a user', async () => {
    const { flow, url } = await signInSetUp();
    emu.setApplicationClaims(flow, ['User is new']);
    const first = await signInHeadless({ authorizeUrl: url, itsme, phone: itsme.identities[1]!.phone });
    assert.equal(decodeJwt(first.fragment.get('id_token')!)['newUser'], true);
  });

  it('the standalone emulator takes the switch: --application-claims absent|asInDocsBranch (default absent)', () => {
    assert.equal(parseEmulatorArgs(['graph']).graph.applicationClaims, 'absent');
    assert.equal(parseEmulatorArgs(['all', '--application-claims', 'asInDocsBranch']).graph.applicationClaims, 'asInDocsBranch');
    assert.throws(() => parseEmulatorArgs(['b2c', '--application-claims', 'yes']), /--application-claims must be one of absent, asInDocsBranch/);
  });
});
