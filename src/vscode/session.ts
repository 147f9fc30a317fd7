// The signed-in session: settings + credential → the engine's Graph port, and the WizardServices the wizard uses.
// One Graph port per (settings, sign-in) so @azure/identity's token cache is reused between commands.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { resolveConfig } from '../core/config/validate';
import type { GraphPort } from '../core/graph/port';
import { checkTenant } from '../core/plan/checkTenant';
import { computePlan } from '../core/plan/computePlan';
import { observe } from '../core/plan/observe';
import { applyConfiguration } from '../core/apply/applyConfiguration';
import { withTenantLock } from '../core/lock/tenantLock';
import type { WizardServices } from '../wizard/services';
import type { ConfigStore } from './configStore';
import type { Log } from './log';
import type { Secrets } from './secrets';
import { readSettings, type Settings } from './settings';

export class Session {
  private graph: { key: string; port: GraphPort } | undefined;
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

  /** Forget the cached Graph client (after sign-in/out or a settings change). */
  reset(): void {
    this.graph = undefined;
    this.changed.fire();
  }

  notifyChanged(): void {
    this.changed.fire();
  }

  async graphPort(interactive = false): Promise<GraphPort> {
    const s = this.settings();
    const key = JSON.stringify([s.tenant, s.signInMethod, s.clientId, s.graphEndpoint, s.authorityHost]);
    if (this.graph?.key === key) return this.graph.port;
    // A path esbuild does not follow: graph.js (identity + Graph client) loads on the first Graph call only.
    const modulePath = './vscode/graph.js';
    const { createSessionGraph } = require(modulePath) as typeof import('./graphAccess');
    const port = await createSessionGraph(s, this.secrets, interactive, this.log);
    this.graph = { key, port };
    return port;
  }

  /** The configuration the tree, Run user flow and Remove work on: the saved one, or the guide's defaults. */
  currentConfig(): { config: ItsmeSetupConfig; saved: boolean } | undefined {
    const s = this.settings();
    if (!s.tenant) return undefined;
    const found = this.configs.get(s.tenant);
    if (!found) return undefined;
    // The login host setting (custom domain) applies to whatever was saved.
    if (s.loginHost && found.config.tenant.loginHost !== s.loginHost) found.config.tenant.loginHost = s.loginHost;
    return found;
  }

  wizardServices(): WizardServices {
    const tenantOf = (): string => this.settings().tenant;
    return {
      checkTenant: async (tenant, signal) => {
        const s = this.settings();
        if (tenant && tenant !== s.tenant) {
          await vscode.workspace.getConfiguration('itsme').update('tenant', tenant, vscode.ConfigurationTarget.Global);
          this.graph = undefined;
        }
        const r = resolveConfig({ tenant: tenant || s.tenant, itsme: { partnerCode: 'check', serviceCode: 'check' } });
        if (!r.ok) throw new Error(r.issues.map((i) => i.message).join(' '));
        const info = await checkTenant(await this.graphPort(true), r.config, signal);
        return { account: accountLabel(this.settings()), initialDomain: info.initialDomain, tenantType: info.tenantType };
      },
      plan: async (config, signal) => computePlan(config, await observe(await this.graphPort(true), config, signal)),
      apply: async (config, onStep, signal) => {
        const secret = await this.secrets.itsmeSecret(config.tenant.tenant ?? tenantOf());
        // The same per-tenant lock as the CLI's: another window's or the CLI's apply finishes first (cancellable).
        const onWait = (m: string): void => {
          this.log.info(m);
          void vscode.window.showInformationMessage(m);
        };
        const graph = await this.graphPort(true);
        const result = await withTenantLock({ tenant: config.tenant.tenant ?? tenantOf(), tool: 'vscode', command: 'apply', signal, onWait }, () =>
          applyConfiguration(graph, config, { secret, signal, reporter: { onStep } }),
        );
        this.log.info(`apply: ${result.status}, ${result.writes} write(s), ${result.rounds} round(s)`);
        if (result.status !== 'failed' && result.status !== 'cancelled') await this.configs.save(config);
        await vscode.commands.executeCommand('setContext', 'itsme.configured', result.status !== 'failed' && result.status !== 'cancelled');
        this.changed.fire();
        return result;
      },
      hasSecret: async () => !!(await this.secrets.itsmeSecret(tenantOf())),
      storeSecret: (value) => this.secrets.storeItsmeSecret(tenantOf(), value),
      clearSecret: () => this.secrets.clearItsmeSecret(tenantOf()),
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
