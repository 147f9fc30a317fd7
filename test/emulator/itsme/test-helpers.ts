// Helpers for the itsme emulator's tests: a cookie-keeping "browser" over fetch (redirects followed by hand, so each
// hop is visible), the sign-in driven headlessly (phone → action → confirm/reject via the API), the token exchange.
import { createHash, randomBytes } from 'node:crypto';
import type { Generation, ItsmeEmulator } from '../../../emulators/itsme/index';
import { DEFAULT_PARTNER_CODE, DEFAULT_PARTNER_SECRET, DEFAULT_SERVICE_CODE } from '../../../emulators/itsme/index';

export const REDIRECT_URI = 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp';

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Hop {
  status: number;
  /** The URL requested. */
  url: string;
  body: string;
  headers: Headers;
  /** Set when the chain ended with a redirect that leaves the emulator (to the partner's redirect_uri). */
  location?: URL;
}

/** A minimal browser: a cookie jar (path-scoped) and redirects followed while they stay on the emulator's origin. */
export class Browser {
  private readonly jar = new Map<string, Cookie>();

  constructor(private readonly origin: string) {}

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url, this.origin);
    const cookie = [...this.jar.values()]
      .filter((c) => u.pathname === c.path || u.pathname.startsWith(c.path.endsWith('/') ? c.path : c.path + '/') || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(u, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.store(line);
    return res;
  }

  /** Requests `url` and follows redirects on the emulator origin; stops at a page or at a redirect elsewhere. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    let current = new URL(url, this.origin).href;
    let next = init;
    for (let i = 0; i < 10; i++) {
      const res = await this.request(current, next);
      const loc = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && loc) {
        await res.arrayBuffer();
        const target = new URL(loc, current);
        if (target.origin !== this.origin) return { status: res.status, url: current, body: '', headers: res.headers, location: target };
        current = target.href;
        next = {};
        continue;
      }
      return { status: res.status, url: current, body: await res.text(), headers: res.headers };
    }
    throw new Error('too many redirects');
  }

  cookieNames(): string[] {
    return [...this.jar.values()].map((c) => c.name);
  }

  private store(line: string): void {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let path = '/';
    let expired = value === '';
    for (const a of attrs) {
      const [k, v = ''] = a.split('=');
      if (k!.toLowerCase() === 'path') path = v;
      if (k!.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
      if (k!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
    }
    const key = `${name}|${path}`;
    if (expired) this.jar.delete(key);
    else this.jar.set(key, { name, value, path });
  }
}

export interface AuthorizeParams {
  generation?: Generation;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  extra?: Record<string, string>;
  /** Parameters to leave out (e.g. nonce, response_mode, redirect_uri). */
  omit?: readonly string[];
}

export function authorizeUrl(emu: ItsmeEmulator, p: AuthorizeParams = {}): string {
  const gen = p.generation ?? 'v2';
  const path = gen === 'v2' ? '/authorization' : '/connect/authorize';
  const q = new URLSearchParams({
    client_id: p.clientId ?? DEFAULT_PARTNER_CODE,
    redirect_uri: p.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    response_mode: 'query',
    scope: p.scope ?? `openid service:${DEFAULT_SERVICE_CODE} profile email`,
    state: p.state ?? randomBytes(8).toString('hex'),
    nonce: p.nonce ?? randomBytes(8).toString('hex'),
    ...p.extra,
  });
  for (const name of p.omit ?? []) q.delete(name);
  return `${emu.issuers[gen]}${path}?${q}`;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInResult {
  /** Where itsme sent the browser back (the partner's redirect_uri with code or error). */
  location: URL;
  browser: Browser;
  actionId: string;
}

/**
 * Drives the whole interaction like a person would, except that the app's decision is taken through the
 * emulator's API: authorize → "Identify yourself" → phone → action → confirm/reject → redirect to the partner.
 */
export async function signIn(
  emu: ItsmeEmulator,
  p: AuthorizeParams & { phone?: string; decision?: 'confirm' | 'reject'; browser?: Browser } = {},
): Promise<SignInResult> {
  const browser = p.browser ?? new Browser(emu.url);
  const page = await browser.follow(authorizeUrl(emu, p));
  if (page.location) throw new Error(`authorize redirected straight back: ${page.location}`);
  if (page.status !== 200 || !page.body.includes('Identify yourself')) throw new Error(`no identify page: ${page.status} ${page.body.slice(0, 300)}`);
  const phone = p.phone ?? '+32470000001';
  const waiting = await browser.follow(page.url, { form: { phone } });
  if (!waiting.body.includes('Confirm in your itsme app')) throw new Error(`no waiting page: ${waiting.status} ${waiting.body.slice(0, 300)}`);
  const actions = emu.pendingActions(phone);
  if (actions.length !== 1) throw new Error(`expected one pending action for ${phone}, got ${actions.length}`);
  const action = actions[0]!;
  if (p.decision === 'reject') emu.reject(action.id);
  else emu.confirm(action.id);
  const done = await browser.follow(waiting.url);
  if (!done.location) throw new Error(`no redirect back to the partner: ${done.status} ${done.body.slice(0, 300)}`);
  return { location: done.location, browser, actionId: action.id };
}

export interface TokenResponse {
  status: number;
  body: any;
}

export async function exchangeCode(
  emu: ItsmeEmulator,
  code: string,
  o: { generation?: Generation; clientId?: string; clientSecret?: string; redirectUri?: string; codeVerifier?: string; basic?: boolean } = {},
): Promise<TokenResponse> {
  const gen = o.generation ?? 'v2';
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: o.redirectUri ?? REDIRECT_URI,
  };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const clientId = o.clientId ?? DEFAULT_PARTNER_CODE;
  const secret = o.clientSecret ?? DEFAULT_PARTNER_SECRET;
  if (o.basic) headers.authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
  else Object.assign(form, { client_id: clientId, client_secret: secret });
  if (o.codeVerifier) form.code_verifier = o.codeVerifier;
  const res = await fetch(`${emu.issuers[gen]}${gen === 'v2' ? '/token' : '/connect/token'}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

/** Parses a JWT's payload without verifying it (assertions on claims; verification is tested separately). */
export function jwtPayload(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}
