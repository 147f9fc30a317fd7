// What `npm run package` produces (the .vsix the UI tests install): only what the extension loads, small.
// Targets of issue 3 §10: .vsix ≤ 2 MB, activation bundle (dist/extension.js) ≤ 250 KB minified.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { e2e } from './env';
import { zipEntries, zipRead } from './vsix';

describe('package: the .vsix', () => {
  const files = () => zipEntries(e2e().vsix).map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));

  it('holds the bundles the extension loads at runtime, its manifest, strings and media', () => {
    const have = new Set(files());
    for (const f of ['package.json', 'package.nls.json', 'dist/extension.js', 'media/itsme.svg']) assert.ok(have.has(f), `${f} is missing from the .vsix`);
    // Every dist/*.js that dist/extension.js may load on first use is in the package (e.g. host.js).
    const ext = zipRead(e2e().vsix, 'extension/dist/extension.js').toString('utf8');
    for (const m of ext.matchAll(/["'`]\.\/([\w./-]+\.js)["'`]/g)) assert.ok(have.has(`dist/${m[1]}`), `dist/extension.js loads ./${m[1]} but the .vsix has no dist/${m[1]}`);
    // The walkthrough's media exist.
    const manifest = JSON.parse(zipRead(e2e().vsix, 'extension/package.json').toString('utf8'));
    for (const w of manifest.contributes?.walkthroughs ?? []) {
      for (const s of w.steps) for (const m of Object.values<string>(s.media ?? {})) if (typeof m === 'string') assert.ok(have.has(m), `walkthrough ${w.id}/${s.id}: ${m} is missing`);
    }
  });

  it('holds nothing else: no sources, tests, maps, node_modules, CLI or caches', () => {
    const bad = files().filter((f) => /(^|\/)(src|test|scripts|webview-ui|node_modules|out|\.cache|artifacts|\.ci|\.git)\//.test(f) || /\.(map|ts|vsix|tsbuildinfo)$/.test(f) || f === 'dist/cli.js' || /^\.|\/\./.test(f));
    assert.deepEqual(bad, []);
  });

  it('is small: .vsix ≤ 2 MB and the activation bundle ≤ 250 KB minified', () => {
    const vsixBytes = fs.statSync(e2e().vsix).size;
    const activation = zipEntries(e2e().vsix).find((e) => e.name === 'extension/dist/extension.js')!;
    console.log(`      .vsix ${(vsixBytes / 1024).toFixed(1)} KB, dist/extension.js ${(activation.size / 1024).toFixed(1)} KB`);
    assert.ok(vsixBytes <= 2 * 1024 * 1024, `.vsix is ${vsixBytes} bytes`);
    assert.ok(activation.size <= 250 * 1024, `dist/extension.js is ${activation.size} bytes`);
  });
});
