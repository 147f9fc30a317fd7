// The wizard's page is a thin renderer: its bundle holds the page, the protocol, the wizard's pure constants (tenantKind.ts: which fields a kind of tenant has) and
// the UI kit — never the engine, never 'vscode' — and it builds DOM without innerHTML or inline styles.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(p) ? [p] : [];
  });
}

describe('wizard: webview bundle', () => {
  let inputs: string[] = [];
  let size = 0;

  before(async function () {
    this.timeout(30_000);
    const r = await build({ entryPoints: [join(ROOT, 'webview-ui/main.ts')], bundle: true, platform: 'browser', format: 'iife', minify: true, write: false, metafile: true, outdir: 'out', logLevel: 'silent', absWorkingDir: ROOT });
    inputs = Object.keys(r.metafile.inputs);
    size = r.outputFiles.find((f) => f.path.endsWith('.js'))!.contents.length;
  });

  it('pulls in only the page, the protocol, the wizard\'s pure files, the field table and the UI kit', () => {
    // The field table (labels, help, rules) is shared with the engine: it and the pure files it needs, nothing of
    // the engine's walker (validate.ts) or anything that talks to Graph.
    const fieldTable = /^src\/core\/(config\/(fields|fieldChecks|defaults|redirectUri)|itsme\/(scopes|endpoints)|policy\/(claims|options))\.ts$/;
    const allowed = /^(webview-ui\/|src\/protocol\/|src\/wizard\/(fields|state|steps|tenantKind)\.ts$|node_modules\/(@vscode-elements|lit|lit-html|lit-element|@lit|@lit-labs|@vscode\/l10n)\/)/;
    assert.deepEqual(inputs.filter((i) => !allowed.test(i) && !fieldTable.test(i)), []);
    assert.ok(inputs.includes('src/protocol/guards.ts'));
    assert.ok(inputs.includes('src/core/config/fields.ts'), 'the page renders the table\'s controls');
  });

  it('stays small (per-component imports, no engine)', () => {
    assert.ok(size < 200_000, `${size} bytes`);
  });

  it('never writes markup or inline styles from strings', () => {
    for (const file of sources(join(ROOT, 'webview-ui'))) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!/\.(innerHTML|outerHTML|insertAdjacentHTML)|\.style\.|setAttribute\(\s*['"]style/.test(text), file);
      assert.ok(!/acquireVsCodeApi\(\)\.(setState|getState)|setState\(/.test(text), `${file}: no webview state (nothing to persist in the page)`);
    }
  });
});
