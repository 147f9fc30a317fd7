// Issue 7, "always an account": when a read of round 2 runs out of retries (after round 1 wrote the flow, app,
// service principal…), the CLI still prints what was written, what was not and what to run next — text and --json.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';
import { startEmulator } from '../engine/harness';
import { runCli as runCliWith } from './runCli';

const runCli = (emu: GraphEmulator, args: string[]) => runCliWith(emu, args, { secret: SECRET });

const SECRET = 'cli-itsme-Secret-account-1234';

function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'itsme-cli-account-')), 'itsme-b2c.json');
  writeFileSync(file, JSON.stringify({ tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } }));
  return file;
}

/** Round 1 writes everything but the grant (503 until retries run out); round 2's provider read then fails too. */
function failRoundTwo(emu: GraphEmulator): void {
  emu.faults.add({ match: { method: 'POST', path: '/v1.0/oauth2PermissionGrants' }, times: Infinity, fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
  emu.faults.add({ match: { method: 'GET', path: /\/beta\/identity\/identityProviders$/ }, skip: 1, times: Infinity, fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
}

describe('itsme-b2c CLI: the account after a failure in round 2', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('text: exit 4, and stdout says what was written, what was not and what to run next', async () => {
    failRoundTwo(emu);
    const r = await runCli(emu, ['apply', '-c', configFile()]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stdout, /Written:[\s\S]*Identity provider[\s\S]*App registration/);
    assert.match(r.stdout, /Not written:[\s\S]*Admin consent: openid, offline_access/);
    assert.match(r.stdout, /Next: .*apply/);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  });

  it('--json: the same account, machine-readable', async () => {
    failRoundTwo(emu);
    const r = await runCli(emu, ['apply', '-c', configFile(), '--json']);
    assert.equal(r.code, 4, r.stderr);
    const j = JSON.parse(r.stdout) as { status: string; account: { written: string[]; notWritten: string[]; next: string }; error: string };
    assert.equal(j.status, 'failed');
    for (const w of ['identityProvider', 'userFlow', 'application', 'servicePrincipal']) assert.ok(j.account.written.some((x) => x.startsWith(w)), `${w} in ${j.account.written.join(', ')}`);
    assert.ok(j.account.notWritten.some((x) => x.startsWith('adminConsent')));
    assert.match(j.account.next, /apply/);
    assert.match(j.error, /503/);
  });
});
