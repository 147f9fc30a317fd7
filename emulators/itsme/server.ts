// The itsme emulator's HTTPS server: both endpoint generations on one origin, each its own oidc-provider issuer,
// plus the sign-in pages, the "itsme app" and a request log.
//
//   /v2/…                             v2 provider (idp.<env>.itsme.services/v2)          + /v2/interaction/<uid>
//   /clientsecret-oidc/csapi/v0.1/…   legacy provider (oidc.<env>.itsme.services/…)      + …/interaction/<uid>
//   /app, /app/api/actions            the "itsme app" (mobile-sized page, JSON for scripts)
//   /assets/…                         stylesheet and the two page scripts
//   /                                 index: issuers, metadata URLs, app URL, identities, partners
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ensureCa, trustCaInProcess } from '../tls/ca';
import { listenHttps } from '../tls/serve';
import { ActionStore, type ItsmeAction } from './actions';
import { defaultIdentities, normalizeIdentity, normalizePhone, type Identity } from './identities';
import { appPage, ASSETS, indexPage } from './pages';
import { defaultPartner, GENERATIONS, normalizePartner, type Generation, type Partner, type PartnerSeed } from './partners';
import { createProvider, GENERATION_PATHS, rsaSigningJwk, type ProviderDeps } from './provider';
import { MemoryStore, randomKey } from './adapter';
import { handleSignIn, html, json, redirect } from './signin';

export interface ItsmeEmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Where the shared throwaway CA lives (default <repo>/.cache/emulator-ca or $ITSME_EMULATOR_CA_DIR). */
  caDir?: string;
  /** Default: one partner EMULATOR_PARTNER / service EMULATOR_LOGIN with contosob2c's B2C redirect URIs. */
  partners?: PartnerSeed[];
  /** Default: three Belgian test people, +32470000001 … +32470000003. */
  identities?: Identity[];
  /** Authorization code lifetime (default 180 s, itsme.md §5). */
  codeTtlSeconds?: number;
  /** How long an action waits in the app before it expires (default 300 s; itsme.md is silent for logins). */
  actionTtlSeconds?: number;
  /** Make this process trust the CA (tls.setDefaultCACertificates). Default true. */
  trustCa?: boolean;
}

export interface ItsmeLogEntry {
  seq: number;
  /** Epoch ms. */
  at: number;
  /** A request the server received, or an event (an app action created / confirmed / rejected / …). */
  kind: 'request' | 'event';
  generation?: Generation;
  method?: string;
  /** Path without the query. */
  path?: string;
  query?: Record<string, string>;
  /** Form body, with client_secret, code, code_verifier and tokens replaced by '<redacted>'. */
  body?: Record<string, string>;
  /** 0 until the response is sent. */
  status?: number;
  durationMs?: number;
  /** oidc-provider route name (authorization, resume, token, userinfo, discovery, jwks), or interaction / app. */
  route?: string;
  clientId?: string;
  /** The OAuth error code sent back (or an emulator page error such as unknown_phone). */
  error?: string;
  errorDescription?: string;
  /** oidc-provider's internal reason, not sent to the client (e.g. "authorization code already consumed"). */
  errorDetail?: string;
  /** For events: action.pending, action.confirmed, action.rejected, action.expired, action.cancelled. */
  event?: string;
  actionId?: string;
}

export interface ItsmeEmulator {
  /** https://127.0.0.1:PORT */
  url: string;
  issuers: { v2: string; legacy: string };
  metadataUrls: { v2: string; legacy: string };
  /** The "itsme app" page: <url>/app (add ?phone=+32470000001 for one person's phone). */
  appUrl: string;
  caPath: string;
  caPem: string;
  /** Live list (addPartner appends). Secrets included: these are emulator secrets. */
  readonly partners: Partner[];
  readonly identities: Identity[];
  /** Requests and events in arrival order; no secrets. */
  readonly log: ItsmeLogEntry[];
  /** Actions waiting in the "itsme app", oldest first; optionally of one phone number (any notation). */
  pendingActions(phone?: string): ItsmeAction[];
  /** Confirm / reject an action as the person would in the app. Throws when it is unknown or not pending. */
  confirm(actionId: string): ItsmeAction;
  reject(actionId: string): ItsmeAction;
  /** Registers a partner while the server runs (validated by oidc-provider's client schema). */
  addPartner(seed: PartnerSeed): Promise<Partner>;
  /** Environment for a child process that should trust this server. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

const SECRET_PARAMS = /^(client_secret|code|code_verifier|access_token|id_token|refresh_token|client_assertion|password)$/i;

function redactParams(p: URLSearchParams | Record<string, unknown>): Record<string, string> {
  const entries = p instanceof URLSearchParams ? [...p.entries()] : Object.entries(p);
  return Object.fromEntries(entries.map(([k, v]) => [k, SECRET_PARAMS.test(k) ? '<redacted>' : String(v)]));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startItsmeEmulator(opts: ItsmeEmulatorOptions = {}): Promise<ItsmeEmulator> {
  const ca = await ensureCa(opts.caDir);
  if (opts.trustCa !== false) trustCaInProcess(ca.caPem);

  const partners: Partner[] = (opts.partners ?? [defaultPartner()]).map(normalizePartner);
  const identities: Identity[] = (opts.identities ?? defaultIdentities()).map(normalizeIdentity);
  for (const list of [partners.map((p) => p.clientId), identities.map((i) => i.id), identities.map((i) => i.phone)]) {
    const dup = list.find((x, i) => list.indexOf(x) !== i);
    if (dup) throw new Error(`itsme emulator: duplicate '${dup}'`);
  }
  const findPartner = (id: string) => partners.find((p) => p.clientId === id);
  const findIdentity = (id: string) => identities.find((i) => i.id === id);

  const log: ItsmeLogEntry[] = [];
  let seq = 0;
  const entries = new WeakMap<IncomingMessage, ItsmeLogEntry>();
  const note = (req: IncomingMessage, fields: Partial<ItsmeLogEntry>) => {
    const e = entries.get(req);
    if (!e) return;
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (e as any)[k] = v;
  };

  const actions = new ActionStore(opts.actionTtlSeconds ?? 300, (a) =>
    log.push({
      seq: ++seq,
      at: Date.now(),
      kind: 'event',
      event: `action.${a.status}`,
      generation: a.generation,
      clientId: a.partner.clientId,
      actionId: a.id,
    }),
  );

  const listener = await listenHttps(ca, opts.port);
  const { server, origin } = listener;
  const appUrl = `${origin}/app`;

  const [jwkV2, jwkLegacy] = await Promise.all([rsaSigningJwk(), rsaSigningJwk()]);
  const shared: Record<Generation, ProviderDeps['shared']> = {
    v2: { store: new MemoryStore(), cookieKey: randomKey(), jwk: jwkV2 },
    legacy: { store: new MemoryStore(), cookieKey: randomKey(), jwk: jwkLegacy },
  };
  const providers = {} as Record<Generation, any>;
  const callbacks = {} as Record<Generation, (req: IncomingMessage, res: ServerResponse) => void>;

  // (Re)builds a generation's provider. oidc-provider only keeps request scopes it knows, so the partners' service
  // scopes are part of its configuration: addPartner rebuilds it. Storage and keys are shared, so codes, sessions
  // and interactions in flight survive.
  function build(generation: Generation): any {
    const serviceScopes = [...new Set(partners.flatMap((p) => p.serviceCodes.map((c) => `service:${c}`)))];
    const provider = createProvider({
      origin,
      generation,
      shared: shared[generation],
      serviceScopes,
      findPartner,
      findIdentity,
      codeTtlSeconds: opts.codeTtlSeconds ?? 180,
      onError: (ctx, err) =>
        note(ctx.req, {
          error: err?.error ?? 'server_error',
          errorDescription: err?.error_description ?? String(err?.message ?? err),
          errorDetail: err?.error_detail,
          clientId: ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id,
        }),
    });
    // The token endpoint's form body is parsed by oidc-provider: log it (redacted) once parsed.
    provider.use(async (ctx: any, next: () => Promise<void>) => {
      try {
        await next();
      } finally {
        const oidcCtx = ctx.oidc;
        note(ctx.req, {
          route: oidcCtx?.route,
          clientId: oidcCtx?.client?.clientId,
          body: ctx.method === 'POST' && oidcCtx?.body ? redactParams(oidcCtx.body) : undefined,
        });
      }
    });
    providers[generation] = provider;
    callbacks[generation] = provider.callback();
    return provider;
  }
  for (const generation of GENERATIONS) build(generation);

  const issuers = {
    v2: origin + GENERATION_PATHS.v2.prefix,
    legacy: origin + GENERATION_PATHS.legacy.prefix,
  };
  const metadataUrls = {
    v2: `${issuers.v2}/.well-known/openid-configuration`,
    legacy: `${issuers.legacy}/.well-known/openid-configuration`,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: ItsmeLogEntry = {
      seq: ++seq,
      at: startedAt,
      kind: 'request',
      method,
      path: url.pathname,
      query: redactParams(url.searchParams),
      status: 0,
    };
    log.push(entry);
    entries.set(req, entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - startedAt;
    });

    for (const generation of GENERATIONS) {
      const { prefix } = GENERATION_PATHS[generation];
      if (url.pathname !== prefix && !url.pathname.startsWith(prefix + '/')) continue;
      entry.generation = generation;
      const rest = url.pathname.slice(prefix.length) || '/';
      if (rest.startsWith('/interaction/')) {
        entry.route = 'interaction';
        const form = method === 'POST' ? formBody(req, await readBody(req)) : new URLSearchParams();
        if (method === 'POST') entry.body = redactParams(form);
        const handled = await handleSignIn(
          { generation, provider: providers[generation], actions, appUrl, findPartner, identities: () => identities, findIdentity, note },
          rest,
          req,
          res,
          form,
        );
        if (!handled) notFound(res);
        return;
      }
      // Mount: oidc-provider routes on the path below the issuer; it derives its mount path from req.originalUrl.
      const raw = req.url ?? '/';
      (req as any).originalUrl = raw;
      const stripped = raw.slice(prefix.length);
      req.url = stripped.startsWith('/') ? stripped : '/' + stripped;
      callbacks[generation](req, res);
      return;
    }

    if (url.pathname === '/') {
      entry.route = 'index';
      if (method !== 'GET') return notFound(res);
      return html(
        res,
        200,
        indexPage({
          url: origin,
          generations: GENERATIONS.map((g) => ({ generation: g, issuer: issuers[g], metadataUrl: metadataUrls[g] })),
          appUrl,
          identities,
          partners,
        }),
      );
    }
    const asset = ASSETS[url.pathname];
    if (asset && method === 'GET') {
      res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.end(asset.body);
      return;
    }
    if (url.pathname === '/app' || url.pathname.startsWith('/app/')) {
      entry.route = 'app';
      return handleApp(req, res, url, method);
    }
    notFound(res);
  }

  // ---- the "itsme app" -------------------------------------------------------------------------------------------
  async function handleApp(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const phoneParam = url.searchParams.get('phone') ?? undefined;
    const phone = phoneParam === undefined ? undefined : (normalizePhone(phoneParam) ?? phoneParam);
    if (method === 'POST') await readBody(req);

    if (url.pathname === '/app' && method === 'GET') {
      const done = url.searchParams.get('done') ?? undefined;
      return html(
        res,
        200,
        appPage({ phone, identity: identities.find((i) => i.phone === phone), identities, actions: actions.pending(phone), done }),
      );
    }
    if (url.pathname === '/app/api/actions' && method === 'GET') return json(res, 200, actions.pending(phone));

    const m = /^\/app(\/api)?\/actions\/([A-Za-z0-9_-]+)\/(confirm|reject)$/.exec(url.pathname);
    if (m && method === 'POST') {
      const api = Boolean(m[1]);
      const decision = m[3] === 'confirm' ? 'confirmed' : 'rejected';
      const existing = actions.get(m[2]!);
      note(req, { actionId: m[2], clientId: existing?.partner.clientId });
      if (!existing || existing.status !== 'pending') {
        const message = existing ? `This request is ${existing.status}.` : 'No such request.';
        note(req, { error: existing ? 'action_not_pending' : 'action_not_found', errorDescription: message });
        if (api) return json(res, existing ? 409 : 404, { error: existing ? 'action_not_pending' : 'action_not_found', status: existing?.status });
        return html(
          res,
          existing ? 409 : 404,
          appPage({ phone, identity: identities.find((i) => i.phone === phone), identities, actions: actions.pending(phone), error: message }),
        );
      }
      const a = actions.decide(existing.id, decision);
      if (api) return json(res, 200, a);
      const q = new URLSearchParams();
      if (phoneParam) q.set('phone', phoneParam);
      q.set('done', decision);
      return redirect(res, `/app?${q}`);
    }
    notFound(res);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e) => {
      console.error('[itsme-emulator] internal error', e);
      note(req, { error: 'emulator_internal_error', errorDescription: String((e as Error)?.message ?? e) });
      if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: String((e as Error)?.stack ?? e) });
      else res.end();
    });
  });

  let stopped = false;
  const emulator: ItsmeEmulator = {
    url: origin,
    issuers,
    metadataUrls,
    appUrl,
    caPath: ca.caPath,
    caPem: ca.caPem,
    partners,
    identities,
    log,
    pendingActions: (phone?: string) => actions.pending(phone === undefined ? undefined : (normalizePhone(phone) ?? phone)),
    confirm: (id: string) => structuredClone(actions.decide(id, 'confirmed')),
    reject: (id: string) => structuredClone(actions.decide(id, 'rejected')),
    async addPartner(seed: PartnerSeed): Promise<Partner> {
      const partner = normalizePartner(seed);
      if (findPartner(partner.clientId)) throw new Error(`itsme emulator: partner '${partner.clientId}' already exists`);
      partners.push(partner);
      try {
        // Let oidc-provider validate the client metadata now rather than at the first authorization request.
        for (const g of partner.generations) await build(g).Client.find(partner.clientId);
      } catch (e) {
        partners.splice(partners.indexOf(partner), 1);
        for (const g of partner.generations) build(g);
        throw new Error(`itsme emulator: partner '${partner.clientId}' rejected: ${(e as any)?.error_description ?? (e as Error).message}`);
      }
      return partner;
    },
    env: () => ({ NODE_EXTRA_CA_CERTS: ca.caPath }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await listener.stop();
    },
  };
  // Validate the seeded partners the same way.
  try {
    for (const p of partners) for (const g of p.generations) await providers[g].Client.find(p.clientId);
  } catch (e) {
    await emulator.stop();
    throw new Error(`itsme emulator: invalid partner: ${(e as any)?.error_description ?? (e as Error).message}`);
  }
  return emulator;
}

function formBody(req: IncomingMessage, raw: Buffer): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '');
  return type.includes('application/x-www-form-urlencoded') ? new URLSearchParams(raw.toString('utf8')) : new URLSearchParams();
}

function notFound(res: ServerResponse): void {
  json(res, 404, { error: 'not_found' });
}
