// Graph errors, parsed once (status, code, message, request-id) into one typed error that says what to do.
// Branch on `code` and status, never on the message text (graph-b2c.md §5).
import * as l10n from '@vscode/l10n';
import { signInProblemText, translateSignInError, type SignInContext, type SignInProblem } from '../auth/signInErrors';
import type { GraphRequest } from './port';

export type GraphErrorKind =
  | 'auth' // 401: the token is missing, expired or for the wrong tenant
  | 'permission' // 403: a Graph permission or an admin role is missing
  | 'notFound' // 404
  | 'conflict' // 409: the object already exists
  | 'throttled' // 429 after the retries
  | 'unavailable' // 5xx after the retries
  | 'consistency' // eventual consistency right after an app was created (404 / NoBackingApplicationObject)
  | 'badRequest' // 400 and other 4xx: the request itself is wrong
  | 'network' // the connection dropped or timed out
  | 'cancelled';

export interface GraphErrorBody {
  error?: {
    code?: string;
    message?: string;
    innerError?: Record<string, unknown>;
    details?: Array<{ code?: string; message?: string; target?: string }>;
  };
}

/** What each Graph area needs, for the 403 explanation (graph-b2c.md §9). */
const PERMISSIONS: Array<{ match: RegExp; permission: string; role: string }> = [
  { match: /\/identity\/identityProviders/, permission: 'IdentityProvider.ReadWrite.All', role: 'External Identity Provider Administrator' },
  { match: /\/identity\/b2cUserFlows/, permission: 'IdentityUserFlow.ReadWrite.All', role: 'External ID User Flow Administrator' },
  { match: /\/oauth2PermissionGrants/, permission: 'DelegatedPermissionGrant.ReadWrite.All', role: 'Cloud Application Administrator' },
  { match: /\/(applications|servicePrincipals)/, permission: 'Application.ReadWrite.All', role: 'Application Administrator' },
  { match: /\/trustFramework\/policies/, permission: 'Policy.ReadWrite.TrustFramework', role: 'B2C IEF Policy Administrator' },
  { match: /\/trustFramework\/keySets/, permission: 'TrustFrameworkKeySet.ReadWrite.All', role: 'B2C IEF Keyset Administrator' },
  { match: /\/organization/, permission: 'Organization.Read.All', role: 'Global Reader' },
];

export function permissionFor(path: string): { permission: string; role: string } | undefined {
  return PERMISSIONS.find((p) => p.match.test(path));
}

/**
 * Brands that make `instanceof` work across bundles: the extension loads the Graph client from a separate bundle
 * (dist/vscode/graph.js) with its own copy of this module, so class identity alone would not match.
 */
const GRAPH_ERROR = Symbol.for('itsme-b2c.GraphRequestError');
const CANCELLED = Symbol.for('itsme-b2c.CancelledError');

function branded(v: unknown, brand: symbol): boolean {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[brand] === true;
}

export class GraphRequestError extends Error {
  readonly [GRAPH_ERROR] = true;
  static override [Symbol.hasInstance](v: unknown): boolean {
    return branded(v, GRAPH_ERROR);
  }
  readonly kind: GraphErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds: number | undefined;
  /** What the user should do, in words. This, not `message`, is what people are shown (userMessage). */
  readonly hint: string;
  /** A sign-in failure the AADSTS table recognised (kind 'auth'). */
  readonly signInProblem: SignInProblem | undefined;

  constructor(init: {
    kind: GraphErrorKind;
    status?: number;
    code?: string;
    graphMessage?: string;
    requestId?: string;
    method: string;
    path: string;
    retryAfterSeconds?: number;
    hint: string;
    signInProblem?: SignInProblem;
  }) {
    const where = `${init.method} ${init.path}`;
    const status = init.status ? ` ${init.status}${init.code ? ` ${init.code}` : ''}` : '';
    const graph = init.graphMessage ? ` — ${init.graphMessage}` : '';
    const rid = init.requestId ? ` (request-id ${init.requestId})` : '';
    super(`${init.hint} [${where}${status}${graph}${rid}]`);
    this.name = 'GraphRequestError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.graphMessage = init.graphMessage;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.hint = init.hint;
    this.signInProblem = init.signInProblem;
  }

  /** Retrying the whole observe→plan→apply round can fix it (the tenant is read again first). */
  get transient(): boolean {
    // Not 'conflict': repeating a create that met "already exists" cannot succeed; the engine resolves it in the
    // same round by looking the object up (apply/conflicts.ts).
    return ['throttled', 'unavailable', 'network', 'consistency'].includes(this.kind);
  }
}

function isNoBackingApplication(body: GraphErrorBody): boolean {
  const e = body.error;
  if (!e) return false;
  const text = JSON.stringify(e);
  return text.includes('NoBackingApplicationObject');
}

export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const raw = headers['retry-after'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Parses a non-2xx Graph response into a GraphRequestError with the fix in words. */
export function parseGraphError(
  req: Pick<GraphRequest, 'method' | 'path'>,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): GraphRequestError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as GraphErrorBody;
  const code = b.error?.code;
  const graphMessage = b.error?.message;
  const inner = b.error?.innerError ?? {};
  const requestId = (inner['request-id'] as string | undefined) ?? headers['request-id'];
  const base = { status, code, graphMessage, requestId, method: req.method, path: req.path, retryAfterSeconds: retryAfterSeconds(headers) };
  const perm = permissionFor(req.path);
  if (status === 401) {
    return new GraphRequestError({ ...base, kind: 'auth', hint: l10n.t('Microsoft Graph did not accept the sign-in (401). Sign in again to the B2C tenant, and check that the credential targets that tenant.') });
  }
  if (status === 403) {
    const hint = perm
      ? l10n.t('Permission missing (403): grant {0} to the management app (and admin-consent it), or sign in with an account holding the {1} role.', perm.permission, perm.role)
      : l10n.t('Permission missing (403): the signed-in account or app lacks the Graph permission or admin role for this call.');
    return new GraphRequestError({ ...base, kind: 'permission', hint });
  }
  if (status === 400 && isNoBackingApplication(b)) {
    return new GraphRequestError({ ...base, kind: 'consistency', hint: l10n.t('The new app registration is not visible yet (NoBackingApplicationObject); Graph needs a moment to replicate it.') });
  }
  if (status === 404) {
    return new GraphRequestError({ ...base, kind: 'notFound', hint: l10n.t('Not found (404).') });
  }
  if (status === 409) {
    return new GraphRequestError({ ...base, kind: 'conflict', hint: l10n.t('The object already exists (409).') });
  }
  if (status === 429) {
    return new GraphRequestError({ ...base, kind: 'throttled', hint: l10n.t('Microsoft Graph is throttling requests (429) and the retries ran out; wait a minute and apply again.') });
  }
  if (status >= 500) {
    return new GraphRequestError({ ...base, kind: 'unavailable', hint: l10n.t('Microsoft Graph is unavailable ({0}); apply again later — the next apply completes what this one started.', status) });
  }
  if (code === 'MethodNotAllowed' || status === 405) {
    return new GraphRequestError({ ...base, kind: 'badRequest', hint: l10n.t('Microsoft Graph does not allow this method here (405).') });
  }
  return new GraphRequestError({ ...base, kind: 'badRequest', hint: l10n.t('Microsoft Graph rejected the request ({0}).', status) });
}

export function networkError(req: Pick<GraphRequest, 'method' | 'path'>, cause: unknown): GraphRequestError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GraphRequestError({
    kind: 'network',
    method: req.method,
    path: req.path,
    graphMessage: detail,
    hint: l10n.t('The connection to Microsoft Graph failed; apply again — the next apply completes what this one started.'),
  });
}

/**
 * A token could not be had for a Graph request (@azure/identity failed in the auth middleware): a sign-in problem,
 * not a Graph one. The hint says it in words (AADSTS table); the raw first line stays in `message`, for the log.
 */
export function authError(req: Pick<GraphRequest, 'method' | 'path'>, e: unknown, context: SignInContext = {}): GraphRequestError {
  const raw = (e as { body?: string })?.body ?? (e instanceof Error ? e.message : String(e));
  const detail = String(raw).split('\n')[0]!.slice(0, 300);
  const problem = translateSignInError(String(raw), context);
  return new GraphRequestError({
    kind: 'auth',
    method: req.method,
    path: req.path,
    graphMessage: detail,
    signInProblem: problem,
    hint: problem ? signInProblemText(problem) : l10n.t('Could not get a token for Microsoft Graph: sign in again, and check the tenant, client id and credential.'),
  });
}

/**
 * What a person is shown for an error: a Graph error's hint (the request, status and Graph's own text go to the
 * log), a recognised sign-in failure in words, else the error's message.
 */
export function userMessage(e: unknown, context: SignInContext = {}): string {
  if (e instanceof GraphRequestError) return e.hint;
  const text = e instanceof Error ? e.message : String(e);
  const problem = translateSignInError(text, context);
  return problem ? signInProblemText(problem) : text;
}

export class CancelledError extends Error {
  readonly [CANCELLED] = true;
  static override [Symbol.hasInstance](v: unknown): boolean {
    return branded(v, CANCELLED);
  }
  constructor() {
    super(l10n.t('Cancelled.'));
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');
}
