// The engine is a library: nothing under src/core, src/wizard, src/protocol or src/cli may import 'vscode'
// (design.md principle 1). Checked on the source text and on the CLI bundle's inputs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/** Relative import specifiers of a file, resolved to repository-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(dirname(file), s)));
}

/**
 * Paths in a file's text (code or comments) that lead above the repository: a `../…` path resolved from the file's
 * folder, or a run of `'..'` path segments (path.resolve(__dirname, '..', …)) longer than the file is deep.
 */
function pathsAboveRoot(file: string, text: string): string[] {
  const outside = (p: string, from = dirname(file)): boolean => relative(ROOT, resolve(from, p)).startsWith('..');
  // A cited path is read from the file's folder when its first named segment is there, else (as comments often
  // write them) from the repository's root: "../notes/x.md" in a comment of src/core/a.ts means beside the repo.
  const firstNamedExists = (p: string): boolean => {
    const ups = p.match(/^(?:\.\.\/)+/)![0];
    const name = p.slice(ups.length).split('/')[0]!;
    const at = join(resolve(dirname(file), ups), name);
    return ['', '.ts', '.mjs', '.js', '.json'].some((ext) => existsSync(at + ext)); // imports leave the extension out
  };
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s'"`(])((?:\.\.\/)+[\w.-][\w./-]*)/g)) {
    const p = m[1]!;
    if (outside(p) || (!firstNamedExists(p) && outside(p, ROOT))) found.push(p);
  }
  for (const m of text.matchAll(/(?:['"]\.\.['"]\s*,\s*)*['"]\.\.['"]/g)) {
    const n = (m[0].match(/\.\./g) ?? []).length;
    if (outside(Array(n).fill('..').join('/'))) found.push(`'..' ×${n}`);
  }
  return found;
}

/** Which top-level part of the house a repository-relative path is in. */
function partOf(rel: string): string {
  const [top, second] = rel.split(sep);
  return top === 'src' ? `src/${second}` : top!;
}

describe('the direction of the house', () => {
  const rules: { from: string[]; never: string[] }[] = [
    // The product never reaches into the emulators, the sandbox or the tests.
    { from: ['src', 'webview-ui'], never: ['emulators', 'sandbox', 'test'] },
    // The emulators are an independent Graph / itsme / sign-in implementation: they never use the engine.
    { from: ['emulators'], never: ['src', 'sandbox', 'test'] },
    // The sandbox is product too: it starts emulators and VS Code, never test code.
    { from: ['sandbox'], never: ['test'] },
  ];
  it('the import scanner sees relative imports and their targets', () => {
    const probe = join(ROOT, 'emulators', 'index.ts');
    assert.ok(importsOf(probe).some((p) => p.startsWith(join('emulators', 'graph'))), 'emulators/index.ts imports ./graph/…');
    assert.equal(partOf(join('src', 'core', 'x.ts')), 'src/core');
  });
  for (const rule of rules) {
    for (const from of rule.from) {
      it(`${from} never imports ${rule.never.join(', ')}`, () => {
        const offenders = filesUnder(join(ROOT, from)).flatMap((f) =>
          importsOf(f)
            .filter((target) => rule.never.some((n) => target === n || target.startsWith(n + sep)))
            .map((target) => `${relative(ROOT, f)} → ${target}`),
        );
        assert.deepEqual(offenders, []);
      });
    }
  }
  it('the escape scanner sees relative paths and path segments that climb above the repository', () => {
    const file = join(ROOT, 'test', 'unit', 'probe.ts');
    assert.deepEqual(pathsAboveRoot(file, "read('../../../outside/x.xml')"), ['../../../outside/x.xml']);
    assert.deepEqual(pathsAboveRoot(file, "path.resolve(__dirname, '..', '..', '..', 'outside')"), ["'..' ×3"]);
    assert.deepEqual(pathsAboveRoot(file, "// see ../../../outside/notes.md §2"), ['../../../outside/notes.md']);
    assert.deepEqual(pathsAboveRoot(file, "// facts in ../outside/notes.md §1 (written from the repository's root)"), ['../outside/notes.md']);
    assert.deepEqual(pathsAboveRoot(file, "import { x } from '../../src/core/x'; path.join(__dirname, '..', '..')"), []);
  });

  it('nothing the project runs reads or cites a path outside its own tree', () => {
    const dirs = ['src', 'webview-ui', 'emulators', 'sandbox', 'scripts', 'test', '.ci'];
    const offenders: string[] = [];
    for (const d of dirs) {
      for (const f of [...filesUnder(join(ROOT, d)), ...(d === '.ci' ? [join(ROOT, '.ci', 'run')] : [])]) {
        if (f === __filename) continue; // its probes above climb out on purpose
        for (const p of pathsAboveRoot(f, readFileSync(f, 'utf8'))) offenders.push(`${relative(ROOT, f)}: ${p}`);
      }
    }
    assert.deepEqual(offenders, []);
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
