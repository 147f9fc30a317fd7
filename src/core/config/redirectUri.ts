// Redirect URIs a B2C app registration accepts for this setup: https anywhere, plain http only for loopback
// (the "show the token in VS Code" listener), never a fragment.
import * as l10n from '@vscode/l10n';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Returns a message naming the fix, or undefined when the URI is acceptable. */
export function checkRedirectUri(uri: string): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return l10n.t('"{0}" is not a valid URL: use e.g. https://jwt.ms.', uri);
  }
  if (u.hash) return l10n.t('"{0}" must not contain a #fragment.', uri);
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname)) return undefined;
  return l10n.t('"{0}" must use https (plain http is only allowed for http://localhost loopback redirects).', uri);
}
