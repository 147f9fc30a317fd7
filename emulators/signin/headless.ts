// A whole sign-in through the emulated B2C and the emulated itsme, headless, the way a person clicks through it:
// the app's authorize URL → (a user flow's sign-in page: the itsme button) → itsme's "Identify yourself" → phone
// number → the action in the "itsme app" (its page is read, then the action is decided through the emulator's API)
// → back to B2C → the app's redirect URI. Used by the tests and by the sandbox's --once smoke runs.
import type { ItsmeEmulator } from '../itsme';
import { Browser } from './browser';
import { readFormPost } from './protocol/response-mode';

export interface HeadlessSignIn {
  /** Where B2C finally sent the browser (the app's redirect URI, with the token or the error). */
  redirect: URL;
  /** The redirect's fragment (response_type=id_token answers there). */
  fragment: URLSearchParams;
  /** The response parameters whatever the response mode: the query, the fragment or the form_post fields. */
  params: URLSearchParams;
  /** How they came: 'query' | 'fragment' | 'form_post'. */
  mode: 'query' | 'fragment' | 'form_post';
  /** B2C's request to itsme's authorization endpoint (client_id, scope, acr_values, claims …), when it got that far. */
  itsmeRequest?: URL;
  /** The "itsme app" page as it showed the action (absent when B2C failed before itsme). */
  appPage?: string;
}

export interface HeadlessOptions {
  /** The app's authorize URL at the emulated B2C (p=…, or the policy in the path). */
  authorizeUrl: string;
  itsme: ItsmeEmulator;
  phone?: string;
  decision?: 'confirm' | 'reject';
  /** The browser at the sign-in service (keep one across calls to carry its SSO session cookie). */
  browser?: Browser;
}

export async function signInHeadless(o: HeadlessOptions): Promise<HeadlessSignIn> {
  const start = new URL(o.authorizeUrl);
  const b2c = o.browser ?? new Browser(start.origin);
  const done = (redirect: URL, extra: Partial<HeadlessSignIn> = {}): HeadlessSignIn => {
    const fragment = new URLSearchParams(redirect.hash.slice(1));
    const mode = redirect.hash.length > 1 ? 'fragment' : 'query';
    return { redirect, fragment, params: mode === 'fragment' ? fragment : new URLSearchParams(redirect.search), mode, ...extra };
  };
  /** A form_post answer: a page that posts the fields to the app's redirect URI. */
  const posted = (html: string, extra: Partial<HeadlessSignIn> = {}): HeadlessSignIn | undefined => {
    const f = readFormPost(html);
    return f ? { redirect: new URL(f.action), fragment: new URLSearchParams(), params: f.fields, mode: 'form_post', ...extra } : undefined;
  };
  let hop = await b2c.follow(start.href);
  const direct = hop.location ? undefined : posted(hop.body);
  if (direct) return direct;
  if (!hop.location) {
    // A user flow shows its sign-in page: take the itsme button. A custom policy with one provider goes straight on.
    const href = /<a class="idp"[^>]*href="([^"]+)"/.exec(hop.body)?.[1]?.replace(/&amp;/g, '&');
    if (hop.status !== 200 || !href) throw new Error(`B2C answered ${hop.status} without a way to itsme: ${pageText(hop.body)}`);
    hop = await b2c.follow(href);
  }
  if (!hop.location) throw new Error(`B2C answered ${hop.status}: ${pageText(hop.body)}`);
  if (hop.location.origin !== o.itsme.url) return done(hop.location);
  const itsmeRequest = hop.location;
  const itsme = new Browser(o.itsme.url);
  const identify = await itsme.follow(itsmeRequest.href);
  if (identify.location) return finish(identify.location);
  if (!identify.body.includes('Identify yourself')) throw new Error(`itsme answered ${identify.status}: ${pageText(identify.body)}`);
  const phone = o.phone ?? o.itsme.identities[0]!.phone;
  const waiting = await itsme.follow(identify.url, { form: { phone } });
  const [action] = o.itsme.pendingActions(phone);
  if (!action) throw new Error(`no action in the itsme app for ${phone}: ${pageText(waiting.body)}`);
  const appPage = await (await fetch(`${o.itsme.appUrl}?phone=${encodeURIComponent(phone)}`)).text();
  if (o.decision === 'reject') o.itsme.reject(action.id);
  else o.itsme.confirm(action.id);
  const back = await itsme.follow(waiting.url);
  if (!back.location) throw new Error(`itsme did not send the browser back: ${back.status} ${pageText(back.body)}`);
  return finish(back.location, appPage);

  async function finish(to: URL, appPage?: string): Promise<HeadlessSignIn> {
    if (to.origin !== start.origin) return done(to, { itsmeRequest, appPage });
    const final = await b2c.follow(to.href);
    const form = final.location ? undefined : posted(final.body, { itsmeRequest, appPage });
    if (form) return form;
    if (!final.location) throw new Error(`B2C answered ${final.status} after itsme: ${pageText(final.body)}`);
    return done(final.location, { itsmeRequest, appPage });
  }
}

/** The visible text of an error page, short (for exceptions). */
function pageText(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 400);
}
