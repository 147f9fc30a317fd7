// `itsme-b2c policy -c file --out DIR`: the built CLI writes the generated custom-policy files without signing in
// (no credentials, no Graph URL in its environment), and the files validate against the official XSD.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePolicyXml } from '../unit/policyXsd';
import { CLI } from './runCli';

function runOffline(args: string[]): { code: number; stdout: string; stderr: string } {
  // Only PATH: a sign-in attempt would have no credential and no tenant, so success proves it never tried.
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function writeConfig(content: unknown): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'itsme-policy-'));
  const file = join(dir, 'itsme-b2c.json');
  writeFileSync(file, JSON.stringify(content, null, 2));
  return { file, dir };
}

const config = {
  tenant: 'contosob2c.onmicrosoft.com',
  variant: 'customPolicy',
  itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' },
  customPolicy: { name: 'signin_itsme', claims: ['nationalNumber', 'birthDate', 'ageOver18'], assurance: 'advanced', uiLocale: 'nl', tokenLifetimes: { accessTokenSeconds: 300, idTokenSeconds: 300, rollingWindow: 'noExpiry' } },
};

describe('itsme-b2c policy', function () {
  this.timeout(60_000);

  it('writes the base and relying-party files, offline, and they validate against the XSD', async () => {
    const { file, dir } = writeConfig(config);
    const outDir = join(dir, 'out', 'policies');
    const r = runOffline(['policy', '-c', file, '--out', outDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(outDir).sort(), ['B2C_1A_signin_itsme.xml', 'B2C_1A_signin_itsme_base.xml']);
    assert.match(r.stdout, /B2C_1A_signin_itsme_base[\s\S]*B2C_1A_signin_itsme\s/);
    assert.match(r.stdout, /B2C_1A_signin_itsmeItsmeSecret/);
    const files = ['B2C_1A_signin_itsme_base', 'B2C_1A_signin_itsme'].map((id) => ({ id, xml: readFileSync(join(outDir, `${id}.xml`), 'utf8') }));
    const v = await validatePolicyXml(files);
    assert.deepEqual(v.errors, []);
    assert.equal(v.valid, true);
    assert.match(files[0]!.xml, /acr_advanced/);
    assert.match(files[0]!.xml, /<Item Key="allow_infinite_rolling_refresh_token">true<\/Item>/);
    assert.match(files[0]!.xml, /<Item Key="client_id">abcd1234<\/Item>/);
  });

  it('--json lists the files and the upload order', () => {
    const { file, dir } = writeConfig(config);
    const r = runOffline(['policy', '-c', file, '--out', join(dir, 'o'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { command: string; uploadOrder: string[]; files: Array<{ path: string }> };
    assert.equal(j.command, 'policy');
    assert.deepEqual(j.uploadOrder, ['B2C_1A_signin_itsme_base', 'B2C_1A_signin_itsme']);
    for (const f of j.files) assert.ok(existsSync(f.path));
  });

  it('an out-of-range lifetime exits 2 naming the option, and writes nothing', () => {
    const { file, dir } = writeConfig({ ...config, customPolicy: { ...config.customPolicy, tokenLifetimes: { refreshTokenSeconds: 3600 } } });
    const outDir = join(dir, 'o');
    const r = runOffline(['policy', '-c', file, '--out', outDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /customPolicy\.tokenLifetimes\.refreshTokenSeconds: Refresh token lifetime in seconds \(customPolicy\.tokenLifetimes\.refreshTokenSeconds\) must be a whole number from 86400 to 7776000\./);
    assert.equal(existsSync(outDir), false);
  });

  it('flags override the file, as for apply (--policy-name, --assurance, --claim, --rolling-window)', () => {
    const { file, dir } = writeConfig(config);
    const outDir = join(dir, 'o');
    const r = runOffline(['policy', '-c', file, '--out', outDir, '--policy-name', 'other', '--assurance', 'basic', '--claim', 'gender', '--rolling-window', '86400', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(outDir).sort(), ['B2C_1A_other.xml', 'B2C_1A_other_base.xml']);
    const base = readFileSync(join(outDir, 'B2C_1A_other_base.xml'), 'utf8');
    assert.match(base, /acr_basic/);
    assert.match(base, /<Item Key="rolling_refresh_token_lifetime_secs">86400<\/Item>/);
    assert.match(base, /PartnerClaimType="gender"/);
    assert.doesNotMatch(base, /BENationalNumber/);
    assert.deepEqual((JSON.parse(r.stdout) as { keySets: string[] }).keySets, ['B2C_1A_otherItsmeSecret', 'B2C_1A_otherTokenSigning', 'B2C_1A_otherTokenEncryption']);
  });

  it('a user-flow file exits 2 and says to set the variant; --variant customPolicy makes it one', () => {
    const { variant: _v, customPolicy: _c, ...userFlow } = config;
    const { file, dir } = writeConfig(userFlow);
    const r = runOffline(['policy', '-c', file, '--out', join(dir, 'o')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Setup variant \(variant\).*"variant": "customPolicy".*--variant customPolicy/);
    assert.equal(existsSync(join(dir, 'o')), false);
    const ok = runOffline(['policy', '-c', file, '--out', join(dir, 'o'), '--variant', 'customPolicy']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(readdirSync(join(dir, 'o')).sort(), ['B2C_1A_itsme.xml', 'B2C_1A_itsme_base.xml']);
  });

  it('a tenant given by its id exits 2: the policies need the domain', () => {
    const { file, dir } = writeConfig({ ...config, tenant: '6f1c0a3e-0000-4000-8000-000000000000' });
    const r = runOffline(['policy', '-c', file, '--out', join(dir, 'o')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Tenant domain or id \(tenant\): policy needs the B2C tenant's domain/);
  });

  it('user-flow fields in a custom-policy file exit 2, each named with why', () => {
    const { file, dir } = writeConfig({ ...config, identityProvider: { displayName: 'itsme' }, userFlow: { tokenLifetimeMinutes: 60 } });
    const r = runOffline(['policy', '-c', file, '--out', join(dir, 'o')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /identityProvider\.displayName: .*no identity provider object/);
    assert.match(r.stderr, /userFlow\.tokenLifetimeMinutes: .*no user flow.*customPolicy\.tokenLifetimes/);
  });

  it('without --out it exits 2 and says so', () => {
    const { file } = writeConfig(config);
    const r = runOffline(['policy', '-c', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--out <dir>/);
  });
});
