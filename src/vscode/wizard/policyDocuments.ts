// The generated custom-policy files, shown read-only: a TextDocumentContentProvider on the scheme itsme-policy
// serves the XML exactly as it will be uploaded (plan.outputs.customPolicy.policies), so a person can read what the
// tenant will run before anything is written. Documents of a content provider cannot be edited or saved. The XML
// never holds the itsme secret (the policy names the key set that does).
import * as vscode from 'vscode';

export const POLICY_SCHEME = 'itsme-policy';

class PolicyContent implements vscode.TextDocumentContentProvider {
  private readonly files = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, xml: string): void {
    const before = this.files.get(uri.path);
    this.files.set(uri.path, xml);
    // A newer plan with other XML for the same policy: an open editor shows the new text.
    if (before !== undefined && before !== xml) this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.files.get(uri.path) ?? '';
  }
}

let content: PolicyContent | undefined;

/** Registers the provider once (on first use) for the extension's lifetime. */
function provider(): PolicyContent {
  if (!content) {
    content = new PolicyContent();
    vscode.workspace.registerTextDocumentContentProvider(POLICY_SCHEME, content);
  }
  return content;
}

/** The document's address: itsme-policy:/B2C_1A_itsme_base.xml (the id is [A-Za-z0-9_]; the tab shows it). */
export function policyUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: POLICY_SCHEME, path: `/${id.replace(/[^A-Za-z0-9_-]/g, '_')}.xml` });
}

/** Opens a generated policy file in a read-only XML editor (beside the wizard, which stays open). */
export async function showPolicyFile(id: string, xml: string): Promise<vscode.TextEditor> {
  const uri = policyUri(id);
  provider().set(uri, xml);
  const doc = await vscode.workspace.openTextDocument(uri);
  const xmlDoc = doc.languageId === 'xml' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'xml');
  return vscode.window.showTextDocument(xmlDoc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
