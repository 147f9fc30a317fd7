// The person at the browser, for the conformance suite: takes whatever authorization URL a client library built and
// clicks through the emulated services' pages like a person — a sign-in page's itsme button, itsme's "Identify
// yourself" (phone number), the decision in the "itsme app", ciamlogin's email step — until the browser leaves the
// emulators for the app. Cookies are kept per origin for the life of the UserAgent (a session with the emulated
// B2C / External ID is what prompt=none and SSO need). Nothing here knows which client built the URL.
import type { ItsmeEmulator } from '../../emulators/itsme';
import { Browser, type Hop } from '../../emulators/signin/browser';

/** Where the browser ended: a redirect to the app (query / fragment), a form_post to it, or a page of an emulator. */
export type Landing =
  | { kind: 'redirect'; url: URL; identified: boolean }
  | { kind: 'form_post'; action: string; fields: URLSearchParams; identified: boolean }
  | { kind: 'page'; status: number; body: string; url: string; identified: boolean };

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** A form_post answer: a page whose form posts hidden fields to another origin (OAuth 2.0 Form Post Response Mode §2). */
export function formPost(body: string): { action: string; fields: URLSearchParams } | undefined {
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(body) ?? /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(body);
  if (!form) return undefined;
  const fields = new URLSearchParams();
  for (const m of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const tag = m[0];
    if (!/type="hidden"/i.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name) fields.append(unescape(name), unescape(value));
  }
  return { action: unescape(form[1]!), fields };
}

export class UserAgent {
  private readonly browsers = new Map<string, Browser>();

  /** @param emulators the origins of the emulated sign-in services (b2clogin / ciamlogin); itsme's is added. */
  constructor(
    private readonly itsme: ItsmeEmulator,
    private readonly emulators: string[],
    readonly phone = '+32470000001',
  ) {}

  private browser(origin: string): Browser {
    let b = this.browsers.get(origin);
    if (!b) this.browsers.set(origin, (b = new Browser(origin)));
    return b;
  }

  private known(origin: string): boolean {
    return origin === this.itsme.url || this.emulators.includes(origin);
  }

  /** Opens the URL and signs in wherever asked (decision in the itsme app: confirm unless told otherwise). */
  async open(url: string | URL, o: { decision?: 'confirm' | 'reject'; email?: string } = {}): Promise<Landing> {
    let target = new URL(String(url));
    // Whether the person had to identify at itsme (an SSO session or prompt=none skips it).
    let identified = false;
    const toItsme = async (u: URL): Promise<Hop> => {
      const r = await this.atItsme(u, o.decision ?? 'confirm');
      identified ||= r.identified;
      return r.hop;
    };
    let hop: Hop = target.origin === this.itsme.url ? await toItsme(target) : await this.browser(target.origin).follow(target.href);
    for (let i = 0; i < 12; i++) {
      if (hop.location) {
        if (!this.known(hop.location.origin)) return { kind: 'redirect', url: hop.location, identified };
        target = hop.location;
        if (target.origin === this.itsme.url) hop = await toItsme(target);
        else hop = await this.browser(target.origin).follow(target.href);
        continue;
      }
      const here = new URL(hop.url);
      const post = formPost(hop.body);
      if (post && !this.known(new URL(post.action, here).origin)) return { kind: 'form_post', action: new URL(post.action, here).href, fields: post.fields, identified };
      // A sign-in page (b2clogin user flow, ciamlogin): the itsme button.
      const button = /<a[^>]*id="idp-itsme"[^>]*href="([^"]+)"/i.exec(hop.body)?.[1] ?? /<a class="idp"[^>]*href="([^"]+)"/i.exec(hop.body)?.[1];
      if (hop.status === 200 && button) {
        hop = await this.browser(here.origin).follow(new URL(unescape(button), here).href);
        continue;
      }
      // ciamlogin's email step (when itsme sent no email): the address, then the one-time code shown by the emulator.
      const action = /<form method="post" action="([^"]+)"/.exec(hop.body)?.[1];
      const tx = /name="tx" value="([^"]+)"/.exec(hop.body)?.[1] ?? '';
      if (hop.status === 200 && action && hop.body.includes('id="send-code"')) {
        hop = await this.browser(here.origin).follow(new URL(unescape(action), here).href, { form: { tx, email: o.email ?? 'someone@example.be' } });
        continue;
      }
      const code = /id="emulated-email-code">(\d{6})</.exec(hop.body)?.[1];
      if (hop.status === 200 && action && code) {
        hop = await this.browser(here.origin).follow(new URL(unescape(action), here).href, { form: { tx, code } });
        continue;
      }
      // A form_post between emulators (an upstream provider answering in form_post): submit it.
      if (post) {
        const to = new URL(post.action, here);
        hop = await this.browser(to.origin).follow(to.href, { form: Object.fromEntries(post.fields) });
        continue;
      }
      return { kind: 'page', status: hop.status, body: hop.body, url: hop.url, identified };
    }
    throw new Error('the sign-in did not end');
  }

  /** itsme: "Identify yourself" → phone → the action decided in the "itsme app" → the redirect back. */
  private async atItsme(url: URL, decision: 'confirm' | 'reject'): Promise<{ hop: Hop; identified: boolean }> {
    const b = this.browser(this.itsme.url);
    const identify = await b.follow(url.href);
    if (identify.location || !identify.body.includes('Identify yourself')) return { hop: identify, identified: false };
    const waiting = await b.follow(identify.url, { form: { phone: this.phone } });
    const [action] = this.itsme.pendingActions(this.phone);
    if (!action) throw new Error(`no action in the itsme app: ${waiting.status} ${waiting.body.slice(0, 300)}`);
    if (decision === 'reject') this.itsme.reject(action.id);
    else this.itsme.confirm(action.id);
    return { hop: await b.follow(waiting.url), identified: true };
  }
}

/** A form_post landing as the Request the app's server would receive (openid-client takes a Request). */
export function formPostRequest(l: Extract<Landing, { kind: 'form_post' }>): Request {
  return new Request(l.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: l.fields.toString() });
}

export function redirectOf(l: Landing): URL {
  if (l.kind !== 'redirect') throw new Error(`expected a redirect to the app, got ${l.kind}: ${l.kind === 'page' ? `${l.status} ${l.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 400)}` : l.action}`);
  return l.url;
}
