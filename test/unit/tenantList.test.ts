// The tenant list (src/vscode/tenants.ts): the single `itsme.tenant` setting becomes its first entry once, with
// its sign-in; entries are per tenant (case-insensitive); the command's tenant travels with the async call.
import * as assert from 'node:assert/strict';
import { currentTarget, LEGACY_MARK_KEY, tenantOfArgument, TenantList, withTarget, type LegacySettings } from '../../src/vscode/tenants';

class Memento {
  readonly data = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.data.has(key) ? (this.data.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
}

const legacy = (tenant: string): (() => LegacySettings) => () => ({ tenant, signInMethod: 'servicePrincipal', clientId: 'c1' });

describe('tenant list', () => {
  it('migrates the single itsme.tenant setting on first read, signed in when the old mark says so', () => {
    const m = new Memento();
    m.data.set(LEGACY_MARK_KEY, 'servicePrincipal:contosob2c.onmicrosoft.com');
    const list = new TenantList(m as never, legacy('contosob2c.onmicrosoft.com'));
    assert.deepEqual(list.all(), [{ tenant: 'contosob2c.onmicrosoft.com', signInMethod: 'servicePrincipal', clientId: 'c1', signedIn: true }]);
    assert.ok(m.data.has('itsme.tenants'), 'the migrated list is stored');
  });

  it('migrates a setting that was never signed in as signed out, and nothing without a setting', () => {
    assert.equal(new TenantList(new Memento() as never, legacy('a.onmicrosoft.com')).all()[0]?.signedIn, false);
    assert.deepEqual(new TenantList(new Memento() as never, legacy('')).all(), []);
  });

  it('migrates once: a list emptied by the user stays empty', async () => {
    const m = new Memento();
    const list = new TenantList(m as never, legacy('a.onmicrosoft.com'));
    assert.equal(list.all().length, 1);
    assert.equal(await list.remove('A.onmicrosoft.com'), true);
    assert.deepEqual(list.all(), []);
  });

  it('keeps one entry per tenant (case-insensitive), in the order added', async () => {
    const list = new TenantList(new Memento() as never, legacy(''));
    await list.upsert({ tenant: 'e2e.onmicrosoft.com', signInMethod: 'servicePrincipal', clientId: 'x', signedIn: true });
    await list.upsert({ tenant: 'prd.onmicrosoft.com', signInMethod: 'azureCli', clientId: '', signedIn: true });
    await list.upsert({ tenant: 'E2E.onmicrosoft.com', signInMethod: 'microsoft', clientId: 'y', signedIn: true });
    assert.deepEqual(list.all().map((e) => [e.tenant, e.signInMethod]), [['E2E.onmicrosoft.com', 'microsoft'], ['prd.onmicrosoft.com', 'azureCli']]);
    await list.setSignedIn('prd.onmicrosoft.com', false);
    assert.equal(list.get('PRD.onmicrosoft.com')?.signedIn, false);
  });

  it('carries the command\'s tenant through awaits, and only inside the command', async () => {
    assert.equal(tenantOfArgument({ tenant: ' b.onmicrosoft.com ', kind: 'itsmeValue' }), 'b.onmicrosoft.com');
    assert.equal(tenantOfArgument('b.onmicrosoft.com'), undefined);
    const seen = await withTarget('b.onmicrosoft.com', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return currentTarget();
    });
    assert.equal(seen, 'b.onmicrosoft.com');
    assert.equal(currentTarget(), undefined);
  });
});
