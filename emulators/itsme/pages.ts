// The emulator's HTML: the "Identify yourself" page, the "Confirm in your itsme app" page, the mobile-sized "itsme
// app" page, the error page and an index. Plain HTML + one stylesheet + two small scripts, all same-origin, so the
// pages work under a strict Content-Security-Policy (no inline script or style, no external resource).
import type { ItsmeAction } from './actions';
import { displayName, maskPhone, itsmePhoneFormat, type Identity } from './identities';
import type { Generation, Partner } from './partners';

export const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // https: because the sign-in forms (cancel) end in a redirect to the partner's redirect_uri.
  "form-action 'self' https:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LOGO = '<span class="logo" aria-hidden="true">it<b>s</b>me</span>';

function layout(o: { title: string; body: string; head?: string; kind?: 'web' | 'app' }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="/assets/itsme.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${o.head ?? ''}
</head>
<body class="${o.kind ?? 'web'}">
${o.body}
</body>
</html>
`;
}

function frame(title: string, inner: string, footer = ''): string {
  return `<main class="card" aria-labelledby="title">
<header class="brand">${LOGO}<span class="brand-name">itsme<sup>®</sup></span></header>
<h1 id="title">${esc(title)}</h1>
${inner}
</main>
<footer class="note"><p>Emulated itsme® for tests, not the real service.${footer}</p></footer>`;
}

export interface SignInContext {
  generation: Generation;
  partner: Partner;
  serviceCode: string;
  /** The interaction page URL (form target), e.g. /v2/interaction/<uid>. */
  action: string;
  appUrl: string;
}

/** "Identify yourself": the phone number form (itsme.md §5 step 3). */
export function identifyPage(c: SignInContext, o: { phone?: string; error?: string } = {}): string {
  const err = o.error ? `<p class="error" role="alert" id="phone-error">${esc(o.error)}</p>` : '';
  return layout({
    title: 'Identify yourself – itsme',
    body: frame(
      'Identify yourself',
      `<p class="lead"><strong>${esc(c.partner.name)}</strong> asks you to identify yourself with itsme.</p>
<form method="post" action="${esc(c.action)}" class="stack" novalidate>
  <label for="phone">Mobile phone number</label>
  <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required
    placeholder="+32 470 00 00 01" value="${esc(o.phone)}"${o.error ? ' aria-invalid="true" aria-describedby="phone-error"' : ''} autofocus>
  ${err}
  <button type="submit" class="primary">Send</button>
</form>
<form method="post" action="${esc(c.action)}/cancel" class="inline">
  <button type="submit" class="link">Cancel</button>
</form>
<p class="small">Service <code>${esc(c.serviceCode)}</code> · ${c.generation === 'v2' ? 'v2 endpoints' : 'legacy csapi endpoints'}</p>`,
      ` Open the <a href="${esc(c.appUrl)}" target="_blank" rel="noopener">itsme app</a> in another tab.`,
    ),
  });
}

/** "Confirm in your itsme app": waits (polls the status endpoint) until the action is confirmed or rejected. */
export function waitingPage(c: SignInContext, a: ItsmeAction): string {
  const appLink = `${c.appUrl}?phone=${encodeURIComponent(a.phone)}`;
  return layout({
    title: 'Confirm in your itsme app – itsme',
    head: `<noscript><meta http-equiv="refresh" content="3"></noscript>
<script src="/assets/identify.js" defer></script>`,
    body: frame(
      'Confirm in your itsme app',
      `<div id="itsme-wait" data-status-url="${esc(c.action)}/status">
<div class="spinner" aria-hidden="true"></div>
<p class="lead">We sent a request to <strong>${esc(maskPhone(a.phone))}</strong>.
Open the itsme app on your phone and confirm that you share your data with <strong>${esc(c.partner.name)}</strong>.</p>
<p id="itsme-status" role="status" aria-live="polite">Waiting for your confirmation…</p>
<p><a class="button" href="${esc(appLink)}" target="_blank" rel="noopener">Open the itsme app (emulated)</a></p>
</div>
<form method="post" action="${esc(c.action)}/restart" class="inline">
  <button type="submit" class="link">Use another phone number</button>
</form>
<form method="post" action="${esc(c.action)}/cancel" class="inline">
  <button type="submit" class="link">Cancel</button>
</form>`,
    ),
  });
}

/** The error page itsme shows instead of redirecting (bad client_id / redirect_uri, itsme.md §6). */
export function errorPage(o: { error: string; description?: string; hint?: string }): string {
  return layout({
    title: 'Something went wrong – itsme',
    body: frame(
      'Something went wrong',
      `<p class="error" role="alert"><strong>${esc(o.error)}</strong>${o.description ? `: ${esc(o.description)}` : ''}</p>
${o.hint ? `<p class="small">${esc(o.hint)}</p>` : ''}`,
    ),
  });
}

/** The "itsme app": mobile-sized, lists the pending actions of one phone (or of everyone), Confirm / Reject. */
export function appPage(o: {
  phone?: string;
  identity?: Identity;
  identities: Identity[];
  actions: ItsmeAction[];
  done?: string;
  error?: string;
}): string {
  const q = o.phone ? `?phone=${encodeURIComponent(o.phone)}` : '';
  const cards = o.actions
    .map(
      (a) => `<li class="action" id="action-${esc(a.id)}">
  <p class="who"><strong>${esc(a.partner.name)}</strong> wants to confirm your identity</p>
  ${o.identity ? '' : `<p class="small">For ${esc(a.displayName)} · ${esc(itsmePhoneFormat(a.phone))}</p>`}
  <p class="small">Service <code>${esc(a.serviceCode)}</code></p>
  <p class="level" data-acr="${esc(a.acr)}">${a.acr.endsWith('/acr_advanced') ? 'Confirm only with your itsme code (high assurance asked).' : 'Confirm with your itsme code or your fingerprint.'}</p>
  <p>You share: ${a.shares.length ? esc(a.shares.join('; ')) : 'your itsme identifier only'}</p>
  <div class="buttons">
    <form method="post" action="/app/actions/${esc(a.id)}/confirm${q}"><button type="submit" class="primary">Confirm</button></form>
    <form method="post" action="/app/actions/${esc(a.id)}/reject${q}"><button type="submit" class="secondary">Reject</button></form>
  </div>
</li>`,
    )
    .join('\n');
  const flash = o.error
    ? `<p class="error" role="alert">${esc(o.error)}</p>`
    : o.done
      ? `<p class="ok" role="status">${o.done === 'confirmed' ? 'Confirmed. Go back to the sign-in page.' : 'Rejected. The sign-in was refused.'}</p>`
      : '';
  const people = o.identities
    .map((i) => `<li><a href="/app?phone=${encodeURIComponent(i.phone)}">${esc(displayName(i))}</a> <span class="small">${esc(itsmePhoneFormat(i.phone))}</span></li>`)
    .join('\n');
  const greeting = o.identity
    ? `<p class="lead">Hello ${esc(o.identity.givenName ?? displayName(o.identity))} <span class="small">(${esc(itsmePhoneFormat(o.identity.phone))})</span></p>`
    : o.phone
      ? `<p class="error" role="alert">No itsme account for ${esc(o.phone)}.</p>`
      : '<p class="lead">Pending requests for all test identities.</p>';
  return layout({
    kind: 'app',
    title: 'itsme app (emulated)',
    head: `<noscript><meta http-equiv="refresh" content="3"></noscript>
<script src="/assets/app.js" defer></script>`,
    body: `<main class="phone" aria-labelledby="title" id="itsme-app"
  data-actions-url="/app/api/actions${q}" data-ids="${esc(o.actions.map((a) => a.id).join(','))}">
<header class="brand">${LOGO}<h1 id="title">itsme app</h1></header>
${greeting}
${flash}
<h2>Requests</h2>
${cards ? `<ul class="actions">${cards}</ul>` : '<p class="empty">No pending requests. This page refreshes by itself.</p>'}
<details${o.identity ? '' : ' open'}><summary>Switch phone</summary><ul class="people">${people}
<li><a href="/app">All phones</a></li></ul></details>
<p class="note">Emulated itsme® app for tests.</p>
</main>`,
  });
}

export function indexPage(o: {
  url: string;
  generations: { generation: Generation; issuer: string; metadataUrl: string }[];
  appUrl: string;
  identities: Identity[];
  partners: Partner[];
}): string {
  const gens = o.generations
    .map((g) => `<li><strong>${g.generation}</strong>: issuer <code>${esc(g.issuer)}</code><br><a href="${esc(g.metadataUrl)}">${esc(g.metadataUrl)}</a></li>`)
    .join('\n');
  const ids = o.identities.map((i) => `<li>${esc(displayName(i))}: <code>${esc(i.phone)}</code></li>`).join('\n');
  const partners = o.partners
    .map(
      (p) => `<li><code>${esc(p.clientId)}</code> (${esc(p.name)}), services ${p.serviceCodes.map((s) => `<code>service:${esc(s)}</code>`).join(', ')},
generations ${esc(p.generations.join(', '))}<br>redirect URIs: ${p.redirectUris.map((u) => `<code>${esc(u)}</code>`).join(' ')}</li>`,
    )
    .join('\n');
  return layout({
    title: 'itsme emulator',
    body: frame(
      'itsme® emulator',
      `<h2>Endpoint generations</h2><ul>${gens}</ul>
<h2>itsme app</h2><p><a href="${esc(o.appUrl)}">${esc(o.appUrl)}</a></p>
<h2>Test identities</h2><ul>${ids}</ul>
<h2>Partners</h2><ul>${partners}</ul>`,
    ),
  });
}

const FAVICON = {
  type: 'image/svg+xml',
  body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#ff4612"/></svg>',
};

export const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/favicon.svg': FAVICON,
  '/favicon.ico': FAVICON,
  '/assets/itsme.css': {
    type: 'text/css; charset=utf-8',
    body: `:root{--brand:#ff4612;--brand-dark:#c7310a;--ink:#1d1d1b;--muted:#5c5c5c;--bg:#f4f1ee;--ok:#0b7a3b;--err:#b00020;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;padding:2rem 1rem;line-height:1.45}
.card{max-width:28rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 2px 10px rgba(0,0,0,.08)}
.brand{display:flex;align-items:center;gap:.6rem;margin-bottom:1rem}
.logo{display:inline-flex;align-items:center;justify-content:center;width:2.6rem;height:2.6rem;border-radius:.6rem;background:var(--brand);color:#fff;font-weight:700;font-size:.85rem;letter-spacing:-.02em}
.logo b{color:var(--ink)}
.brand-name{font-weight:700;font-size:1.1rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
.lead{font-size:1.05rem}
.small,.note{color:var(--muted);font-size:.85rem}
.note{text-align:center}
.stack{display:flex;flex-direction:column;gap:.5rem}
label{font-weight:600}
input[type=tel]{font:inherit;font-size:1.1rem;padding:.65rem .75rem;border:2px solid #8a8a8a;border-radius:8px}
input:focus,button:focus,a:focus{outline:3px solid #2b6cb0;outline-offset:2px}
input[aria-invalid=true]{border-color:var(--err)}
button,.button{font:inherit;font-weight:600;border-radius:999px;padding:.7rem 1.2rem;cursor:pointer;border:2px solid transparent;text-decoration:none;display:inline-block;text-align:center}
.primary,.button{background:var(--brand);color:#fff}
.primary:hover,.button:hover{background:var(--brand-dark)}
.secondary{background:#fff;color:var(--ink);border-color:var(--ink)}
.link{background:none;color:#2b5797;padding:.3rem 0;text-decoration:underline;border:0;font-weight:400}
form.inline{display:inline-block;margin-right:1rem}
.error{color:var(--err);font-weight:600}
.ok{color:var(--ok);font-weight:600}
code{font-size:.85em;background:#f0f0f0;padding:.05rem .3rem;border-radius:4px;word-break:break-all}
.spinner{width:2.5rem;height:2.5rem;border:4px solid #f3c2b3;border-top-color:var(--brand);border-radius:50%;animation:spin 1s linear infinite;margin:.5rem 0}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
body.app{padding:0;background:#222}
.phone{max-width:390px;min-height:100vh;margin:0 auto;background:#fff;padding:1rem 1.25rem}
.phone .brand h1{margin:0;font-size:1.25rem}
.actions,.people{list-style:none;padding:0;margin:0}
.action{border:1px solid #ddd;border-radius:12px;padding:.75rem 1rem;margin-bottom:.75rem}
.action p{margin:.3rem 0}
.buttons{display:flex;gap:.75rem;margin-top:.6rem}
.buttons form{flex:1}
.buttons button{width:100%}
.people li{padding:.3rem 0}
.empty{color:var(--muted)}
`,
  },
  // The waiting page: poll the status endpoint, reload (→ redirect back to the partner) once decided.
  '/assets/identify.js': {
    type: 'text/javascript; charset=utf-8',
    body: `(function () {
  'use strict';
  var box = document.getElementById('itsme-wait');
  if (!box) return;
  var url = box.getAttribute('data-status-url');
  var out = document.getElementById('itsme-status');
  var messages = { confirmed: 'Confirmed. Taking you back…', rejected: 'Request rejected. Taking you back…',
    expired: 'The request expired.', cancelled: 'The request was cancelled.' };
  function poll() {
    fetch(url, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.status === 'pending') { setTimeout(poll, 700); return; }
        if (out) out.textContent = messages[s.status] || s.status;
        window.location.replace(window.location.href);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 700);
})();
`,
  },
  // The app page: reload when the set of pending actions changes.
  '/assets/app.js': {
    type: 'text/javascript; charset=utf-8',
    body: `(function () {
  'use strict';
  var app = document.getElementById('itsme-app');
  if (!app) return;
  var url = app.getAttribute('data-actions-url');
  var ids = app.getAttribute('data-ids') || '';
  function poll() {
    fetch(url, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (list) {
        var now = list.map(function (a) { return a.id; }).join(',');
        if (now !== ids) { window.location.replace(window.location.pathname + window.location.search.replace(/[?&]done=[^&]*/, '')); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
`,
  },
};
