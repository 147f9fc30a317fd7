// The token view's messages between the extension host and its page (webview-ui/token). The raw token never goes to
// the page: "copy" asks the host, which holds it, to put it on the clipboard.
import type { TokenViewModel } from './tokenViewModel';

export type TokenHostMessage = { type: 'show'; view: TokenViewModel };
export type TokenPageMessage = { type: 'ready' } | { type: 'copy' };

/** The page's message, or undefined for anything else (a webview is untrusted input). */
export function parseTokenPageMessage(raw: unknown): TokenPageMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const type = (raw as { type?: unknown }).type;
  return type === 'ready' || type === 'copy' ? { type } : undefined;
}

export function isTokenHostMessage(raw: unknown): raw is TokenHostMessage {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'show' && typeof (raw as { view?: unknown }).view === 'object';
}
