// The HTML of the emulated B2C sign-in: the user flow's sign-in page (a button per linked identity provider) and
// B2C's error page. Plain, accessible, no script and no external resource.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:48px;padding:32px 40px;width:360px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.4rem;font-weight:600}a.idp{display:block;margin:12px 0;padding:10px;border:1px solid #8a8886;
color:#201f1e;text-decoration:none;text-align:center}a.idp:focus,a.idp:hover{background:#f3f2f1;outline:2px solid #0067b8}
.err{color:#a4262c}code{word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function signInPage(tenantName: string, policy: string, buttons: Array<{ label: string; href: string }>): string {
  const list = buttons.length
    ? buttons.map((b) => `<a class="idp" id="idp-${escapeHtml(b.label)}" href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a>`).join('')
    : '<p class="err">This user flow offers no identity provider.</p>';
  return page(`Sign in – ${tenantName}`, `<h1>Sign in</h1><p>${escapeHtml(tenantName)} · ${escapeHtml(policy)}</p>
<p>Sign in with your social account</p><nav aria-label="Identity providers">${list}</nav>`);
}

export function errorPage(code: string, message: string): string {
  return page('Error', `<h1 id="b2c-error">Sorry, but we're having trouble signing you in.</h1>
<p class="err" id="b2c-error-code">${escapeHtml(code)}</p><p id="b2c-error-message">${escapeHtml(message)}</p>`);
}

/** After logout without post_logout_redirect_uri: "Azure AD B2C shows the user a generic message" (openid-connect.md). */
export function signedOutPage(): string {
  return page('Signed out', '<h1 id="b2c-signed-out">You have signed out.</h1><p>You can close this window.</p>');
}
