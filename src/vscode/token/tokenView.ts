// The ID token shown in a read-only editor: the checks first (each ✓ or ✗ with what to fix), then the decoded
// header and claims. The raw token is not shown: the checks and claims are what a person needs.
import * as vscode from 'vscode';
import type { TokenReport } from '../../core/token/checkIdToken';

export const TOKEN_SCHEME = 'itsme-token';

export class TokenView implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** The last report shown (for tests). */
  last: TokenReport | undefined;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '';
  }

  async show(report: TokenReport, title: string): Promise<vscode.TextEditor> {
    this.last = report;
    const t = vscode.l10n.t;
    const lines = [
      `# ${title}`,
      '',
      report.ok ? t('All checks passed.') : t('Some checks failed: see below what to fix.'),
      '',
      ...report.checks.map((c) => `- ${c.ok ? '✓' : '✗'} **${c.label}**: ${c.detail}`),
      '',
      `## ${t('Claims')}`,
      '',
      '```json',
      JSON.stringify(report.payload, null, 2),
      '```',
      '',
      `## ${t('Header')}`,
      '',
      '```json',
      JSON.stringify(report.header, null, 2),
      '```',
      '',
    ];
    const uri = vscode.Uri.from({ scheme: TOKEN_SCHEME, path: `/id-token-${Date.now()}.md` });
    this.docs.set(uri.path, lines.join('\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { preview: false });
  }
}
