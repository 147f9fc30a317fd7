// A Microsoft-account sign-in asks for the custom-policy scopes (Policy.ReadWrite.TrustFramework,
// TrustFrameworkKeySet.ReadWrite.All) exactly when the configuration the command works on uses the custom-policy
// variant: the wizard's configuration in hand, else the one saved for the tenant (src/vscode/configStore.ts).
// Never for a user-flow configuration: its management app need not have those permissions, and asking for a
// permission the app lacks fails the sign-in.
import assert from 'node:assert/strict';
import { CUSTOM_POLICY_SCOPES, GRAPH_SCOPES } from '../../src/core/auth/scopes';
import { resolveConfig } from '../../src/core/config/validate';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import { ConfigStore } from '../../src/vscode/configStore';
import { microsoftAccountScopes, signInVariant } from '../../src/vscode/signInScopes';

class Memento {
  readonly data = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.data.has(key) ? (structuredClone(this.data.get(key)) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
}

const TENANT = 'contosob2c.onmicrosoft.com';
function config(tenant: string, variant?: 'customPolicy'): ItsmeSetupConfig {
  const r = resolveConfig({ tenant, itsme: { partnerCode: 'abcd1234', serviceCode: 'MYBANK_LOGIN' }, ...(variant ? { variant } : {}) });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.config;
}
const settings = { tenant: TENANT, clientId: 'mgmt-app', graphEndpoint: 'https://graph.microsoft.com', tenantKind: 'b2c' as const };
const asked = (variant: 'userFlow' | 'customPolicy', s: Parameters<typeof microsoftAccountScopes>[0] = settings) => microsoftAccountScopes(s, variant);
const graphScopes = (scopes: string[]) => scopes.filter((s) => s.startsWith('https://')).map((s) => s.slice('https://graph.microsoft.com/'.length));

describe('Microsoft-account sign-in: the custom-policy scopes', () => {
  it('a tenant with no saved configuration asks for the user-flow scopes only', () => {
    const store = new ConfigStore(new Memento() as never);
    assert.equal(signInVariant(store, TENANT), 'userFlow');
    assert.deepEqual(graphScopes(asked(signInVariant(store, TENANT))), GRAPH_SCOPES);
  });

  it('a saved user-flow configuration never asks for the custom-policy scopes', async () => {
    const store = new ConfigStore(new Memento() as never);
    await store.save(config(TENANT));
    assert.equal(signInVariant(store, TENANT), 'userFlow');
    for (const s of CUSTOM_POLICY_SCOPES) assert.ok(!asked(signInVariant(store, TENANT)).some((x) => x.endsWith(`/${s}`)), s);
  });

  it('a saved custom-policy configuration asks for both custom-policy scopes, on the tenant\'s Graph endpoint, besides the common ones', async () => {
    const store = new ConfigStore(new Memento() as never);
    await store.save(config(TENANT, 'customPolicy'));
    assert.equal(signInVariant(store, 'ContosoB2C.onmicrosoft.com'), 'customPolicy', 'tenants match case-insensitively');
    const scopes = asked(signInVariant(store, TENANT));
    assert.deepEqual(scopes.slice(0, 2), [`VSCODE_CLIENT_ID:mgmt-app`, `VSCODE_TENANT:${TENANT}`]);
    assert.deepEqual(graphScopes(scopes), [...GRAPH_SCOPES, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All']);
    assert.equal(signInVariant(store, 'fabrikamb2c.onmicrosoft.com'), 'userFlow', 'another tenant\'s configuration says nothing about this one');
  });

  it('the configuration in hand (the wizard\'s) decides over the saved one, both ways', async () => {
    const store = new ConfigStore(new Memento() as never);
    await store.save(config(TENANT));
    assert.equal(signInVariant(store, TENANT, 'customPolicy'), 'customPolicy', 'a first custom-policy apply needs the scopes before anything is saved');
    await store.save(config(TENANT, 'customPolicy'));
    assert.equal(signInVariant(store, TENANT, 'userFlow'), 'userFlow', 'back to a user flow: its plan reads no policies');
  });

  it('an External ID tenant gets its own scopes, never the B2C-only custom-policy ones', () => {
    assert.deepEqual(graphScopes(asked('customPolicy', { ...settings, tenantKind: 'external' })), [...GRAPH_SCOPES, 'EventListener.ReadWrite.All']);
  });
});
