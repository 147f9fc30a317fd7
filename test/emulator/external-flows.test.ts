// External ID user flows: authenticationEventsFlows, their providers ($ref) and applications (external-id.md §3, §8.3–6).
import * as assert from 'node:assert/strict';
import { flowForApp, startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { externalApp, FLOW_APPS, FLOW_IDPS, itsmeFlow, itsmeOidc } from './external-helpers';
import { graph, tokenFor, startWithCaller, type GraphCaller } from './test-helpers';

const FLOWS = '/v1.0/identity/authenticationEventsFlows';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: External ID user flows (authenticationEventsFlows)', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller({ tenantType: 'CIAM' })));
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  async function newFlow(overrides: Record<string, unknown> = {}): Promise<string> {
    const r = await g('POST', FLOWS, itsmeFlow(overrides));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }
  async function newOidc(): Promise<string> {
    const r = await g('POST', '/v1.0/identity/identityProviders', itsmeOidc());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  }
  /** An app with its service principal: what includeApplications needs. */
  async function newAppWithSp(name = 'itsme-test-jwtms'): Promise<string> {
    const app = await g('POST', '/v1.0/applications', externalApp({ displayName: name }));
    assert.equal((await g('POST', '/v1.0/servicePrincipals', { appId: app.body.appId })).status, 201);
    return app.body.appId as string;
  }

  describe('create / read / update / delete', () => {
    it('POST → 201 with the §3.2 echo quirks', async () => {
      const appId = await newAppWithSp();
      const r = await g('POST', FLOWS, itsmeFlow({ conditions: { applications: { includeApplications: [{ appId }] } } }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const b = r.body;
      assert.match(b['@odata.context'], /\/v1\.0\/\$metadata#identity\/authenticationEventsFlows\/\$entity$/);
      assert.equal(b['@odata.type'], '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow');
      assert.match(b.id, GUID);
      assert.equal(b.description, null);
      assert.equal(b.priority, 500);
      assert.deepEqual(b.conditions, { applications: { includeAllApplications: false } });
      assert.deepEqual(b.onAuthenticationMethodLoadStart, { '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp' });
      assert.equal(b.onAttributeCollectionStart, null);
      assert.equal(b.onAttributeCollectionSubmit, null);
      assert.deepEqual(b.onAttributeCollection.accessPackages, []);
      assert.equal(b.onAttributeCollection.attributeCollectionPage.customStringsFileId, null);
      assert.equal('attributes' in b.onAttributeCollection, false);
      const input = b.onAttributeCollection.attributeCollectionPage.views[0].inputs[0];
      assert.equal(input.defaultValue, null);
      assert.deepEqual(input.options, []);
      assert.equal(input.inputType, 'text'); // sent "Text" (the docs' own example), echoed in CSDL spelling
      assert.equal(b.onUserCreateStart.userTypeToCreate, 'member');
      // …while the link exists: the flow for the app.
      assert.equal(flowForApp(emu.state, appId)!.id, b.id);
    });

    it('POST without onUserCreateStart echoes it as null', async () => {
      const r = await g('POST', FLOWS, itsmeFlow({ onUserCreateStart: undefined }));
      assert.equal(r.body.onUserCreateStart, null);
    });

    it('POST requires @odata.type and a unique displayName; body checked against the CSDL', async () => {
      assert.equal((await g('POST', FLOWS, itsmeFlow({ '@odata.type': undefined }))).status, 400);
      assert.equal((await g('POST', FLOWS, itsmeFlow({ '@odata.type': '#microsoft.graph.authenticationEventsFlow' }))).status, 400);
      assert.equal((await g('POST', FLOWS, itsmeFlow({ displayName: undefined }))).status, 400);
      assert.equal((await g('POST', FLOWS, itsmeFlow({ unknownThing: 1 }))).status, 400);
      assert.equal((await g('POST', FLOWS, itsmeFlow({ onInteractiveAuthFlowStart: { isSignUpAllowed: true } }))).status, 400); // abstract handler
      assert.equal((await g('POST', FLOWS, itsmeFlow({ onUserCreateStart: { '@odata.type': '#microsoft.graph.onUserCreateStartExternalUsersSelfServiceSignUp', userTypeToCreate: 'admin' } }))).status, 400);
      await newFlow();
      const dup = await g('POST', FLOWS, itsmeFlow({ displayName: 'ITSME sign-up sign-in' }));
      assert.equal(dup.status, 400);
    });

    it('GUESS duplicateFlowNameStatus: 409 when switched', async () => {
      emu.options.external.duplicateFlowNameStatus = 409;
      await newFlow();
      assert.equal((await g('POST', FLOWS, itsmeFlow())).status, 409);
    });

    it('GUESS requireProviderAtCreate: a flow without providers is refused by default, accepted when off', async () => {
      const none = itsmeFlow({ onAuthenticationMethodLoadStart: { '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp', identityProviders: [] } });
      assert.equal((await g('POST', FLOWS, none)).status, 400);
      emu.options.external.requireProviderAtCreate = false;
      assert.equal((await g('POST', FLOWS, none)).status, 201);
    });

    it('GET and LIST: the §3.3 shape (providers, attributes and apps inline); secrets masked', async () => {
      const idp = await newOidc();
      const appId = await newAppWithSp();
      const id = await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
      assert.equal((await g('POST', `${FLOW_IDPS(id)}/identityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/identity/identityProviders/${idp}` })).status, 204);
      const list = await g('GET', FLOWS);
      assert.equal(list.status, 200);
      const f = list.body.value[0];
      assert.deepEqual(f.conditions.applications.includeApplications, [{ appId }]);
      assert.equal(f.conditions.applications.includeAllApplications, false);
      assert.ok(f.conditions.applications['includeApplications@odata.context']);
      const idps = f.onAuthenticationMethodLoadStart.identityProviders;
      assert.deepEqual(idps.map((p: { id: string }) => p.id), ['EmailPassword-OAUTH', idp]);
      assert.equal(idps[0]['@odata.type'], '#microsoft.graph.builtInIdentityProvider');
      assert.equal(idps[0].displayName, 'Email with password');
      assert.match(idps[1].clientAuthentication.clientSecret, /^\*+$/);
      assert.deepEqual(f.onAttributeCollection.attributes.map((a: { id: string }) => a.id), ['email', 'displayName']);
      const one = await g('GET', `${FLOWS}/${id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body.onAuthenticationMethodLoadStart.identityProviders.length, 2);
      assert.equal(JSON.stringify([list.body, one.body]).includes('itsme-secret-value'), false);
      assert.equal((await g('GET', `${FLOWS}/00000000-0000-4000-8000-000000000000`)).status, 404);
    });

    it('$filter: the three documented any() forms and displayName eq (GUESS); other filters refused', async () => {
      const appId = await newAppWithSp();
      const a = await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
      const b = await newFlow({
        displayName: 'other',
        onAttributeCollection: { '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp', attributes: [{ id: 'city' }], attributeCollectionPage: { views: [] } },
        onAuthenticationMethodLoadStart: { '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp', identityProviders: [{ id: 'EmailOtpSignup-OAUTH' }] },
      });
      const ids = async (filter: string) => {
        const r = await g('GET', `${FLOWS}?$filter=${encodeURIComponent(filter)}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.value.map((f: { id: string }) => f.id);
      };
      const cast = 'microsoft.graph.externalUsersSelfServiceSignUpEventsFlow';
      assert.deepEqual(await ids(`${cast}/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp/identityProviders/any(idp:idp/id eq 'EmailOtpSignup-OAUTH')`), [b]);
      assert.deepEqual(await ids(`${cast}/onAttributeCollection/microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp/attributes/any(attribute:attribute/id eq 'city')`), [b]);
      assert.deepEqual(await ids(`${cast}/conditions/applications/includeApplications/any(appId:appId/appId eq '${appId}')`), [a]);
      assert.deepEqual(await ids("displayName eq 'other'"), [b]);
      assert.equal((await g('GET', `${FLOWS}?$filter=${encodeURIComponent("startswith(displayName,'o')")}`)).status, 400);
      const top = await g('GET', `${FLOWS}?$top=1&$orderby=displayName desc`);
      assert.deepEqual(top.body.value.map((f: { id: string }) => f.id), [b]);
    });

    it('PATCH requires @odata.type → 204; inputs replace; onAttributeCollection only if configured at create', async () => {
      const id = await newFlow();
      assert.equal((await g('PATCH', `${FLOWS}/${id}`, { description: 'x' })).status, 400);
      const T = '#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow';
      assert.equal((await g('PATCH', `${FLOWS}/${id}`, { '@odata.type': T, description: 'x' })).status, 204);
      const page = { views: [{ inputs: [{ attribute: 'email', label: 'Email', inputType: 'text', required: true }] }] };
      const r = await g('PATCH', `${FLOWS}/${id}`, {
        '@odata.type': T,
        onAttributeCollection: { '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp', attributeCollectionPage: page },
      });
      assert.equal(r.status, 204, JSON.stringify(r.body));
      const one = await g('GET', `${FLOWS}/${id}`);
      assert.equal(one.body.description, 'x');
      assert.deepEqual(one.body.onAttributeCollection.attributeCollectionPage.views[0].inputs.map((i: { attribute: string }) => i.attribute), ['email']);
      const bare = await newFlow({ displayName: 'bare', onAttributeCollection: undefined });
      const r2 = await g('PATCH', `${FLOWS}/${bare}`, {
        '@odata.type': T,
        onAttributeCollection: { '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp', attributeCollectionPage: page },
      });
      assert.equal(r2.status, 400);
      // Renaming onto another flow's name is the duplicate-name rule.
      assert.equal((await g('PATCH', `${FLOWS}/${bare}`, { '@odata.type': T, displayName: 'itsme sign-up sign-in' })).status, 400);
    });

    it('DELETE → 204 and unlinks the apps', async () => {
      const appId = await newAppWithSp();
      const id = await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
      assert.equal((await g('DELETE', `${FLOWS}/${id}`)).status, 204);
      assert.equal(flowForApp(emu.state, appId), undefined);
      // The app can be linked to a new flow.
      await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
    });

    it('needs EventListener permissions; refused in a B2C tenant (GUESS wrongTenantStatus 400, or 403)', async () => {
      const ro = await startGraphEmulator({ tenantType: 'CIAM', tenant: { grantedPermissions: ['EventListener.Read.All'] } });
      try {
        const rg = graph(ro, await tokenFor(ro));
        assert.equal((await rg('GET', FLOWS)).status, 200);
        assert.equal((await rg('POST', FLOWS, itsmeFlow())).status, 403);
      } finally {
        await ro.stop();
      }
      const b2c = await startGraphEmulator({ tenant: { grantedPermissions: ['EventListener.ReadWrite.All'] } });
      try {
        const bg = graph(b2c, await tokenFor(b2c));
        assert.equal((await bg('GET', FLOWS)).status, 400);
        b2c.options.external.wrongTenantStatus = 403;
        assert.equal((await bg('GET', FLOWS)).status, 403);
      } finally {
        await b2c.stop();
      }
    });
  });

  describe('identity providers of a flow ($ref)', () => {
    it('LIST; POST $ref accepts the @odata.id forms; DELETE by both path forms', async () => {
      const idp = await newOidc();
      const id = await newFlow();
      const link = (ref: string) => g('POST', `${FLOW_IDPS(id)}/identityProviders/$ref`, { '@odata.id': ref });
      assert.equal((await link('https://graph.microsoft.com/beta/identityProviders/EmailOtpSignup-OAUTH')).status, 204); // the docs' form
      assert.equal((await link(`https://graph.microsoft.com/v1.0/identity/identityProviders/${idp}`)).status, 204);
      assert.equal((await link(`https://graph.microsoft.com/v1.0/identity/identityProviders/${idp}`)).status, 409); // already linked
      const list = await g('GET', `${FLOW_IDPS(id)}/identityProviders/`); // the docs' trailing slash
      assert.equal(list.status, 200);
      assert.match(list.body['@odata.context'], /Collection\(microsoft\.graph\.identityProviderBase\)$/);
      assert.deepEqual(list.body.value.map((p: { id: string }) => p.id), ['EmailPassword-OAUTH', 'EmailOtpSignup-OAUTH', idp]);
      assert.equal((await g('DELETE', `${FLOW_IDPS(id)}/EmailOtpSignup-OAUTH/$ref`)).status, 204); // documented form
      assert.equal((await g('DELETE', `${FLOW_IDPS(id)}/identityProviders/EmailPassword-OAUTH/$ref`)).status, 204); // OData form
      assert.equal((await g('DELETE', `${FLOW_IDPS(id)}/identityProviders/EmailPassword-OAUTH/$ref`)).status, 404);
      assert.equal((await link(`identityProviders('EmailPassword-OAUTH')`)).status, 204);
    });

    it('GUESS unknownProviderRefStatus: 400 by default, 404 when switched', async () => {
      const id = await newFlow();
      const ref = { '@odata.id': 'https://graph.microsoft.com/v1.0/identity/identityProviders/nope' };
      assert.equal((await g('POST', `${FLOW_IDPS(id)}/identityProviders/$ref`, ref)).status, 400);
      emu.options.external.unknownProviderRefStatus = 404;
      assert.equal((await g('POST', `${FLOW_IDPS(id)}/identityProviders/$ref`, ref)).status, 404);
    });

    it('GUESS removeLastProvider: refused by default, allowed when switched', async () => {
      const id = await newFlow();
      assert.equal((await g('DELETE', `${FLOW_IDPS(id)}/identityProviders/EmailPassword-OAUTH/$ref`)).status, 400);
      emu.options.external.removeLastProvider = 'allow';
      assert.equal((await g('DELETE', `${FLOW_IDPS(id)}/identityProviders/EmailPassword-OAUTH/$ref`)).status, 204);
    });

    it('GUESS deleteLinkedProvider: DELETE of a linked provider refused by default; "unlink" removes it from the flow', async () => {
      const idp = await newOidc();
      const id = await newFlow();
      await g('POST', `${FLOW_IDPS(id)}/identityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/identity/identityProviders/${idp}` });
      assert.equal((await g('DELETE', `/v1.0/identity/identityProviders/${idp}`)).status, 400);
      emu.options.external.deleteLinkedProvider = 'unlink';
      assert.equal((await g('DELETE', `/v1.0/identity/identityProviders/${idp}`)).status, 204);
      assert.deepEqual(emu.state.authenticationEventsFlows[0]!.identityProviderIds, ['EmailPassword-OAUTH']);
    });
  });

  describe('applications of a flow (includeApplications)', () => {
    it('POST → 201 {appId}; LIST; GET; DELETE …/{appId} → 204 (GUESS path)', async () => {
      const appId = await newAppWithSp();
      const id = await newFlow();
      const r = await g('POST', FLOW_APPS(id), { '@odata.type': '#microsoft.graph.authenticationConditionApplication', appId });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.appId, appId);
      assert.match(r.body['@odata.context'], /includeApplications\/\$entity$/);
      assert.deepEqual((await g('GET', FLOW_APPS(id))).body.value, [{ appId }]);
      assert.equal((await g('GET', `${FLOW_APPS(id)}/${appId}`)).status, 200);
      assert.equal((await g('DELETE', `${FLOW_APPS(id)}/${appId}`)).status, 204);
      assert.deepEqual((await g('GET', FLOW_APPS(id))).body.value, []);
      assert.equal((await g('DELETE', `${FLOW_APPS(id)}/${appId}`)).status, 404);
    });

    it('the app must have a service principal (400 otherwise)', async () => {
      const app = await g('POST', '/v1.0/applications', externalApp());
      const id = await newFlow();
      assert.equal((await g('POST', FLOW_APPS(id), { appId: app.body.appId })).status, 400);
      assert.equal((await g('POST', FLOW_APPS(id), {})).status, 400);
    });

    it('GUESS appInAnotherFlowStatus: one flow per app — 400 by default, 409 when switched; never moved silently', async () => {
      const appId = await newAppWithSp();
      const a = await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
      const b = await newFlow({ displayName: 'second' });
      const r = await g('POST', FLOW_APPS(b), { appId });
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /one user flow/);
      assert.equal(flowForApp(emu.state, appId)!.id, a);
      emu.options.external.appInAnotherFlowStatus = 409;
      assert.equal((await g('POST', FLOW_APPS(b), { appId })).status, 409);
      assert.equal((await g('POST', FLOWS, itsmeFlow({ displayName: 'third', conditions: { applications: { includeApplications: [{ appId }] } } }))).status, 409);
    });

    it('deleting the application unlinks it (assumption)', async () => {
      const appId = await newAppWithSp();
      await newFlow({ conditions: { applications: { includeApplications: [{ appId }] } } });
      const app = emu.state.applications.find((x) => x.appId === appId)!;
      assert.equal((await g('DELETE', `/v1.0/applications/${app.id}`)).status, 204);
      assert.equal(flowForApp(emu.state, appId), undefined);
    });
  });

  describe('faults, latency and strict query options apply as for B2C', () => {
    it('a 503 fault on POST flows, then the retry creates exactly one flow', async () => {
      emu.faults.add({ match: { method: 'POST', path: /authenticationEventsFlows$/ }, fault: { kind: 'status', status: 503 }, times: 1 });
      assert.equal((await g('POST', FLOWS, itsmeFlow())).status, 503);
      assert.equal((await g('POST', FLOWS, itsmeFlow())).status, 201);
      assert.equal(emu.state.authenticationEventsFlows.length, 1);
    });

    it('an undocumented query option on the flow providers list is ignored (strict) or refused (reject)', async () => {
      const id = await newFlow();
      const r = await g('GET', `${FLOW_IDPS(id)}/identityProviders?$select=id`);
      assert.equal(r.status, 200);
      assert.deepEqual(emu.log.at(-1)!.ignoredQuery, ['$select']);
      emu.options.undocumentedQuery = 'reject';
      assert.equal((await g('GET', `${FLOW_IDPS(id)}/identityProviders?$select=id`)).status, 400);
    });
  });
});
