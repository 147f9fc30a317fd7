// The README's "Develop your app against the sandbox" examples are the files the conformance tests run: each code
// block that follows a `<!-- example: <file> -->` marker must be, line for line, the file's `#region readme` (its
// indentation removed). An edit to one without the other fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

/** The lines between `// #region readme` and `// #endregion readme`, with their common indentation removed. */
export function readmeRegion(source: string): string {
  const m = /^[ \t]*\/\/ #region readme\n([\s\S]*?)^[ \t]*\/\/ #endregion readme$/m.exec(source);
  if (!m) throw new Error('no #region readme');
  const lines = m[1]!.replace(/\n$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

describe('README: the app examples are the files the tests run', () => {
  const readme = read('README.md');
  const quoted = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

  it('quotes both examples', () => {
    assert.deepEqual(quoted.map((q) => q.file).sort(), ['examples/msal-browser/app.js', 'examples/msal-node/app.mjs']);
  });

  for (const file of ['examples/msal-node/app.mjs', 'examples/msal-browser/app.js']) {
    it(`the README's ${file} is the file's readme region`, () => {
      const q = quoted.find((x) => x.file === file);
      assert.ok(q, `README quotes ${file}`);
      assert.equal(q.code, readmeRegion(read(file)));
    });
  }

  it('a changed line in the file is a difference (the check can fail)', () => {
    const src = read('examples/msal-browser/app.js').replace("cacheLocation: 'sessionStorage'", "cacheLocation: 'localStorage'");
    assert.notEqual(quoted.find((x) => x.file === 'examples/msal-browser/app.js')?.code, readmeRegion(src));
  });
});
