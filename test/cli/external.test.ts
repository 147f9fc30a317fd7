// The CLI on an External ID tenant, end to end: dist/cli.js as a child process against the Graph emulator's external
// tenant and the itsme emulator (the pre-flight reads its discovery document). No new flag: the kind is detected.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalFlows, flowForApp, oidcProviders, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { startEmulator } from '../engine/harness';
import { runCli as runCliWith, type CliRun } from './runCli';

const SECRET = 'cli-ext-itsme-Secret-4d3c2b1a';
const LOCKS = mkdtempSync(join(tmpdir(), 'itsme-cli-locks-'));

describe('itsme-b2c CLI on an External ID tenant', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  let itsme: ItsmeEmulator;
  const run = (args: string[]): Promise<CliRun> => runCliWith(emu, args, { secret: SECRET, lockDir: LOCKS });
  const writes = (): number => emu.log.filter((e) => e.method !== 'GET' && !e.path.includes('oauth2')).length;

  function writeConfig(extra: Record<string, unknown> = {}): string {
    const file = join(mkdtempSync(join(tmpdir(), 'itsme-cli-ext-')), 'itsme-b2c.json');
    writeFileSync(file, JSON.stringify({ tenant: 'contosoext.onmicrosoft.com', itsme: { generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' }, ...extra }, null, 2));
    return file;
  }

  beforeEach(async () => {
    [emu, itsme] = await Promise.all([startEmulator({ tenantType: 'CIAM' }), startItsmeEmulator()]);
  });
  afterEach(async () => {
    await Promise.all([emu.stop(), itsme.stop()]);
  });

  it('plan says the pre-flight and the email question; apply → re-apply with zero writes → destroy', async () => {
    const cfg = writeConfig();
    const plan = await run(['plan', '-c', cfg]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /Pre-flight: itsme's discovery document .* has what External ID needs/);
    assert.match(plan.stdout, /email_verified = false/);
    assert.equal(writes(), 0, 'plan writes nothing');

    const apply = await run(['apply', '-c', cfg]);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.match(apply.stdout, new RegExp(`Test sign-in: https://contosoext\\.ciamlogin\\.com/${emu.tenantId}/oauth2/v2\\.0/authorize\\?client_id=`));
    assert.ok(apply.stdout.includes(`https://contosoext.ciamlogin.com/${emu.tenantId}/federation/oauth2`));
    assert.ok(apply.stdout.includes('https://contosoext.ciamlogin.com/contosoext.onmicrosoft.com/federation/oauth2'));
    assert.ok(apply.stdout.includes(`Tokens' issuer: https://${emu.tenantId}.ciamlogin.com/${emu.tenantId}/v2.0`));
    const app = emu.state.applications.find((a) => a.displayName === 'itsme-test-jwtms')!;
    assert.equal(flowForApp(emu.state, app.appId)?.displayName, 'itsme');
    assert.equal(oidcProviders(emu.state)[0]!.clientAuthentication.clientSecret, SECRET);

    const before = writes();
    const again = await run(['apply', '-c', cfg, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).status, 'noChanges');
    assert.equal(writes(), before, 're-apply writes nothing');

    const destroy = await run(['destroy', '-c', cfg, '--yes']);
    assert.equal(destroy.code, 0, destroy.stderr + destroy.stdout);
    assert.equal(oidcProviders(emu.state).length, 0);
    assert.equal(externalFlows(emu.state).filter((f) => f.displayName === 'itsme').length, 0);
    for (const r of [plan, apply, again, destroy]) assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'the secret leaked');
  });

  it('a field External ID does not have exits 2 with zero writes, naming the field and why', async () => {
    const r = await run(['apply', '-c', writeConfig({ userFlow: { tokenLifetimeMinutes: 60 } })]);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /userFlow\.tokenLifetimeMinutes.*no token lifetime/);
    assert.equal(writes(), 0);
  });
});
