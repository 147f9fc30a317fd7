// The extension's entry point. The engine (src/core) is loaded lazily by the commands that need it, so
// activation stays cheap. (Placeholder until the extension issue: the CLI is the product's first host.)
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Nothing to do yet: commands and views arrive with the extension issue.
}

export function deactivate(): void {
  // Nothing to release.
}
