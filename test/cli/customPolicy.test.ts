// The CLI with the B2C custom-policy variant: plan --json carries the key sets and policies (XML as sent, the
// secret as a marker), apply prints the policies and keys, re-apply writes nothing, rotate-secret adds a key,
// destroy removes exactly ours. The built dist/cli.js against the HTTPS Graph emulator.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';
import { DEFAULT_PERMISSIONS } from '../../emulators/graph/state';
import { startEmulator } from '../engine/harness';
import { runCli as runCliWith, type CliRun } from './runCli';

const SECRET = 'cli-itsme-Secret-cp-51d2';
const LOCKS = mkdtempSync(join(tmpdir(), 'itsme-cli-locks-'));
const runCli = (emu: GraphEmulator, args: string[], secret = SECRET): Promise<CliRun> => runCliWith(emu, args, { secret, lockDir: LOCKS });

function writeConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'itsme-cli-cp-'));
  const file = join(dir, 'itsme-b2c.json');
  const config = {
    tenant: 'contosob2c.onmicrosoft.com',
    variant: 'customPolicy',
    itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' },
    customPolicy: { name: 'signin_itsme', claims: ['nationalNumber', 'birthDate'], assurance: 'advanced' },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const writes = (emu: GraphEmulator): number => emu.log.filter((e) => e.method !== 'GET' && !e.path.includes('oauth2')).length;

describe('itsme-b2c CLI: custom-policy variant', function () {
  this.timeout(90_000);
  let emu: GraphEmulator;
  before(async () => {
    emu = await startEmulator({ tenant: { grantedPermissions: [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] } });
  });
  after(async () => {
    await emu.stop();
  });

  it('plan --json → apply → re-apply (0 writes) → status → rotate-secret → destroy, the secret in no output', async () => {
    const cfg = writeConfig();
    const plan = await runCli(emu, ['plan', '-c', cfg, '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const out = JSON.parse(plan.stdout);
    assert.deepEqual(
      out.plan.steps.map((s: { resource: string; action: string }) => `${s.resource}:${s.action}`),
      ['itsmeSecretKeySet:create', 'signingKeySet:create', 'encryptionKeySet:create', 'basePolicy:create', 'relyingPartyPolicy:create', 'application:create', 'servicePrincipal:create', 'adminConsent:create'],
    );
    const secretStep = out.plan.steps[0];
    assert.match(secretStep.requests[1].body.k, /^<itsme client secret/);
    const base = out.plan.steps[3].requests[0];
    assert.equal(base.method, 'PUT');
    assert.equal(base.url, `${emu.url}/beta/trustFramework/policies/B2C_1A_signin_itsme_base/$value`);
    assert.match(base.body, /^<\?xml/);
    assert.equal(out.plan.outputs.variant, 'customPolicy');
    assert.equal(out.plan.outputs.customPolicy.policyId, 'B2C_1A_signin_itsme');
    assert.deepEqual(out.plan.outputs.customPolicy.expectations.claims, ['national_number', 'birthdate']);
    assert.equal(writes(emu), 0, 'plan writes nothing');

    const apply = await runCli(emu, ['apply', '-c', cfg]);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.match(apply.stdout, /Run user flow: https:\/\/\S+\?p=B2C_1A_signin_itsme&client_id=/);
    assert.match(apply.stdout, /Custom policies \(upload order\): B2C_1A_signin_itsme_base, B2C_1A_signin_itsme/);
    assert.match(apply.stdout, /Policy keys: B2C_1A_signin_itsmeItsmeSecret, B2C_1A_signin_itsmeTokenSigning, B2C_1A_signin_itsmeTokenEncryption/);

    const before = writes(emu);
    const again = await runCli(emu, ['apply', '-c', cfg, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).status, 'noChanges');
    assert.equal(writes(emu), before, 're-apply writes nothing');

    const status = await runCli(emu, ['status', '-c', cfg]);
    assert.equal(status.code, 0, status.stderr);

    const rotate = await runCli(emu, ['rotate-secret', '-c', cfg], 'cli-rotated-Secret-77');
    assert.equal(rotate.code, 0, rotate.stderr + rotate.stdout);
    const ks = emu.state.trustFramework.keySets.find((k) => k.id === 'B2C_1A_signin_itsmeItsmeSecret')!;
    assert.equal(ks.keys.length, 2);
    assert.equal(ks.keys[1]!.k, 'cli-rotated-Secret-77');

    const destroy = await runCli(emu, ['destroy', '-c', cfg, '--yes']);
    assert.equal(destroy.code, 0, destroy.stderr + destroy.stdout);
    assert.deepEqual(emu.state.trustFramework.policies, []);
    assert.deepEqual(emu.state.trustFramework.keySets, []);
    for (const r of [plan, apply, again, status, rotate, destroy]) {
      for (const s of [SECRET, 'cli-rotated-Secret-77']) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'secret leaked');
    }
  });
});
