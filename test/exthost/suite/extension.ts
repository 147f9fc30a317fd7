// The extension under test, as the extension host sees it (the installed .vsix, loaded as the development
// extension by ../run.ts), and its activation, measured once before any test can trigger it.
import * as vscode from 'vscode';
import { metrics } from './metrics';

export const EXTENSION_ID = 'itsme-b2c.itsme-b2c';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

export interface ActivationRecord {
  /** Active before the tests asked for it (a `*` / onStartupFinished activation would do that). */
  wasActive: boolean;
  /** performance.now() around ext.activate(): VS Code loading dist/extension.js + activate(). */
  ms?: number;
  error?: string;
}

const g = globalThis as unknown as { __itsmeActivation?: Promise<ActivationRecord> };

/** Activates the extension once per extension host and records how long it took (shared by every test file). */
export function activation(): Promise<ActivationRecord> {
  return (g.__itsmeActivation ??= (async () => {
    const ext = extension();
    const wasActive = ext.isActive;
    if (wasActive) return { wasActive };
    const t0 = performance.now();
    try {
      const api = (await ext.activate()) as { activationMs?: unknown } | undefined;
      const ms = performance.now() - t0;
      metrics.activateMs = ms;
      // What activate() itself measured (without VS Code loading the module), when the extension reports it.
      if (typeof api?.activationMs === 'number') metrics.activateCallMs = api.activationMs;
      return { wasActive, ms };
    } catch (e) {
      return { wasActive, error: String((e as Error)?.stack ?? e) };
    }
  })());
}

/** The manifest as packaged (VS Code replaces %nls% keys with package.nls.json values when it reads it). */
export function manifest(): any {
  return extension().packageJSON;
}
