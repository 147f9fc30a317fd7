// Dutch, French and German are complete: every key of the English bundles (l10n/bundle.l10n.json for the code's
// strings, package.nls.json for the manifest's) has a translation with the same placeholders, links, code spans and
// setting references; and the English bundle is what the extractor makes from the source today.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliLanguage } from '../../src/cli/locale';

const ROOT = join(__dirname, '..', '..');
const LANGUAGES = ['nl', 'fr', 'de'] as const;
const PAIRS = [
  { english: 'l10n/bundle.l10n.json', of: (lang: string) => `l10n/bundle.l10n.${lang}.json` },
  { english: 'package.nls.json', of: (lang: string) => `package.nls.${lang}.json` },
];

type Bundle = Record<string, string | { message: string; comment: string[] }>;
const readBundle = (path: string): Bundle => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Bundle;
const messageOf = (v: Bundle[string]): string => (typeof v === 'string' ? v : v.message);

/**
 * What a translation must carry over unchanged, as a sorted list: {0}-style placeholders, %name% manifest
 * references, markdown link targets (the text is translated, the target is not), `code spans` and #setting#
 * references (VS Code renders both as links or code, so translating them breaks them).
 */
function invariants(text: string): string[] {
  const found: string[] = [];
  const add = (re: RegExp, tag: string): void => {
    for (const m of text.matchAll(re)) found.push(`${tag}${m[1] ?? m[0]}`);
  };
  add(/\{\d+\}/g, '');
  add(/%[A-Za-z][\w.]*%/g, '');
  add(/\]\(([^)\s]+)\)/g, 'link:');
  add(/`([^`]+)`/g, 'code:');
  add(/#([a-z][\w]*\.[\w.]+)#/g, 'setting:');
  return found.sort();
}

describe('l10n: Dutch, French and German', () => {
  it('the invariants of a string are its placeholders, link targets, code spans and setting references', () => {
    assert.deepEqual(invariants('Run `az login` on {1} and {0}: [Sign in](command:itsme.signIn), see `#itsme.clientId#`.'), ['code:#itsme.clientId#', 'code:az login', 'link:command:itsme.signIn', 'setting:itsme.clientId', '{0}', '{1}'].sort());
    assert.notDeepEqual(invariants('[Aanmelden](command:itsme.signIn) {0}'), invariants('[Sign in](command:itsme.signout) {0}'));
    assert.notDeepEqual(invariants('{0} {0}'), invariants('{0}'));
  });

  for (const pair of PAIRS) {
    const english = readBundle(pair.english);
    for (const lang of LANGUAGES) {
      it(`${pair.of(lang)} translates every key of ${pair.english} with the same placeholders`, () => {
        const translated = readBundle(pair.of(lang));
        const missing = Object.keys(english).filter((k) => !(k in translated));
        assert.deepEqual(missing, [], `${missing.length} key(s) missing in ${pair.of(lang)} (npm run l10n:missing lists them)`);
        const obsolete = Object.keys(translated).filter((k) => !(k in english));
        assert.deepEqual(obsolete, [], `${pair.of(lang)} has keys the English bundle no longer has`);
        const wrong = Object.keys(english)
          .filter((k) => JSON.stringify(invariants(messageOf(english[k]!))) !== JSON.stringify(invariants(messageOf(translated[k]!))))
          .map((k) => `${JSON.stringify(k)} → ${JSON.stringify(messageOf(translated[k]!))}`);
        assert.deepEqual(wrong, [], `placeholders differ from the English in ${pair.of(lang)}`);
        const empty = Object.keys(english).filter((k) => messageOf(english[k]!).trim() !== '' && messageOf(translated[k]!).trim() === '');
        assert.deepEqual(empty, [], `empty translations in ${pair.of(lang)}`);
      });
    }
  }

  it('l10n/bundle.l10n.json is what the extractor makes from src and webview-ui today (run `npm run l10n`)', function () {
    this.timeout(120_000);
    const out = mkdtempSync(join(tmpdir(), 'itsme-l10n-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '--outDir', out, './src', './webview-ui'], { cwd: ROOT, stdio: 'pipe' });
      const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Bundle;
      const committed = readBundle('l10n/bundle.l10n.json');
      assert.deepEqual(Object.keys(committed).filter((k) => !(k in fresh)), [], 'keys in l10n/bundle.l10n.json that the source no longer has');
      assert.deepEqual(Object.keys(fresh).filter((k) => !(k in committed)), [], 'strings in the source missing from l10n/bundle.l10n.json');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('the CLI picks its language from LC_ALL, LC_MESSAGES, then LANG', () => {
    assert.equal(cliLanguage({ LANG: 'nl_BE.UTF-8' }), 'nl');
    assert.equal(cliLanguage({ LANG: 'fr_BE' }), 'fr');
    assert.equal(cliLanguage({ LANG: 'de_BE@euro' }), 'de');
    assert.equal(cliLanguage({ LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(cliLanguage({ LANG: 'C' }), 'en');
    assert.equal(cliLanguage({}), 'en');
    assert.equal(cliLanguage({ LANG: 'nl_BE.UTF-8', LC_ALL: 'fr_BE.UTF-8' }), 'fr');
    assert.equal(cliLanguage({ LANG: 'nl_BE.UTF-8', LC_MESSAGES: 'de_DE' }), 'de');
    assert.equal(cliLanguage({ LANG: 'fr_BE', LC_ALL: '' }), 'fr');
  });
});
