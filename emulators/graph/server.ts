// The HTTPS server: one origin serves both the token endpoint and Graph (/v1.0, /beta), like a private cloud
// whose authority host and Graph host are the same machine.
//
// Per request: read body → log → faults (decided before any effect) → latency → handle → respond (or drop).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ensureCa, trustCaInProcess } from '../tls/ca';
import { listenHttps } from '../tls/serve';
import { errorResponse, faultError, GraphApi, type DuplicateGrantStatus, type RuntimeOptions, type UndocumentedMode } from './api';
import { APPLICATION_CLAIMS_SWITCH_DEFAULTS, flowApplicationClaimDefs, tickApplicationClaims, type ApplicationClaimsSwitches } from './application-claims';
import { GraphError } from './errors';
import { EXTERNAL_SWITCH_DEFAULTS, type ExternalSwitches } from './external-switches';
import { FaultController } from './faults';
import { header, type EmuRequest, type EmuResponse } from './http';
import { handleLogin } from './login';
import { applicationRoutes } from './routes/applications';
import { eventsFlowRoutes } from './routes/events-flows';
import { identityProviderRoutes } from './routes/identity-providers';
import { organizationRoutes } from './routes/organization';
import { permissionGrantRoutes } from './routes/permission-grants';
import { servicePrincipalRoutes } from './routes/service-principals';
import { trustFrameworkRoutes } from './routes/trust-framework';
import { userFlowRoutes } from './routes/user-flows';
import { TRUST_FRAMEWORK_SWITCH_DEFAULTS, type TrustFrameworkSwitches } from './trust-framework-state';
import type { QueryMode, UndocumentedQueryMode } from './query-options';
import { graphSchema } from './schema';
import { createTenantState, type TenantSeed, type TenantState, type TenantType } from './state';
import { TokenService } from './tokens';

export interface GraphEmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default: an empty B2C tenant "contosob2c" (fixed tenant id, contosob2c.onmicrosoft.com). */
  tenant?: TenantSeed;
  /**
   * Shorthand for tenant.tenantType: 'CIAM' (or 'external') gives an external tenant "contosoext" with the
   * built-in providers and b2c-extensions-app (external-id.md §1, §8); 'B2C' = 'AAD B2C'.
   */
  tenantType?: TenantType | 'B2C' | 'external';
  /** Added to every response (also settable later with setLatency). */
  latencyMs?: number;
  /**
   * Eventual-consistency window after POST /applications, in ms (default 0) — the service-principal replication
   * delay: POST /servicePrincipals for the new appId answers 400 NoBackingApplicationObject (and GET/PATCH of the
   * app 404) until it has passed. See consistency.ts.
   */
  consistencyDelayMs?: number;
  /** Eventual consistency, count-based: the first N affected attempts per new application fail (default 0). */
  consistencyFailures?: number;
  /** How the tenant treats tokenLifetimeConfiguration / multifactorAuthenticationConfiguration (default 'store'). */
  undocumentedUserFlowProps?: UndocumentedMode;
  /** Where the CA lives (default <repo>/.cache/emulator-ca or $ITSME_EMULATOR_CA_DIR). */
  caDir?: string;
  /** Make this process trust the CA (tls.setDefaultCACertificates). Default true. */
  trustCa?: boolean;
  /** Lifetime of issued access tokens (default 3599 s, like Entra). */
  tokenLifetimeSeconds?: number;
  /** 'strict' (default): each endpoint honours only the query options Graph documents (query-options.ts). */
  query?: QueryMode;
  /** Strict mode's answer to an undocumented option: 'ignore' (default) or 'reject' (400). */
  undocumentedQuery?: UndocumentedQueryMode;
  /** Status of a duplicate oauth2PermissionGrant POST: 409 (default) or 400. */
  duplicateGrant?: DuplicateGrantStatus;
  /** The external tenant's GUESS switches (external-switches.ts; defaults EXTERNAL_SWITCH_DEFAULTS). */
  external?: Partial<ExternalSwitches>;
  /** The trustFramework endpoints' GUESS switches (trust-framework-state.ts; defaults TRUST_FRAMEWORK_SWITCH_DEFAULTS). */
  trustFramework?: Partial<TrustFrameworkSwitches>;
  /** User flows' application claims (application-claims.ts; defaults APPLICATION_CLAIMS_SWITCH_DEFAULTS). */
  applicationClaims?: Partial<ApplicationClaimsSwitches>;
}

/** Requests counted since start (or the last reset()), by kind; read by tests and the bench. */
export interface EmulatorStats {
  /** POST /{tenant}/oauth2/v2.0/token, whatever the outcome. */
  tokenRequests: number;
  /** GET /{tenant}[/v2.0]/.well-known/openid-configuration: MSAL's authority metadata. */
  metadataRequests: number;
  /** Requests under /v1.0 or /beta. */
  graphRequests: number;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path with version, without query, e.g. /beta/identity/identityProviders. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped before any status was decided. */
  status: number;
  /** Parsed JSON (or form) body; clientSecret / client_secret values replaced by '<redacted>'. */
  body: unknown;
  startedAt: number;
  endedAt: number;
  requestId: string;
  /** Graph error code of the response, when it was an error. */
  errorCode?: string;
  /** The fault injected into this request, if any ('status', 'drop', 'dropAfterEffect', 'latency'). */
  fault?: string;
  /** Query options strict mode ignored because Graph does not document them for this endpoint. */
  ignoredQuery?: string[];
}

export interface GraphEmulator {
  /** https://127.0.0.1:PORT (Graph base: url + '/v1.0' and url + '/beta'). */
  url: string;
  /** Same origin; token endpoint at /{tenantId}/oauth2/v2.0/token. */
  authorityHost: string;
  tenantId: string;
  /** A service principal that can get tokens (client credentials). */
  management: { clientId: string; clientSecret: string };
  caPath: string;
  caPem: string;
  /** Live tenant state (replaced by seed()/reset(): read it through this property each time). */
  readonly state: TenantState;
  /** Every request, in arrival order. */
  readonly log: RequestLogEntry[];
  readonly faults: FaultController;
  /** Behaviour switches (undocumented user-flow props, consistency, query strictness, duplicate grant), live. */
  readonly options: RuntimeOptions;
  /** Token, authority-metadata and Graph request counts (reset() zeroes them). */
  readonly stats: Readonly<EmulatorStats>;
  setLatency(ms: number): void;
  setConsistency(c: { delayMs?: number; failures?: number }): void;
  setUndocumentedUserFlowProps(mode: UndocumentedMode): void;
  /**
   * The portal hook: user flow → Application claims, tick exactly these rows (portal labels such as "Display Name",
   * "Email Addresses", "User's Object ID") and Save. Works whatever options.applicationClaims.relationship says:
   * the portal always can. Throws for an unknown flow or label.
   */
  setApplicationClaims(flowId: string, portalNames: readonly string[]): void;
  /** The flow's ticked application claims, as portal labels. */
  applicationClaims(flowId: string): string[];
  /** Replaces the tenant with a fresh one built from `seed`. */
  seed(seed: TenantSeed): void;
  /**
   * Replaces the tenant with one saved earlier (JSON of `state`), objects and secrets as they were: the sandbox
   * keeps its tenant across restarts so an app's client id and secret stay valid. Pending replication is dropped.
   */
  restore(saved: TenantState): void;
  /**
   * Back to the tenant the emulator started with; clears the log, the stats, the faults and their history, the
   * latency, and restores the start options.
   */
  reset(): void;
  /** Environment for a child process (CLI, VS Code) that should talk to this emulator. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** 'B2C' → 'AAD B2C', 'external' → 'CIAM' (the names the CLI and sandbox use), others as they are. */
export function normalizeTenantType(t: TenantType | 'B2C' | 'external'): TenantType {
  return t === 'B2C' ? 'AAD B2C' : t === 'external' ? 'CIAM' : t;
}

const SECRET_KEYS = /^(clientSecret|client_secret|secretText|password|k)$/i;

/** Deep copy with secret values redacted, for the request log. */
function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_KEYS.test(k) && typeof x === 'string' ? '<redacted>' : redact(x)]));
  }
  return v;
}

function logBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) return redact(Object.fromEntries(new URLSearchParams(raw)));
  try {
    return redact(JSON.parse(raw));
  } catch {
    return raw.length > 2000 ? raw.slice(0, 2000) + '…' : raw;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGraphEmulator(opts: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const ca = await ensureCa(opts.caDir);
  if (opts.trustCa !== false) trustCaInProcess(ca.caPem);
  const tokens = await TokenService.create();
  const schema = graphSchema();
  const initialSeed: TenantSeed = structuredClone(opts.tenant ?? {});
  if (opts.tenantType) initialSeed.tenantType = normalizeTenantType(opts.tenantType);
  let state = createTenantState(initialSeed);
  const startOptions = (): RuntimeOptions => ({
    undocumentedUserFlowProps: opts.undocumentedUserFlowProps ?? 'store',
    consistency: { delayMs: opts.consistencyDelayMs ?? 0, failures: opts.consistencyFailures ?? 0 },
    query: opts.query ?? 'strict',
    undocumentedQuery: opts.undocumentedQuery ?? 'ignore',
    duplicateGrant: opts.duplicateGrant ?? 409,
    external: { ...EXTERNAL_SWITCH_DEFAULTS, ...opts.external },
    trustFramework: { ...TRUST_FRAMEWORK_SWITCH_DEFAULTS, ...opts.trustFramework },
    applicationClaims: { ...APPLICATION_CLAIMS_SWITCH_DEFAULTS, ...opts.applicationClaims, newFlowDefault: [...(opts.applicationClaims?.newFlowDefault ?? APPLICATION_CLAIMS_SWITCH_DEFAULTS.newFlowDefault)] },
  });
  // One object for the emulator's lifetime (handlers hold it): reset() assigns into it.
  const options: RuntimeOptions = startOptions();
  const stats: EmulatorStats = { tokenRequests: 0, metadataRequests: 0, graphRequests: 0 };
  const faults = new FaultController();
  const log: RequestLogEntry[] = [];
  let latencyMs = opts.latencyMs ?? 0;
  let seq = 0;
  let base = '';

  const api = new GraphApi(
    [
      ...organizationRoutes,
      ...identityProviderRoutes,
      ...userFlowRoutes,
      ...eventsFlowRoutes,
      ...applicationRoutes,
      ...servicePrincipalRoutes,
      ...permissionGrantRoutes,
      ...trustFrameworkRoutes,
    ],
    { base: () => base, state: () => state, tokens, schema, options },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', base);
    const rawBody = await readBody(req);
    const requestId = randomUUID();
    const emuReq: EmuRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      requestId,
      clientRequestId: '',
    };
    emuReq.clientRequestId = header(emuReq, 'client-request-id') ?? requestId;
    const entry: RequestLogEntry = {
      seq: ++seq,
      method: emuReq.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      body: logBody(rawBody, header(emuReq, 'content-type')),
      startedAt,
      endedAt: 0,
      requestId,
    };
    log.push(entry);

    const isGraph = /^\/(v1\.0|beta)(\/|$)/.test(url.pathname);
    if (isGraph) stats.graphRequests++;
    else if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) stats.tokenRequests++;
    else if (/^\/[^/]+\/(v2\.0\/)?\.well-known\/openid-configuration$/.test(url.pathname)) stats.metadataRequests++;
    const applied = faults.take(entry.seq, emuReq.method, url.pathname, isGraph);
    const terminal = applied.find((f) => f.kind !== 'latency');
    const extra = applied.reduce((n, f) => n + (f.kind === 'latency' ? f.ms : 0), 0);
    if (applied.length) entry.fault = (terminal ?? applied[0]!).kind;
    if (latencyMs + extra > 0) await sleep(latencyMs + extra);

    if (terminal?.kind === 'drop') {
      entry.endedAt = Date.now();
      req.socket.destroy();
      return;
    }
    let response: EmuResponse;
    try {
      if (terminal?.kind === 'status') response = errorResponse(faultError(terminal.status, terminal.retryAfterSeconds), emuReq);
      else if (isGraph) response = await api.handle(emuReq);
      else {
        response =
          (await handleLogin(emuReq, { base, state, tokens, tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3599 })) ??
          errorResponse(new GraphError(404, 'NotFound', `No endpoint at '${url.pathname}'.`), emuReq);
      }
    } catch (e) {
      // An emulator bug, not a behaviour: make it loud in the response and on stderr.
      console.error('[graph-emulator] internal error', e);
      response = errorResponse(new GraphError(500, 'EmulatorInternalError', String((e as Error)?.stack ?? e)), emuReq);
    }
    if (emuReq.ignoredQuery) entry.ignoredQuery = emuReq.ignoredQuery;
    entry.status = response.status;
    const err = (response.body as { error?: unknown } | undefined)?.error;
    if (err) entry.errorCode = typeof err === 'string' ? err : String((err as { code?: unknown }).code);
    entry.endedAt = Date.now();
    if (terminal?.kind === 'dropAfterEffect') {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { 'request-id': requestId, 'client-request-id': emuReq.clientRequestId, ...response.headers };
    if (response.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    res.writeHead(response.status, headers);
    // A string body with an XML content type (custom policies, $value) goes out as it is; everything else is JSON.
    const xml = typeof response.body === 'string' && /xml/i.test(headers['Content-Type'] ?? '');
    res.end(response.body === undefined ? undefined : xml ? (response.body as string) : JSON.stringify(response.body));
  }

  const listener = await listenHttps(ca, opts.port, (req, res) => {
    handle(req, res).catch((e) => {
      console.error('[graph-emulator] request failed', e);
      res.destroy();
    });
  });
  base = listener.origin;

  const flowRecord = (flowId: string) => {
    const f = state.userFlows.find((x) => x.id.toLowerCase() === flowId.toLowerCase());
    if (!f) throw new Error(`No user flow '${flowId}' in the emulated tenant`);
    return f;
  };

  const emulator: GraphEmulator = {
    url: base,
    authorityHost: base,
    get tenantId() {
      return state.tenantId;
    },
    get management() {
      return { clientId: state.management.clientId, clientSecret: state.management.clientSecret };
    },
    caPath: ca.caPath,
    caPem: ca.caPem,
    get state() {
      return state;
    },
    log,
    faults,
    options,
    stats,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setConsistency(c) {
      if (c.delayMs !== undefined) options.consistency.delayMs = c.delayMs;
      if (c.failures !== undefined) options.consistency.failures = c.failures;
    },
    setUndocumentedUserFlowProps(mode) {
      options.undocumentedUserFlowProps = mode;
    },
    setApplicationClaims(flowId, portalNames) {
      tickApplicationClaims(flowRecord(flowId), portalNames);
    },
    applicationClaims(flowId) {
      return flowApplicationClaimDefs(flowRecord(flowId), options.applicationClaims).map((c) => c.portalName);
    },
    seed(seed) {
      state = createTenantState(seed);
    },
    restore(saved) {
      state = { ...structuredClone(saved), replication: {} };
    },
    reset() {
      state = createTenantState(initialSeed);
      log.length = 0;
      faults.clear();
      faults.injected.length = 0;
      latencyMs = opts.latencyMs ?? 0;
      Object.assign(options, startOptions());
      stats.tokenRequests = stats.metadataRequests = stats.graphRequests = 0;
    },
    env() {
      return {
        NODE_EXTRA_CA_CERTS: ca.caPath,
        ITSME_B2C_CLIENT_ID: state.management.clientId,
        ITSME_B2C_CLIENT_SECRET: state.management.clientSecret,
        ITSME_B2C_TENANT_ID: state.tenantId,
        ITSME_B2C_GRAPH_URL: base,
        ITSME_B2C_AUTHORITY_HOST: base,
      };
    },
    stop: listener.stop,
  };
  return emulator;
}
