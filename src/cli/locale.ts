// The CLI's language: POSIX locale variables pick the l10n bundle before any other module makes a string.
// Imported first by main.ts (imports run in order), because modules build some strings when they load.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';

/** The languages with a bundle in l10n/ (English is the source text and needs none). */
export const CLI_LANGUAGES = ['nl', 'fr', 'de'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number] | 'en';

/**
 * The language POSIX would use for messages: LC_ALL, then LC_MESSAGES, then LANG (the first one set wins, as in
 * setlocale(3)); "nl_BE.UTF-8" → "nl", "fr_BE" → "fr", "de_BE@euro" → "de"; anything else (C, POSIX, en_US) → "en".
 * LANGUAGE (GNU's list) is deliberately not read: it is ignored by glibc itself when the locale is C.
 */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const value = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '') ?? '';
  const lang = value.split(/[_.@-]/)[0]!.toLowerCase();
  return (CLI_LANGUAGES as readonly string[]).includes(lang) ? (lang as CliLanguage) : 'en';
}

/** l10n/ next to the built dist/ (dist/cli.js) or two levels up from the source (src/cli/locale.ts under tsx). */
function bundlePath(lang: string): string | undefined {
  return [join(__dirname, '..', 'l10n'), join(__dirname, '..', '..', 'l10n')].map((dir) => join(dir, `bundle.l10n.${lang}.json`)).find((p) => existsSync(p));
}

const lang = cliLanguage();
const path = lang === 'en' ? undefined : bundlePath(lang);
if (path) l10n.config({ fsPath: path });
