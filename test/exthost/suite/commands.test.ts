// Command and tree logic in the real extension host, against the HTTPS Graph emulator: sign in with a service
// principal, apply through the wizard's services, read the tree, Run user flow, copy the redirect URIs, re-apply
// (no changes), rotate the secret, remove, sign out. Tenant state is checked through Graph, not the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resolveConfig } from '../../../src/core/config/validate';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import { activation, extension } from './extension';
import { emulatorEnv, graphGet, graphPatch } from './graph';
import type { Plan } from '../../../src/core/plan/types';

const TENANT = 'contosob2c.onmicrosoft.com';
const SECRET = 'exthost-itsme-Secret-42';

async function api(): Promise<ExtensionApi> {
  await activation();
  return extension().exports as ExtensionApi;
}

function config() {
  const r = resolveConfig({ tenant: TENANT, itsme: { partnerCode: 'EXTHOSTPARTNER', serviceCode: 'EXTHOST_LOGIN' }, app: { displayName: 'itsme-exthost-app' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

async function ourIdps(): Promise<any[]> {
  return ((await graphGet('/beta/identity/identityProviders')).value as any[]).filter((p) => p.clientId === 'EXTHOSTPARTNER');
}

describe('commands and tree (extension host, Graph emulator)', function () {
  this.timeout(60_000);

  it('signs in with a service principal and shows the empty-tenant welcome', async () => {
    const e = emulatorEnv();
    const host = await (await api()).host();
    const ok = await vscode.commands.executeCommand('itsme.signIn', { tenant: TENANT, method: 'servicePrincipal', clientId: e.clientId, secret: e.clientSecret });
    assert.equal(ok, true);
    const settings = vscode.workspace.getConfiguration('itsme');
    assert.equal(settings.get('tenant'), TENANT);
    assert.ok(!JSON.stringify(settings).includes(e.clientSecret), 'the service principal secret is in the settings');
    const roots = await host.getChildren();
    assert.deepEqual(roots, [], 'nothing configured: the view shows its welcome content');
  });

  it('prefills the wizard from the workspace\'s itsme-b2c.json while nothing is saved', async () => {
    const host = await (await api()).host();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, 'itsme-b2c.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ tenant: TENANT, itsme: { partnerCode: 'WSPARTNER', serviceCode: 'WS_LOGIN' } })));
    try {
      const c = await host.initialWizardConfig();
      assert.equal(c?.itsme.partnerCode, 'WSPARTNER');
      assert.equal(c?.itsme.serviceCode, 'WS_LOGIN');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    assert.equal(await host.initialWizardConfig(), undefined, 'without the file and a saved configuration there is nothing to prefill');
  });

  it('applies through the wizard services and the tree shows the three objects without warnings', async () => {
    const host = await (await api()).host();
    const services = host.wizardServices();
    await services.storeSecret(TENANT, SECRET);
    assert.equal(await services.hasSecret(TENANT), true);
    assert.equal(await services.hasSecret(''), true, 'an empty wizard tenant is the signed-in one: the same secret');
    const plan = await services.plan(config());
    assert.deepEqual(plan.steps.map((s) => s.action), ['create', 'create', 'link', 'update', 'update', 'create', 'create', 'create']);
    const seen: string[] = [];
    const result = await services.apply(config(), plan, (o) => seen.push(`${o.resource}:${o.status}`), new AbortController().signal);
    assert.ok(result.status !== 'planChanged', 'the tenant did not change since the plan was read');
    assert.equal(result.status, 'applied', JSON.stringify(result.outcomes));
    assert.ok(seen.includes('identityProvider:done') && seen.includes('adminConsent:done'));
    assert.equal((await ourIdps()).length, 1);

    const [tenant] = await host.getChildren();
    assert.equal(tenant?.kind, 'itsmeTenant');
    assert.equal(tenant?.label, TENANT);
    const kinds = (tenant?.children ?? []).map((n: TreeNode) => n.kind);
    assert.deepEqual(kinds, ['itsmeRedirectUris', 'itsmeIdentityProvider', 'itsmeUserFlow', 'itsmeApplication']);
    const all = (n: TreeNode): TreeNode[] => [n, ...(n.children ?? []).flatMap(all)];
    assert.deepEqual(all(tenant!).filter((n) => n.kind === 'itsmeWarning' || n.kind === 'itsmeError').map((n) => n.label), []);
    const flow = tenant!.children!.find((n) => n.kind === 'itsmeUserFlow')!;
    assert.equal(flow.label, 'B2C_1_itsme');
    const item = host.getTreeItem(flow);
    assert.equal(item.contextValue, 'itsmeUserFlow');
  });

  it('Run user flow opens the b2clogin authorize URL of the flow and the app', async () => {
    const url = (await vscode.commands.executeCommand('itsme.runUserFlow', { target: 'https://jwt.ms' })) as string;
    const app = ((await graphGet(`/v1.0/applications?$filter=displayName eq 'itsme-exthost-app'`)).value as any[])[0];
    const u = new URL(url);
    assert.equal(u.origin + u.pathname, `https://contosob2c.b2clogin.com/${TENANT}/oauth2/v2.0/authorize`);
    assert.equal(u.searchParams.get('p'), 'B2C_1_itsme');
    assert.equal(u.searchParams.get('client_id'), app.appId);
    assert.equal(u.searchParams.get('redirect_uri'), 'https://jwt.ms');
    assert.equal(u.searchParams.get('response_type'), 'id_token');
    assert.equal(u.searchParams.get('prompt'), 'login');
  });

  it('copies the two redirect URIs to give itsme', async () => {
    const text = (await vscode.commands.executeCommand('itsme.copyRedirectUris')) as string;
    assert.equal(text, 'https://contosob2c.b2clogin.com/contosob2c/oauth2/authresp\nhttps://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp');
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('a second apply changes nothing', async () => {
    const services = (await (await api()).host()).wizardServices();
    const plan = await services.plan(config());
    const result = await services.apply(config(), plan, () => undefined, new AbortController().signal);
    assert.ok(result.status === 'noChanges', result.status);
    assert.equal(result.writes, 0);
  });

  it('applying a plan reviewed before the tenant changed writes nothing and returns the new plan', async () => {
    const services = (await (await api()).host()).wizardServices();
    const reviewed = await services.plan(config());
    // Someone changes the flow's token lifetime in the portal while the review is open.
    await graphPatch('/beta/identity/b2cUserFlows/B2C_1_itsme', { tokenLifetimeConfiguration: { accessAndIdTokenLifetimeInMinutes: 9, rollingRefreshTokenLifetimeInDays: -1 } });
    const result = await services.apply(config(), reviewed, () => undefined, new AbortController().signal);
    assert.equal(result.status, 'planChanged');
    assert.ok(result.status === 'planChanged' && result.plan.steps.some((s) => s.resource === 'userFlowSettings' && s.action === 'update'), 'the new plan shows the change');
    const flow = await graphGet('/beta/identity/b2cUserFlows/B2C_1_itsme');
    assert.equal(flow.tokenLifetimeConfiguration?.accessAndIdTokenLifetimeInMinutes, 9, 'nothing was written');
    // Applying the plan shown now repairs it.
    const again = await services.apply(config(), (result as { plan: Plan }).plan, () => undefined, new AbortController().signal);
    assert.equal(again.status, 'applied');
  });

  it('the wizard\'s tenant check writes no setting', async () => {
    const services = (await (await api()).host()).wizardServices();
    const changed: string[] = [];
    const listener = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('itsme') && changed.push('itsme'));
    try {
      // Another reference (the tenant's id): checked with its own sign-in, never by switching the user's setting.
      await services.checkTenant(emulatorEnv().tenantId).catch(() => undefined);
      await services.checkTenant(TENANT);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(changed, []);
    assert.equal(vscode.workspace.getConfiguration('itsme').get('tenant'), TENANT);
  });

  it('rotates the itsme client secret', async () => {
    assert.equal(await vscode.commands.executeCommand('itsme.rotateSecret', { secret: 'rotated-exthost-Secret' }), true);
  });

  it('removes exactly the configuration, then signs out', async () => {
    const host = await (await api()).host();
    assert.equal(await vscode.commands.executeCommand('itsme.remove', { confirm: true }), true);
    assert.equal((await ourIdps()).length, 0);
    const apps = ((await graphGet(`/v1.0/applications?$filter=displayName eq 'itsme-exthost-app'`)).value as any[]);
    assert.equal(apps.length, 0);
    assert.deepEqual(await host.getChildren(), [], 'nothing configured any more');
    await vscode.commands.executeCommand('itsme.signOut');
    assert.deepEqual(await host.getChildren(), []);
    await assert.rejects(host.wizardServices().plan(config()), /service principal secret|Sign in/i);
  });
});
