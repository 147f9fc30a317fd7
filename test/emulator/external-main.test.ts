// `npm run emulator -- graph --tenant-kind external` (or --tenant-type CIAM): the external tenant from the command line.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EmulatorUsageError, parseEmulatorArgs } from '../../emulators/args';

const root = join(__dirname, '..', '..');

describe('emulator entry point: external tenant', () => {
  it('--tenant-kind external and --tenant-type CIAM both give a CIAM tenant; b2c stays the default', () => {
    assert.equal(parseEmulatorArgs(['graph', '--tenant-kind', 'external']).graph.tenantType, 'CIAM');
    assert.equal(parseEmulatorArgs(['graph', '--tenant-type', 'CIAM']).graph.tenantType, 'CIAM');
    assert.equal(parseEmulatorArgs(['all', '--tenant-kind', 'b2c']).graph.tenantType, 'AAD B2C');
    assert.equal(parseEmulatorArgs(['graph']).graph.tenantType, 'AAD B2C');
    assert.throws(() => parseEmulatorArgs(['graph', '--tenant-kind', 'ciam']), (e: unknown) => e instanceof EmulatorUsageError && /--tenant-kind/.test(e.message));
    assert.throws(() => parseEmulatorArgs(['graph', '--tenant-kind', 'external', '--tenant-type', 'CIAM']), EmulatorUsageError);
    assert.throws(() => parseEmulatorArgs(['itsme', '--tenant-kind', 'external']), EmulatorUsageError);
  });

  it('starts and names the external tenant, its ciamlogin host and issuer', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/main.ts', 'graph', '--tenant-kind', 'external'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Ctrl+C to stop.')) child.kill('SIGTERM');
      });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        resolve(stdout);
      });
    });
    assert.match(out, /CIAM tenant contosoext\.onmicrosoft\.com/);
    assert.match(out, /sign-in host contosoext\.ciamlogin\.com/);
    assert.match(out, /issuer https:\/\/[0-9a-f-]{36}\.ciamlogin\.com\/[0-9a-f-]{36}\/v2\.0/);
  });
});
