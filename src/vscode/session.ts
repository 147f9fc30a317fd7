// The signed-in sessions: a tenant's own sign-in (settingsFor) + credential → the engine's Graph port, and the
// WizardServices the wizard uses. One Graph port per (tenant, sign-in), kept side by side, so @azure/identity's
// token cache is reused between commands and two tenants never share a credential or a secret.
// Nothing here writes a setting: a tenant named elsewhere (the wizard, a saved configuration, the command's
// tenant) is resolved by tenantOf() and used as given.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig, SetupVariant } from '../core/config/types';
import type { GraphPort } from '../core/graph/port';
import { computePlan } from '../core/plan/computePlan';
import { observe } from '../core/plan/observe';
import { withTenantLock } from '../core/lock/tenantLock';
import { applyReviewedPlan } from '../core/usecases/applyReviewedPlan';
import { checkTenantReference } from '../core/usecases/checkTenant';
import type { WizardServices } from '../wizard/services';
import { kindOf } from '../core/plan/tenant';
import type { ConfigStore } from './configStore';
import type { Log } from './log';
import type { Secrets } from './secrets';
import { readSettings, settingsFor, type Settings } from './settings';
import { signInVariant } from './signInScopes';
import { currentTarget } from './tenants';

export class Session {
  private readonly graphs = new Map<string, GraphPort>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired after anything that changes the tenant or the sign-in (the tree refreshes). */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly secrets: Secrets,
    readonly configs: ConfigStore,
    readonly log: Log,
  ) {}

  settings(): Settings {
    return readSettings();
  }

  private changes = 0;
  /**
   * Counts real changes (sign-in/out, settings, an apply, a removal): a tree read started before one is aborted and
   * read again; a plain refresh (refreshView) joins the read in flight instead (tree/tenantReads.ts).
   */
  get generation(): number {
    return this.changes;
  }

  /** Forget the cached Graph client (after sign-in/out or a settings change). */
  reset(): void {
    this.graphs.clear();
    this.notifyChanged();
  }

  /** Something changed the tenant or the sign-in: the tree reads again. */
  notifyChanged(): void {
    this.changes++;
    this.changed.fire();
  }

  /** The Refresh button: the tree asks for its nodes again (a read already in flight is joined, not repeated). */
  refreshView(): void {
    this.changed.fire();
  }

  /** Another run holds this tenant's lock: say so once, in the log and as a notification. */
  lockWait(message: string): void {
    this.log.info(message);
    void vscode.window.showInformationMessage(message);
  }

  /**
   * The tenant a reference names: the reference as typed (a configuration's or the wizard's tenant), else —
   * when empty — the tenant the command works on (or the only one, or the settings'). Every secret, Graph port
   * and saved configuration is keyed by this.
   */
  tenantOf(reference?: string): string {
    return reference?.trim() || this.settings().tenant;
  }

  /** The configuration with its tenant made explicit (an empty one means the signed-in tenant). */
  withTenant(config: ItsmeSetupConfig): ItsmeSetupConfig {
    const tenant = this.tenantOf(config.tenant.tenant);
    return config.tenant.tenant === tenant ? config : { ...config, tenant: { ...config.tenant, tenant } };
  }

  /**
   * A Graph port signed in to `tenant` (default: the command's tenant) with that tenant's own sign-in. `variant`: the
   * configuration in hand (the wizard's); without one, the tenant's saved configuration decides whether a
   * Microsoft-account sign-in asks for the custom-policy scopes (signInScopes.ts).
   */
  async graphPort(interactive = false, tenant?: string, variant?: SetupVariant): Promise<GraphPort> {
    const s = settingsFor(this.tenantOf(tenant));
    const scopes = signInVariant(this.configs, s.tenant, variant);
    const key = JSON.stringify([s.tenant.toLowerCase(), s.signInMethod, s.clientId, s.graphEndpoint, s.authorityHost, scopes]);
    const cached = this.graphs.get(key);
    if (cached) return cached;
    // A path esbuild does not follow: graph.js (identity + Graph client) loads on the first Graph call only.
    const modulePath = './vscode/graph.js';
    const { createSessionGraph } = require(modulePath) as typeof import('./graphAccess');
    const port = await createSessionGraph(s, this.secrets, interactive, this.log, scopes);
    this.graphs.set(key, port);
    return port;
  }

  /** The configuration the tree, Run user flow and Remove work on: the one saved for `tenant` (default: the command's). */
  currentConfig(tenant?: string): { config: ItsmeSetupConfig; saved: boolean } | undefined {
    const s = settingsFor(this.tenantOf(tenant));
    if (!s.tenant) return undefined;
    const found = this.configs.get(s.tenant);
    if (!found) return undefined;
    // The login host setting (custom domain) applies to whatever was saved.
    if (s.loginHost && found.config.tenant.loginHost !== s.loginHost) found.config.tenant.loginHost = s.loginHost;
    return found;
  }

  /** The wizard's services; an empty wizard tenant means the tenant of the command that opened it. */
  wizardServices(): WizardServices {
    const opener = currentTarget();
    const tenantOf = (reference?: string): string => reference?.trim() || opener || this.tenantOf();
    const withTenant = (config: ItsmeSetupConfig): ItsmeSetupConfig => this.withTenant({ ...config, tenant: { ...config.tenant, tenant: tenantOf(config.tenant.tenant) } });
    return {
      checkTenant: async (tenant, signal) => {
        const target = tenantOf(tenant);
        const info = await checkTenantReference(await this.graphPort(true, target), target, signal);
        return { account: accountLabel(settingsFor(target)), initialDomain: info.initialDomain, tenantType: info.tenantType, tenantKind: kindOf(info) };
      },
      plan: async (config, signal) => {
        const target = withTenant(config);
        return computePlan(target, await observe(await this.graphPort(true, target.tenant.tenant, target.variant ?? 'userFlow'), target, signal));
      },
      apply: async (config, reviewed, onStep, signal) => {
        const target = withTenant(config);
        const tenant = target.tenant.tenant!;
        const secret = await this.secrets.itsmeSecret(tenant);
        const graph = await this.graphPort(true, tenant, target.variant ?? 'userFlow');
        // The same per-tenant lock as the CLI's: another window's or the CLI's apply finishes first (cancellable).
        const result = await withTenantLock({ tenant, tool: 'vscode', command: 'apply', signal, onWait: (m) => this.lockWait(m) }, () =>
          applyReviewedPlan(graph, target, reviewed, { secret, signal, reporter: { onStep } }),
        );
        if (result.status === 'planChanged') {
          this.log.info('apply: the tenant changed since the review; nothing written, the new plan goes back for review');
          return result;
        }
        this.log.info(`apply: ${result.status}, ${result.writes} write(s), ${result.rounds} round(s)`);
        const ok = result.status !== 'failed' && result.status !== 'cancelled';
        if (ok) await this.configs.save(target);
        await vscode.commands.executeCommand('setContext', 'itsme.configured', ok);
        this.notifyChanged();
        return result;
      },
      hasSecret: async (tenant) => !!(await this.secrets.itsmeSecret(tenantOf(tenant))),
      storeSecret: (tenant, value) => this.secrets.storeItsmeSecret(tenantOf(tenant), value),
      clearSecret: (tenant) => this.secrets.clearItsmeSecret(tenantOf(tenant)),
    };
  }
}

export function accountLabel(s: Settings): string {
  switch (s.signInMethod) {
    case 'servicePrincipal':
      return vscode.l10n.t('service principal {0}', s.clientId);
    case 'azureCli':
      return vscode.l10n.t('Azure CLI login');
    case 'microsoft':
      return vscode.l10n.t('Microsoft account (app {0})', s.clientId);
  }
}
