// The sign-in service's own session (B2C session-behavior.md "Azure AD B2C session"): after a successful sign-in
// the browser holds a cookie; a later authorize request with it skips the identity provider (single sign-on),
// prompt=login ignores it, prompt=none needs it, logout clears it. The cookie's name says its scope (a tenant or
// a policy), so one browser can hold several.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Session<D> {
  id: string;
  /** Seconds since the epoch of the real authentication (the ID token's auth_time). */
  authTime: number;
  data: D;
  expiresAt: number;
}

export function readCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(req.headers['cookie'] ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export class SessionStore<D> {
  private readonly sessions = new Map<string, Session<D>>();
  /** @param ttlSec B2C's web app session lifetime default: 1440 minutes (session-behavior.md). */
  constructor(
    private readonly cookiePrefix: string,
    private readonly ttlSec = 1440 * 60,
  ) {}

  cookieName(scope: string): string {
    return `${this.cookiePrefix}${scope.toLowerCase().replace(/[^a-z0-9_.-]/g, '_')}`;
  }

  get(req: IncomingMessage, scope: string, now = Date.now()): Session<D> | undefined {
    const id = readCookies(req).get(this.cookieName(scope));
    const s = id ? this.sessions.get(id) : undefined;
    if (s && s.expiresAt <= now) {
      this.sessions.delete(s.id);
      return undefined;
    }
    return s;
  }

  /** A new session; returns the Set-Cookie header value (HttpOnly, Secure, SameSite=None so form_post carries it). */
  create(scope: string, data: D, authTime: number, path: string, now = Date.now()): { session: Session<D>; setCookie: string } {
    const session: Session<D> = { id: randomBytes(24).toString('base64url'), authTime, data, expiresAt: now + this.ttlSec * 1000 };
    this.sessions.set(session.id, session);
    return { session, setCookie: `${this.cookieName(scope)}=${session.id}; Path=${path}; Secure; HttpOnly; SameSite=None` };
  }

  /** Ends the session the request carries; returns the Set-Cookie header that removes the cookie. */
  end(req: IncomingMessage, scope: string, path: string): string {
    const id = readCookies(req).get(this.cookieName(scope));
    if (id) this.sessions.delete(id);
    return `${this.cookieName(scope)}=; Path=${path}; Max-Age=0; Secure; HttpOnly; SameSite=None`;
  }
}
