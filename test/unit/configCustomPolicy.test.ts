// The custom-policy variant in the configuration: the `variant` field (B2C only) and the `customPolicy` object,
// validated by the field table like every other field; round trips file ⇄ configuration; the flags derived from
// the rows; refusals for an External ID tenant and for user-flow fields, each naming the field and the fix.
import assert from 'node:assert/strict';
import { kindIssues, resolveConfig, toConfigFile } from '../../src/core/config/validate';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { assertConfigFitsKind, ConfigKindError } from '../../src/core/plan/kindCheck';
import { mergeConfig, parseCli, UsageError } from '../../src/cli/args';

const userFlowFile = { tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } };
const policyFile = { ...userFlowFile, variant: 'customPolicy' };

function resolved(file: unknown, variant?: Parameters<typeof resolveConfig>[1]): ItsmeSetupConfig {
  const r = resolveConfig(file, variant);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.config;
}
function issues(file: unknown, variant?: Parameters<typeof resolveConfig>[1]): Array<{ field: string; message: string }> {
  const r = resolveConfig(file, variant);
  assert.ok(!r.ok, 'refused');
  return r.issues;
}

describe('configuration: the custom-policy variant', () => {
  it('a user-flow file resolves to variant userFlow and no customPolicy; its file form stays as it was', () => {
    const c = resolved(userFlowFile);
    assert.equal(c.variant, 'userFlow');
    assert.equal(c.customPolicy, undefined);
    const file = toConfigFile(c);
    assert.equal('variant' in file, false, 'the default variant is not written');
    assert.equal('customPolicy' in file, false);
    assert.ok('identityProvider' in file && 'userFlow' in file);
  });

  it('a custom-policy file gets the decided defaults', () => {
    const c = resolved(policyFile);
    assert.equal(c.variant, 'customPolicy');
    assert.deepEqual(c.customPolicy, { name: 'itsme', claims: ['nationalNumber'], assurance: 'basic', lifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 1209600, rollingWindow: 7776000 } });
  });

  it('every good value of each field is taken as written', () => {
    const good = {
      ...policyFile,
      customPolicy: { name: 'Signin-itsme_2', claims: ['nationalNumber', 'eidSerialNumber', 'birthDate', 'gender', 'phoneNumber', 'phoneNumberVerified', 'ageOver18', 'ageOver21'], assurance: 'advanced', uiLocale: 'en', tokenLifetimes: { accessTokenSeconds: 86400, idTokenSeconds: 300, refreshTokenSeconds: 7776000, rollingWindow: 31536000 } },
    };
    const c = resolved(good);
    assert.deepEqual(c.customPolicy, { name: 'Signin-itsme_2', claims: good.customPolicy.claims, assurance: 'advanced', uiLocale: 'en', lifetimes: good.customPolicy.tokenLifetimes });
    for (const uiLocale of ['nl', 'fr', 'de', 'en']) assert.equal(resolved({ ...policyFile, customPolicy: { uiLocale } }).customPolicy?.uiLocale, uiLocale);
    assert.equal(resolved({ ...policyFile, customPolicy: { tokenLifetimes: { rollingWindow: 'noExpiry' } } }).customPolicy?.lifetimes.rollingWindow, 'noExpiry');
    assert.deepEqual(resolved({ ...policyFile, customPolicy: { claims: [] } }).customPolicy?.claims, [], 'no extra claim is allowed');
    assert.equal(resolved({ ...policyFile, customPolicy: { name: 'b2c_1a_itsme' } }).customPolicy?.name, 'itsme', 'the prefix is optional');
    assert.equal(resolved({ ...policyFile, variant: ' customPolicy ' }).variant, 'customPolicy');
  });

  it('the range ends are inclusive, one second beyond is refused naming the field and its range', () => {
    const ranges = { accessTokenSeconds: [300, 86400], idTokenSeconds: [300, 86400], refreshTokenSeconds: [86400, 7776000], rollingWindow: [86400, 31536000] } as const;
    for (const [key, [min, max]] of Object.entries(ranges)) {
      const field = `customPolicy.tokenLifetimes.${key}`;
      for (const ok of [min, max]) resolved({ ...policyFile, customPolicy: { tokenLifetimes: { [key]: ok } } });
      for (const bad of [min - 1, max + 1]) {
        const [issue, ...more] = issues({ ...policyFile, customPolicy: { tokenLifetimes: { [key]: bad } } });
        assert.equal(more.length, 0);
        assert.equal(issue!.field, field);
        assert.match(issue!.message, new RegExp(`\\(${field.replace(/\./g, '\\.')}\\) must be a whole number from ${min} to ${max}`));
        if (key === 'rollingWindow') assert.match(issue!.message, /or "noExpiry"/);
      }
    }
  });

  it('customPolicy fields in a user-flow file are refused: only used with variant customPolicy', () => {
    const [issue, ...more] = issues({ ...userFlowFile, customPolicy: { claims: ['nationalNumber'] } });
    assert.equal(more.length, 0);
    assert.equal(issue!.field, 'customPolicy.claims');
    assert.match(issue!.message, /^itsme claims to request \(customPolicy\.claims\) is only used when Setup variant \(variant\) is "customPolicy"\. Remove it, or set Setup variant \(variant\) to "customPolicy"\./);
  });

  it('user-flow fields in a custom-policy file are refused, each with why and the fix; the tenant, itsme and app fields are shared', () => {
    const found = issues({
      ...policyFile,
      identityProvider: { displayName: 'itsme', claimsMapping: { userId: 'sub' } },
      userFlow: { name: 'itsme', tokenLifetimeMinutes: 60 },
      itsme: { ...policyFile.itsme, scopes: { phone: true } },
    });
    const by = (f: string) => found.find((i) => i.field === f)?.message ?? '';
    assert.deepEqual(found.map((i) => i.field).sort(), ['identityProvider.claimsMapping.userId', 'identityProvider.displayName', 'itsme.scopes.phone', 'userFlow.name', 'userFlow.tokenLifetimeMinutes']);
    assert.match(by('identityProvider.displayName'), /^Identity provider name \(identityProvider\.displayName\): The custom-policy variant has no identity provider object.*set variant to "userFlow"/);
    assert.match(by('userFlow.tokenLifetimeMinutes'), /no user flow.*customPolicy\.tokenLifetimes/);
    assert.match(by('itsme.scopes.phone'), /customPolicy\.claims/);
    const shared = resolved({ ...policyFile, loginHost: 'login.contoso.com', itsme: { ...policyFile.itsme, environment: 'prd', generation: 'legacy' }, app: { displayName: 'my-app', redirectUris: ['https://jwt.ms'] } });
    assert.equal(shared.tenant.loginHost, 'login.contoso.com');
    assert.equal(shared.itsme.generation, 'legacy');
    assert.equal(shared.app.displayName, 'my-app');
  });

  it('an unknown field in customPolicy or its lifetimes is named with what is allowed', () => {
    const [a] = issues({ ...policyFile, customPolicy: { acr: 'advanced' } });
    assert.equal(a!.field, 'customPolicy.acr');
    assert.match(a!.message, /^Unknown field "customPolicy\.acr"\. Allowed here: /);
    assert.deepEqual(a!.message.replace(/^.*Allowed here: |\.$/g, '').split(', ').sort(), ['assurance', 'claims', 'name', 'tokenLifetimes', 'uiLocale']);
    const [b] = issues({ ...policyFile, customPolicy: { tokenLifetimes: { refreshTokenDays: 14 } } });
    assert.equal(b!.field, 'customPolicy.tokenLifetimes.refreshTokenDays');
    assert.match(b!.message, /Allowed here: accessTokenSeconds, idTokenSeconds, refreshTokenSeconds, rollingWindow/);
    const [s] = issues({ ...policyFile, customPolicy: { clientSecret: 'x' } });
    assert.match(s!.message, /Secrets are never part of the configuration/);
  });

  it('a wrong variant value names both variants', () => {
    const [issue] = issues({ ...userFlowFile, variant: 'policy' });
    assert.equal(issue!.field, 'variant');
    assert.match(issue!.message, /^Setup variant \(variant\) must be "userFlow" .* or "customPolicy"/);
  });

  it('an External ID tenant refuses the custom-policy variant: at validation with the kind, and once the kind is read', () => {
    const found = issues({ ...policyFile, customPolicy: { assurance: 'advanced' } }, 'external/userFlow');
    assert.deepEqual(found.map((i) => i.field).sort(), ['customPolicy.assurance', 'variant']);
    for (const i of found) assert.match(i.message, /Custom policies exist only in Azure AD B2C/);
    const config = resolved(policyFile);
    const late = kindIssues(config, 'external/userFlow');
    assert.deepEqual(late.map((i) => i.field), ['variant']);
    assert.match(late[0]!.message, /^Setup variant \(variant\): Custom policies exist only in Azure AD B2C/);
    assert.throws(() => assertConfigFitsKind(config, 'external'), (e: Error) => e instanceof ConfigKindError && /External ID tenant/.test(e.message) && /variant: /.test(e.message));
    assert.doesNotThrow(() => assertConfigFitsKind(config, 'b2c'));
    assert.deepEqual(kindIssues(config, 'b2c/userFlow'), [], 'a B2C tenant takes the configuration\'s own variant');
  });

  it('a B2C tenant with a custom-policy configuration that holds user-flow settings says so in those words', () => {
    const config = resolved(policyFile);
    const odd: ItsmeSetupConfig = { ...config, userFlow: { ...config.userFlow, accessAndIdTokenLifetimeMinutes: 60 } };
    assert.throws(() => assertConfigFitsKind(odd, 'b2c'), (e: Error) => e instanceof ConfigKindError && /custom polic/i.test(e.message.split('\n')[0]!) && !/only External ID has/.test(e.message));
  });

  it('file → configuration → file is the identity for a custom-policy file, and holds no user-flow section', () => {
    const file = { ...policyFile, customPolicy: { name: 'signin', claims: ['birthDate'], assurance: 'advanced', uiLocale: 'nl', tokenLifetimes: { accessTokenSeconds: 600, idTokenSeconds: 600, refreshTokenSeconds: 86400, rollingWindow: 'noExpiry' } } };
    const back = toConfigFile(resolved(file));
    assert.deepEqual(back['customPolicy'], file.customPolicy);
    assert.equal(back['variant'], 'customPolicy');
    assert.equal('identityProvider' in back || 'userFlow' in back, false);
    assert.equal('scopes' in (back['itsme'] as object), false);
    assert.deepEqual(resolved(back), resolved(file));
    assert.deepEqual(toConfigFile(resolved(back)), back);
  });
});

describe('CLI: the custom-policy flags come from the rows', () => {
  it('--variant, --policy-name, --claim (repeatable), --assurance, --ui-locale and the lifetimes', () => {
    const a = parseCli(['plan', '--variant', 'customPolicy', '--policy-name', 'signin', '--claim', 'nationalNumber', '--claim', 'birthDate', '--assurance', 'advanced', '--ui-locale', 'fr', '--access-token-seconds', '600', '--id-token-seconds', '900', '--refresh-token-seconds', '86400', '--rolling-window', 'noExpiry']);
    assert.deepEqual(a.overrides, {
      variant: 'customPolicy',
      customPolicy: { name: 'signin', claims: ['nationalNumber', 'birthDate'], assurance: 'advanced', uiLocale: 'fr', tokenLifetimes: { accessTokenSeconds: 600, idTokenSeconds: 900, refreshTokenSeconds: 86400, rollingWindow: 'noExpiry' } },
    });
    const c = resolved(mergeConfig(userFlowFile, a.overrides));
    assert.deepEqual(c.customPolicy, { name: 'signin', claims: ['nationalNumber', 'birthDate'], assurance: 'advanced', uiLocale: 'fr', lifetimes: { accessTokenSeconds: 600, idTokenSeconds: 900, refreshTokenSeconds: 86400, rollingWindow: 'noExpiry' } });
    assert.equal(parseCli(['plan', '--rolling-window', '86400']).overrides['customPolicy'] && (parseCli(['plan', '--rolling-window', '86400']).overrides['customPolicy'] as { tokenLifetimes: { rollingWindow: unknown } }).tokenLifetimes.rollingWindow, 86400);
  });

  it('a bad flag value is the field\'s own message', () => {
    const { overrides } = parseCli(['plan', '--variant', 'customPolicy', '--access-token-seconds', 'soon']);
    const [issue] = issues(mergeConfig(userFlowFile, overrides));
    assert.equal(issue!.field, 'customPolicy.tokenLifetimes.accessTokenSeconds');
  });

  it('--adopt-policy takes full policy ids, repeatable; a bare name is refused', () => {
    assert.deepEqual(parseCli(['apply', '--adopt-policy', 'B2C_1A_itsme', '--adopt-policy', 'B2C_1A_itsme_base']).adopt, { policies: ['B2C_1A_itsme', 'B2C_1A_itsme_base'] });
    assert.deepEqual(parseCli(['apply']).adopt, {});
    assert.throws(() => parseCli(['apply', '--adopt-policy', 'itsme']), (e: Error) => e instanceof UsageError && /--adopt-policy itsme: give the policy's full id/.test(e.message));
  });
});
