// Runs the machine for a host: feeds events to transition(), carries out its effects with the WizardServices
// port, and reports every new state. Shared by the webview panel and the QuickPick so both behave the same.
// The secret passes through storeSecret() straight to the port; it is never an event, an effect or state.
import type { Plan } from '../core/plan/types';
import type { WizardServices } from './services';
import type { RunTarget, WizardEffect, WizardEvent, WizardState } from './state';
import { userMessage } from '../core/graph/errors';
import { failureCause } from './failure';
import { transition } from './transition';
import { serializeForPersistence } from './persistence';
import { checkSecretInput } from './validation';
import { awaitedRequests } from './requests';
import * as l10n from '@vscode/l10n';

export interface RunnerLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface WizardRunnerHost {
  services: WizardServices;
  /** Saves serializeForPersistence(state) (e.g. to a Memento). */
  persist(serialized: string): unknown;
  copy(text: string): unknown;
  openUrl(url: string): unknown;
  /** `target`: jwt.ms in the browser, or the token received and shown in VS Code. */
  runUserFlow(url: string, target: RunTarget): unknown;
  /** Shows a generated policy file read-only (B2C custom policy). */
  openPolicy?(id: string, xml: string): unknown;
  /** Runs the host's sign-in; resolves true once signed in. */
  signIn?(): Promise<boolean>;
  openSettings?(): unknown;
  showLog?(): unknown;
  onState(state: WizardState): void;
  log: RunnerLog;
}

/** The raw text of an error: for the log only (request, status, Graph's or Entra's own words). */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class WizardRunner {
  private current: WizardState;
  private disposed = false;
  /** Effects in flight by request id; `apply` is never aborted for being superseded (only by cancel or dispose). */
  private readonly controllers = new Map<number, { controller: AbortController; kind: 'read' | 'apply' }>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Host actions that must not run twice at once (a sign-in, the token receiver), by name. */
  private readonly exclusive = new Map<string, Promise<unknown>>();
  /**
   * The plan on review, by the request that produced it. The machine holds only its summary (it is sent to the
   * webview); the plan with its Graph requests stays here, and "apply" applies exactly it.
   */
  private reviewed: { id: number; plan: Plan } | undefined;

  constructor(
    initial: WizardState,
    private readonly host: WizardRunnerHost,
  ) {
    this.current = initial;
  }

  get state(): WizardState {
    return this.current;
  }

  /** Learns whether a secret is already stored, then (re-)enters the current step (e.g. fetches a review's plan). */
  async start(): Promise<void> {
    let stored = false;
    try {
      stored = await this.host.services.hasSecret(this.current.form.tenant);
    } catch (e) {
      this.host.log.warn(`wizard: could not read SecretStorage: ${messageOf(e)}`);
    }
    this.dispatch({ type: 'secretStored', stored });
    this.dispatch({ type: 'start' });
  }

  dispatch(event: WizardEvent): void {
    if (this.disposed) return;
    const prev = this.current;
    const { state, effects } = transition(prev, event);
    this.current = state;
    if (state.step !== prev.step) this.host.log.info(`wizard: ${prev.step} → ${state.step}`);
    if (state !== prev) this.host.onState(state);
    if (state !== prev) this.abortSuperseded();
    for (const effect of effects) this.run(effect);
  }

  /**
   * Aborts every plan or tenant check the state no longer waits for (its request id is gone): the read stops at
   * the Graph port (AbortSignal) instead of running beside its replacement. An apply runs on until cancel/dispose.
   */
  private abortSuperseded(): void {
    const awaited = awaitedRequests(this.current);
    for (const [id, { controller, kind }] of this.controllers) {
      if (kind === 'read' && !awaited.has(id)) controller.abort();
    }
  }

  /** The secret write in progress, and the value (with its follow-up event) to write once it is done. */
  private secretWrite: Promise<void> | undefined;
  private secretNext: { value: string; then?: WizardEvent } | undefined;

  /**
   * Stores the secret through the port, then tells the machine only that it is stored. With `then` (the page's
   * Next, pressed with a secret typed), that event follows once it is stored, so one click stores and goes on.
   * Coalesced: while a write runs, only the last value sent waits for the next write (a storm of messages makes at
   * most two SecretStorage writes, and the last value typed is the one kept).
   */
  async storeSecret(value: string, then?: WizardEvent): Promise<void> {
    const problem = checkSecretInput(value);
    if (problem) {
      this.dispatch({ type: 'secretFailed', message: problem });
      // Still "next": the machine refuses it, which moves focus to the first error like any other refusal.
      if (then) this.dispatch(then);
      return;
    }
    this.secretNext = { value: value.trim(), ...(then ? { then } : {}) };
    if (!this.secretWrite) {
      const p = this.drainSecretWrites();
      this.secretWrite = p;
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
    return this.secretWrite;
  }

  private async drainSecretWrites(): Promise<void> {
    try {
      while (this.secretNext) {
        const { value, then } = this.secretNext;
        this.secretNext = undefined;
        try {
          await this.host.services.storeSecret(this.current.form.tenant, value);
          // A newer value is waiting: its own write reports (and goes on), not this one.
          if (this.secretNext) continue;
          this.dispatch({ type: 'secretStored', stored: true });
          if (then) this.dispatch(then);
        } catch (e) {
          this.host.log.warn('wizard: storing the itsme client secret failed');
          this.dispatch({ type: 'secretFailed', message: userMessage(e) });
        }
      }
    } finally {
      this.secretWrite = undefined;
    }
  }

  async clearSecret(): Promise<void> {
    try {
      await this.host.services.clearSecret(this.current.form.tenant);
      this.dispatch({ type: 'secretStored', stored: false });
    } catch (e) {
      this.dispatch({ type: 'secretFailed', message: userMessage(e) });
    }
  }

  /** Resolves when no effect is running any more (tests, and the QuickPick waiting for a check or a plan). */
  async whenIdle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Stops everything in flight (closing the panel aborts an apply: every engine step is safe to repeat). */
  dispose(): void {
    this.disposed = true;
    for (const c of this.controllers.values()) c.controller.abort();
    this.controllers.clear();
  }

  private track(kind: 'read' | 'apply', requestId: number, work: (signal: AbortSignal) => Promise<WizardEvent>, onError: (message: string, aborted: boolean, error: unknown) => WizardEvent): void {
    const controller = new AbortController();
    this.controllers.set(requestId, { controller, kind });
    const p = work(controller.signal)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) this.host.log.warn(`wizard: request ${requestId} failed: ${messageOf(e)}`);
        // The page says what happened and what to do (a Graph hint, an AADSTS code in words); the raw text stays
        // in the log line above.
        return onError(userMessage(e), controller.signal.aborted, e);
      })
      .then((event) => this.dispatch(event))
      .finally(() => {
        this.controllers.delete(requestId);
        this.pending.delete(p);
      });
    this.pending.add(p);
  }

  /** Runs a host action unless one of that name is still running (then the request joins it and is dropped). */
  private once(what: string, action: () => unknown): void {
    if (this.exclusive.has(what)) return;
    let started: Promise<unknown>;
    try {
      started = Promise.resolve(action());
    } catch (e) {
      started = Promise.reject(e);
    }
    const p = started
      .catch((e: unknown) => this.host.log.warn(`wizard: ${what} failed: ${messageOf(e)}`))
      .finally(() => {
        this.exclusive.delete(what);
        this.pending.delete(p);
      });
    this.exclusive.set(what, p);
    this.pending.add(p);
  }

  private fireAndForget(what: string, action: () => unknown): void {
    try {
      const r = action();
      if (r && typeof (r as PromiseLike<unknown>).then === 'function') {
        (r as PromiseLike<unknown>).then(undefined, (e: unknown) => this.host.log.warn(`wizard: ${what} failed: ${messageOf(e)}`));
      }
    } catch (e) {
      this.host.log.warn(`wizard: ${what} failed: ${messageOf(e)}`);
    }
  }

  private run(effect: WizardEffect): void {
    const { services } = this.host;
    switch (effect.type) {
      case 'checkTenant':
        return this.track(
          'read',
          effect.requestId,
          async (signal) => {
            const check = await services.checkTenant(effect.tenant, signal);
            // The secret is kept per tenant: after a (possibly different) tenant is confirmed, ask again.
            this.dispatch({ type: 'secretStored', stored: await services.hasSecret(effect.tenant).catch(() => false) });
            return { type: 'tenantChecked', requestId: effect.requestId, check };
          },
          (message) => ({ type: 'tenantCheckFailed', requestId: effect.requestId, message }),
        );
      case 'computePlan':
        return this.track(
          'read',
          effect.requestId,
          async (signal) => {
            const plan = await services.plan(effect.config, signal);
            this.reviewed = { id: effect.requestId, plan };
            return { type: 'planComputed', requestId: effect.requestId, plan };
          },
          (message) => ({ type: 'planFailed', requestId: effect.requestId, message }),
        );
      case 'startApply':
        return this.track(
          'apply',
          effect.requestId,
          async (signal) => {
            const reviewed = this.reviewed?.id === effect.planId ? this.reviewed.plan : undefined;
            if (!reviewed) throw new Error(l10n.t('The reviewed plan is no longer available: review the plan again.'));
            const onStep = (outcome: Parameters<Parameters<WizardServices['apply']>[2]>[0]) => this.dispatch({ type: 'applyProgress', requestId: effect.requestId, outcome });
            const result = await services.apply(effect.config, reviewed, onStep, signal);
            if (result.status === 'planChanged') {
              // Shown for review next, under this request's id: applying from there applies it.
              this.reviewed = { id: effect.requestId, plan: result.plan };
              return { type: 'planChanged', requestId: effect.requestId, plan: result.plan };
            }
            return { type: 'applyFinished', requestId: effect.requestId, result };
          },
          (message, cancelled, error) => ({ type: 'applyFailed', requestId: effect.requestId, message, cancelled, cause: failureCause(error, cancelled) }),
        );
      case 'cancelApply':
        this.controllers.get(effect.requestId)?.controller.abort();
        return;
      case 'persist':
        return this.fireAndForget('saving the wizard state', () => this.host.persist(serializeForPersistence(this.current)));
      case 'copy':
        return this.fireAndForget('copy', () => this.host.copy(effect.text));
      case 'openUrl':
        return this.fireAndForget('opening a link', () => this.host.openUrl(effect.url));
      case 'runUserFlow':
        // The token receiver listens on one loopback port until the token comes: one at a time (a second click
        // while it waits joins it). jwt.ms only opens the browser, so it needs no guard.
        if (effect.target === 'vscode') return this.once('token receiver', () => this.host.runUserFlow(effect.url, effect.target));
        return this.fireAndForget('run user flow', () => this.host.runUserFlow(effect.url, effect.target));
      case 'signIn': {
        const signIn = this.host.signIn;
        if (!signIn) return;
        // One sign-in at a time: more clicks while it runs join it (and its retry, if the first asked for one).
        return this.once('sign-in', async () => {
          // Signed in: read the tenant again and show the plan; the user applies from the review, as always.
          if ((await signIn.call(this.host)) && effect.retry) this.dispatch({ type: 'goto', step: 'review' });
        });
      }
      case 'openSettings':
        return this.fireAndForget('opening the settings', () => this.host.openSettings?.());
      case 'showLog':
        return this.fireAndForget('showing the log', () => this.host.showLog?.());
      case 'openPolicy':
        return this.fireAndForget('opening a policy file', () => this.host.openPolicy?.(effect.id, effect.xml));
    }
  }
}
