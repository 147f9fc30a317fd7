// Every user-facing string in the engine goes through this one function, so the CLI and the extension
// can load translations (@vscode/l10n in Node, vscode.l10n in the extension host re-uses the same bundle keys).
export { t } from '@vscode/l10n';
