// The request/response shapes the emulator's handlers work with (independent of node:http, easy to test).
import type { IncomingHttpHeaders } from 'node:http';

export interface EmuRequest {
  method: string;
  /** Path without the query, e.g. /beta/identity/identityProviders or /{tenant}/oauth2/v2.0/token. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  requestId: string;
  clientRequestId: string;
  /** Set by strict mode: the query options it ignored (copied into the request log). */
  ignoredQuery?: string[];
}

export interface EmuResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Graph's JSON content type (OData minimal metadata). */
export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
