// The field table (src/core/config/fields.ts) is the only list of the configuration's fields: validation, the file
// and form mappings, the wizards' controls and the CLI's flags are derived from it. These tests hold every derived
// list to the table's rows, so adding a row is enough — and a list kept by hand elsewhere fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_FIELDS, TENANT_VARIANTS, fieldRef, type FieldRow } from '../../src/core/config/fields';
import { getPath, knownFields, resolveConfig, toConfigFile } from '../../src/core/config/validate';
import { FIELD_NAMES, FORM_FIELDS, WIZARD_CONTROLS, controlHelp, controlLabel } from '../../src/wizard/fields';
import { defaultForm, formFromConfigFile, formToConfigFile } from '../../src/wizard/form';
import { fieldOfIssue } from '../../src/wizard/validation';
import { FIELD_FLAGS, parseCli, usage } from '../../src/cli/args';

const ROWS = CONFIG_FIELDS as readonly FieldRow[];
const ROOT = join(__dirname, '..', '..');

/** Every field set, wizard fields away from their defaults (fields the wizard does not ask keep theirs). */
const FULL = {
  tenant: 'contosob2c.onmicrosoft.com',
  loginHost: 'login.contoso.com',
  itsme: {
    environment: 'prd',
    generation: 'custom',
    metadataUrl: 'https://idp.example.be/.well-known/openid-configuration',
    partnerCode: 'abcd1234',
    serviceCode: 'MYBANK_LOGIN',
    scopes: { phone: true, address: true },
  },
  identityProvider: { displayName: 'itsme BE', claimsMapping: { userId: 'sub2', displayName: 'nm', givenName: 'gn', surname: 'fn', email: 'mail' }, domainHint: 'itsme.be' },
  userFlow: { name: 'itsme_login', existing: true, type: 'signUpOrSignIn', version: 3, tokenLifetimeMinutes: 60, refreshSlidingWindow: { days: 30 }, mfa: 'off' },
  app: { displayName: 'my-app', redirectUris: ['https://jwt.ms', 'http://localhost:8400/'], implicitGrant: { idTokens: false, accessTokens: false }, adminConsent: false },
};

/** Every custom-policy field set (the variant's own file: no identity provider or user flow section). */
const FULL_POLICY = {
  tenant: 'contosob2c.onmicrosoft.com',
  loginHost: 'login.contoso.com',
  variant: 'customPolicy',
  itsme: { environment: 'prd', generation: 'legacy', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' },
  customPolicy: {
    name: 'signin_itsme',
    claims: ['nationalNumber', 'birthDate', 'ageOver18'],
    assurance: 'advanced',
    uiLocale: 'fr',
    tokenLifetimes: { accessTokenSeconds: 300, idTokenSeconds: 600, refreshTokenSeconds: 86400, rollingWindow: 'noExpiry' },
  },
  app: { displayName: 'my-app', redirectUris: ['https://jwt.ms'], implicitGrant: { idTokens: true, accessTokens: false }, adminConsent: false },
};
const SAMPLES = { FULL, FULL_POLICY };

describe('field table: the rows themselves', () => {
  it('paths and control names are unique; every row applies to a known tenant variant', () => {
    assert.equal(new Set(ROWS.map((r) => r.path)).size, ROWS.length);
    assert.equal(new Set(WIZARD_CONTROLS.map((c) => c.name)).size, WIZARD_CONTROLS.length);
    for (const r of ROWS) {
      assert.ok(r.appliesTo.length > 0 && r.appliesTo.every((v) => TENANT_VARIANTS.includes(v)), r.path);
      assert.ok(r.label().length > 0, r.path);
    }
  });

  it('every wizard control has a label and help; choices have options with words', () => {
    for (const c of WIZARD_CONTROLS) {
      assert.ok(controlLabel(c).trim(), `${c.name}: label`);
      assert.ok(controlHelp(c)?.trim(), `${c.name}: help`);
      if (c.spec.input === 'choice') {
        assert.ok(c.options && c.options.length > 1, `${c.name}: options`);
        for (const o of c.options) assert.ok(o.label?.().trim(), `${c.name}=${o.value}: label`);
      }
    }
  });

  it('visibility and "only when" rules point at controls and rows that exist, and at one of their values', () => {
    for (const c of WIZARD_CONTROLS) {
      const rule = c.spec.visibleWhen;
      if (!rule) continue;
      const other = FORM_FIELDS[rule.field as keyof typeof FORM_FIELDS];
      assert.ok(other, `${c.name}: visibleWhen names ${rule.field}`);
      assert.ok(other.options?.some((o) => o.value === rule.equals), `${c.name}: ${rule.equals} is a value of ${rule.field}`);
    }
    ROWS.forEach((r, i) => {
      if (!r.onlyWhen) return;
      const at = ROWS.findIndex((o) => o.path === r.onlyWhen!.path);
      assert.ok(at >= 0 && at < i, `${r.path}: onlyWhen names an earlier row (values are resolved in order)`);
    });
  });
});

describe('field table: everything derived from it covers every row', () => {
  it('the samples set every field of the table between them (extend one with a new row)', () => {
    for (const r of ROWS) assert.ok(getPath(FULL, r.path) !== undefined || getPath(FULL_POLICY, r.path) !== undefined, r.path);
  });

  for (const [name, sample] of Object.entries(SAMPLES)) {
    it(`file → configuration → file is the identity for a full file (${name})`, () => {
      const r = resolveConfig(sample);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
      assert.deepEqual(toConfigFile(r.config), sample);
    });

    it(`file → form → file is the identity for a full file (${name})`, () => {
      const form = formFromConfigFile(sample);
      const back = resolveConfig(formToConfigFile(form));
      assert.ok(back.ok, JSON.stringify(!back.ok && back.issues));
      assert.deepEqual(toConfigFile(back.config), sample);
      assert.deepEqual(formFromConfigFile(toConfigFile(back.config)), form);
    });
  }

  it('the form holds exactly the table\'s controls, in its order', () => {
    const controls = ROWS.flatMap((r) => (r.wizard ?? []).map((c) => c.name));
    assert.deepEqual(FIELD_NAMES, controls);
    assert.deepEqual(Object.keys(defaultForm()).sort(), [...controls].sort());
    assert.deepEqual(Object.keys(formFromConfigFile(FULL)).sort(), [...controls].sort());
  });

  it('every asked field\'s issues land on one of its controls; fields not asked have none', () => {
    for (const r of ROWS) {
      const names = (r.wizard ?? []).map((c) => c.name);
      const field = fieldOfIssue(r.path);
      if (names.length) assert.ok(field && names.includes(field), `${r.path} → ${field}`);
      else assert.equal(field, undefined, r.path);
    }
  });

  it('the file\'s known keys are the table\'s paths (plus $schema)', () => {
    const known = knownFields();
    const sections = new Set(Object.keys(known));
    const leaves = Object.entries(known).flatMap(([s, keys]) => keys.map((k) => (s ? `${s}.${k}` : k))).filter((p) => !sections.has(p));
    assert.deepEqual(leaves.sort(), [...ROWS.map((r) => r.path), '$schema'].sort());
  });

  it('every CLI flag maps to a field, and the flags are the table\'s', () => {
    assert.deepEqual(FIELD_FLAGS.map((f) => f.flag), ROWS.filter((r) => r.cli).map((r) => r.cli!.flag));
    const sample: Record<string, string> = { tenant: 'x.onmicrosoft.com', environment: 'prd', generation: 'legacy', 'metadata-url': 'https://a.example/.well-known/openid-configuration', 'access-token-seconds': '600' };
    for (const { flag, row } of FIELD_FLAGS) {
      const value = sample[flag] ?? 'abc';
      const argv = row.type === 'flag' ? ['plan', `--${flag}`] : ['plan', `--${flag}`, value];
      const { overrides } = parseCli(argv);
      const want = row.type === 'flag' ? true : row.type === 'urlList' || row.type === 'choiceList' ? [value] : /^\d+$/.test(value) ? Number(value) : value;
      assert.deepEqual(getPath(overrides, row.path), want, flag);
      assert.match(usage(), new RegExp(`--${flag}\\b.*\\(${row.path.replace(/\./g, '\\.')}\\)`), `${flag} in the usage, naming its field`);
    }
    // The rest of the usage's flags are the CLI's own (sign-in, output), none of them a configuration field.
    // The adopt flags name one object of one run (never saved in the file): a run option, not a configuration field.
    const own = ['config', 'auth', 'client-id', 'graph-url', 'authority-host', 'itsme-secret-stdin', 'json', 'yes', 'adopt-identity-provider', 'adopt-app', 'adopt-policy', 'out'];
    const listed = [...usage().matchAll(/--([a-z-]+)/g)].map((m) => m[1]!).filter((f) => !FIELD_FLAGS.some((x) => x.flag === f));
    assert.deepEqual([...new Set(listed)].sort(), own.sort());
  });
});

describe('field table: no second list of fields', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  }
  const paths = new Set(ROWS.map((r) => r.path).filter((p) => p.includes('.')));
  const names = new Set([...ROWS.map((r) => r.path), ...WIZARD_CONTROLS.map((c) => c.name)]);
  // The table itself, and the resolved configuration's TypeScript type (its shape is held to the table by the
  // round trips above).
  const exempt = new Set(['src/core/config/fields.ts', 'src/core/config/types.ts']);
  // Where the copies used to live: configuration, wizard, CLI, both wizard UIs. (The plan's modules speak Graph's
  // vocabulary — metadataUrl, domainHint, redirectUris are Graph properties there.)
  const layers = ['src/core/config', 'src/wizard', 'src/cli', 'src/vscode/wizard', 'webview-ui'];
  const sources = layers.flatMap((l) => files(join(ROOT, l))).filter((f) => !exempt.has(relative(ROOT, f).split('\\').join('/')));

  /** Field paths and control names a file spells out: as string literals or as object keys. */
  function mentions(text: string): Set<string> {
    const hits = new Set<string>();
    for (const m of text.matchAll(/['"`]([A-Za-z][\w.]*)['"`]|(?<![.\w])([A-Za-z]\w*)\s*:(?!:)/g)) {
      const n = m[1] ?? m[2]!;
      if (names.has(n)) hits.add(n);
    }
    return hits;
  }

  it('the scanner sees a list kept by hand', () => {
    assert.equal(mentions("const ISSUE = { 'itsme.partnerCode': 'partnerCode', tenant: 'tenant', loginHost: 'loginHost' };").size, 4);
  });

  it('no file outside the table spells out a field path', () => {
    for (const f of sources) {
      const found = [...mentions(readFileSync(f, 'utf8'))].filter((n) => paths.has(n));
      assert.deepEqual(found, [], relative(ROOT, f));
    }
  });

  it('no file outside the table names four or more fields (a list of them)', () => {
    for (const f of sources) {
      const found = [...mentions(readFileSync(f, 'utf8'))];
      assert.ok(found.length < 4, `${relative(ROOT, f)}: ${found.join(', ')}`);
    }
  });
});

describe('field table: messages', () => {
  it('every message about a field names it in the user\'s words and by its path', () => {
    const bad: Record<string, unknown> = {
      tenant: 'not a tenant',
      loginHost: 'https://x',
      itsme: { environment: 'uat', generation: 'v3', metadataUrl: 'http://x', partnerCode: 'a b', serviceCode: 'A B', scopes: { phone: 1, address: 1 } },
      identityProvider: { displayName: 'x'.repeat(101), claimsMapping: { userId: '', displayName: '', givenName: 'a b', surname: 'a b', email: 'a b' }, domainHint: 'a/b' },
      userFlow: { name: 'x'.repeat(101), existing: 1, type: 'x', version: 9, tokenLifetimeMinutes: 1, refreshSlidingWindow: 'forever', mfa: 'on' },
      app: { displayName: 'x'.repeat(121), redirectUris: 'x', implicitGrant: { idTokens: 1, accessTokens: 1 }, adminConsent: 1 },
    };
    // The custom policy's own fields, wrong, with the variant that uses them.
    const badPolicy = {
      tenant: 'contosob2c.onmicrosoft.com',
      variant: 'customPolicy',
      itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' },
      customPolicy: { name: 'my policy', claims: ['address'], assurance: 'high', uiLocale: 'es', tokenLifetimes: { accessTokenSeconds: 299, idTokenSeconds: 86401, refreshTokenSeconds: 3600, rollingWindow: 'forever' } },
    };
    const issues = [bad, { ...bad, variant: 'policy' }, badPolicy].flatMap((file) => {
      const r = resolveConfig(file);
      assert.ok(!r.ok);
      return r.issues;
    });
    for (const row of ROWS) {
      const mine = issues.filter((i) => i.field === row.path);
      assert.ok(mine.length, `an issue on ${row.path}: ${JSON.stringify(issues.map((i) => i.field))}`);
      for (const issue of mine) assert.ok(issue.message.startsWith(fieldRef(row)), `${row.path}: ${issue.message}`);
    }
  });
});
