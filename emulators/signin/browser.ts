// A minimal headless browser for the emulated sign-in services: a path-scoped cookie jar over fetch, redirects
// followed by hand while they stay on one origin (so each hop is visible, and a redirect that leaves the origin
// ends the walk). Used by the tests and by the sandbox's --once smoke runs.

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
