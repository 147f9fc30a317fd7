// The generated itsme-only custom policy set against the official XSD (patched copy, see policyXsd.ts), for every
// combination of options; broken models must fail the same validation, so these tests can fail.
import assert from 'node:assert/strict';
import { ITSME_CLAIM_KEYS } from '../../src/core/policy/claims';
import { buildPolicyModels, generatePolicySet, keySetIds, PolicyOptionsError } from '../../src/core/policy/generate';
import { resolveConfig } from '../../src/core/config/validate';
import { policyOptionsOf, UI_LOCALES, type CustomPolicyOptions } from '../../src/core/policy/options';
import { serializePolicy } from '../../src/core/policy/serialize';
import { validatePolicyXml } from './policyXsd';

// A configuration file of the custom-policy variant; the options come from the configuration the field table resolves.
const file = { tenant: 'contosob2c.onmicrosoft.com', variant: 'customPolicy', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } };
const withPolicy = (customPolicy: unknown, itsme: Record<string, unknown> = {}) => ({ ...file, itsme: { ...file.itsme, ...itsme }, customPolicy });

function optionsOf(customPolicy: Record<string, unknown>, itsme: Record<string, unknown> = {}): CustomPolicyOptions {
  const r = resolveConfig(withPolicy(customPolicy, itsme));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return policyOptionsOf(r.config, 'contosob2c.onmicrosoft.com');
}

function issuesOf(customPolicy: unknown, itsme: Record<string, unknown> = {}): Array<{ field: string; message: string }> {
  const r = resolveConfig(withPolicy(customPolicy, itsme));
  return r.ok ? [] : r.issues;
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((acc, item) => acc.concat(acc.map((s) => [...s, item])), [[]]);
}

describe('custom policy: generated set against the official XSD', function () {
  this.timeout(300_000);

  it('every claims subset, and every assurance × ui_locales × lifetime mode with each claim alone, none and all, validates', async () => {
    // Claims change only the claims schema, the claims request, the scope and the output claims, never the other
    // options' elements; so every subset runs with one setting of the rest, and every setting of the rest with
    // 10 representative subsets (the full cross product is 5,120 sets and takes half a minute in xmllint-wasm).
    const files: Array<{ id: string; xml: string }> = [];
    let combos = 0;
    const add = (customPolicy: Record<string, unknown>): void => {
      combos++;
      for (const p of generatePolicySet(optionsOf(customPolicy))) files.push({ id: `${combos}-${p.id}`, xml: p.xml });
    };
    for (const claims of subsets(ITSME_CLAIM_KEYS)) add({ claims, assurance: 'advanced', uiLocale: 'nl' });
    const representative = [[], ...ITSME_CLAIM_KEYS.map((k) => [k]), [...ITSME_CLAIM_KEYS]];
    for (const claims of representative) {
      for (const assurance of ['basic', 'advanced']) {
        for (const uiLocale of [undefined, ...UI_LOCALES]) {
          for (const rollingWindow of ['noExpiry', 86400, 31536000]) {
            add({ claims, assurance, ...(uiLocale ? { uiLocale } : {}), tokenLifetimes: { rollingWindow, accessTokenSeconds: 300, idTokenSeconds: 86400, refreshTokenSeconds: 7776000 } });
          }
        }
      }
    }
    assert.equal(combos, 2 ** ITSME_CLAIM_KEYS.length + (ITSME_CLAIM_KEYS.length + 2) * 2 * 5 * 3);
    // One xmllint run per batch: the schema is compiled once per run.
    for (let i = 0; i < files.length; i += 1000) {
      const r = await validatePolicyXml(files.slice(i, i + 1000));
      assert.deepEqual(r.errors.slice(0, 5), []);
      assert.equal(r.valid, true);
    }
  });

  it('a model missing a required element fails validation (ClaimsProvider without TechnicalProfiles)', async () => {
    const { base } = buildPolicyModels(optionsOf({}));
    base.claimsProviders![1]!.technicalProfiles = [];
    const r = await validatePolicyXml([{ id: 'broken', xml: serializePolicy(base) }]);
    assert.equal(r.valid, false);
    assert.match(r.errors.join('\n'), /Missing child element|TechnicalProfiles/);
  });

  it('a model with an invalid value or a tenant id outside the schema pattern fails validation', async () => {
    const { base, relyingParty } = buildPolicyModels(optionsOf({ claims: ['ageOver18'] }));
    base.buildingBlocks!.claimsSchema[0]!.dataType = 'strnig' as 'string';
    relyingParty.tenantId = 'contoso b2c!';
    const r = await validatePolicyXml([
      { id: 'badtype', xml: serializePolicy(base) },
      { id: 'badtenant', xml: serializePolicy(relyingParty) },
    ]);
    assert.equal(r.valid, false);
    assert.match(r.errors.join('\n'), /badtype\.xml.*strnig/);
    assert.match(r.errors.join('\n'), /badtenant\.xml.*TenantId/);
  });

  it('elements out of schema order fail validation (Protocol before DisplayName)', async () => {
    const [base] = generatePolicySet(optionsOf({}));
    const reordered = base!.xml.replace('<DisplayName>itsme</DisplayName>\n          <Protocol Name="OpenIdConnect" />', '<Protocol Name="OpenIdConnect" />\n          <DisplayName>itsme</DisplayName>');
    assert.notEqual(reordered, base!.xml);
    const r = await validatePolicyXml([{ id: 'order', xml: reordered }]);
    assert.equal(r.valid, false);
    assert.match(r.errors.join('\n'), /not expected/);
  });
});

describe('custom policy: content of the generated set', () => {
  it('ids, inheritance and key sets by name only', () => {
    const [base, rp] = generatePolicySet(optionsOf({ name: 'signin_itsme' }));
    assert.equal(base!.id, 'B2C_1A_signin_itsme_base');
    assert.equal(rp!.id, 'B2C_1A_signin_itsme');
    assert.match(rp!.xml, /<BasePolicy>\s*<TenantId>contosob2c\.onmicrosoft\.com<\/TenantId>\s*<PolicyId>B2C_1A_signin_itsme_base<\/PolicyId>/);
    assert.match(base!.xml, /PublicPolicyUri="http:\/\/contosob2c\.onmicrosoft\.com\/B2C_1A_signin_itsme_base"/);
    // Key sets named after the configuration, so a starter pack's B2C_1A_TokenSigningKeyContainer is never used.
    for (const k of ['B2C_1A_signin_itsmeItsmeSecret', 'B2C_1A_signin_itsmeTokenSigning', 'B2C_1A_signin_itsmeTokenEncryption']) assert.match(base!.xml, new RegExp(`StorageReferenceId="${k}"`));
    assert.doesNotMatch(base!.xml, /KeyContainer/);
    assert.deepEqual(keySetIds('signin_itsme'), { itsmeSecret: 'B2C_1A_signin_itsmeItsmeSecret', tokenSigning: 'B2C_1A_signin_itsmeTokenSigning', tokenEncryption: 'B2C_1A_signin_itsmeTokenEncryption' });
  });

  it("itsme's acr is mapped to itsmeAcr and issued as itsme_acr", () => {
    const [base, rp] = generatePolicySet(optionsOf({}));
    assert.match(base!.xml, /<ClaimType Id="itsmeAcr">/);
    assert.match(base!.xml, /ClaimTypeReferenceId="itsmeAcr" PartnerClaimType="acr"/);
    assert.match(rp!.xml, /ClaimTypeReferenceId="itsmeAcr" PartnerClaimType="itsme_acr"/);
    // No local accounts: no login-NonInteractive profile, hence no IEF app ids anywhere.
    assert.doesNotMatch(base!.xml + rp!.xml, /login-NonInteractive|IdentityExperienceFramework/);
  });

  it('the national number: scope eid, the claims request in the ID token, a clear token claim name', () => {
    const [base, rp] = generatePolicySet(optionsOf({ claims: ['nationalNumber', 'phoneNumberVerified'] }));
    assert.match(base!.xml, /<Item Key="scope">openid service:MYBANK_LOGIN profile email eid phone<\/Item>/);
    assert.match(base!.xml, /PartnerClaimType="http:\/\/itsme\.services\/v2\/claim\/BENationalNumber"/);
    assert.ok(base!.xml.includes('ClaimTypeReferenceId="claims" DefaultValue="{&quot;id_token&quot;:{&quot;http://itsme.services/v2/claim/BENationalNumber&quot;:null,&quot;phone_number_verified&quot;:null}}"'));
    assert.match(base!.xml, /<ClaimType Id="phoneNumberVerified">\s*<DisplayName>[^<]+<\/DisplayName>\s*<DataType>boolean<\/DataType>/);
    assert.match(rp!.xml, /ClaimTypeReferenceId="beNationalNumber" PartnerClaimType="national_number"/);
  });

  it('no extra claims: no claims parameter and no eid scope', () => {
    const [base] = generatePolicySet(optionsOf({ claims: [] }));
    assert.doesNotMatch(base!.xml, /ClaimTypeReferenceId="claims"|\beid\b/);
  });

  it('assurance → acr_values, ui_locales fixed or absent', () => {
    const [adv] = generatePolicySet(optionsOf({ assurance: 'advanced', uiLocale: 'fr' }));
    assert.match(adv!.xml, /ClaimTypeReferenceId="acr_values" DefaultValue="http:\/\/itsme\.services\/v2\/claim\/acr_advanced" AlwaysUseDefaultValue="true"/);
    assert.match(adv!.xml, /ClaimTypeReferenceId="ui_locales" DefaultValue="fr"/);
    const [basic] = generatePolicySet(optionsOf({}));
    assert.match(basic!.xml, /DefaultValue="http:\/\/itsme\.services\/v2\/claim\/acr_basic"/);
    assert.doesNotMatch(basic!.xml, /InputClaim ClaimTypeReferenceId="ui_locales"/);
  });

  it('token lifetimes in the JWT issuer metadata: bounded window or no expiry', () => {
    const [b] = generatePolicySet(optionsOf({ tokenLifetimes: { accessTokenSeconds: 300, idTokenSeconds: 600, refreshTokenSeconds: 7776000, rollingWindow: 31536000 } }));
    for (const [k, v] of [['token_lifetime_secs', 300], ['id_token_lifetime_secs', 600], ['refresh_token_lifetime_secs', 7776000], ['rolling_refresh_token_lifetime_secs', 31536000]]) assert.match(b!.xml, new RegExp(`<Item Key="${k}">${v}</Item>`));
    assert.doesNotMatch(b!.xml, /allow_infinite_rolling_refresh_token/);
    const [n] = generatePolicySet(optionsOf({ tokenLifetimes: { rollingWindow: 'noExpiry' } }));
    assert.match(n!.xml, /<Item Key="allow_infinite_rolling_refresh_token">true<\/Item>/);
    assert.match(n!.xml, /<Item Key="token_lifetime_secs">3600<\/Item>/);
    assert.doesNotMatch(n!.xml, /rolling_refresh_token_lifetime_secs/);
  });

  it('values are escaped, never spliced into markup', async () => {
    const set = generatePolicySet({ ...optionsOf({}), partnerCode: 'a"b<c>&d\'e' });
    assert.ok(set[0]!.xml.includes('<Item Key="client_id">a&quot;b&lt;c&gt;&amp;d&apos;e</Item>'));
    assert.equal((await validatePolicyXml(set)).valid, true);
  });

  it('the metadata URL follows environment and generation, or is given', () => {
    assert.equal(optionsOf({}).metadataUrl, 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration');
    assert.equal(optionsOf({}, { environment: 'prd', generation: 'legacy' }).metadataUrl, 'https://oidc.prd.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration');
    assert.equal(optionsOf({}, { metadataUrl: 'https://itsme.example/.well-known/openid-configuration' }).metadataUrl, 'https://itsme.example/.well-known/openid-configuration');
  });

  it('the configuration\'s settings reach the options; the name is taken with or without B2C_1A_; defaults otherwise', () => {
    const o = optionsOf({ name: 'B2C_1A_signin', claims: ['birthDate', 'birthDate', 'ageOver21'], assurance: 'advanced', uiLocale: 'de', tokenLifetimes: { refreshTokenSeconds: 86400 } });
    assert.deepEqual(o, {
      tenant: 'contosob2c.onmicrosoft.com',
      name: 'signin',
      metadataUrl: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration',
      partnerCode: 'abcd1234',
      serviceCode: 'MYBANK_LOGIN',
      claims: ['birthDate', 'ageOver21'],
      assurance: 'advanced',
      uiLocale: 'de',
      lifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 86400, rollingWindow: 7776000 },
    });
    const d = optionsOf({});
    assert.equal(d.name, 'itsme');
    assert.deepEqual(d.claims, ['nationalNumber']);
    assert.equal(d.assurance, 'basic');
    assert.equal('uiLocale' in d, false);
    assert.deepEqual(optionsOf({ claims: [] }).claims, []);
  });
});

describe('custom policy: options validation names the field', () => {
  // [title, customPolicy object, itsme section patch, the field the one issue is about]
  const cases: Array<[string, unknown, Record<string, unknown>, string]> = [
    ['access token below 300 s', { tokenLifetimes: { accessTokenSeconds: 299 } }, {}, 'customPolicy.tokenLifetimes.accessTokenSeconds'],
    ['ID token above a day', { tokenLifetimes: { idTokenSeconds: 86401 } }, {}, 'customPolicy.tokenLifetimes.idTokenSeconds'],
    ['refresh token above 90 days', { tokenLifetimes: { refreshTokenSeconds: 7776001 } }, {}, 'customPolicy.tokenLifetimes.refreshTokenSeconds'],
    ['rolling window below a day', { tokenLifetimes: { rollingWindow: 86399 } }, {}, 'customPolicy.tokenLifetimes.rollingWindow'],
    ['rolling window above a year', { tokenLifetimes: { rollingWindow: 31536001 } }, {}, 'customPolicy.tokenLifetimes.rollingWindow'],
    ['rolling window as a word other than noExpiry', { tokenLifetimes: { rollingWindow: 'forever' } }, {}, 'customPolicy.tokenLifetimes.rollingWindow'],
    ['fractional seconds', { tokenLifetimes: { accessTokenSeconds: 300.5 } }, {}, 'customPolicy.tokenLifetimes.accessTokenSeconds'],
    ['seconds as a string', { tokenLifetimes: { idTokenSeconds: '600' } }, {}, 'customPolicy.tokenLifetimes.idTokenSeconds'],
    ['"noExpiry" where only the rolling window takes it', { tokenLifetimes: { refreshTokenSeconds: 'noExpiry' } }, {}, 'customPolicy.tokenLifetimes.refreshTokenSeconds'],
    ['unknown lifetime', { tokenLifetimes: { sessionSeconds: 1 } }, {}, 'customPolicy.tokenLifetimes.sessionSeconds'],
    ['lifetimes not an object', { tokenLifetimes: 3600 }, {}, 'customPolicy.tokenLifetimes'],
    ['assurance', { assurance: 'high' }, {}, 'customPolicy.assurance'],
    ['ui locale', { uiLocale: 'es' }, {}, 'customPolicy.uiLocale'],
    ['unknown claim', { claims: ['address'] }, {}, 'customPolicy.claims'],
    ['claims not a list', { claims: 'nationalNumber' }, {}, 'customPolicy.claims'],
    ['name with a space', { name: 'my policy' }, {}, 'customPolicy.name'],
    ['name too long', { name: 'x'.repeat(41) }, {}, 'customPolicy.name'],
    ['name not a string', { name: 7 }, {}, 'customPolicy.name'],
    ['unknown field', { lifetime: 1 }, {}, 'customPolicy.lifetime'],
    ['the tenant belongs at the top', { tenant: 'contosob2c.onmicrosoft.com' }, {}, 'customPolicy.tenant'],
    ['customPolicy not an object', 'itsme', {}, 'customPolicy'],
    ['environment', {}, { environment: 'test' }, 'itsme.environment'],
    ['metadata URL over http', {}, { metadataUrl: 'http://itsme.example/x' }, 'itsme.metadataUrl'],
  ];
  for (const [title, customPolicy, itsme, field] of cases) {
    it(title, () => {
      const issues = issuesOf(customPolicy, itsme);
      assert.equal(issues.length, 1, JSON.stringify(issues));
      assert.equal(issues[0]!.field, field);
      // Named in the user's words and by its path, or quoted as an unknown field.
      assert.ok(issues[0]!.message.includes(`(${field})`) || issues[0]!.message.includes(`"${field}"`), issues[0]!.message);
    });
  }

  it('a missing partner code is named; a configuration without the customPolicy object gets its defaults', () => {
    const r = resolveConfig({ tenant: 'x.onmicrosoft.com', variant: 'customPolicy', itsme: { serviceCode: 'S' } });
    assert.ok(!r.ok && r.issues.some((i) => i.field === 'itsme.partnerCode'));
    const d = resolveConfig({ tenant: 'x.onmicrosoft.com', variant: 'customPolicy', itsme: { partnerCode: 'p', serviceCode: 'S' } });
    assert.ok(d.ok);
    assert.deepEqual(d.config.customPolicy, { name: 'itsme', claims: ['nationalNumber'], assurance: 'basic', lifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 1209600, rollingWindow: 7776000 } });
  });

  it('generatePolicySet refuses an out-of-range lifetime from a caller that skipped validation, naming the option', () => {
    const o = optionsOf({});
    assert.throws(() => generatePolicySet({ ...o, lifetimes: { ...o.lifetimes, refreshTokenSeconds: 60 } }), (e: Error) => e instanceof PolicyOptionsError && /customPolicy\.tokenLifetimes\.refreshTokenSeconds/.test(e.message));
  });
});
