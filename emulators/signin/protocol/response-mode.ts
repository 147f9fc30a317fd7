// How an authorization response (or error) reaches the app: query, fragment or form_post.
// OAuth 2.0 Multiple Response Type Encoding Practices §2.1 (https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html):
//   the default mode of `code` is query, of any type containing `token` or `id_token` is fragment; "the query
//   encoding MUST NOT be used" for a response that returns tokens from the authorization endpoint.
// OAuth 2.0 Form Post Response Mode (https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html): an HTML
// page that POSTs the parameters to the redirect URI by script.
import type { ServerResponse } from 'node:http';
import { escapeHtml } from './html';

export type ResponseMode = 'query' | 'fragment' | 'form_post';
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];

/** True when the response type returns a token from the authorization endpoint (id_token or token). */
export const returnsTokens = (responseTypes: readonly string[]): boolean => responseTypes.some((t) => t === 'id_token' || t === 'token');

export const defaultResponseMode = (responseTypes: readonly string[]): ResponseMode => (returnsTokens(responseTypes) ? 'fragment' : 'query');

/** Sends `params` to `redirectUri` in `mode` (302 for query and fragment; 200 with an auto-submitting form for form_post). */
export function deliver(res: ServerResponse, redirectUri: string, mode: ResponseMode, params: Record<string, string | undefined>): void {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  if (mode === 'form_post') {
    const inputs = [...p].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Working…</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}
<noscript><p>Script is off: press Continue.</p><button type="submit">Continue</button></noscript></form></body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
    return;
  }
  const u = new URL(redirectUri);
  if (mode === 'query') {
    for (const [k, v] of p) u.searchParams.set(k, v);
    res.writeHead(302, { Location: u.href, 'Cache-Control': 'no-store' });
  } else {
    u.hash = p.toString();
    res.writeHead(302, { Location: u.href, 'Cache-Control': 'no-store' });
  }
  res.end();
}

/** Reads a form_post page back into its target and fields (for tests and the headless browser). */
export function readFormPost(html: string): { action: string; fields: URLSearchParams } | undefined {
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const un = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields.set(un(m[1]!), un(m[2]!));
  return { action: un(action), fields };
}
