// The packaged extension in a real extension host: how it activates and what it registers.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activation, extension, manifest } from './extension';

describe('activation (the installed .vsix in the Node extension host)', () => {
  it('is installed and nothing activates it before it is needed (no "*" / onStartupFinished activation)', async () => {
    const ext = extension();
    assert.match(path.basename(ext.extensionPath), /^itsme-b2c\.itsme-b2c-\d+\.\d+\.\d+/);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace, 'runs in the workspace (Node) extension host');
    const events: string[] = manifest().activationEvents ?? [];
    assert.deepEqual(events.filter((e) => e === '*' || e === 'onStartupFinished'), []);
    const a = await activation();
    assert.equal(a.wasActive, false, 'the extension was already active before any command or view asked for it');
  });

  it('activate() succeeds and stays cheap (engine, Graph and identity code are loaded lazily)', async () => {
    const a = await activation();
    assert.equal(a.error, undefined, `activate() failed: ${a.error}`);
    assert.ok(extension().isActive);
    // How long activation takes is a figure of `npm run bench:vscode`, never a timed test (a loaded machine makes
    // any bound flaky). What keeps it cheap is structural, and that is checked: activation loads only
    // dist/extension.js — not the engine (dist/host.js), the Graph / identity bundle (dist/vscode/), nor node_modules.
    const loaded = Object.keys(require.cache).filter((f) => f.startsWith(extension().extensionPath));
    assert.ok(loaded.some((f) => f.endsWith(path.join('dist', 'extension.js'))), `dist/extension.js is not among the loaded files: ${loaded.join(', ')}`);
    assert.deepEqual(loaded.filter((f) => f.endsWith(path.join('dist', 'host.js')) || f.includes(path.join('dist', 'vscode') + path.sep)), [], 'activation loaded the engine or the Graph bundle eagerly');
    assert.deepEqual(loaded.filter((f) => /node_modules|@azure|msal/i.test(f)), [], 'activation loaded dependencies from node_modules (the .vsix bundles everything)');
  });

  it('registers a handler for every command it contributes', async () => {
    await activation();
    const contributed: string[] = (manifest().contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered after activation: ${missing.join(', ')}`);
  });

  it('every %placeholder% of the manifest is localized (package.nls.json is complete and packaged)', () => {
    const text = JSON.stringify(manifest());
    const left = [...new Set(text.match(/"%[\w.-]+%"/g) ?? [])];
    assert.deepEqual(left, [], `unresolved manifest strings: ${left.join(', ')}`);
  });

  it('contributes the settings the extension reads, and the harness pointed them at the Graph emulator', () => {
    const cfg = vscode.workspace.getConfiguration('itsme');
    for (const key of ['tenant', 'signInMethod', 'clientId', 'graphEndpoint', 'authorityHost', 'loginHost']) {
      assert.notEqual(cfg.inspect(key)?.defaultValue, undefined, `setting itsme.${key} is not contributed`);
    }
    assert.equal(cfg.get('graphEndpoint'), process.env.ITSME_B2C_GRAPH_URL);
    assert.equal(cfg.get('signInMethod'), 'servicePrincipal');
  });
});
