// Defect 7 (speed): one token per run. The CLI (dist/cli.js, a child process) runs plan and apply against the
// HTTPS emulator with a little latency, so the first round's parallel reads really overlap; the emulator's own
// request log counts the token-endpoint and authority-metadata requests each run made.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';
import { runCli as runCliWith } from '../cli/runCli';
import { lastSeq, startEmulator } from './harness';

const runCli = (emu: GraphEmulator, args: string[], lockDir: string) => runCliWith(emu, args, { secret: 'tok-itsme-Secret-1', lockDir });

/** Token-side requests since `from`: token endpoint posts and authority metadata (openid-configuration) reads. */
function tokenTraffic(emu: GraphEmulator, from: number): { tokens: number; metadata: number } {
  const since = emu.log.filter((e) => e.seq > from);
  return {
    tokens: since.filter((e) => e.path.endsWith('/oauth2/v2.0/token')).length,
    metadata: since.filter((e) => e.path.endsWith('/.well-known/openid-configuration')).length,
  };
}

describe('token requests per CLI run', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  let dir: string;
  let cfg: string;
  before(async () => {
    emu = await startEmulator({ latencyMs: 40 });
    dir = mkdtempSync(join(tmpdir(), 'itsme-tok-'));
    cfg = join(dir, 'itsme-b2c.json');
    writeFileSync(cfg, JSON.stringify({ tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } }));
  });
  after(async () => {
    await emu.stop();
  });

  for (const [command, ...extra] of [['plan'], ['apply'], ['apply'], ['rotate-secret'], ['destroy', '--yes']]) {
    it(`${command}: one token request and at most one metadata read`, async () => {
      const from = lastSeq(emu);
      const r = await runCli(emu, [command!, '-c', cfg, ...extra], join(dir, 'locks'));
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const t = tokenTraffic(emu, from);
      // The target is ≤ 2 token requests per run; a shared credential makes it exactly one.
      assert.equal(t.tokens, 1, `${command} made ${t.tokens} token requests, ${t.metadata} metadata reads`);
      assert.ok(t.metadata <= 1, `${command} read the authority metadata ${t.metadata} times`);
    });
  }
});
