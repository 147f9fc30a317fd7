// The page every webview of the extension loads (the wizard, the token view): one script and one stylesheet of its
// bundle under dist/webview, a strict CSP with a per-load nonce, the UI language, and the tab's title.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewHtml(webview: vscode.Webview, root: vscode.Uri, bundle: 'wizard' | 'token', title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.css`));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`].join('; ');
  const lang = vscode.env.language.replace(/[^A-Za-z0-9-]/g, '');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
