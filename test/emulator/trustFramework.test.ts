// The Graph emulator's trustFramework endpoints (b2c-custom-policy.md §3, §6): custom policies as XML, policy key
// sets with write-only material, B2C + beta only, and each GUESS switch in both positions.
import * as assert from 'node:assert/strict';
import { startGraphEmulator, type GraphEmulator } from '../../emulators/index';
import { loadMergedPolicy, parsePolicyFile } from '../../emulators/graph/trust-framework-merge';
import { generatePolicySet } from '../../src/core/policy/generate';
import type { CustomPolicyOptions } from '../../src/core/policy/options';
import { call, tokenFor } from './test-helpers';

const NS = 'http://schemas.microsoft.com/online/cpim/schemas/2013/06';
const TENANT = 'contosob2c.onmicrosoft.com';
const PERMS = ['Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All', 'Organization.Read.All'];
const SECRET = 'itsme-Client-Secret-value-42';

function policy(id: string, opts: { base?: string; tenant?: string; root?: string; ns?: string; version?: string } = {}): string {
  const root = opts.root ?? 'TrustFrameworkPolicy';
  const tenant = opts.tenant ?? TENANT;
  const base = opts.base ? `<BasePolicy><TenantId>${tenant}</TenantId><PolicyId>${opts.base}</PolicyId></BasePolicy>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<${root} xmlns="${opts.ns ?? NS}" PolicySchemaVersion="${opts.version ?? '0.3.0.0'}" TenantId="${tenant}" PolicyId="${id}" PublicPolicyUri="http://${tenant}/${id}">
  ${base}
</${root}>`;
}

const OPTIONS: CustomPolicyOptions = {
  tenant: TENANT,
  name: 'itsme',
  metadataUrl: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration',
  partnerCode: 'PARTNERCODE',
  serviceCode: 'SERVICECODE',
  claims: ['nationalNumber'],
  assurance: 'advanced',
  uiLocale: 'fr',
  lifetimes: { accessTokenSeconds: 300, idTokenSeconds: 300, refreshTokenSeconds: 1209600, rollingWindow: 'noExpiry' },
};

/** The generated pair (base, relying party) and the key set ids its XML references. */
function generated(): { base: { id: string; xml: string }; rp: { id: string; xml: string }; keySets: string[] } {
  const [base, rp] = generatePolicySet(OPTIONS);
  const keySets = parsePolicyFile(base!.xml).technicalProfiles.flatMap((tp) => Object.values(tp.cryptographicKeys));
  return { base: base!, rp: rp!, keySets: [...new Set(keySets)] };
}

/** Replaces one exact piece of the XML, failing loudly when it is not there (so a generator change shows up). */
function edit(xml: string, from: string, to: string): string {
  assert.ok(xml.includes(from), `fixture: ${from} not in the XML`);
  return xml.replace(from, to);
}

describe('emulator: trustFramework (custom policies and key sets)', () => {
  let emu: GraphEmulator;
  let token: string;
  const g = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(emu, method, path, { token, body, headers });
  const put = (id: string, xml: string, contentType = 'application/xml') =>
    call(emu, 'PUT', `/beta/trustFramework/policies/${id}/$value`, { token, body: xml, headers: { 'Content-Type': contentType } });

  before(async () => {
    emu = await startGraphEmulator({ tenant: { grantedPermissions: PERMS } });
    token = await tokenFor(emu);
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  describe('policies', () => {
    it('PUT creates (201) then replaces (200); list gives ids; GET $value returns the XML with TenantObjectId', async () => {
      const first = await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'));
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.match(first.headers.get('content-type')!, /application\/xml/);
      const again = await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'));
      assert.equal(again.status, 200);
      const list = await g('GET', '/beta/trustFramework/policies');
      assert.deepEqual(list.body.value, [{ id: 'B2C_1A_ItsmeBase' }]);
      const xml = await g('GET', '/beta/trustFramework/policies/B2C_1A_ItsmeBase/$value');
      assert.equal(xml.status, 200);
      assert.match(xml.headers.get('content-type')!, /application\/xml/);
      assert.equal(typeof xml.body, 'string');
      assert.match(xml.body, new RegExp(`TenantObjectId="${emu.tenantId}"`));
      assert.match(xml.body, /PolicyId="B2C_1A_ItsmeBase"/);
      // Policy ids compare case-insensitively.
      assert.equal((await g('GET', '/beta/trustFramework/policies/b2c_1a_itsmebase/$value')).status, 200);
      assert.equal((await g('GET', '/beta/trustFramework/policies/B2C_1A_Nope/$value')).status, 404);
    });

    it('refuses malformed XML, a wrong root or namespace, a bad prefix, schema version or TenantId (AADB2C, 400)', async () => {
      const fails = async (id: string, xml: string, pattern: RegExp) => {
        const r = await put(id, xml);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'AADB2C');
        assert.match(r.body.error.message, new RegExp(`^Validation failed: \\d+ validation error\\(s\\) found in policy "${id.toUpperCase()}" of tenant "${TENANT}"\\.`));
        assert.match(r.body.error.message, pattern);
      };
      await fails('B2C_1A_X', '<TrustFrameworkPolicy><unclosed></TrustFrameworkPolicy>', /Schema validation error found at line \d+ col \d+/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { root: 'Policy' }), /root element must be 'TrustFrameworkPolicy'/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { ns: 'urn:other' }), /must be in namespace/);
      await fails('B2C_1_X', policy('B2C_1_X'), /must be prefixed by 'B2C_1A_'/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { version: '0.2.0.0' }), /PolicySchemaVersion/);
      await fails('B2C_1A_X', policy('B2C_1A_X', { tenant: 'other.onmicrosoft.com' }), /TenantId in the policy xml 'other\.onmicrosoft\.com' is not same as the one in login tenant 'contosob2c\.onmicrosoft\.com'\./);
      assert.deepEqual(emu.state.trustFramework.policies, []);
      // Content-Type application/xml is required.
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'), 'application/json')).status, 415);
    });

    it('refuses a BasePolicy that is not uploaded yet, with the documented message; accepts it once the base exists', async () => {
      const rp = await put('B2C_1A_signin_itsme', policy('B2C_1A_signin_itsme', { base: 'B2C_1A_ItsmeBase' }));
      assert.equal(rp.status, 400);
      assert.equal(rp.body.error.code, 'AADB2C');
      assert.equal(
        rp.body.error.message,
        `Validation failed: 1 validation error(s) found in policy "B2C_1A_SIGNIN_ITSME" of tenant "${TENANT}".` +
          `Policy with 'policyId': B2C_1A_ITSMEBASE cannot be found in the directory '${emu.tenantId}'.`,
      );
      assert.equal((await put('B2C_1A_ItsmeBase', policy('B2C_1A_ItsmeBase'))).status, 201);
      assert.equal((await put('B2C_1A_signin_itsme', policy('B2C_1A_signin_itsme', { base: 'B2C_1A_ItsmeBase' }))).status, 201);
      assert.equal(emu.state.trustFramework.policies[1]!.basePolicyId, 'B2C_1A_ItsmeBase');
    });

    it('GUESS policyIdMustMatchUrl: true (default) refuses a PolicyId that differs from the URL; false stores it under its PolicyId', async () => {
      const r = await put('B2C_1A_Url', policy('B2C_1A_Other'));
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /does not match the policy id 'B2C_1A_Url'/);
      emu.options.trustFramework.policyIdMustMatchUrl = false;
      assert.equal((await put('B2C_1A_Url', policy('B2C_1A_Other'))).status, 201);
      assert.deepEqual((await g('GET', '/beta/trustFramework/policies')).body.value, [{ id: 'B2C_1A_Other' }]);
    });

    it('GUESS validationErrorStatus: 400 by default, 409 when switched', async () => {
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X', { base: 'B2C_1A_Missing' }))).status, 400);
      emu.options.trustFramework.validationErrorStatus = 409;
      const r = await put('B2C_1A_X', policy('B2C_1A_X', { base: 'B2C_1A_Missing' }));
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'AADB2C');
    });

    it('DELETE is 204 then 404; GUESS deleteBasePolicy: refuse (default, 400) or allow (204)', async () => {
      await put('B2C_1A_Base', policy('B2C_1A_Base'));
      await put('B2C_1A_Rp', policy('B2C_1A_Rp', { base: 'B2C_1A_Base' }));
      const refused = await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Base');
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /base policy of 'B2C_1A_Rp'/);
      emu.options.trustFramework.deleteBasePolicy = 'allow';
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Base')).status, 204);
      assert.deepEqual(emu.state.trustFramework.policies.map((p) => p.id), ['B2C_1A_Rp']);
      emu.options.trustFramework.deleteBasePolicy = 'refuse';
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Rp')).status, 204);
      assert.equal((await g('DELETE', '/beta/trustFramework/policies/B2C_1A_Rp')).status, 404);
    });
  });

  describe('upload checks (§6 steps 1, 4–7) on the generated policy set', () => {
    const envelope = (id: string, n: number) => `Validation failed: ${n} validation error(s) found in policy "${id.toUpperCase()}" of tenant "${TENANT}".`;
    const createKeySets = async (ids: string[]) => {
      for (const id of ids) assert.equal((await g('POST', '/beta/trustFramework/keySets', { id })).status, 201);
    };
    /** Uploads and expects exactly these messages, in this order, inside the AADB2C envelope. */
    const refused = async (id: string, xml: string, messages: string[]) => {
      const r = await put(id, xml);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'AADB2C');
      assert.equal(r.body.error.message, envelope(id, messages.length) + messages.join(''));
    };

    it('the generated base and relying party upload clean (201, 201) when their key sets exist', async () => {
      const { base, rp, keySets } = generated();
      assert.equal(keySets.length, 3, keySets.join());
      await createKeySets(keySets);
      const b = await put(base.id, base.xml);
      assert.equal(b.status, 201, JSON.stringify(b.body));
      const r = await put(rp.id, rp.xml);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      // Re-upload: 200, nothing else changes.
      assert.equal((await put(rp.id, rp.xml)).status, 200);
      assert.deepEqual((await g('GET', '/beta/trustFramework/policies')).body.value.map((p: { id: string }) => p.id), [base.id, rp.id]);
    });

    it('step 5: a key set that does not exist → "does not have CryptographicKey referenced by storageReferenceId"', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets.slice(1));
      await refused(base.id, base.xml, [`Tenant "${TENANT}" does not have CryptographicKey referenced by storageReferenceId "${keySets[0]}".`]);
      assert.deepEqual(emu.state.trustFramework.policies, []);
    });

    it('step 3: the relying party before its base → "cannot be found in the directory"', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      await refused(rp.id, rp.xml, [`Policy with 'policyId': ${base.id.toUpperCase()} cannot be found in the directory '${emu.tenantId}'.`]);
    });

    it('step 1: XSD validation reports the line and column of the offending element', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      await put(base.id, base.xml);
      const bad = edit(rp.xml, '<DefaultUserJourney ReferenceId="ItsmeSignIn" />', '<DefaultUserJourney ReferenceId="ItsmeSignIn" />\n    <Bogus />');
      const line = bad.split('\n').findIndex((l) => l.includes('<Bogus />')) + 1;
      const col = bad.split('\n')[line - 1]!.indexOf('<Bogus') + 1;
      const r = await put(rp.id, bad);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'AADB2C');
      assert.ok(
        r.body.error.message.startsWith(`${envelope(rp.id, 1)}Schema validation error found at line ${line} col ${col} in policy "${rp.id.toUpperCase()}" of tenant "${TENANT}": Element 'Bogus': This element is not expected.`),
        r.body.error.message,
      );
      // Schema order matters: Protocol before DisplayName is refused too.
      const swapped = edit(base.xml, '<DisplayName>itsme</DisplayName>\n          <Protocol Name="OpenIdConnect" />', '<Protocol Name="OpenIdConnect" />\n          <DisplayName>itsme</DisplayName>');
      const s = await put(base.id, swapped);
      assert.equal(s.status, 400);
      assert.match(s.body.error.message, /Schema validation error found at line \d+ col \d+ in policy .*Element 'DisplayName': This element is not expected/);
    });

    it('step 4: an undeclared ClaimType', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      await put(base.id, base.xml);
      const bad = edit(rp.xml, '<OutputClaim ClaimTypeReferenceId="email" />', '<OutputClaim ClaimTypeReferenceId="email" />\n        <OutputClaim ClaimTypeReferenceId="tenantName" DefaultValue="x" />');
      await refused(rp.id, bad, [
        `Policy "${rp.id}" of tenant "${TENANT}" makes a reference to ClaimType with id "tenantName" but neither the policy nor any of its base policies contain such an element.`,
      ]);
    });

    it('step 4: an unknown ClaimsTransformation', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets);
      const bad = edit(base.xml, '<UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />', '<OutputClaimsTransformations>\n            <OutputClaimsTransformation ReferenceId="CreateRandomUPNUserName" />\n          </OutputClaimsTransformations>\n          <UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />');
      await refused(base.id, bad, [
        `Policy "${base.id}" of tenant "${TENANT}" makes a reference to a ClaimsTransformation with id "CreateRandomUPNUserName" but neither the policy nor any of its base policies contain such an element.`,
      ]);
    });

    it('step 4 (GUESS referenceChecks: all): an unknown TechnicalProfile, ContentDefinition or UserJourney; "documented" lets them through', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      const tp = edit(base.xml, 'TechnicalProfileReferenceId="Itsme-OIDC"', 'TechnicalProfileReferenceId="Facebook-OAUTH"');
      await refused(base.id, tp, [`Policy "${base.id}" of tenant "${TENANT}" makes a reference to TechnicalProfile with id "Facebook-OAUTH" but neither the policy nor any of its base policies contain such an element.`]);
      const session = edit(base.xml, '<UseTechnicalProfileForSessionManagement ReferenceId="SM-Noop" />', '<UseTechnicalProfileForSessionManagement ReferenceId="SM-SocialLogin" />');
      await refused(base.id, session, [`Policy "${base.id}" of tenant "${TENANT}" makes a reference to TechnicalProfile with id "SM-SocialLogin" but neither the policy nor any of its base policies contain such an element.`]);
      const content = edit(base.xml, 'ContentDefinitionReferenceId="api.idpselections"', 'ContentDefinitionReferenceId="api.signuporsignin"');
      await refused(base.id, content, [`Policy "${base.id}" of tenant "${TENANT}" makes a reference to ContentDefinition with id "api.signuporsignin" but neither the policy nor any of its base policies contain such an element.`]);
      await put(base.id, base.xml);
      const journey = edit(rp.xml, '<DefaultUserJourney ReferenceId="ItsmeSignIn" />', '<DefaultUserJourney ReferenceId="SignUpOrSignIn" />');
      await refused(rp.id, journey, [`Policy "${rp.id}" of tenant "${TENANT}" makes a reference to UserJourney with id "SignUpOrSignIn" but neither the policy nor any of its base policies contain such an element.`]);
      emu.options.trustFramework.referenceChecks = 'documented';
      assert.equal((await put(rp.id, journey)).status, 201);
    });

    it('step 6: an input claim that no earlier step outputs', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      const withInput = edit(base.xml, '<InputClaims>', '<InputClaims>\n            <InputClaim ClaimTypeReferenceId="email" PartnerClaimType="login_hint" />');
      // The base alone has no relying party: no journey checks yet (GUESS journeyChecks: relyingParty).
      assert.equal((await put(base.id, withInput)).status, 201);
      await refused(rp.id, rp.xml, [
        `Claim type "email" is the input claim of technical profile "Itsme-OIDC" in step "2" of user journey "ItsmeSignIn" but it is not an output claim in any of the previous steps.`,
      ]);
      // GUESS journeyChecks: everyJourney checks the base's journey on its own upload.
      emu.options.trustFramework.journeyChecks = 'everyJourney';
      const r = await put(base.id, withInput);
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /Claim type "email" is the input claim of technical profile "Itsme-OIDC" in step "2"/);
    });

    it('step 6 (GUESS inputClaimDefaultSatisfies): an input claim with a DefaultValue needs no producer unless switched off', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      await put(base.id, base.xml);
      emu.options.trustFramework.inputClaimDefaultSatisfies = false;
      const r = await put(rp.id, rp.xml);
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /Claim type "acr_values" is the input claim of technical profile "Itsme-OIDC" in step "2" of user journey "ItsmeSignIn"/);
    });

    it('step 6: a relying-party output claim that no step outputs', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      await put(base.id, base.xml);
      const bad = edit(rp.xml, '<OutputClaim ClaimTypeReferenceId="email" />', '<OutputClaim ClaimTypeReferenceId="email" />\n        <OutputClaim ClaimTypeReferenceId="acr_values" />');
      await refused(rp.id, bad, [`Claim type "acr_values" is the output claim of the relying party's technical profile, but it is not an output claim in any of the steps of user journey "ItsmeSignIn".`]);
      // With a DefaultValue the claim needs no producer (relyingparty.md).
      assert.equal((await put(rp.id, bad.replace('ClaimTypeReferenceId="acr_values" />', 'ClaimTypeReferenceId="acr_values" DefaultValue="x" />'))).status, 201);
    });

    it('step 6: a step with two claims exchanges and no claims provider selection before it', async () => {
      const { base, rp, keySets } = generated();
      await createKeySets(keySets);
      const step1 = /\s*<OrchestrationStep Order="1"[\s\S]*?<\/OrchestrationStep>/.exec(base.xml)![0];
      const bad = edit(
        base.xml.replace(step1, ''),
        '<ClaimsExchange Id="ItsmeExchange" TechnicalProfileReferenceId="Itsme-OIDC" />',
        '<ClaimsExchange Id="ItsmeExchange" TechnicalProfileReferenceId="Itsme-OIDC" />\n            <ClaimsExchange Id="ItsmeExchange2" TechnicalProfileReferenceId="Itsme-OIDC" />',
      );
      assert.equal((await put(base.id, bad)).status, 201);
      await refused(rp.id, rp.xml, [
        `User journey "ItsmeSignIn" in policy "${rp.id}" of tenant "${TENANT}" has step 2 with 2 claims exchanges. It must be preceded by a claims provider selection in order to determine which claims exchange can be used.`,
      ]);
    });

    it('step 6: empty required metadata (client_id); GUESS missingRequiredMetadata: asEmpty (default) or ignore', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets);
      const empty = edit(base.xml, '<Item Key="client_id">PARTNERCODE</Item>', '<Item Key="client_id"></Item>');
      await refused(base.id, empty, [`TechnicalProfile "Itsme-OIDC" in policy "${base.id}" of tenant "${TENANT}" defines an invalid value "" for the metadata item "client_id."`]);
      const missing = edit(base.xml, '<Item Key="client_id">PARTNERCODE</Item>', '');
      await refused(base.id, missing, [`TechnicalProfile "Itsme-OIDC" in policy "${base.id}" of tenant "${TENANT}" defines an invalid value "" for the metadata item "client_id."`]);
      emu.options.trustFramework.missingRequiredMetadata = 'ignore';
      assert.equal((await put(base.id, missing)).status, 201);
    });

    it('step 7: several errors in one envelope, concatenated with no separator, in step order', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets.slice(0, 2));
      const bad = edit(base.xml, 'ContentDefinitionReferenceId="api.idpselections"', 'ContentDefinitionReferenceId="api.x"');
      await refused(base.id, bad, [
        `Policy "${base.id}" of tenant "${TENANT}" makes a reference to ContentDefinition with id "api.x" but neither the policy nor any of its base policies contain such an element.`,
        `Tenant "${TENANT}" does not have CryptographicKey referenced by storageReferenceId "${keySets[2]}".`,
      ]);
    });

    it('GUESS emptyKeySet: accept (default) or refuse a key set without keys', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets);
      emu.options.trustFramework.emptyKeySet = 'refuse';
      const r = await put(base.id, base.xml);
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, new RegExp(`does not have CryptographicKey referenced by storageReferenceId "${keySets[0]}"`));
      emu.options.trustFramework.emptyKeySet = 'accept';
      assert.equal((await put(base.id, base.xml)).status, 201);
    });

    it('POST /trustFramework/policies creates (201 + Location); GUESS: an existing id is 409', async () => {
      const { base, keySets } = generated();
      await createKeySets(keySets);
      const r = await call(emu, 'POST', '/beta/trustFramework/policies', { token, body: base.xml, headers: { 'Content-Type': 'application/xml' } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(r.headers.get('location')!, new RegExp(`/trustFramework/policies/${base.id}/$`));
      assert.match(r.body, /TenantObjectId=/);
      const again = await call(emu, 'POST', '/beta/trustFramework/policies', { token, body: base.xml, headers: { 'Content-Type': 'application/xml' } });
      assert.equal(again.status, 409);
      const bad = await call(emu, 'POST', '/beta/trustFramework/policies', { token, body: edit(base.xml, 'SM-Noop" />', 'SM-X" />'), headers: { 'Content-Type': 'application/xml' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'AADB2C');
    });

    it('merge: a child overrides a technical profile item by Key and adds claims by ClaimTypeReferenceId (GUESS)', () => {
      const { base, rp } = generated();
      const ext = `<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns="${NS}" PolicySchemaVersion="0.3.0.0" TenantId="${TENANT}" PolicyId="B2C_1A_ext" PublicPolicyUri="http://${TENANT}/B2C_1A_ext">
  <BasePolicy><TenantId>${TENANT}</TenantId><PolicyId>${base.id}</PolicyId></BasePolicy>
  <ClaimsProviders><ClaimsProvider><DisplayName>itsme</DisplayName><TechnicalProfiles>
    <TechnicalProfile Id="Itsme-OIDC">
      <Metadata><Item Key="client_id">OTHER</Item></Metadata>
      <OutputClaims><OutputClaim ClaimTypeReferenceId="email" PartnerClaimType="mail" /></OutputClaims>
    </TechnicalProfile>
  </TechnicalProfiles></ClaimsProvider></ClaimsProviders>
</TrustFrameworkPolicy>`;
      const rpOnExt = rp.xml.replace(`<PolicyId>${base.id}</PolicyId>`, '<PolicyId>B2C_1A_ext</PolicyId>');
      const files: Record<string, string> = { [base.id.toLowerCase()]: base.xml, b2c_1a_ext: ext };
      const m = loadMergedPolicy(rp.id, (id) => files[id.toLowerCase()], rpOnExt);
      assert.deepEqual(m.chain, [base.id, 'B2C_1A_ext', rp.id]);
      const tp = m.technicalProfiles.get('Itsme-OIDC')!;
      assert.equal(tp.metadata.client_id, 'OTHER');
      assert.equal(tp.metadata.response_mode, 'query');
      assert.equal(tp.protocol?.name, 'OpenIdConnect');
      assert.equal(tp.outputClaims.find((c) => c.claimTypeReferenceId === 'email')?.partnerClaimType, 'mail');
      assert.equal(tp.outputClaims.length, parsePolicyFile(base.xml).technicalProfiles[0]!.outputClaims.length);
      assert.equal(tp.definedIn, 'B2C_1A_ext');
      assert.equal(m.relyingParty?.defaultUserJourney, 'ItsmeSignIn');
      assert.equal(m.relyingParty?.technicalProfile?.subjectNamingInfo, 'sub');
      assert.equal(m.claimTypes.get('displayName')?.defaultPartnerClaimTypes.OpenIdConnect, 'name');
      assert.equal(m.userJourneys.get('ItsmeSignIn')?.steps.map((s) => s.type).join(), 'ClaimsProviderSelection,ClaimsExchange,SendClaims');
    });
  });

  describe('key sets', () => {
    it('POST adds the B2C_1A_ prefix (201 + Location); GET list / one; DELETE 204; 409 on a duplicate', async () => {
      const r = await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.id, 'B2C_1A_ItsmeSecret');
      assert.deepEqual(r.body.keys, []);
      assert.match(r.headers.get('location')!, /\/beta\/trustFramework\/keySets\('B2C_1A_ItsmeSecret'\)$/);
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' })).status, 409);
      assert.deepEqual((await g('GET', '/beta/trustFramework/keySets')).body.value, [{ id: 'B2C_1A_ItsmeSecret', keys: [] }]);
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).body.id, 'B2C_1A_ItsmeSecret');
      assert.equal((await g('DELETE', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).status, 204);
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret')).status, 404);
    });

    it('GUESS prefixedKeySetId: keep (default) or prefixAgain', async () => {
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'B2C_1A_Signing' })).body.id, 'B2C_1A_Signing');
      emu.options.trustFramework.prefixedKeySetId = 'prefixAgain';
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'B2C_1A_Signing' })).body.id, 'B2C_1A_B2C_1A_Signing');
    });

    it('GUESS keySetIds: caseSensitive (default: another casing is 404) or caseInsensitive', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ITSMESECRET')).status, 404);
      emu.options.trustFramework.keySetIds = 'caseInsensitive';
      assert.equal((await g('GET', '/beta/trustFramework/keySets/B2C_1A_ITSMESECRET')).status, 200);
    });

    it('uploadSecret and generateKey keep the material in state but never return or log it', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' });
      await g('POST', '/beta/trustFramework/keySets', { id: 'TokenSigningKeyContainer' });
      const up = await g('POST', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret/uploadSecret', { use: 'sig', k: SECRET, nbf: 1700000000, exp: 4000000000 });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.deepEqual(Object.keys(up.body).sort(), ['exp', 'kid', 'kty', 'nbf', 'use']);
      assert.equal(up.body.kty, 'oct');
      const gen = await g('POST', '/beta/trustFramework/keySets/B2C_1A_TokenSigningKeyContainer/generateKey', { use: 'sig', kty: 'RSA' });
      assert.equal(gen.status, 200, JSON.stringify(gen.body));
      assert.equal(gen.body.kty, 'RSA');
      assert.equal(gen.body.e, 'AQAB');
      for (const f of ['k', 'd', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(gen.body[f], undefined, f);

      const tf = emu.state.trustFramework;
      assert.equal(tf.keySets[0]!.keys[0]!.k, SECRET);
      const pem = tf.keySets[1]!.keys[0]!.privateKeyPem!;
      assert.match(pem, /BEGIN PRIVATE KEY/);

      const list = await g('GET', '/beta/trustFramework/keySets');
      const one = await g('GET', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret');
      const everything = JSON.stringify([up.body, gen.body, list.body, one.body, emu.log]);
      assert.equal(everything.includes(SECRET), false, 'the secret leaked');
      assert.equal(everything.includes('PRIVATE KEY'), false, 'the private key leaked');
      const pemBody = pem.split('\n')[1]!;
      assert.equal(everything.includes(pemBody), false);
      assert.deepEqual(one.body.keys, [{ kid: up.body.kid, use: 'sig', kty: 'oct', nbf: 1700000000, exp: 4000000000 }]);
    });

    it('validates the key bodies: use, k, kty, nbf/exp types; unknown key set is 404', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'K' });
      const u = (b: unknown) => g('POST', '/beta/trustFramework/keySets/B2C_1A_K/uploadSecret', b);
      assert.equal((await u({ use: 'x', k: 'a' })).status, 400);
      assert.equal((await u({ use: 'sig' })).status, 400);
      assert.equal((await u({ use: 'sig', k: 'a', nbf: 'soon' })).status, 400);
      assert.equal((await u({ use: 'sig', k: 'a', nbf: 20, exp: 10 })).status, 400);
      assert.equal((await g('POST', '/beta/trustFramework/keySets/B2C_1A_K/generateKey', { use: 'enc', kty: 'oct' })).status, 400);
      assert.equal((await g('POST', '/beta/trustFramework/keySets/B2C_1A_None/uploadSecret', { use: 'sig', k: 'a' })).status, 404);
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'bad id!' })).status, 400);
      assert.deepEqual(emu.state.trustFramework.keySets[0]!.keys, []);
    });
  });

  describe('scope', () => {
    it('beta only: v1.0 has no trustFramework segment', async () => {
      const r = await g('GET', '/v1.0/trustFramework/policies');
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /Resource not found for the segment 'trustFramework'/);
    });

    it('needs Policy.ReadWrite.TrustFramework to write policies and TrustFrameworkKeySet.ReadWrite.All for keys', async () => {
      const ro = await startGraphEmulator({ tenant: { grantedPermissions: ['Policy.Read.All', 'TrustFrameworkKeySet.Read.All'] } });
      try {
        const t = await tokenFor(ro);
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/policies', { token: t })).status, 200);
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/keySets', { token: t })).status, 200);
        const w = await call(ro, 'PUT', '/beta/trustFramework/policies/B2C_1A_X/$value', { token: t, body: policy('B2C_1A_X'), headers: { 'Content-Type': 'application/xml' } });
        assert.equal(w.status, 403);
        assert.equal((await call(ro, 'POST', '/beta/trustFramework/keySets', { token: t, body: { id: 'x' } })).status, 403);
        const none = await startGraphEmulator({ tenant: { grantedPermissions: ['Organization.Read.All'] } });
        try {
          const t2 = await tokenFor(none);
          assert.equal((await call(none, 'GET', '/beta/trustFramework/policies', { token: t2 })).status, 403);
          assert.equal((await call(none, 'GET', '/beta/trustFramework/keySets', { token: t2 })).status, 403);
        } finally {
          await none.stop();
        }
      } finally {
        await ro.stop();
      }
    });

    it('reads policies with Policy.Read.TrustFramework alone; writing still needs Policy.ReadWrite.TrustFramework (403 as elsewhere)', async () => {
      const ro = await startGraphEmulator({ tenant: { grantedPermissions: ['Policy.Read.TrustFramework'] } });
      try {
        const t = await tokenFor(ro);
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/policies', { token: t })).status, 200);
        const w = await call(ro, 'PUT', '/beta/trustFramework/policies/B2C_1A_X/$value', { token: t, body: policy('B2C_1A_X'), headers: { 'Content-Type': 'application/xml' } });
        assert.equal(w.status, 403);
        assert.equal(w.body.error.code, 'Authorization_RequestDenied');
        assert.equal((await call(ro, 'GET', '/beta/trustFramework/keySets', { token: t })).status, 403);
      } finally {
        await ro.stop();
      }
    });

    it('is refused in an external (CIAM) tenant', async () => {
      const ciam = await startGraphEmulator({ tenantType: 'CIAM', tenant: { grantedPermissions: PERMS } });
      try {
        const t = await tokenFor(ciam);
        const r = await call(ciam, 'GET', '/beta/trustFramework/policies', { token: t });
        assert.equal(r.status, 400);
        assert.match(r.body.error.message, /only supported in an Azure AD B2C tenant/);
        assert.equal((await call(ciam, 'POST', '/beta/trustFramework/keySets', { token: t, body: { id: 'x' } })).status, 400);
      } finally {
        await ciam.stop();
      }
    });

    it('strict query options: undocumented options are ignored or refused', async () => {
      await g('POST', '/beta/trustFramework/keySets', { id: 'A' });
      const r = await g('GET', '/beta/trustFramework/keySets?$top=0');
      assert.equal(r.body.value.length, 1);
      assert.deepEqual(emu.log.at(-1)!.ignoredQuery, ['$top']);
      emu.options.undocumentedQuery = 'reject';
      assert.equal((await g('GET', '/beta/trustFramework/policies?$select=id')).status, 400);
    });

    it('faults and latency apply as on other routes (a 429 before the effect stores nothing)', async () => {
      emu.faults.add({ match: { method: 'PUT', path: /trustFramework\/policies/ }, fault: { kind: 'status', status: 429 } });
      const r = await put('B2C_1A_X', policy('B2C_1A_X'));
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '1');
      assert.deepEqual(emu.state.trustFramework.policies, []);
      emu.faults.add({ fault: { kind: 'latency', ms: 80 } });
      const t = Date.now();
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'))).status, 201);
      assert.ok(Date.now() - t >= 75);
    });

    it('a 503 on PUT stores nothing; a dropped response after the write leaves the policy stored (re-observe, then 200)', async () => {
      emu.faults.add({ match: { method: 'PUT', path: /trustFramework\/policies\/.*\/\$value$/ }, fault: { kind: 'status', status: 503 } });
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'))).status, 503);
      assert.deepEqual(emu.state.trustFramework.policies, []);
      emu.faults.add({ match: { method: 'PUT', path: /trustFramework\/policies/ }, fault: { kind: 'dropAfterEffect' } });
      await assert.rejects(put('B2C_1A_X', policy('B2C_1A_X')));
      assert.deepEqual((await g('GET', '/beta/trustFramework/policies')).body.value, [{ id: 'B2C_1A_X' }]);
      assert.equal((await put('B2C_1A_X', policy('B2C_1A_X'))).status, 200);
    });

    it('faults target key set writes too: a dropped POST keySets still creates it (a retry gets 409), a 429 on uploadSecret adds no key', async () => {
      emu.faults.add({ match: { method: 'POST', path: /trustFramework\/keySets$/ }, fault: { kind: 'dropAfterEffect' } });
      await assert.rejects(g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' }));
      assert.equal((await g('POST', '/beta/trustFramework/keySets', { id: 'ItsmeSecret' })).status, 409);
      emu.faults.add({ match: { path: /uploadSecret$/ }, fault: { kind: 'status', status: 429, retryAfterSeconds: 3 } });
      const r = await g('POST', '/beta/trustFramework/keySets/B2C_1A_ItsmeSecret/uploadSecret', { use: 'sig', k: SECRET });
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '3');
      assert.deepEqual(emu.state.trustFramework.keySets[0]!.keys, []);
    });
  });
});
