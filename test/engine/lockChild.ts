// A child process for the tenant-lock tests (not a test file): takes the lock on argv[2] in the lock directory
// ITSME_B2C_LOCK_DIR, prints what happens as JSON lines, then behaves as argv[3] says:
//   hold:<ms>   hold the lock that long, release it, exit 0
//   exit        exit(3) while holding it (no release call: the exit hook must release it)
//   throw       throw inside withTenantLock (released by the finally), exit through the uncaught error
//   wait        hold it until killed (SIGTERM / SIGKILL from the test)
import { acquireTenantLock, withTenantLock } from '../../src/core/lock/tenantLock';

const [tenant, mode = 'hold:300'] = process.argv.slice(2) as [string, string | undefined];
const say = (o: Record<string, unknown>): void => void process.stdout.write(JSON.stringify({ pid: process.pid, t: Date.now(), ...o }) + '\n');

async function main(): Promise<void> {
  const onWait = (message: string): void => say({ event: 'waiting', message });
  if (mode === 'throw') {
    await withTenantLock({ tenant, onWait, tool: 'test' }, async () => {
      say({ event: 'acquired' });
      throw new Error('boom inside the lock');
    });
    return;
  }
  const lock = await acquireTenantLock({ tenant, onWait, tool: 'test', releaseOnSignals: true });
  say({ event: 'acquired', path: lock.path });
  if (mode === 'exit') process.exit(3);
  if (mode === 'wait') {
    setInterval(() => undefined, 1_000);
    return;
  }
  await new Promise((r) => setTimeout(r, Number(mode.split(':')[1] ?? 300)));
  say({ event: 'releasing' });
  lock.release();
}

main().catch((e: unknown) => {
  say({ event: 'error', message: e instanceof Error ? e.message : String(e) });
  process.exitCode = 1;
});
