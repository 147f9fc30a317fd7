// What the two emulated sign-in services (b2c/ and ciam/) share: how they answer (no-store pages, JSON, redirects)
// and how they read an upstream identity provider's discovery document (once per URL, forgotten when it failed).
import type { ServerResponse } from 'node:http';

/** The parts of an OpenID provider's discovery document the sign-in services use. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** Every answer is no-store: sign-in pages and tokens must never be cached. */
export function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export const json = (res: ServerResponse, body: unknown): void => send(res, 200, JSON.stringify(body), 'application/json');

export const redirect = (res: ServerResponse, location: string): void => send(res, 302, '', 'text/plain', { Location: location });

/** Fetches a discovery document once per URL (a failed fetch is forgotten, so the next sign-in tries again). */
export function discoveryCache(): (url: string) => Promise<Discovery> {
  const discoveries = new Map<string, Promise<Discovery>>();
  return (url) => {
    let d = discoveries.get(url);
    if (!d) {
      d = fetch(url, { signal: AbortSignal.timeout(5_000) }).then(async (r) => {
        if (!r.ok) throw new Error(`discovery ${url} answered ${r.status}`);
        return (await r.json()) as Discovery;
      });
      d.catch(() => discoveries.delete(url));
      discoveries.set(url, d);
    }
    return d;
  };
}
