// The Graph side: bearer check → route (OData segment errors) → permission check → handler, errors as envelopes.
//
// Order matters and follows the real service: no/invalid token is 401 whatever the URL; an unknown segment is a
// 400 "Resource not found for the segment"; a known resource without the needed role is 403; only then does the
// handler validate the body and look objects up (400/404/409).
import { GraphError, graphErrorBody, invalidJson, insufficientPrivileges, segmentNotFound } from './errors';
import { header, ODATA_JSON, type EmuRequest, type EmuResponse } from './http';
import { issuerFor } from './login';
import type { ApplicationClaimsSwitches } from './application-claims';
import type { ExternalSwitches } from './external-switches';
import type { FaultStatus } from './faults';
import { checkQuery, type QueryMode, type UndocumentedQueryMode } from './query-options';
import type { ApiVersion, GraphSchema } from './schema';
import type { Obj, TenantState } from './state';
import type { TokenService } from './tokens';
import type { TrustFrameworkSwitches } from './trust-framework-state';

/**
 * 'store': kept, and GET shows the portal defaults until set; 'storeWhenSet': kept, but GET shows them only once a
 * client has written them (what an independent implementation did: a flow never patched reads as "absent");
 * 'ignore': accepted and dropped; 'reject': 400.
 */
export type UndocumentedMode = 'store' | 'storeWhenSet' | 'ignore' | 'reject';
export type { QueryMode, UndocumentedQueryMode } from './query-options';

/** Status of a refused duplicate oauth2PermissionGrant: both are reported in the wild (graph-b2c.md §3). */
export type DuplicateGrantStatus = 409 | 400;

/** Behaviour switches a test may flip while the emulator runs (reset() restores the start values). */
export interface RuntimeOptions {
  undocumentedUserFlowProps: UndocumentedMode;
  /**
   * Eventual consistency after POST /applications (graph-b2c.md §3): a time window (the service-principal
   * replication delay: POST /servicePrincipals answers NoBackingApplicationObject until it has passed) and/or a
   * number of failures.
   */
  consistency: { delayMs: number; failures: number };
  /** 'strict' (default): only the query options Graph documents per endpoint (query-options.ts). */
  query: QueryMode;
  /** In strict mode, what an undocumented option gets: ignored (default, as observed) or a 400. */
  undocumentedQuery: UndocumentedQueryMode;
  /** A second POST of the same grant: 409 Request_MultipleObjectsWithSameKeyValue (default) or 400 Request_BadRequest. */
  duplicateGrant: DuplicateGrantStatus;
  /** The external (CIAM) tenant's GUESS switches (external-switches.ts). */
  external: ExternalSwitches;
  /** The trustFramework endpoints' GUESS switches (trust-framework-state.ts). */
  trustFramework: TrustFrameworkSwitches;
  /** User flows' application claims: the undocumented relationship and a new flow's ticks (application-claims.ts). */
  applicationClaims: ApplicationClaimsSwitches;
}

export interface Ctx {
  req: EmuRequest;
  version: ApiVersion;
  /** Values captured by ':' segments of the route, in order. */
  params: string[];
  state: TenantState;
  roles: ReadonlySet<string>;
  /** https://127.0.0.1:PORT */
  base: string;
  schema: GraphSchema;
  options: RuntimeOptions;
  /** The JSON body as an object (400 when it is not valid JSON or not an object). */
  body(): Obj;
}

export type Handler = (ctx: Ctx) => EmuResponse | Promise<EmuResponse>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Segments after the version, ':' for a key, e.g. identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref */
  path: string;
  versions?: ApiVersion[];
  /** Token roles of which one is needed, or 'any' (any valid token). */
  perms: readonly string[] | 'any';
  handler: Handler;
}

interface Node {
  literal: Map<string, Node>;
  param?: Node;
  handlers: Map<string, RouteDef>;
}

const newNode = (): Node => ({ literal: new Map(), handlers: new Map() });

/**
 * Splits an OData path into segments. Key syntax becomes its own segment: `b2cUserFlows('B2C_1_x')` →
 * ['b2cUserFlows', 'B2C_1_x']; alternate keys stay recognisable: `applications(appId='…')` → ['applications',
 * "appId='…'"]; a function call `availableProviderTypes()` → ['availableProviderTypes'].
 */
export function splitSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      seg = raw;
    }
    const m = /^([^()]+)\((.*)\)$/s.exec(seg);
    if (!m) {
      out.push(seg);
      continue;
    }
    out.push(m[1]!);
    const inner = m[2]!;
    if (inner === '') continue;
    const quoted = /^'(.*)'$/s.exec(inner);
    out.push(quoted ? quoted[1]!.replace(/''/g, "'") : inner);
  }
  return out;
}

/** An alternate key segment, e.g. appId='…' → { prop: 'appId', value: '…' }. */
export function alternateKey(segment: string): { prop: string; value: string } | undefined {
  const m = /^(\w+)='(.*)'$/s.exec(segment);
  return m ? { prop: m[1]!, value: m[2]!.replace(/''/g, "'") } : undefined;
}

export class GraphApi {
  private readonly tries: Record<ApiVersion, Node> = { 'v1.0': newNode(), beta: newNode() };

  constructor(
    routes: RouteDef[],
    private readonly deps: {
      base: () => string;
      state: () => TenantState;
      tokens: TokenService;
      schema: GraphSchema;
      options: RuntimeOptions;
    },
  ) {
    for (const r of routes) {
      for (const v of r.versions ?? (['v1.0', 'beta'] as const)) {
        let node = this.tries[v];
        for (const seg of r.path.split('/')) {
          if (seg.startsWith(':')) node = node.param ??= newNode();
          else {
            let next = node.literal.get(seg);
            if (!next) node.literal.set(seg, (next = newNode()));
            node = next;
          }
        }
        node.handlers.set(r.method, r);
      }
    }
  }

  async handle(req: EmuRequest): Promise<EmuResponse> {
    try {
      return withJson(await this.dispatch(req));
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      return errorResponse(e, req);
    }
  }

  private async dispatch(req: EmuRequest): Promise<EmuResponse> {
    const m = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.path);
    if (!m) throw new GraphError(400, 'BadRequest', `Invalid version: ${req.path.split('/')[1] ?? ''}`);
    const version = m[1] as ApiVersion;
    const roles = await this.authenticate(req);

    const segments = splitSegments(m[2] ?? '');
    const found = this.route(this.tries[version], segments);
    if ('unknown' in found) throw segmentNotFound(found.unknown);
    const route = found.node.handlers.get(req.method);
    if (!route) {
      throw new GraphError(405, 'MethodNotAllowed', 'Specified HTTP method is not allowed for the request target.');
    }
    if (route.perms !== 'any' && !route.perms.some((p) => roles.has(p))) throw insufficientPrivileges();

    // Strict mode: the handler sees only the query options Graph documents for this endpoint.
    const opts = this.deps.options;
    const checked = checkQuery(req.query, req.method, route.path, opts.query, opts.undocumentedQuery);
    if (checked.ignored.length) req.ignoredQuery = checked.ignored;
    let parsed: Obj | undefined;
    const ctx: Ctx = {
      req: { ...req, query: checked.query },
      version,
      params: found.params,
      state: this.deps.state(),
      roles,
      base: this.deps.base(),
      schema: this.deps.schema,
      options: this.deps.options,
      body: () => (parsed ??= parseBody(req)),
    };
    return route.handler(ctx);
  }

  /** 401 InvalidAuthenticationToken unless a valid emulator-issued bearer token is present. */
  private async authenticate(req: EmuRequest): Promise<Set<string>> {
    const auth = header(req, 'authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    const state = this.deps.state();
    const fail = (reason: string) =>
      new GraphError(401, 'InvalidAuthenticationToken', reason, {
        headers: {
          'WWW-Authenticate': `Bearer realm="", authorization_uri="${this.deps.base()}/${state.tenantId}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
        },
      });
    if (!token) throw fail('Access token is empty.');
    const v = await this.deps.tokens.verify(token, issuerFor(this.deps.base(), state.tenantId));
    if (!v.ok) throw fail(v.reason);
    if (v.claims.tid !== state.tenantId) throw fail('Access token validation failure. Invalid audience.');
    return new Set(Array.isArray(v.claims.roles) ? v.claims.roles : []);
  }

  /** Walks the trie; literal segments win over keys. Reports the first segment no route knows. */
  private route(root: Node, segments: string[]): { node: Node; params: string[] } | { unknown: string } {
    let deepest = 0;
    const walk = (node: Node, i: number, params: string[]): { node: Node; params: string[] } | undefined => {
      deepest = Math.max(deepest, i);
      if (i === segments.length) return node.handlers.size > 0 ? { node, params } : undefined;
      const seg = segments[i]!;
      const lit = node.literal.get(seg);
      if (lit) {
        const r = walk(lit, i + 1, params);
        if (r) return r;
      }
      if (node.param) return walk(node.param, i + 1, [...params, seg]);
      return undefined;
    };
    const r = walk(root, 0, []);
    if (r) return r;
    return { unknown: segments[Math.min(deepest, segments.length - 1)] ?? '' };
  }
}

function parseBody(req: EmuRequest): Obj {
  if (!req.rawBody.trim()) throw invalidJson();
  let v: unknown;
  try {
    v = JSON.parse(req.rawBody);
  } catch {
    throw invalidJson();
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidJson();
  return v as Obj;
}

function withJson(res: EmuResponse): EmuResponse {
  if (res.body === undefined) return res;
  return { ...res, headers: { 'Content-Type': ODATA_JSON, ...res.headers } };
}

export function errorResponse(e: GraphError, req: EmuRequest): EmuResponse {
  return {
    status: e.status,
    body: graphErrorBody(e, req.requestId, req.clientRequestId),
    headers: { 'Content-Type': 'application/json', ...e.extra.headers },
  };
}

/** The error a status fault returns (throttling and gateway failures look like this on the real service). */
export function faultError(status: FaultStatus, retryAfterSeconds: number | undefined): GraphError {
  const codes: Record<FaultStatus, [string, string]> = {
    429: ['TooManyRequests', 'Too many requests are being made. Please retry after the interval in the Retry-After header.'],
    500: ['InternalServerError', 'An internal server error occurred.'],
    502: ['BadGateway', 'The gateway received an invalid response from the backend service.'],
    503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry after the interval in the Retry-After header.'],
    504: ['GatewayTimeout', 'The backend service did not respond in time.'],
  };
  // §5: 429 and 503 carry Retry-After (integer seconds, default 1); the others only when asked for.
  const retry = retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined);
  const [code, message] = codes[status];
  return new GraphError(status, code, message, retry === undefined ? {} : { headers: { 'Retry-After': String(Math.max(0, Math.round(retry))) } });
}

// ---- response helpers for route handlers -----------------------------------------------------------------------

export function contextUrl(ctx: Ctx, fragment: string): string {
  return `${ctx.base}/${ctx.version}/$metadata#${fragment}`;
}

export function ok(body: unknown, headers?: Record<string, string>): EmuResponse {
  return { status: 200, body, headers };
}

export function created(body: unknown, headers?: Record<string, string>): EmuResponse {
  return { status: 201, body, headers };
}

export const noContent = (): EmuResponse => ({ status: 204 });
