// The CLI end to end: the built dist/cli.js in a child process, against the HTTPS Graph emulator, with a real
// service-principal sign-in. Checks exit codes, --json plan output, and that the secret appears in no output.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';
import { startEmulator } from '../engine/harness';
import { runCli as runCliWith, type CliRun } from './runCli';

const SECRET = 'cli-itsme-Secret-9b8a7c6d';
const LOCKS = mkdtempSync(join(tmpdir(), 'itsme-cli-locks-'));

const runCli = (emu: GraphEmulator, args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliRun> =>
  runCliWith(emu, args, { secret: SECRET, env, stdin, lockDir: LOCKS });

function writeConfig(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'itsme-cli-'));
  const file = join(dir, 'itsme-b2c.json');
  writeFileSync(file, JSON.stringify({ tenant: 'contosob2c.onmicrosoft.com', itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' }, ...extra }, null, 2));
  return file;
}

function assertNoSecret(run: CliRun): void {
  for (const s of [SECRET, 'emu~ManagementSecret']) {
    assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), `secret ${s.slice(0, 4)}… leaked in output`);
  }
}

describe('itsme-b2c CLI', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('plan --json lists every step with its resource, action, reason and exact request, secret as a marker', async () => {
    const r = await runCli(emu, ['plan', '-c', writeConfig(), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const steps = out.plan.steps as Array<{ resource: string; action: string; reason: string; requests: Array<{ method: string; url: string; body?: any }> }>;
    assert.deepEqual(steps.map((s) => `${s.resource}:${s.action}`), ['identityProvider:create', 'userFlow:create', 'userFlowLink:link', 'userFlowSettings:update', 'userFlowClaims:update', 'application:create', 'servicePrincipal:create', 'adminConsent:create']);
    for (const s of steps) assert.ok(s.reason.length > 5);
    const idp = steps[0]!.requests[0]!;
    assert.equal(idp.method, 'POST');
    assert.equal(idp.url, `${emu.url}/beta/identity/identityProviders`);
    assert.match(idp.body.clientSecret, /^<itsme client secret/);
    assert.equal(steps[2]!.requests[0]!.url, `${emu.url}/beta/identity/b2cUserFlows/B2C_1_itsme/userFlowIdentityProviders/$ref`);
    assertNoSecret(r);
    assert.equal(emu.log.filter((e) => e.method !== 'GET' && !e.path.includes('oauth2')).length, 0, 'plan writes nothing');
  });

  it('apply → re-apply with zero writes → status → destroy, with the secret in no output', async () => {
    const cfg = writeConfig();
    const apply = await runCli(emu, ['apply', '-c', cfg]);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.match(apply.stdout, /Run user flow: https:\/\/contosob2c\.b2clogin\.com\/contosob2c\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?p=B2C_1_itsme&client_id=/);
    assert.match(apply.stdout, /https:\/\/contosob2c\.b2clogin\.com\/contosob2c\.onmicrosoft\.com\/oauth2\/authresp/);
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')?.['clientSecret'], SECRET, 'the secret reached Graph');
    assertNoSecret(apply);

    const again = await runCli(emu, ['apply', '-c', cfg, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const j = JSON.parse(again.stdout);
    assert.equal(j.status, 'noChanges');
    assert.equal(j.writes, 0);

    const status = await runCli(emu, ['status', '-c', cfg, '--json']);
    assert.equal(status.code, 0);
    assert.deepEqual(JSON.parse(status.stdout).health, []);

    const refuse = await runCli(emu, ['destroy', '-c', cfg]);
    assert.equal(refuse.code, 2, 'destroy without --yes refuses');
    assert.equal(emu.state.identityProviders.filter((p) => p.displayName === 'itsme').length, 1);

    const destroy = await runCli(emu, ['destroy', '-c', cfg, '--yes']);
    assert.equal(destroy.code, 0, destroy.stderr);
    assert.equal(emu.state.identityProviders.filter((p) => p.displayName === 'itsme').length, 0);
    assert.equal(emu.state.userFlows.length, 0);
    assert.equal(emu.state.applications.filter((a) => a.displayName === 'itsme-test-jwtms').length, 0);
    for (const r of [apply, again, status, refuse, destroy]) assertNoSecret(r);
  });

  it('reads the itsme secret from stdin', async () => {
    const r = await runCli(emu, ['apply', '-c', writeConfig(), '--itsme-secret-stdin'], { ITSME_CLIENT_SECRET: undefined }, 'stdin-Secret-1234\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')?.['clientSecret'], 'stdin-Secret-1234');
    assert.ok(!r.stdout.includes('stdin-Secret-1234') && !r.stderr.includes('stdin-Secret-1234'));
  });

  it('exit codes: 2 invalid input (naming the field), 2 secret in argv, 3 sign-in, 4 not B2C, 5 manual steps remain', async () => {
    const bad = await runCli(emu, ['apply', '-c', writeConfig({ itsme: { partnerCode: 'abcd1234', serviceCode: 'A B' } })]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /itsme\.serviceCode/);

    const argvSecret = await runCli(emu, ['apply', '-c', writeConfig(), `--client-secret=${SECRET}`]);
    assert.equal(argvSecret.code, 2);
    assert.ok(!argvSecret.stderr.includes(SECRET));

    const noSecret = await runCli(emu, ['apply', '-c', writeConfig()], { ITSME_CLIENT_SECRET: undefined });
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /ITSME_CLIENT_SECRET/);

    const auth = await runCli(emu, ['plan', '-c', writeConfig()], { AZURE_CLIENT_SECRET: 'wrong-sp-secret' });
    assert.equal(auth.code, 3, auth.stderr);
    assert.ok(!auth.stderr.includes('wrong-sp-secret'));

    await emu.stop();
    emu = await startEmulator({ tenant: { tenantType: 'AAD' } });
    const notB2c = await runCli(emu, ['apply', '-c', writeConfig()]);
    assert.equal(notB2c.code, 4);
    assert.match(notB2c.stderr, /not an Azure AD B2C tenant/);

    await emu.stop();
    emu = await startEmulator({ undocumentedUserFlowProps: 'ignore' });
    const manual = await runCli(emu, ['apply', '-c', writeConfig()]);
    assert.equal(manual.code, 5, manual.stderr);
    assert.match(manual.stdout, /Manual steps remain/);
    assert.match(manual.stdout, /portal\.azure\.com/);
  });

  it('rotate-secret patches the identity provider with the new secret only', async () => {
    const cfg = writeConfig();
    assert.equal((await runCli(emu, ['apply', '-c', cfg])).code, 0);
    const r = await runCli(emu, ['rotate-secret', '-c', cfg], { ITSME_CLIENT_SECRET: 'rotated-Secret-777' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(emu.state.identityProviders.find((p) => p.displayName === 'itsme')?.['clientSecret'], 'rotated-Secret-777');
    assert.ok(!r.stdout.includes('rotated-Secret-777') && !r.stderr.includes('rotated-Secret-777'));
  });
});
