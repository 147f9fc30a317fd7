// The Graph port: the one interface the engine talks through. The real implementation sits on
// @microsoft/microsoft-graph-client (client.ts); tests may wrap it (to count or cancel), never replace Graph's rules.

export type GraphVersion = 'v1.0' | 'beta';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphRequest {
  method: HttpMethod;
  version: GraphVersion;
  /** Path below the version, starting with '/', query string included (e.g. "/applications?$filter=…"). */
  path: string;
  /** JSON (an object), or a string sent as is with its own Content-Type header (a policy's XML). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** The header of an XML body (PUT …/trustFramework/policies/{id}/$value requires it). */
export const XML_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/xml' };

export function isXmlRequest(req: Pick<GraphRequest, 'headers'>): boolean {
  return Object.entries(req.headers ?? {}).some(([k, v]) => k.toLowerCase() === 'content-type' && /\bxml\b/i.test(v));
}

export interface GraphResponse<T = unknown> {
  status: number;
  body: T | undefined;
  headers: Record<string, string>;
}

export interface GraphPort {
  /** The Graph root, e.g. https://graph.microsoft.com (used in @odata.id references and in plan output). */
  readonly baseUrl: string;
  /**
   * Sends one request. Resolves with a 2xx response; throws GraphRequestError otherwise (after retrying
   * throttling and, for reads, transient failures). Honours the signal between attempts and during waits.
   */
  send<T = unknown>(req: GraphRequest, signal?: AbortSignal): Promise<GraphResponse<T>>;
}

/** A Graph collection response. */
export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export function fullUrl(baseUrl: string, req: Pick<GraphRequest, 'version' | 'path'>): string {
  return `${baseUrl.replace(/\/+$/, '')}/${req.version}${req.path}`;
}

/** OData string literal: single quotes doubled (used in $filter and key segments). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
