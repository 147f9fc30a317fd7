// The token endpoint's request side: the form, the client's credentials (RFC 6749 §2.3.1: HTTP Basic =
// client_secret_basic, or client_id + client_secret in the body = client_secret_post; never both), the grant type.
// And its answers: JSON, no-store, CORS (a browser app posts here with fetch).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { protocolError, type ProtocolError } from './errors';
import { CORS_HEADERS } from './http';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface TokenRequest {
  grantType: string;
  clientId: string;
  clientSecret?: string;
  authMethod: ClientAuthMethod;
  form: URLSearchParams;
}

/** Reads the client and grant type from a parsed form and the Authorization header. */
export function tokenRequest(req: IncomingMessage, form: URLSearchParams): TokenRequest | ProtocolError {
  const auth = String(req.headers['authorization'] ?? '');
  let basic: { id: string; secret: string } | undefined;
  if (/^basic /i.test(auth)) {
    const raw = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    if (i < 0) return protocolError('invalidClientAuth', 'invalid_client');
    // RFC 6749 §2.3.1: the id and secret are form-urlencoded before Basic encoding.
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    basic = { id: dec(raw.slice(0, i)), secret: dec(raw.slice(i + 1)) };
  }
  const postSecret = form.get('client_secret') ?? undefined;
  if (basic && postSecret !== undefined) return protocolError('invalidClientAuth', 'invalid_request');
  const bodyId = form.get('client_id') ?? '';
  if (basic && bodyId && bodyId !== basic.id) return protocolError('invalidClientAuth', 'invalid_client');
  const clientId = basic?.id ?? bodyId;
  const grantType = form.get('grant_type') ?? '';
  if (!grantType) return protocolError('missingParameter', 'invalid_request', 'grant_type');
  if (!clientId) return protocolError('missingClientId', 'invalid_request');
  if (basic) return { grantType, clientId, clientSecret: basic.secret, authMethod: 'client_secret_basic', form };
  if (postSecret !== undefined) return { grantType, clientId, clientSecret: postSecret, authMethod: 'client_secret_post', form };
  return { grantType, clientId, authMethod: 'none', form };
}

/**
 * The client's credentials against the app: a confidential client must send one of its secrets; a public grant
 * (obtained through a SPA / public-client redirect URI) must send none. `secrets` empty = the app has no secret.
 */
export function authenticateClient(r: TokenRequest, app: { secrets: readonly string[] }, publicGrant: boolean): ProtocolError | undefined {
  if (publicGrant) return r.clientSecret !== undefined ? protocolError('publicClientSentSecret', 'invalid_request') : undefined;
  if (app.secrets.length === 0) return r.clientSecret !== undefined ? protocolError('secretWrong', 'invalid_client') : undefined;
  if (r.clientSecret === undefined) return protocolError('secretRequired', 'invalid_client');
  return app.secrets.includes(r.clientSecret) ? undefined : protocolError('secretWrong', 'invalid_client');
}

export function sendTokenJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...CORS_HEADERS });
  res.end(JSON.stringify(body));
}

/** RFC 6749 §5.2: 400, or 401 for invalid_client. */
export function sendTokenError(res: ServerResponse, error: string, description: string): void {
  sendTokenJson(res, error === 'invalid_client' ? 401 : 400, { error, error_description: description });
}
