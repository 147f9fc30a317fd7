// The token view's page: renders the view model the host posts (src/core/token/tokenViewModel.ts) and asks the
// host to copy the raw token. Every string comes from the host, already translated; DOM is built from text only.
//
// Stable ids and selectors (for Playwright; see test/e2e/signin.test.ts):
//   #token-title                     h1 "ID token · <flow> · HH:MM"; #subtitle
//   #verdict[data-ok]                "All 7 checks passed." / "2 of 7 checks failed: …"
//   .check[data-check=<id>][data-status=passed|failed]   .check-label, .check-status, .check-detail, .check-fix
//   #claims tr[data-claim=<name>]    .claim-value[data-raw=<JSON>][title=<hover>] > .claim-shown (+ .claim-raw)
//   #header                          the JOSE header, same rows
//   #copy-token                      Copy raw token (the host writes the clipboard); #announcer says it was copied
import './token.css';
import { isTokenHostMessage, type TokenPageMessage } from '../../src/core/token/tokenPageMessages';
import type { ClaimRow, TokenViewModel } from '../../src/core/token/tokenViewModel';
import { h } from '../dom';

interface VsCodeApi {
  postMessage(message: TokenPageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const api = acquireVsCodeApi();

const root = h('main', { id: 'token' });
const announcer = h('div', { id: 'announcer', class: 'sr-only', 'aria-live': 'polite' });
document.body.append(root, announcer);

function table(id: string, view: TokenViewModel, rows: ClaimRow[], caption: string): HTMLElement {
  return h(
    'table',
    { id, class: 'claims' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, view.labels.claim), h('th', { scope: 'col' }, view.labels.value))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-claim': r.name },
          h('th', { scope: 'row', class: 'claim-name' }, h('code', {}, r.name), r.meaning ? h('span', { class: 'claim-meaning' }, r.meaning) : undefined),
          h(
            'td',
            { class: r.time ? 'claim-value time' : 'claim-value', 'data-raw': r.raw, title: r.hover },
            h('span', { class: 'claim-shown' }, r.shown),
            r.time ? h('span', { class: 'claim-raw' }, r.raw) : undefined,
          ),
        ),
      ),
    ),
  );
}

function render(view: TokenViewModel): void {
  const copy = h('button', { id: 'copy-token', type: 'button', class: 'primary' }, view.labels.copy);
  copy.addEventListener('click', () => api.postMessage({ type: 'copy' }));
  copy.addEventListener('click', () => {
    // Clearing first makes a second copy be announced again.
    announcer.textContent = '';
    setTimeout(() => (announcer.textContent = view.labels.copied), 50);
  });
  const checks = view.checks.map((c) =>
    h(
      'li',
      { class: 'check', 'data-check': c.id, 'data-status': c.status },
      h('span', { class: 'check-icon', 'aria-hidden': 'true' }, c.status === 'passed' ? '✓' : '✗'),
      h(
        'div',
        { class: 'check-body' },
        h('div', { class: 'check-head' }, h('span', { class: 'check-label' }, c.label), h('span', { class: 'check-status' }, c.statusText)),
        h('p', { class: 'check-detail' }, c.detail),
        c.fix ? h('p', { class: 'check-fix' }, h('strong', {}, view.labels.fix), ' ', c.fix) : undefined,
      ),
    ),
  );
  root.replaceChildren(
    h('header', {}, h('div', { class: 'title-row' }, h('h1', { id: 'token-title' }, view.title), copy), h('p', { id: 'subtitle' }, view.subtitle)),
    h('section', { 'aria-labelledby': 'checks-heading' }, h('h2', { id: 'checks-heading' }, view.labels.checks), h('p', { id: 'verdict', 'data-ok': String(view.ok) }, view.verdict), h('ul', { id: 'checks' }, ...checks)),
    h('section', { 'aria-labelledby': 'claims-heading' }, h('h2', { id: 'claims-heading' }, view.labels.claims), table('claims', view, view.claims, view.labels.claims)),
    h('section', { 'aria-labelledby': 'header-heading' }, h('h2', { id: 'header-heading' }, view.labels.header), table('header', view, view.header, view.labels.header)),
  );
  document.title = view.title;
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isTokenHostMessage(e.data)) render(e.data.view);
});
api.postMessage({ type: 'ready' });
