// The page the browser lands on after a user flow run to VS Code (http://localhost:<port>/#id_token=…). It removes
// the response from the address bar and history first (history.replaceState), then posts it to the loopback receiver
// and says what happened. Self-contained: its CSS and script are inline, allowed by their hashes in the CSP.
import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';

/** What the page can say; `#status[data-state]` holds the current one. */
export type LandingState = 'working' | 'token' | 'error' | 'refused' | 'unreachable' | 'empty';

const CSS = `
:root { color-scheme: light dark; --bg: #f6f6f7; --card: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --bad: #cf222e; --accent: #ff4612; }
@media (prefers-color-scheme: dark) { :root { --bg: #1e1e1e; --card: #252526; --fg: #e6e6e6; --muted: #a0a0a0; --line: #3c3c3c; --ok: #3fb950; --bad: #f85149; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 34rem; margin: 24px; padding: 28px 32px; background: var(--card); border: 1px solid var(--line); border-radius: 10px; border-top: 4px solid var(--accent); }
.brand { margin: 0 0 12px; font-size: 13px; letter-spacing: .02em; color: var(--muted); }
h1 { margin: 0 0 8px; font-size: 22px; font-weight: 600; }
p { margin: 0; }
#status[data-state="token"] { color: var(--fg); }
main[data-state="token"] h1 { color: var(--ok); }
main[data-state="error"] h1, main[data-state="refused"] h1, main[data-state="unreachable"] h1 { color: var(--bad); }
#code { margin-top: 10px; font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
`;

// Plain ES5 with no dependencies: it runs in whatever browser the user's system opens.
const SCRIPT = `(function () {
  var raw = location.hash.slice(1) || location.search.slice(1);
  // First of all: the token (or error) leaves the address bar and the history entry, whatever happens next.
  if (location.hash || location.search) history.replaceState(null, '', location.pathname);
  var main = document.querySelector('main'), title = document.getElementById('title'), status = document.getElementById('status');
  function show(state, code) {
    var msg = document.getElementById('msg-' + state);
    main.setAttribute('data-state', state);
    status.setAttribute('data-state', state);
    title.textContent = msg.getAttribute('data-title');
    status.textContent = msg.textContent;
    if (code) { var c = document.getElementById('code'); c.textContent = code; c.hidden = false; }
  }
  if (!raw) return show('empty');
  var error = new URLSearchParams(raw).get('error');
  fetch('/result', { method: 'POST', body: raw })
    .then(function (r) { show(r.ok ? (error ? 'error' : 'token') : 'refused', r.ok ? error : ''); })
    .catch(function () { show('unreachable'); });
})();`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The Content-Security-Policy header the page is served with: nothing but its own inline CSS and script. */
export const LOOPBACK_CSP = [`default-src 'none'`, `script-src ${sha256(SCRIPT)}`, `style-src ${sha256(CSS)}`, `connect-src 'self'`, `base-uri 'none'`, `form-action 'none'`].join('; ');

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The landing page in the display language (`lang`: BCP 47). */
export function loopbackPage(lang = 'en'): string {
  const messages: Record<Exclude<LandingState, 'working'>, [title: string, text: string]> = {
    token: [l10n.t('Signed in'), l10n.t('The ID token is now in VS Code, with its checks. You can close this tab.')],
    error: [l10n.t('The sign-in did not finish'), l10n.t('VS Code now shows what happened and what to do. You can close this tab.')],
    refused: [l10n.t('VS Code did not accept this response'), l10n.t('It does not belong to the sign-in VS Code is waiting for. Run the user flow again from VS Code.')],
    unreachable: [l10n.t('VS Code is no longer waiting'), l10n.t('Could not reach VS Code: it stopped waiting for this sign-in. Run the user flow again from VS Code.')],
    empty: [l10n.t('Nothing to pass on'), l10n.t('This page receives the result of a sign-in started from VS Code (Run user flow → Show the token in VS Code).')],
  };
  const templates = Object.entries(messages)
    .map(([state, [title, text]]) => `<p id="msg-${state}" data-title="${esc(title)}" hidden>${esc(text)}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(l10n.t('itsme sign-in · VS Code'))}</title>
<style>${CSS}</style>
</head>
<body>
<main data-state="working">
<p class="brand">itsme · Azure AD B2C · VS Code</p>
<h1 id="title">${esc(l10n.t('Signing in…'))}</h1>
<p id="status" data-state="working" role="status">${esc(l10n.t('Passing the result to VS Code…'))}</p>
<p id="code" hidden></p>
${templates}
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
