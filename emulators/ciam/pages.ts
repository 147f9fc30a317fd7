// The HTML of the emulated External ID sign-in (ciamlogin.com): the flow's sign-in page (a button per identity
// provider of the flow), the email steps of sign-up (enter an email when the identity provider sent none; enter
// the one-time code sent to it) and the error page. Plain, accessible, no script and no external resource.
import { escapeHtml } from '../b2c/pages';

const STYLE = `body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:48px;padding:32px 40px;width:380px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.4rem;font-weight:600}a.idp,button{display:block;width:100%;box-sizing:border-box;margin:12px 0;
padding:10px;border:1px solid #8a8886;background:#fff;color:#201f1e;text-decoration:none;text-align:center;font:inherit}
a.idp:focus,a.idp:hover,button:focus,button:hover{background:#f3f2f1;outline:2px solid #0067b8}
label{display:block;margin-top:12px}input{width:100%;box-sizing:border-box;padding:8px;font:inherit}
.err{color:#a4262c}.note{background:#fff4ce;padding:8px}code{word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function signInPage(domain: string, flowName: string, buttons: Array<{ id: string; label: string; href: string }>): string {
  const list = buttons.length
    ? buttons.map((b) => `<a class="idp" id="idp-${escapeHtml(b.id)}" href="${escapeHtml(b.href)}">Sign in with ${escapeHtml(b.label)}</a>`).join('')
    : '<p class="err">This user flow offers no identity provider that the emulator can run.</p>';
  return page(`Sign in – ${domain}`, `<h1>Sign in</h1><p>${escapeHtml(domain)} · ${escapeHtml(flowName)}</p>
<nav aria-label="Identity providers">${list}</nav>`);
}

/** Sign-up asks for an email when the identity provider sent none (email is required in External ID). */
export function emailEntryPage(action: string, tx: string, idpName: string): string {
  return page('Verify your email', `<h1>Verify your email</h1>
<p>${escapeHtml(idpName)} did not share an email address. An email address is required to create your account.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="tx" value="${escapeHtml(tx)}">
<label for="email">Email address</label><input id="email" name="email" type="email" required autocomplete="email">
<button id="send-code" type="submit">Send code</button></form>`);
}

/**
 * The one-time-code step. The emulator shows the code it "emailed" in a clearly marked box (id emulated-email-code)
 * and logs it, so a person in the sandbox and a headless test can both read it.
 */
export function emailCodePage(action: string, tx: string, email: string, code: string, error?: string): string {
  return page('Verify your email', `<h1>Verify your email</h1>
<p>Enter the code we sent to <strong id="email-address">${escapeHtml(email)}</strong>.</p>
${error ? `<p class="err" id="code-error">${escapeHtml(error)}</p>` : ''}
<p class="note">Emulator: the email would contain the code <strong id="emulated-email-code">${escapeHtml(code)}</strong></p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="tx" value="${escapeHtml(tx)}">
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button id="verify-code" type="submit">Verify</button></form>`);
}

export function errorPage(code: string, message: string): string {
  return page('Error', `<h1 id="ciam-error">Sorry, but we're having trouble signing you in.</h1>
<p class="err" id="ciam-error-code">${escapeHtml(code)}</p><p id="ciam-error-message">${escapeHtml(message)}</p>`);
}

/** prompt=select_account: the accounts of the session, and "Use another account" (v2-oauth2-auth-code-flow.md, prompt). */
export function accountPickerPage(domain: string, accounts: Array<{ label: string; detail: string; href: string }>, otherHref: string): string {
  const list = accounts
    .map((a, i) => `<a class="idp" id="account-${i}" href="${escapeHtml(a.href)}">${escapeHtml(a.label)}${a.detail ? `<br><small>${escapeHtml(a.detail)}</small>` : ''}</a>`)
    .join('');
  return page(`Pick an account – ${domain}`, `<h1>Pick an account</h1><p>${escapeHtml(domain)}</p>
<nav aria-label="Accounts">${list}<a class="idp" id="use-another-account" href="${escapeHtml(otherHref)}">Use another account</a></nav>`);
}

/** After logout without a (registered) post_logout_redirect_uri: the platform's "generic message" (v2-protocols-oidc.md). */
export function signedOutPage(unregistered?: string): string {
  return page('Signed out', `<h1 id="signed-out">You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>
${unregistered ? `<p class="note" id="logout-redirect-not-registered">Emulator: the post_logout_redirect_uri <code>${escapeHtml(unregistered)}</code> is not a redirect URI of any app of this tenant, so it was not followed.</p>` : ''}`);
}
