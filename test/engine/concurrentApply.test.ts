// Defect 4, the one-machine half: two CLI applies started together against an empty tenant with latency used to
// leave two of everything. With the per-tenant lock the second waits, says so, then finds the tenant complete.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';
import { lockPathFor } from '../../src/core/lock/paths';
import { acquireTenantLock } from '../../src/core/lock/tenantLock';
import { resolveConfig } from '../../src/core/config/validate';
import { runCli as runCliWith } from '../cli/runCli';
import { startEmulator } from './harness';
import { assertExactlyOurObjects } from './tenantAssertions';

const SECRET = 'lock-itsme-Secret-77';
const FILE = { tenant: 'contosob2c.onmicrosoft.com', itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' } };
const runCli = (emu: GraphEmulator, args: string[], lockDir: string) => runCliWith(emu, args, { secret: SECRET, lockDir });

describe('two CLI applies at once on one machine', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  afterEach(async () => {
    await emu.stop();
  });

  it('take turns through the tenant lock: one set of objects, the second waits and then writes nothing', async () => {
    emu = await startEmulator({ latencyMs: 100 });
    const dir = mkdtempSync(join(tmpdir(), 'itsme-conc-'));
    const cfg = join(dir, 'itsme-b2c.json');
    writeFileSync(cfg, JSON.stringify(FILE));
    const locks = join(dir, 'locks');
    const [a, b] = await Promise.all([runCli(emu, ['apply', '-c', cfg, '--json'], locks), runCli(emu, ['apply', '-c', cfg, '--json'], locks)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const config = resolveConfig(FILE);
    assert.ok(config.ok);
    assertExactlyOurObjects(emu, config.config, SECRET);
    const results = [a, b].map((r) => JSON.parse(r.stdout) as { status: string; writes: number });
    assert.deepEqual(results.map((r) => r.status).sort(), ['applied', 'noChanges']);
    const waited = [a, b].filter((r) => /another itsme-b2c run holds the lock on contosob2c\.onmicrosoft\.com since .*pid \d+.*; waiting/i.test(r.stderr));
    assert.equal(waited.length, 1, a.stderr + '\n---\n' + b.stderr);
    assert.ok(!existsSync(lockPathFor(locks, 'contosob2c.onmicrosoft.com')), 'released at the end');
  });

  it('plan takes no lock', async () => {
    emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), 'itsme-conc-'));
    const cfg = join(dir, 'itsme-b2c.json');
    writeFileSync(cfg, JSON.stringify(FILE));
    const locks = join(dir, 'locks');
    // A lock held by a live process (this one) would make a locking command wait; plan must not.
    const held = await acquireTenantLock({ tenant: FILE.tenant, tool: 'test', dir: locks });
    try {
      const r = await runCli(emu, ['plan', '-c', cfg], locks);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!/waiting/i.test(r.stderr));
    } finally {
      held.release();
    }
  });
});
