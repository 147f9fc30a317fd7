// Several tenants side by side (issue 8, "What to build" 5): two tenants — the runner's Graph emulator
// (contosob2c) and a second emulator started here (fabrikamb2c, its own tenant id and management app) — each
// signed in with its own service principal and secret. The tree lists both; every command acts on the tenant it
// is given and uses that tenant's credential and secrets only; signing out of or removing one leaves the other.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startGraphEmulator, type GraphEmulator } from '../../../emulators';
import { resolveConfig } from '../../../src/core/config/validate';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import { activation, extension } from './extension';
import { emulatorEnv, graphGet } from './graph';

const A = 'contosob2c.onmicrosoft.com';
const B = 'fabrikamb2c.onmicrosoft.com';
const SECRET_A = 'tenants-itsme-Secret-A-1';
const SECRET_B = 'tenants-itsme-Secret-B-2';

async function host() {
  await activation();
  return (extension().exports as ExtensionApi).host();
}

function config(tenant: string, partner: string) {
  const r = resolveConfig({ tenant, itsme: { partnerCode: partner, serviceCode: 'TWO_LOGIN' }, app: { displayName: 'itsme-two-tenants-app' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

async function setEndpoints(url: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('itsme');
  await c.update('graphEndpoint', url, vscode.ConfigurationTarget.Global);
  await c.update('authorityHost', url, vscode.ConfigurationTarget.Global);
}

const roots = async (): Promise<TreeNode[]> => (await host()).getChildren();
const find = (n: TreeNode, kind: string): TreeNode | undefined => (n.kind === kind ? n : (n.children ?? []).map((c) => find(c, kind)).find(Boolean));

describe('several tenants side by side (extension host, two Graph emulators)', function () {
  this.timeout(90_000);
  let b: GraphEmulator;
  const repo = path.resolve(__dirname, '..', '..', '..');

  before(async () => {
    // This bundle lives in out/exthost/suite: point the emulator at the repository's schemas and CA.
    process.env.ITSME_GRAPH_SCHEMA_DIR ??= path.join(repo, 'emulators', 'graph', 'schemas');
    process.env.ITSME_EMULATOR_CA_DIR ??= path.join(repo, '.cache', 'emulator-ca');
    b = await startGraphEmulator({ applicationClaims: { relationship: 'asInDocsBranch' }, tenant: { tenantName: 'fabrikamb2c', tenantId: '0f0f0f0f-1111-4222-8333-b2cb2cb2cb2c', management: { clientId: '11111111-2222-4333-8444-fab000000001', clientSecret: 'fabrikam-management-Secret-9' } } });
  });

  after(async () => {
    await setEndpoints(emulatorEnv().url);
    await b?.stop();
  });

  it('signs in to two tenants, each with its own service principal, and the tree lists both', async () => {
    const a = emulatorEnv();
    assert.equal(await vscode.commands.executeCommand('itsme.signIn', { tenant: A, method: 'servicePrincipal', clientId: a.clientId, secret: a.clientSecret }), true);
    // The second tenant is in another cloud (here: another emulator): its sign-in keeps those hosts.
    await setEndpoints(b.url);
    try {
      assert.equal(await vscode.commands.executeCommand('itsme.addTenant', { tenant: B, method: 'servicePrincipal', clientId: b.management.clientId, secret: b.management.clientSecret }), true);
    } finally {
      await setEndpoints(a.url);
    }
    const list = (await host()).tenants.all();
    assert.deepEqual(list.map((e) => [e.tenant, e.clientId, e.graphEndpoint, e.signedIn]), [
      [A, a.clientId, a.url, true],
      [B, b.management.clientId, b.url, true],
    ]);
    assert.ok(!JSON.stringify(list).includes(b.management.clientSecret) && !JSON.stringify(list).includes(a.clientSecret), 'no secret in the list');
    const tree = await roots();
    assert.deepEqual(tree.map((n) => [n.kind, n.label, n.tenant]), [
      ['itsmeTenant', A, A],
      ['itsmeTenant', B, B],
    ]);
    // Neither is set up yet: each offers the wizard for itself.
    for (const n of tree) assert.deepEqual(n.children?.map((c) => [c.kind, c.command?.command, (c.command?.arguments?.[0] as { tenant?: string })?.tenant]), [['itsmeAction', 'itsme.setup', n.tenant]]);
  });

  it('applies a configuration in each tenant with its own itsme client secret', async () => {
    const services = (await host()).wizardServices();
    await services.storeSecret(A, SECRET_A);
    await services.storeSecret(B, SECRET_B);
    for (const [tenant, partner] of [[A, 'PARTNERA'], [B, 'PARTNERB']] as const) {
      const plan = await services.plan(config(tenant, partner));
      const result = await services.apply(config(tenant, partner), plan, () => undefined, new AbortController().signal);
      assert.equal(result.status, 'applied', `${tenant}: ${JSON.stringify(result)}`);
    }
    // B's emulator holds B's secret, and only B's management app ever asked it for a token.
    const idpB = b.state.identityProviders.find((p) => p.clientId === 'PARTNERB');
    assert.equal(idpB?.clientSecret, SECRET_B);
    assert.equal(b.state.identityProviders.some((p) => p.clientId === 'PARTNERA'), false, 'A\'s configuration went to A only');
    const tokenClients = new Set(b.log.filter((e) => /oauth2\/v2\.0\/token$/.test(e.path)).map((e) => (e.body as { client_id?: string })?.client_id));
    assert.deepEqual([...tokenClients], [b.management.clientId]);
    assert.ok(!JSON.stringify(b.log).includes(emulatorEnv().clientSecret) && !JSON.stringify(b.log).includes(SECRET_A), 'nothing of A reached B');
    const a = ((await graphGet('/beta/identity/identityProviders')).value as Array<{ clientId?: string }>).map((p) => p.clientId);
    assert.ok(a.includes('PARTNERA') && !a.includes('PARTNERB'));
    const tree = await roots();
    for (const n of tree) assert.ok(find(n, 'itsmeIdentityProvider') && find(n, 'itsmeUserFlow') && find(n, 'itsmeApplication'), `${n.label}: the three objects`);
  });

  it('commands act on the tenant they are given: redirect URIs, Run user flow, rotate the secret', async () => {
    const [nodeA, nodeB] = await roots();
    assert.equal(
      await vscode.commands.executeCommand('itsme.copyRedirectUris', find(nodeB!, 'itsmeRedirectUris')),
      'https://fabrikamb2c.b2clogin.com/fabrikamb2c/oauth2/authresp\nhttps://fabrikamb2c.b2clogin.com/fabrikamb2c.onmicrosoft.com/oauth2/authresp',
    );
    assert.match((await vscode.commands.executeCommand('itsme.copyRedirectUris', find(nodeA!, 'itsmeRedirectUris'))) as string, /^https:\/\/contosob2c\.b2clogin\.com\//);
    const url = new URL((await vscode.commands.executeCommand('itsme.runUserFlow', { tenant: B, target: 'https://jwt.ms' })) as string);
    assert.equal(url.host, 'fabrikamb2c.b2clogin.com');
    assert.equal(url.searchParams.get('client_id'), b.state.applications.find((x) => x.displayName === 'itsme-two-tenants-app')?.appId);
    assert.equal(await vscode.commands.executeCommand('itsme.rotateSecret', { tenant: B, secret: 'rotated-B-Secret-3' }), true);
    assert.equal(b.state.identityProviders.find((p) => p.clientId === 'PARTNERB')?.clientSecret, 'rotated-B-Secret-3');
    const services = (await host()).wizardServices();
    assert.equal(await services.hasSecret(A), true, 'A keeps its own itsme secret');
  });

  it('signing out of one tenant leaves the other signed in and readable', async () => {
    assert.equal(await vscode.commands.executeCommand('itsme.signOut', { tenant: B }), undefined);
    const tree = await roots();
    assert.deepEqual(tree.map((n) => [n.label, n.kind]), [
      [A, 'itsmeTenant'],
      [B, 'itsmeTenantSignedOut'],
    ]);
    assert.ok(find(tree[0]!, 'itsmeIdentityProvider'), 'A is still read with its own credential');
    assert.deepEqual(tree[1]!.children?.map((c) => [c.kind, c.command?.command]), [['itsmeAction', 'itsme.signIn']]);
    await assert.rejects((await host()).wizardServices().plan(config(B, 'PARTNERB')), /service principal secret|Sign in/i, 'B\'s service principal secret is gone');
  });

  it('"Remove tenant from the list" deletes that tenant\'s secrets and leaves the tenant as it is', async () => {
    const before = b.state.identityProviders.length;
    assert.equal(await vscode.commands.executeCommand('itsme.removeTenant', { tenant: B, confirm: true }), true);
    const h = await host();
    assert.deepEqual(h.tenants.all().map((e) => e.tenant), [A]);
    assert.equal(await h.wizardServices().hasSecret(B), false, 'B\'s itsme client secret was deleted');
    assert.equal(await h.wizardServices().hasSecret(A), true, 'A\'s was not');
    assert.equal(b.state.identityProviders.length, before, 'nothing in tenant B changed');
    // One tenant left, configured: the tree shows it alone.
    assert.deepEqual((await roots()).map((n) => n.label), [A]);
  });

  it('cleans up tenant A (remove the configuration, sign out)', async () => {
    assert.equal(await vscode.commands.executeCommand('itsme.remove', { tenant: A, confirm: true }), true);
    await vscode.commands.executeCommand('itsme.signOut');
    assert.deepEqual(await roots(), []);
  });
});
