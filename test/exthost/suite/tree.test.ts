// The tenants tree (issue 8, finding 11): tooltips that add to the label, the environment always shown (also for
// custom endpoints), scope and lifetimes short enough for the default sidebar width, Copy on every value, Edit…
// into the wizard's step, the redirect URIs for itsme as a node, portal links inline, and the view's title.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resolveConfig } from '../../../src/core/config/validate';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import { activation, extension, manifest } from './extension';
import { emulatorEnv, graphGet, graphPatch } from './graph';

const TENANT = 'contosob2c.onmicrosoft.com';

async function host() {
  await activation();
  return (extension().exports as ExtensionApi).host();
}

function config() {
  const r = resolveConfig({ tenant: TENANT, itsme: { partnerCode: 'TREEPARTNER', serviceCode: 'TREE_LOGIN' }, app: { displayName: 'itsme-tree-app' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

const all = (n: TreeNode): TreeNode[] => [n, ...(n.children ?? []).flatMap(all)];
const byId = (root: TreeNode, suffix: string): TreeNode => {
  const n = all(root).find((x) => x.id?.endsWith(`/${suffix}`));
  assert.ok(n, `no node ${suffix}`);
  return n;
};

async function tenantRoot(): Promise<TreeNode> {
  const roots = await (await host()).getChildren();
  assert.equal(roots.length, 1);
  return roots[0]!;
}

/** The tooltip's text with the label and the description taken out: what the tooltip adds. */
function added(item: vscode.TreeItem): string {
  const md = item.tooltip;
  assert.ok(md instanceof vscode.MarkdownString, `${String(item.label)}: the tooltip is Markdown`);
  let text = md.value.replace(/\\(.)/g, '$1');
  for (const s of [String(item.label ?? ''), String(item.description ?? '')]) if (s) text = text.split(s).join('');
  return text.replace(/[\s*`:—·$()-]+/g, ' ').trim();
}

describe('tenants tree (extension host, Graph emulator)', function () {
  this.timeout(60_000);

  before(async () => {
    const e = emulatorEnv();
    assert.equal(await vscode.commands.executeCommand('itsme.signIn', { tenant: TENANT, method: 'servicePrincipal', clientId: e.clientId, secret: e.clientSecret }), true);
    const services = (await host()).wizardServices();
    await services.storeSecret(TENANT, 'tree-itsme-Secret-7');
    const result = await services.apply(config(), await services.plan(config()), () => undefined, new AbortController().signal);
    assert.equal(result.status, 'applied');
  });

  after(async () => {
    await vscode.commands.executeCommand('itsme.remove', { tenant: TENANT, confirm: true });
    await vscode.commands.executeCommand('itsme.signOut');
  });

  it('every node has a Markdown tooltip that says more than its label and description', async () => {
    const h = await host();
    const nodes = all(await tenantRoot());
    assert.ok(nodes.length >= 15, `nodes: ${nodes.length}`);
    const poor = nodes.map((n) => ({ n, add: added(h.getTreeItem(n)) })).filter((x) => x.add.length < 15);
    assert.deepEqual(poor.map((x) => `${x.n.label} | ${x.n.description ?? ''} → "${x.add}"`), []);
  });

  it('shows the environment on the tenant and the identity provider, also for custom endpoints', async () => {
    let root = await tenantRoot();
    assert.match(root.description ?? '', /^e2e\b/);
    assert.equal(byId(root, 'idp').description, 'e2e · v2');
    assert.equal(byId(root, 'idp/environment').description, 'e2e');
    // Someone points the provider at a custom host: the tree says the environment and the host, not "custom URL".
    const idp = ((await graphGet('/beta/identity/identityProviders')).value as Array<{ id: string; clientId?: string }>).find((p) => p.clientId === 'TREEPARTNER')!;
    await graphPatch(`/beta/identity/identityProviders/${idp.id}`, { '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider', metadataUrl: 'https://idp.itsme.partner-proxy.example/v2/.well-known/openid-configuration' });
    root = await tenantRoot();
    assert.equal(byId(root, 'idp').description, 'e2e · idp.itsme.partner-proxy.example');
    assert.equal(byId(root, 'idp/environment').description, 'e2e · idp.itsme.partner-proxy.example');
    assert.equal(byId(root, 'idp/endpoints').description, 'custom · idp.itsme.partner-proxy.example');
    assert.match(root.description ?? '', /^e2e · idp\.itsme\.partner-proxy\.example/);
  });

  it('keeps scope and lifetimes short enough for the default sidebar width (detail in the tooltip)', async () => {
    const root = await tenantRoot();
    const h = await host();
    for (const id of ['idp/scope', 'flow/tokenLifetime', 'flow/refresh', 'app/implicit', 'app/consent']) {
      const n = byId(root, id);
      // Label + description within ~34 characters fit the default 300 px sidebar at the third tree level.
      assert.ok(`${n.label}  ${n.description}`.length <= 34, `${id}: "${n.label}  ${n.description}" is too long`);
    }
    assert.equal(byId(root, 'flow/tokenLifetime').description, '5 min');
    assert.equal(byId(root, 'flow/refresh').description, 'no expiry');
    assert.equal(byId(root, 'idp/scope').description, 'profile, email');
    assert.match((h.getTreeItem(byId(root, 'idp/scope')).tooltip as vscode.MarkdownString).value, /`openid service:TREE_LOGIN profile email`/);
  });

  it('has a node with the two redirect URIs for itsme, each copyable, and Copy on every value', async () => {
    const root = await tenantRoot();
    const node = byId(root, 'redirectUris');
    assert.equal(node.kind, 'itsmeRedirectUris');
    const uris = ['https://contosob2c.b2clogin.com/contosob2c/oauth2/authresp', 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp'];
    assert.deepEqual(node.children?.map((c) => c.label), uris);
    assert.equal(await vscode.commands.executeCommand('itsme.copyRedirectUris', node), uris.join('\n'));
    assert.equal(await vscode.commands.executeCommand('itsme.copyValue', node.children![1]), uris[1]);
    assert.equal(await vscode.env.clipboard.readText(), uris[1]);
    // Every leaf under an object shows a value and copies it whole.
    const leaves = all(root).filter((n) => !n.children?.length && n.kind !== 'itsmeWarning' && n.kind !== 'itsmeAction');
    assert.deepEqual(leaves.filter((n) => !/^itsmeValue/.test(n.kind) || !n.data?.value).map((n) => n.id), []);
    const scope = byId(root, 'idp/scope');
    assert.equal(await vscode.commands.executeCommand('itsme.copyValue', scope), 'openid service:TREE_LOGIN profile email');
    // The menus: Copy inline and in the context menu on every value; Edit… on configured values and objects;
    // portal links inline on the three objects.
    const items: Array<{ command: string; when: string; group?: string }> = manifest().contributes.menus['view/item/context'];
    const on = (command: string, viewItem: string, inline: boolean) =>
      items.some((m) => m.command === command && (m.group ?? '').startsWith('inline') === inline && matches(m.when, viewItem));
    for (const kind of ['itsmeValue', 'itsmeValueEditable']) for (const inline of [true, false]) assert.ok(on('itsme.copyValue', kind, inline), `Copy ${inline ? 'inline' : 'in the menu'} on ${kind}`);
    for (const kind of ['itsmeIdentityProvider', 'itsmeUserFlow', 'itsmeApplication']) {
      assert.ok(on('itsme.openInPortal', kind, true), `portal link inline on ${kind}`);
      assert.ok(on('itsme.edit', kind, false), `Edit… on ${kind}`);
    }
    assert.ok(on('itsme.edit', 'itsmeValueEditable', false) && !on('itsme.edit', 'itsmeValue', false));
  });

  it('"Edit…" opens the wizard for that tenant at the step of the field', async () => {
    const root = await tenantRoot();
    const cases: Array<[string, string]> = [
      ['idp/partnerCode', 'credentials'],
      ['idp/environment', 'environment'],
      ['flow/tokenLifetime', 'userFlow'],
      ['app/redirectUri/0', 'app'],
      ['idp', 'identityProvider'],
    ];
    for (const [id, step] of cases) {
      const panel = (await vscode.commands.executeCommand('itsme.edit', byId(root, id))) as { state: { step: string; form: Record<string, unknown> }; panel: vscode.WebviewPanel };
      try {
        assert.equal(panel?.state.step, step, id);
        assert.equal(panel.state.form['partnerCode'], 'TREEPARTNER', 'from the tenant\'s saved configuration');
        assert.equal(panel.state.form['tenant'], TENANT);
      } finally {
        panel?.panel.dispose();
      }
    }
  });

  it('names the view "Tenants" under a container whose title keeps itsme in lower case', () => {
    const m = manifest();
    assert.equal(m.contributes.views.itsme[0].name, 'Tenants');
    // The sidebar capitalizes each word of its title (text-transform: capitalize): a narrow no-break space joins
    // the brand's word so its "i" stays lower case (the UI test checks the rendered title).
    assert.equal(m.contributes.viewsContainers.activitybar[0].title, '\u202Fitsme');
  });
});

/** Whether a menu item's `when` (view == itsme.tenant && viewItem == x | =~ /re/) matches a contextValue. */
function matches(when: string, viewItem: string): boolean {
  const eq = /viewItem == (\w+)/.exec(when);
  if (eq) return eq[1] === viewItem;
  const re = /viewItem =~ \/(.+)\//.exec(when);
  return !!re && new RegExp(re[1]!).test(viewItem);
}
