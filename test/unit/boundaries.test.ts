// The engine is a library: nothing under src/core, src/wizard, src/protocol or src/cli may import 'vscode'
// (design.md principle 1). Checked on the source text and on the CLI bundle's inputs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as mine from '../../src/core/graph/errors';

const ROOT = join(__dirname, '..', '..');
const VSCODE_IMPORT = /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (/\.(ts|tsx|js|mjs)$/.test(p)) out.push(p);
  }
  return out;
}

describe('layer boundaries', () => {
  it('the pattern recognises every way of importing vscode', () => {
    for (const line of ["import * as vscode from 'vscode';", 'const v = require("vscode")', "await import('vscode')", "import type { Uri } from 'vscode';"]) {
      assert.ok(VSCODE_IMPORT.test(line), line);
    }
    assert.ok(!VSCODE_IMPORT.test("import { x } from './vscode-free';"));
  });

  for (const layer of ['src/core', 'src/wizard', 'src/protocol', 'src/cli']) {
    it(`${layer} does not import vscode`, () => {
      const offenders = filesUnder(join(ROOT, layer)).filter((f) => VSCODE_IMPORT.test(readFileSync(f, 'utf8')));
      assert.deepEqual(offenders, []);
    });
  }

  it('the CLI bundle pulls in no vscode module', async () => {
    const r = await build({ entryPoints: [join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent', outfile: 'cli.js' });
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(inputs.some((i) => i.includes('src/core/plan/computePlan')), 'the metafile lists the engine');
    assert.deepEqual(inputs.filter((i) => /(^|\/)vscode(\/|$)/.test(i) || i.includes('src/vscode/')), []);
  });
});

describe('errors across bundles', () => {
  it('a GraphRequestError or CancelledError from another copy of the module is still instanceof', async () => {
    const out = await build({ entryPoints: [join(ROOT, 'src/core/graph/errors.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent', external: ['@vscode/l10n'] });
    const copy: { exports: Record<string, any> } = { exports: {} };
    new Function('module', 'exports', 'require', out.outputFiles[0]!.text)(copy, copy.exports, require);
    const foreign = new copy.exports['GraphRequestError']({ kind: 'notFound', method: 'GET', path: '/x', hint: 'h' });
    assert.notEqual(copy.exports['GraphRequestError'], mine.GraphRequestError, 'two copies of the class');
    assert.ok(foreign instanceof mine.GraphRequestError);
    assert.ok(new copy.exports['CancelledError']() instanceof mine.CancelledError);
    assert.ok(!(new Error('plain') instanceof mine.GraphRequestError));
    assert.ok(!(foreign instanceof mine.CancelledError));
  });
});
