// Lists, per language, the keys of the English bundles (l10n/bundle.l10n.json, package.nls.json) that have no
// translation yet, and translations whose English key is gone. For the delta pass after English strings change.
// Usage: npm run l10n:missing [-- --json]   (run `npm run l10n` first so the English bundle is fresh)
import { existsSync, readFileSync } from 'node:fs';

export const LANGUAGES = ['nl', 'fr', 'de'];
export const PAIRS = [
  { english: 'l10n/bundle.l10n.json', of: (lang) => `l10n/bundle.l10n.${lang}.json` },
  { english: 'package.nls.json', of: (lang) => `package.nls.${lang}.json` },
];

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});

/** { lang: { file: { missing: [english keys], obsolete: [keys no longer in English] } } } */
export function l10nGaps(root = '.') {
  const gaps = {};
  for (const lang of LANGUAGES) {
    gaps[lang] = {};
    for (const pair of PAIRS) {
      const english = read(`${root}/${pair.english}`);
      const translated = read(`${root}/${pair.of(lang)}`);
      gaps[lang][pair.of(lang)] = {
        missing: Object.keys(english).filter((k) => !(k in translated)),
        obsolete: Object.keys(translated).filter((k) => !(k in english)),
      };
    }
  }
  return gaps;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const gaps = l10nGaps();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(gaps, null, 2) + '\n');
  } else {
    let total = 0;
    for (const [lang, files] of Object.entries(gaps)) {
      for (const [file, { missing, obsolete }] of Object.entries(files)) {
        total += missing.length;
        console.log(`${lang}  ${file}: ${missing.length} missing, ${obsolete.length} obsolete`);
        for (const k of missing) console.log(`  + ${JSON.stringify(k)}`);
        for (const k of obsolete) console.log(`  - ${JSON.stringify(k)}`);
      }
    }
    process.exitCode = total > 0 ? 1 : 0;
  }
}
