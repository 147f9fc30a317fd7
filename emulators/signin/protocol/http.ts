// Request side of the protocol endpoints: the parameters of a GET (query) or a POST (form body,
// application/x-www-form-urlencoded — OIDC Core §3.1.2.1: "Authorization Servers MUST support the use of the
// HTTP GET and POST methods … at the Authorization Endpoint"), and CORS for the endpoints a browser app calls
// with fetch (discovery, keys, token: MSAL.js runs in the page, so these answers need Access-Control-Allow-Origin).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The whole request body as text (limit 1 MiB: a form, never a file). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1 << 20) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET: the query. POST: the form body (a query string on a POST is ignored, as OAuth says parameters go in one place). */
export async function requestParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  if (req.method !== 'POST') return url.searchParams;
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const body = await readBody(req);
  return type === 'application/x-www-form-urlencoded' || type === '' ? new URLSearchParams(body) : new URLSearchParams();
}

/** CORS headers for a public endpoint: any origin, no credentials (the token endpoint takes none from cookies). */
export const CORS_HEADERS: Record<string, string> = { 'Access-Control-Allow-Origin': '*' };

/** Answers a CORS preflight (OPTIONS) for the methods given; true when it did. */
export function preflight(req: IncomingMessage, res: ServerResponse, methods = 'GET, POST, OPTIONS'): boolean {
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    ...CORS_HEADERS,
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'content-type'),
    'Access-Control-Max-Age': '86400',
  });
  res.end();
  return true;
}
