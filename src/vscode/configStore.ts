// The itsme configuration the user set up, per tenant, in globalState (file form, validated on read). It holds
// names and codes, never a secret, so the tree and Run user flow can find the objects again.
import type * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { resolveConfig, toConfigFile } from '../core/config/validate';

const KEY = 'itsme.configurations';

export class ConfigStore {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Record<string, unknown> {
    return this.memento.get<Record<string, unknown>>(KEY, {});
  }

  /** The saved configuration for the tenant, or the guide's defaults when none was saved (found = false). */
  get(tenant: string, fallbackCodes?: { partnerCode: string; serviceCode: string }): { config: ItsmeSetupConfig; saved: boolean } | undefined {
    const saved = this.all()[tenant.toLowerCase()];
    if (saved) {
      const r = resolveConfig(saved);
      if (r.ok) return { config: r.config, saved: true };
    }
    const r = resolveConfig({ tenant, itsme: fallbackCodes ?? { partnerCode: 'unknown', serviceCode: 'unknown' } });
    return r.ok ? { config: r.config, saved: false } : undefined;
  }

  async save(config: ItsmeSetupConfig): Promise<void> {
    const tenant = (config.tenant.tenant ?? '').toLowerCase();
    await this.memento.update(KEY, { ...this.all(), [tenant]: toConfigFile(config) });
  }

  async forget(tenant: string): Promise<void> {
    const all = { ...this.all() };
    delete all[tenant.toLowerCase()];
    await this.memento.update(KEY, all);
  }
}
