// The advisory per-tenant lock (src/core/lock): two processes contend and take turns, the second says it waits;
// a lock left by a dead process or gone quiet is recovered; the lock is released on a normal end, on an error,
// on process.exit and on SIGTERM; waiting can be cancelled.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '../../src/core/graph/errors';
import { lockDir, lockPathFor } from '../../src/core/lock/paths';
import { acquireTenantLock, withTenantLock } from '../../src/core/lock/tenantLock';

const CHILD = join(__dirname, 'lockChild.ts');
const TENANT = 'contosob2c.onmicrosoft.com';

interface ChildEvent {
  pid: number;
  t: number;
  event: 'waiting' | 'acquired' | 'releasing' | 'error';
  message?: string;
  path?: string;
}

interface Child {
  pid: number;
  events: ChildEvent[];
  /** Resolves when the child printed an event of this kind. */
  when(event: ChildEvent['event']): Promise<ChildEvent>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** Children still running when a test ends (a failed assertion must not leave a 'wait' child behind). */
const live = new Set<ReturnType<typeof spawn>>();

function child(dir: string, mode: string, tenant = TENANT): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, tenant, mode], { env: { ...process.env, ITSME_B2C_LOCK_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(p);
  p.on('exit', () => live.delete(p));
  const events: ChildEvent[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  p.stdout.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      events.push(JSON.parse(buf.slice(0, i)) as ChildEvent);
      buf = buf.slice(i + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    pid: p.pid!,
    events,
    exited,
    kill: (s) => p.kill(s),
    when: (event) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const e = events.find((x) => x.event === event);
          if (e) return resolve(e);
          waiters.push(check);
        };
        void exited.then(() => setTimeout(() => reject(new Error(`child exited without "${event}": ${JSON.stringify(events)} ${stderr}`)), 50));
        check();
      }),
  };
}

/** A pid that certainly belonged to a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('tenant lock', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'itsme-lock-'));
  });
  afterEach(() => {
    for (const p of live) p.kill('SIGKILL');
  });

  it('lives under the user cache directory, respecting XDG_CACHE_HOME and the test override', () => {
    assert.equal(lockDir({ ITSME_B2C_LOCK_DIR: '/x/locks', XDG_CACHE_HOME: '/c', HOME: '/h' }), '/x/locks');
    assert.equal(lockDir({ XDG_CACHE_HOME: '/c', HOME: '/h' }), join('/c', 'itsme-b2c', 'locks'));
    assert.match(lockPathFor('/l', 'ContosoB2C.onmicrosoft.com'), /contosob2c\.onmicrosoft\.com\.lock$/);
    assert.equal(lockPathFor('/l', 'ContosoB2C.onmicrosoft.com'), lockPathFor('/l', 'contosob2c.onmicrosoft.com'), 'case does not make another lock');
    assert.ok(!lockPathFor('/l', ['..', '..', 'etc', 'passwd'].join('/')).slice(3).includes('/'), 'a tenant name cannot escape the directory');
  });

  it('holds pid, host and start time while held; the file is gone after release', async () => {
    process.env['ITSME_B2C_LOCK_DIR'] = dir;
    try {
      const lock = await acquireTenantLock({ tenant: TENANT, tool: 'test' });
      const held = JSON.parse(readFileSync(lock.path, 'utf8')) as { pid: number; host: string; startedAt: string; tenant: string };
      assert.equal(held.pid, process.pid);
      assert.equal(held.host, hostname());
      assert.ok(Math.abs(Date.parse(held.startedAt) - Date.now()) < 5_000);
      assert.equal(held.tenant, TENANT);
      lock.release();
      assert.ok(!existsSync(lock.path));
      lock.release(); // twice is harmless
    } finally {
      delete process.env['ITSME_B2C_LOCK_DIR'];
    }
  });

  it('two processes take turns; the second says who holds it and waits', async () => {
    const a = child(dir, 'hold:800');
    await a.when('acquired');
    const b = child(dir, 'hold:50');
    const waiting = await b.when('waiting');
    assert.match(waiting.message!, new RegExp(`another itsme-b2c run holds the lock on ${TENANT.replace(/\./g, '\\.')} since .+, pid ${a.pid}.*; waiting`, 'i'));
    const acquiredB = await b.when('acquired');
    const releasingA = a.events.find((e) => e.event === 'releasing')!;
    assert.ok(releasingA, 'A released before B got it');
    assert.ok(acquiredB.t >= releasingA.t, `B acquired at ${acquiredB.t}, A released at ${releasingA.t}`);
    assert.deepEqual(await a.exited, { code: 0, signal: null });
    assert.deepEqual(await b.exited, { code: 0, signal: null });
    assert.ok(!existsSync(lockPathFor(dir, TENANT)));
  });

  it('other tenants do not wait', async () => {
    const a = child(dir, 'hold:1500');
    await a.when('acquired');
    const b = child(dir, 'hold:10', 'fabrikamb2c.onmicrosoft.com');
    await b.when('acquired');
    assert.ok(!b.events.some((e) => e.event === 'waiting'));
    await Promise.all([a.exited, b.exited]);
  });

  it('recovers a lock left by a dead process on this host, without waiting', async () => {
    mkdirSync(dir, { recursive: true });
    const path = lockPathFor(dir, TENANT);
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: new Date().toISOString(), tenant: TENANT, tool: 'cli', id: 'dead' }));
    const b = child(dir, 'hold:10');
    await b.when('acquired');
    assert.ok(!b.events.some((e) => e.event === 'waiting'), JSON.stringify(b.events));
    assert.deepEqual(await b.exited, { code: 0, signal: null });
  });

  it('recovers a lock from another host once it has gone quiet past the bound', async () => {
    const path = lockPathFor(dir, TENANT);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'some-other-host', startedAt: new Date(Date.now() - 3_600_000).toISOString(), tenant: TENANT, tool: 'cli', id: 'old' }));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(path, old, old);
    process.env['ITSME_B2C_LOCK_DIR'] = dir;
    try {
      const lock = await acquireTenantLock({ tenant: TENANT, tool: 'test' });
      lock.release();
    } finally {
      delete process.env['ITSME_B2C_LOCK_DIR'];
    }
  });

  it('a live holder on another host is waited for, not broken', async () => {
    const path = lockPathFor(dir, TENANT);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'some-other-host', startedAt: new Date().toISOString(), tenant: TENANT, tool: 'cli', id: 'live' }));
    const messages: string[] = [];
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 700);
    await assert.rejects(acquireTenantLock({ tenant: TENANT, tool: 'test', dir, signal: abort.signal, onWait: (m) => messages.push(m) }), CancelledError);
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /some-other-host/);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).id, 'live', 'the holder’s file is untouched');
  });

  it('is released when the work throws', async () => {
    const c = child(dir, 'throw');
    await c.when('acquired');
    const e = await c.when('error');
    assert.match(e.message!, /boom inside the lock/);
    await c.exited;
    assert.ok(!existsSync(lockPathFor(dir, TENANT)));
    const err = await withTenantLock({ tenant: TENANT, tool: 'test', dir }, async () => {
      throw new Error('in-process boom');
    }).catch((x: unknown) => x);
    assert.match(String(err), /in-process boom/);
    assert.ok(!existsSync(lockPathFor(dir, TENANT)));
  });

  it('is released when the process exits while holding it', async () => {
    const c = child(dir, 'exit');
    await c.when('acquired');
    assert.deepEqual(await c.exited, { code: 3, signal: null });
    assert.ok(!existsSync(lockPathFor(dir, TENANT)));
  });

  it('is released on SIGTERM (and the process still ends by that signal)', async () => {
    const c = child(dir, 'wait');
    await c.when('acquired');
    assert.ok(existsSync(lockPathFor(dir, TENANT)));
    c.kill('SIGTERM');
    assert.deepEqual(await c.exited, { code: null, signal: 'SIGTERM' });
    assert.ok(!existsSync(lockPathFor(dir, TENANT)));
  });

  it('after SIGKILL the file stays, and the next run recovers it (dead pid)', async () => {
    const c = child(dir, 'wait');
    await c.when('acquired');
    c.kill('SIGKILL');
    await c.exited;
    assert.ok(existsSync(lockPathFor(dir, TENANT)), 'nothing could release it');
    const lock = await acquireTenantLock({ tenant: TENANT, tool: 'test', dir });
    assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid);
    lock.release();
  });

  it('waiting stops when cancelled, and the holder keeps its lock', async () => {
    // The holder never lets go until it is killed below, so a rejection at all proves the wait ended on the cancel
    // (not on a release); no clock is read, so a loaded machine cannot make this flaky.
    const c = child(dir, 'wait');
    await c.when('acquired');
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    await assert.rejects(acquireTenantLock({ tenant: TENANT, tool: 'test', dir, signal: abort.signal }), CancelledError);
    assert.equal(JSON.parse(readFileSync(lockPathFor(dir, TENANT), 'utf8')).pid, c.pid);
    c.kill('SIGTERM');
    await c.exited;
  });
});
