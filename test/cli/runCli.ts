// The built CLI (dist/cli.js) as a child process against a Graph emulator: the one way the CLI, engine and lock
// tests run it. Only the variables the CLI reads are passed (no inherited secrets); the tenant lock lives in a
// private directory, so parallel test runs never take turns on the user's lock.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphEmulator } from '../../emulators';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The itsme client secret in ITSME_CLIENT_SECRET (omit with env: { ITSME_CLIENT_SECRET: undefined }). */
  secret?: string;
  /** Extra or overriding variables; undefined removes one. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** The tenant-lock directory (ITSME_B2C_LOCK_DIR); a fresh private one when omitted. */
  lockDir?: string;
}

export function runCli(emu: GraphEmulator, args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = {
      PATH: process.env['PATH'],
      NODE_EXTRA_CA_CERTS: emu.caPath,
      AZURE_CLIENT_ID: emu.management.clientId,
      AZURE_CLIENT_SECRET: emu.management.clientSecret,
      ITSME_CLIENT_SECRET: options.secret ?? 'cli-itsme-Secret-default-1',
      ITSME_B2C_LOCK_DIR: options.lockDir ?? mkdtempSync(join(tmpdir(), 'itsme-cli-locks-')),
      ...options.env,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI, ...args, '--graph-url', emu.url, '--authority-host', emu.authorityHost], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
