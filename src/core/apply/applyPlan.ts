// applyPlan(plan, graph, options): runs the plan's steps in dependency order, independent steps in parallel,
// and reports each step's progress. It sends exactly the requests the plan shows, with placeholders filled in
// from earlier steps' responses and the secret marker replaced by the secret at the last moment.
import * as l10n from '@vscode/l10n';
import { CancelledError, GraphRequestError, isCancelled } from '../graph/errors';
import { isXmlRequest, type GraphPort, type GraphRequest } from '../graph/port';
import { explainPolicyUploadError } from '../policy/uploadErrors';
import { DEFAULT_REPLICATION, replicationDelayMs, sleep, type ReplicationPolicy } from '../graph/retry';
import type { GraphUserFlow } from '../graph/model';
import { desiredFlowSettingsMatch } from './flowSettings';
import { claimsListed } from '../plan/applicationClaims';
import { isAlreadyExists, resolveConflict } from './conflicts';
import { SECRET_MARKER } from '../plan/desired';
import { PLACEHOLDERS, type ContextKey, type ManualInstruction, type Plan, type PlanStep, type StepContext, type StepResource } from '../plan/types';

export type StepStatus = 'running' | 'done' | 'noop' | 'manual' | 'failed' | 'skipped' | 'cancelled';

export interface StepOutcome {
  resource: StepResource;
  action: PlanStep['action'];
  label: string;
  status: StepStatus;
  detail?: string;
  manual?: ManualInstruction;
  error?: Error;
}

export interface ApplyReporter {
  onStep?(outcome: StepOutcome): void;
}

/** How long to keep retrying a request that fails because a new object has not replicated yet (retry.ts). */
export type ConsistencyPolicy = ReplicationPolicy;

export const DEFAULT_CONSISTENCY: ConsistencyPolicy = DEFAULT_REPLICATION;

export interface ApplyPlanOptions {
  /** The itsme client secret; needed only when plan.needsSecret. */
  secret?: string;
  signal?: AbortSignal;
  reporter?: ApplyReporter;
  consistency?: Partial<ConsistencyPolicy>;
}

export interface ApplyPlanResult {
  outcomes: StepOutcome[];
  context: StepContext;
  writes: number;
}

export class MissingSecretError extends Error {
  constructor() {
    super(l10n.t('The itsme client secret is needed to create the identity provider (or rotate its secret). Store it in the wizard, or give it to the CLI through ITSME_CLIENT_SECRET or --itsme-secret-stdin. Nothing was changed.'));
    this.name = 'MissingSecretError';
  }
}

/** Steps whose requests can hit Graph's replication delay right after the app was created (graph-b2c.md §3). */
const CONSISTENCY_SENSITIVE: ReadonlySet<StepResource> = new Set(['servicePrincipal', 'adminConsent', 'application', 'appFlowLink']);

function fill(value: unknown, ctx: StepContext, graphBase: string, secret: string | undefined): unknown {
  if (typeof value === 'string') {
    let s = value.replace('{graph}', graphBase);
    for (const [key, ph] of Object.entries(PLACEHOLDERS) as Array<[ContextKey, string]>) {
      if (s.includes(ph)) {
        const v = ctx[key];
        if (!v) throw new Error(`internal: ${ph} is not known yet`);
        s = s.split(ph).join(v);
      }
    }
    if (s === SECRET_MARKER) {
      if (!secret) throw new MissingSecretError();
      return secret;
    }
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, ctx, graphBase, secret));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, ctx, graphBase, secret)]));
  }
  return value;
}

/** A request with its placeholders filled; the secret stays a marker (for display and logs). */
export function resolveForDisplay(req: GraphRequest, ctx: StepContext, graphBase: string): GraphRequest {
  const safeCtx = new Proxy(ctx, { get: (c, k: string) => c[k as ContextKey] ?? PLACEHOLDERS[k as ContextKey] });
  return { ...req, path: fill(req.path, safeCtx, graphBase, SECRET_MARKER) as string, body: req.body === undefined ? undefined : fill(req.body, safeCtx, graphBase, SECRET_MARKER) };
}

function capture(resource: StepResource, body: unknown, ctx: StepContext): void {
  const b = (body ?? {}) as { id?: string; appId?: string };
  if (resource === 'identityProvider' && b.id) ctx.identityProviderId = b.id;
  if (resource === 'application' && b.id) {
    ctx.applicationId = b.id;
    if (b.appId) ctx.applicationAppId = b.appId;
  }
  if (resource === 'servicePrincipal' && b.id) ctx.servicePrincipalId = b.id;
  if (resource === 'userFlow' && b.id) ctx.userFlowId = b.id;
}

const KEY_SET_STEPS: ReadonlySet<StepResource> = new Set(['itsmeSecretKeySet', 'signingKeySet', 'encryptionKeySet']);

function isKeySetCreate(step: PlanStep, req: GraphRequest): boolean {
  return KEY_SET_STEPS.has(step.resource) && req.method === 'POST' && req.path === '/trustFramework/keySets';
}

/**
 * "The ID can be modified by the service" (trustframework-post-keysets): the policies name the set by its full id,
 * so a set that came back under another id is reported instead of being used under a name the policies do not know.
 */
function checkKeySetId(step: PlanStep, req: GraphRequest, body: unknown): void {
  if (!isKeySetCreate(step, req)) return;
  const id = (body as { id?: string } | undefined)?.id;
  if (id && id !== step.label) {
    throw new Error(l10n.t('The service created key set {0} where {1} was asked for; the policies reference {1}. Delete {0} in the portal (Identity Experience Framework → Policy keys) and report this.', id, step.label));
  }
}

/** A 409 on a key set create: it was made meanwhile. The next round reads it and decides (ours, empty, or a clash). */
function keySetMadeMeanwhile(e: GraphRequestError): GraphRequestError {
  return new GraphRequestError({ kind: 'consistency', status: e.status, code: e.code, graphMessage: e.graphMessage, requestId: e.requestId, method: e.method, path: e.path, hint: l10n.t('The key set was created meanwhile (another apply?); apply again to check it and complete it.') });
}

export async function applyPlan(plan: Plan, graph: GraphPort, options: ApplyPlanOptions = {}): Promise<ApplyPlanResult> {
  const { signal, reporter } = options;
  const consistency = { ...DEFAULT_CONSISTENCY, ...options.consistency };
  if (plan.needsSecret && !options.secret) throw new MissingSecretError();
  const ctx: StepContext = {};
  for (const s of plan.steps) {
    if (s.resource === 'identityProvider' && s.targetId) ctx.identityProviderId = s.targetId;
    if (s.resource === 'userFlow' && s.targetId) ctx.userFlowId = s.targetId;
  }
  let writes = 0;
  const outcomes = new Map<StepResource, StepOutcome>();
  const running = new Map<StepResource, Promise<StepOutcome>>();

  const report = (o: StepOutcome): StepOutcome => {
    outcomes.set(o.resource, o);
    reporter?.onStep?.(o);
    return o;
  };

  /** Sends one write, waiting out replication delays for steps that follow a fresh app. */
  async function sendWrite(step: PlanStep, req: GraphRequest): Promise<unknown> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      // A policy's XML goes as generated: its {…} claim resolvers ({service:te}) are not placeholders.
      const filled = isXmlRequest(req) ? { ...req, path: fill(req.path, ctx, graph.baseUrl, undefined) as string } : (fill(req, ctx, graph.baseUrl, options.secret) as GraphRequest);
      try {
        writes++;
        const res = await graph.send(filled, signal);
        return res.body;
      } catch (e) {
        const replicating =
          e instanceof GraphRequestError &&
          CONSISTENCY_SENSITIVE.has(step.resource) &&
          (e.kind === 'consistency' || (e.kind === 'notFound' && step.action !== 'create') || (e.kind === 'badRequest' && step.resource === 'adminConsent' && ctx.servicePrincipalId !== undefined));
        const waited = Date.now() - started;
        const delay = replicating ? replicationDelayMs(consistency, attempt, waited) : 0;
        if (delay > 0) {
          reporter?.onStep?.({ resource: step.resource, action: step.action, label: step.label, status: 'running', detail: l10n.t('waiting {0} ms for Graph to replicate the new app', Math.round(delay)) });
          await sleep(delay, signal);
          continue;
        }
        throw e;
      }
    }
  }

  async function runFlowSettings(step: PlanStep): Promise<StepOutcome> {
    const base = { resource: step.resource, action: step.action, label: step.label };
    try {
      for (const req of step.requests) await sendWrite(step, req);
    } catch (e) {
      if (e instanceof GraphRequestError && e.kind === 'badRequest') {
        return { ...base, status: 'manual', detail: l10n.t('The tenant rejected the token-lifetime properties ({0}).', e.code ?? e.status ?? ''), manual: step.manual };
      }
      throw e;
    }
    if (!step.verify) return { ...base, status: 'done' };
    if (signal?.aborted) throw new CancelledError();
    const res = await graph.send<GraphUserFlow>(step.verify, signal);
    const body = step.requests[0]?.body as Parameters<typeof desiredFlowSettingsMatch>[1];
    if (desiredFlowSettingsMatch(res.body, body)) return { ...base, status: 'done', detail: l10n.t('checked: the tenant kept the setting') };
    return { ...base, status: 'manual', detail: l10n.t('The tenant accepted the request but did not keep the token lifetimes / MFA settings (read back).'), manual: step.manual };
  }

  /**
   * Application claims (undocumented relationship, plan/applicationClaims.ts): the missing claims added together
   * (each `$ref` is its own link, so their order means nothing; one round instead of one per claim), then the
   * relationship read back. A tenant that refuses the relationship, or does not list every wanted claim afterwards,
   * leaves the named portal step: done only when the read-back shows them all.
   */
  async function runFlowClaims(step: PlanStep): Promise<StepOutcome> {
    const base = { resource: step.resource, action: step.action, label: step.label };
    const refused = (e: unknown) => e instanceof GraphRequestError && (e.kind === 'badRequest' || e.kind === 'notFound' || e.kind === 'permission');
    const sent = await Promise.allSettled(step.requests.map((req) => sendWrite(step, req)));
    // A conflict means ticked meanwhile (another run, or by hand): the read-back decides. A refusal means the
    // tenant has no such relationship; anything else (cancelled, a server error) is the step's failure.
    const failures = sent.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof GraphRequestError && r.reason.kind === 'conflict') ? [r.reason as unknown] : []));
    const refusal = failures.find(refused) as GraphRequestError | undefined;
    const other = failures.find((e) => !refused(e));
    if (other) throw other;
    if (refusal) return { ...base, status: 'manual', detail: l10n.t('The tenant does not offer the application-claims relationship ({0}).', refusal.code ?? refusal.status ?? ''), manual: step.manual };
    if (!step.verify) return { ...base, status: 'manual', detail: l10n.t('The application claims could not be read back.'), manual: step.manual };
    if (signal?.aborted) throw new CancelledError();
    let body: unknown;
    try {
      body = (await graph.send(step.verify, signal)).body;
    } catch (e) {
      if (refused(e)) return { ...base, status: 'manual', detail: l10n.t('The application claims could not be read back.'), manual: step.manual };
      throw e;
    }
    if (claimsListed(body, step.verifyIncludes ?? [])) return { ...base, status: 'done', detail: l10n.t('checked: the tenant lists the application claims') };
    return { ...base, status: 'manual', detail: l10n.t('The tenant accepted the request but does not list the application claims (read back).'), manual: step.manual };
  }

  /**
   * The create met "already exists": look the object up with the plan's documented read (a few times, since a
   * grant made a moment ago may not be listed yet), adopt it if it is ours, name the clash if it is not.
   */
  async function settleConflict(step: PlanStep, req: GraphRequest, conflict: GraphRequestError): Promise<StepOutcome> {
    const base = { resource: step.resource, action: step.action, label: step.label };
    const created = (resolveForDisplay(req, ctx, graph.baseUrl).body ?? {}) as Record<string, unknown>;
    const lookup = fill(step.onConflict!, ctx, graph.baseUrl, undefined) as GraphRequest;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      let body: unknown;
      try {
        body = (await graph.send(lookup, signal)).body;
      } catch (e) {
        if (!(e instanceof GraphRequestError && e.kind === 'notFound')) throw e;
      }
      const r = resolveConflict(step, created, body, ctx);
      // A 400 that is not "it exists" (nothing found) is the error it says it is.
      if (r.kind === 'notFound' && conflict.status === 400 && step.resource !== 'adminConsent') throw conflict;
      if (r.kind === 'adopted') {
        if (r.followUp) await sendWrite(step, r.followUp);
        return { ...base, status: 'done', detail: r.detail };
      }
      if (r.kind === 'clash') return { ...base, status: 'manual', detail: r.detail, manual: { text: r.manualText } };
      const waited = Date.now() - started;
      if (attempt >= 4 || waited >= consistency.maxWaitMs) {
        // Graph says it exists but does not list it yet: the next round reads the tenant again.
        throw new GraphRequestError({ kind: 'consistency', status: conflict.status, code: conflict.code, graphMessage: conflict.graphMessage, requestId: conflict.requestId, method: conflict.method, path: conflict.path, hint: l10n.t('Graph says the object already exists but does not list it yet; apply again in a moment to adopt it.') });
      }
      await sleep(Math.min(consistency.baseDelayMs * 2 ** (attempt - 1), consistency.maxWaitMs - waited), signal);
    }
  }

  async function runStep(step: PlanStep): Promise<StepOutcome> {
    const deps = await Promise.all(step.dependsOn.filter((d) => running.has(d)).map((d) => running.get(d)!));
    const base = { resource: step.resource, action: step.action, label: step.label };
    if (step.action === 'noop') return report({ ...base, status: 'noop', detail: step.reason });
    if (step.action === 'manual') return report({ ...base, status: 'manual', detail: step.reason, manual: step.manual });
    const failedDep = deps.find((d) => d.status === 'failed' || d.status === 'skipped' || d.status === 'cancelled');
    if (failedDep) return report({ ...base, status: failedDep.status === 'cancelled' ? 'cancelled' : 'skipped', detail: l10n.t('{0} did not complete', failedDep.label) });
    // A dependency that turned out to be a clash (its create met someone else's object) blocks this step too.
    const clashDep = deps.find((d) => d.status === 'manual' && d.action === 'create');
    if (clashDep) return report({ ...base, status: 'manual', detail: l10n.t('Waits for the {0} step to be resolved first.', clashDep.label), manual: { text: l10n.t('Resolve the {0} step, then apply again.', clashDep.label) } });
    if (signal?.aborted) return report({ ...base, status: 'cancelled' });
    report({ ...base, status: 'running' });
    try {
      if (step.resource === 'userFlowSettings') return report(await runFlowSettings(step));
      if (step.resource === 'userFlowClaims') return report(await runFlowClaims(step));
      for (const req of step.requests) {
        try {
          const body = await sendWrite(step, req);
          checkKeySetId(step, req, body);
          capture(step.resource, body, ctx);
        } catch (e) {
          if (isKeySetCreate(step, req) && e instanceof GraphRequestError && e.kind === 'conflict') throw keySetMadeMeanwhile(e);
          if (isXmlRequest(req)) throw explainPolicyUploadError(e, step.label, String(req.body ?? ''));
          if (e instanceof GraphRequestError && e.kind === 'notFound' && (step.action === 'delete' || step.action === 'removeDuplicate')) continue; // already gone
          if (e instanceof GraphRequestError && e.kind === 'conflict' && step.action === 'link') continue; // already linked
          if (isAlreadyExists(step, e)) return report(await settleConflict(step, req, e));
          throw e;
        }
      }
      return report({ ...base, status: 'done' });
    } catch (e) {
      if (isCancelled(e)) return report({ ...base, status: 'cancelled' });
      return report({ ...base, status: 'failed', error: e as Error, detail: (e as Error).message });
    }
  }

  for (const step of plan.steps) {
    // Steps are listed after their dependencies, so each one's promise exists before anything awaits it.
    running.set(step.resource, runStep(step));
  }
  await Promise.all(running.values());
  return { outcomes: plan.steps.map((s) => outcomes.get(s.resource)!), context: ctx, writes };
}
