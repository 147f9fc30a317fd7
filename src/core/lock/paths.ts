// Where the per-tenant lock files live: the user's cache directory, so the extension and the CLI of one user on
// one machine find the same file. ITSME_B2C_LOCK_DIR overrides it (tests, or a directory shared on purpose).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function lockDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['ITSME_B2C_LOCK_DIR'];
  if (override) return override;
  // XDG on Linux; %LOCALAPPDATA% on Windows; ~/.cache otherwise (where the sandbox already keeps code-server).
  const cache = env['XDG_CACHE_HOME'] || (process.platform === 'win32' ? env['LOCALAPPDATA'] : undefined) || join(env['HOME'] || homedir(), '.cache');
  return join(cache, 'itsme-b2c', 'locks');
}

/**
 * The lock file of a tenant. Case-insensitive (domains are), and any character outside [a-z0-9.-] becomes "_",
 * so a tenant name can never leave the directory. A tenant named once by domain and once by id gets two files:
 * both tools take the tenant from the same setting or file, so in practice they agree.
 */
export function lockPathFor(dir: string, tenant: string): string {
  const name = tenant.trim().toLowerCase().replace(/[^a-z0-9.-]/g, '_') || '_';
  return join(dir, `${name}.lock`);
}
