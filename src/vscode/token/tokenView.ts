// The ID token in a webview a person reads: the title "ID token · <flow> · HH:MM", pass/fail per check with what to
// fix, the claims as a table with local times, and "Copy raw token". The page (webview-ui/token, built to
// dist/webview/token.{js,css}) renders the view model; the raw token stays here and goes only to the clipboard.
import * as vscode from 'vscode';
import { webviewHtml } from '../webviewHtml';
import { dropLogFor } from '../log';
import type { TokenReport } from '../../core/token/checkIdToken';
import { parseTokenPageMessage, type TokenHostMessage } from '../../core/token/tokenPageMessages';
import type { TokenViewModel } from '../../core/token/tokenViewModel';

interface ViewLog {
  info(message: string): void;
  warn(message: string): void;
}


export class TokenView {
  static readonly viewType = 'itsme.token';
  /** The last report shown (for tests). */
  last: TokenReport | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: ViewLog,
  ) {}

  /** Opens a new tab for this token (each run keeps its own, to compare). */
  show(report: TokenReport, rawToken: string, view: TokenViewModel): vscode.WebviewPanel {
    this.last = report;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(TokenView.viewType, view.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [root],
      // No retainContextWhenHidden: shown again, the page says "ready" and is sent the view again.
    });
    panel.webview.html = webviewHtml(panel.webview, root, 'token', view.title);
    const sub = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const msg = parseTokenPageMessage(raw);
      if (!msg) return dropLogFor(this.log)('token view: dropped a malformed message');
      if (msg.type === 'ready') {
        const show: TokenHostMessage = { type: 'show', view };
        await panel.webview.postMessage(show);
      } else {
        await vscode.env.clipboard.writeText(rawToken);
        // The token is not a secret of ours, but it is a bearer of identity: its length only, never the token.
        this.log.info(`token view: raw ID token copied to the clipboard (${rawToken.length} characters)`);
      }
    });
    panel.onDidDispose(() => sub.dispose());
    return panel;
  }
}
