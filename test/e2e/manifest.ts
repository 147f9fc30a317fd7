// The manifest and strings of the .vsix under test, so UI tests look for what the package really says.
import { e2e } from './env';
import { zipRead } from './vsix';

export function manifest(): any {
  return JSON.parse(zipRead(e2e().vsix, 'extension/package.json').toString('utf8'));
}

/** package.nls.json of the .vsix (the English strings). */
export function nls(): Record<string, string> {
  return JSON.parse(zipRead(e2e().vsix, 'extension/package.nls.json').toString('utf8'));
}

/** Resolves "%key%" through package.nls.json. */
export function localize(s: string): string {
  const m = /^%(.+)%$/.exec(s);
  if (!m) return s;
  const v = nls()[m[1]!];
  if (v === undefined) throw new Error(`package.nls.json has no ${m[1]}`);
  return v;
}

/** The palette label of a contributed command: "<category>: <title>". */
export function commandLabel(id: string): string {
  const c = (manifest().contributes?.commands ?? []).find((x: { command: string }) => x.command === id);
  if (!c) throw new Error(`package.json contributes no command ${id}`);
  return c.category ? `${localize(c.category)}: ${localize(c.title)}` : localize(c.title);
}

/** The commandPalette `when` clause of a command (undefined: always listed). */
export function paletteWhen(id: string): string | undefined {
  return (manifest().contributes?.menus?.commandPalette ?? []).find((x: { command: string }) => x.command === id)?.when;
}
