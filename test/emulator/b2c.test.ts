// B2C-specific behaviour: identity providers and user flows (graph-b2c.md §1, §2) and schema validation.
import * as assert from 'node:assert/strict';
import { type GraphEmulator } from '../../emulators/index';
import { itsmeProvider, startWithCaller, type GraphCaller } from './test-helpers';

describe('emulator: B2C identity providers and user flows', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller()));
  after(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.setUndocumentedUserFlowProps('store');
  });

  async function newProvider(overrides: Record<string, unknown> = {}): Promise<string> {
    const r = await g('POST', '/beta/identity/identityProviders', itsmeProvider(overrides));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }

  async function newFlow(id = 'itsme'): Promise<string> {
    const r = await g('POST', '/beta/identity/b2cUserFlows', { id, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }

  describe('identity providers', () => {
    it('never returns the secret: "****" on create, get and list; PATCH is 204, DELETE 204', async () => {
      const id = await newProvider({ '@odata.type': 'microsoft.graph.openIdConnectIdentityProvider' }); // '#' optional
      const one = await g('GET', `/beta/identity/identityProviders/${id}`);
      assert.equal(one.body.clientSecret, '****');
      assert.equal(one.body['@odata.type'], '#microsoft.graph.openIdConnectIdentityProvider');
      const list = await g('GET', '/beta/identity/identityProviders');
      assert.match(list.body['@odata.context'], /\$metadata#Collection\(microsoft\.graph\.identityProviderBase\)$/);
      assert.deepEqual(list.body.value.map((p: { clientSecret: string }) => p.clientSecret), ['****']);
      assert.equal(JSON.stringify([one.body, list.body]).includes('itsme-secret-value'), false);

      const patch = await g('PATCH', `/beta/identity/identityProviders/${id}`, { '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider', scope: 'openid profile' });
      assert.equal(patch.status, 204);
      assert.equal(emu.state.identityProviders[0]!.scope, 'openid profile');
      assert.equal(emu.state.identityProviders[0]!.clientSecret, 'itsme-secret-value');
      assert.equal((await g('DELETE', `/beta/identity/identityProviders/${id}`)).status, 204);
      assert.equal((await g('GET', `/beta/identity/identityProviders/${id}`)).status, 404);
    });

    it('enforces the OIDC rules: secret with code, claimsMapping userId+displayName, https metadata, unique name', async () => {
      const bad = async (overrides: Record<string, unknown>) => {
        const r = await g('POST', '/beta/identity/identityProviders', itsmeProvider(overrides));
        return [r.status, r.body.error?.code];
      };
      assert.deepEqual(await bad({ clientSecret: undefined }), [400, 'BadRequest']);
      assert.deepEqual(await bad({ claimsMapping: { displayName: 'name' } }), [400, 'BadRequest']);
      assert.deepEqual(await bad({ claimsMapping: { userId: 'sub' } }), [400, 'BadRequest']);
      assert.deepEqual(await bad({ metadataUrl: 'http://oidc.example/.well-known/openid-configuration' }), [400, 'BadRequest']);
      assert.deepEqual(await bad({ responseType: 'token' }), [400, 'BadRequest']);
      assert.deepEqual(await bad({ '@odata.type': undefined }), [400, 'BadRequest']);
      assert.equal(emu.state.identityProviders.length, 0);
      // id_token needs no secret.
      await newProvider({ displayName: 'other', responseType: 'id_token', responseMode: 'form_post', clientSecret: undefined });
      await newProvider();
      assert.deepEqual(await bad({}), [409, 'Conflict']);
      assert.deepEqual(await bad({ displayName: 'ITSME' }), [409, 'Conflict']);
    });

    it('openIdConnectIdentityProvider is not a v1.0 type', async () => {
      const r = await g('POST', '/v1.0/identity/identityProviders', itsmeProvider());
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /openIdConnectIdentityProvider' could not be resolved by the model/);
      assert.equal(emu.state.identityProviders.length, 0);
    });

    it('validates bodies against the CSDL: unknown property, enum value, primitive type, nullability', async () => {
      const post = (o: Record<string, unknown>) => g('POST', '/beta/identity/identityProviders', itsmeProvider(o));
      const unknown = await post({ clientSecrett: 'x' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.message, "Property 'clientSecrett' does not exist on type 'microsoft.graph.openIdConnectIdentityProvider'.");
      const mode = await post({ responseMode: 'fragment' });
      assert.equal(mode.status, 400);
      assert.match(mode.body.error.message, /microsoft\.graph\.openIdConnectResponseMode/);
      assert.equal((await post({ responseType: 'code,id_token' })).status, 201, 'flags enum accepts a comma list');
      const prim = await post({ displayName: 'n2', clientId: 42 });
      assert.equal(prim.status, 400);
      assert.match(prim.body.error.message, /Edm\.String/);
      const nul = await post({ displayName: 'n3', responseMode: null });
      assert.equal(nul.status, 400);
      assert.match(nul.body.error.message, /Nullable=False/);
      // claimsMapping is an open complex type: extra claims are accepted.
      assert.equal((await post({ displayName: 'n4', claimsMapping: { userId: 'sub', displayName: 'name', birthdate: 'birthdate' } })).status, 201);
      const json = await g('POST', '/beta/identity/identityProviders', '{not json');
      assert.equal(json.status, 400);
    });

    it('lists the available provider types of a B2C tenant', async () => {
      const r = await g('GET', '/beta/identity/identityProviders/availableProviderTypes');
      assert.deepEqual(r.body.value, ['Microsoft', 'Google', 'Facebook', 'Amazon', 'LinkedIn', 'Weibo', 'QQ', 'WeChat', 'Twitter', 'GitHub', 'AppleManaged', 'OpenIdConnect']);
    });
  });

  describe('user flows', () => {
    it('adds the B2C_1_ prefix unless already present; 201 + Location; 409 on duplicates', async () => {
      const r = await g('POST', '/beta/identity/b2cUserFlows', { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
      assert.equal(r.status, 201);
      assert.equal(r.body.id, 'B2C_1_itsme');
      assert.equal(r.headers.get('location'), `${emu.url}/beta/identity/b2cUserFlows/B2C_1_itsme`);
      assert.equal(r.body.isLanguageCustomizationEnabled, false);
      assert.equal(await newFlow('B2C_1_other'), 'B2C_1_other');
      const dup = await g('POST', '/beta/identity/b2cUserFlows', { id: 'B2C_1_itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
      assert.equal(dup.status, 409);
      const dup2 = await g('POST', '/beta/identity/b2cUserFlows', { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
      assert.equal(dup2.status, 409);
      assert.deepEqual(emu.state.userFlows.map((f) => f.id), ['B2C_1_itsme', 'B2C_1_other']);
      const list = await g('GET', '/beta/identity/b2cUserFlows');
      assert.equal(list.body.value.length, 2);
      assert.equal((await g('GET', "/beta/identity/b2cUserFlows('B2C_1_itsme')")).body.id, 'B2C_1_itsme');
      assert.equal((await g('PATCH', '/beta/identity/b2cUserFlows/B2C_1_itsme', { isLanguageCustomizationEnabled: true })).status, 204);
      assert.equal(emu.state.userFlows[0]!.isLanguageCustomizationEnabled, true);
      assert.equal((await g('DELETE', '/beta/identity/b2cUserFlows/B2C_1_other')).status, 204);
      const bad = await g('POST', '/beta/identity/b2cUserFlows', { id: 'x', userFlowType: 'signUpAndIn', userFlowTypeVersion: 3 });
      assert.equal(bad.status, 400);
    });

    it('does not exist in v1.0', async () => {
      const r = await g('GET', '/v1.0/identity/b2cUserFlows');
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'BadRequest');
      assert.equal(r.body.error.message, "Resource not found for the segment 'b2cUserFlows'.");
    });

    it('links with POST $ref (204); PATCH $ref is 405 with the service\'s message; DELETE $ref unlinks', async () => {
      const idp = await newProvider();
      const flow = await newFlow();
      const ref = { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp}` };
      const patch = await g('PATCH', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, ref);
      assert.equal(patch.status, 405);
      assert.equal(patch.body.error.code, 'MethodNotAllowed');
      assert.equal(patch.body.error.message, 'Only GET, POST, PUT, DELETE are allowed for $ref requests, but received: | PATCH');
      const put = await g('PUT', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, ref);
      assert.equal(put.body.error.code, 'UnknownError');
      assert.deepEqual(emu.state.userFlows[0]!.userFlowIdentityProviders, []);

      assert.equal((await g('POST', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, ref)).status, 204);
      assert.deepEqual(emu.state.userFlows[0]!.userFlowIdentityProviders, [idp]);
      assert.equal((await g('POST', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, ref)).status, 409);
      const unknown = await g('POST', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`, {
        '@odata.id': `${emu.url}/beta/identity/identityProviders/OIDC-V1-nope-00000000-0000-0000-0000-000000000000`,
      });
      assert.equal(unknown.status, 404);
      const refs = await g('GET', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/$ref`);
      assert.equal(refs.body.value[0]['@odata.id'], `${emu.url}/beta/identity/identityProviders/${idp}`);
      assert.equal((await g('DELETE', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/${idp}/$ref`)).status, 204);
      assert.deepEqual(emu.state.userFlows[0]!.userFlowIdentityProviders, []);
      assert.equal((await g('DELETE', `/beta/identity/b2cUserFlows/${flow}/userFlowIdentityProviders/${idp}/$ref`)).status, 404);
    });

    it('handles the undocumented properties per mode: store, ignore, reject', async () => {
      const flow = await newFlow();
      const body = {
        tokenLifetimeConfiguration: { accessAndIdTokenLifetimeInMinutes: 5, rollingRefreshTokenLifetimeInDays: -1 },
        multifactorAuthenticationConfiguration: { multifactorAuthenticationState: 'off' },
      };
      assert.equal((await g('PATCH', `/beta/identity/b2cUserFlows/${flow}`, body)).status, 204);
      let got = await g('GET', `/beta/identity/b2cUserFlows/${flow}`);
      assert.deepEqual(got.body.tokenLifetimeConfiguration, { accessAndIdTokenLifetimeInMinutes: 5, refreshTokenLifetimeInDays: 14, rollingRefreshTokenLifetimeInDays: -1 });
      assert.deepEqual(got.body.multifactorAuthenticationConfiguration, { multifactorAuthenticationState: 'off' });
      const outOfBounds = await g('PATCH', `/beta/identity/b2cUserFlows/${flow}`, { tokenLifetimeConfiguration: { accessAndIdTokenLifetimeInMinutes: 2 } });
      assert.equal(outOfBounds.status, 400);

      emu.setUndocumentedUserFlowProps('ignore');
      const other = await newFlow('ignored');
      assert.equal((await g('PATCH', `/beta/identity/b2cUserFlows/${other}`, body)).status, 204);
      got = await g('GET', `/beta/identity/b2cUserFlows/${other}`);
      assert.equal('tokenLifetimeConfiguration' in got.body, false);
      assert.equal(emu.state.userFlows[1]!.tokenLifetimeConfiguration, undefined);

      emu.setUndocumentedUserFlowProps('reject');
      const rejected = await g('PATCH', `/beta/identity/b2cUserFlows/${other}`, body);
      assert.equal(rejected.status, 400);
      assert.match(rejected.body.error.message, /^Invalid property 'tokenLifetimeConfiguration'/);
      const onCreate = await g('POST', '/beta/identity/b2cUserFlows', { id: 'x', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3, ...body });
      assert.equal(onCreate.status, 400);
      // Any other unknown property is a schema error in every mode.
      const typo = await g('PATCH', `/beta/identity/b2cUserFlows/${other}`, { tokenLifetime: {} });
      assert.equal(typo.body.error.message, "Property 'tokenLifetime' does not exist on type 'microsoft.graph.b2cIdentityUserFlow'.");
    });
  });
});
