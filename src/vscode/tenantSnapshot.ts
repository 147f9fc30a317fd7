// What the tree shows and the tenant commands work on: every tenant in the list, each read afresh through
// observe() with its own sign-in, as a Snapshot (tree/ projects it into nodes). Errors become error nodes, never
// exceptions. `config()` and `fresh()` are the tenant the running command works on (commands/context.ts).
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { classifyMetadataUrl } from '../core/itsme/endpoints';
import type { GraphIdentityProvider } from '../core/graph/model';
import { isOidcProviderType } from '../core/plan/external/ownership';
import { observe, type ObservedTenant } from '../core/plan/observe';
import { kindOf } from '../core/plan/tenant';
import type { Log } from './log';
import type { Session } from './session';
import type { SignInMark } from './signInMark';
import { sameTenant, type TenantEntry } from './tenants';
import { environmentOf, isConfigured, snapshotOf, tenantNode, type Snapshot, type TenantView, type TreeNode } from './tree';
import { TenantReads } from './tree/tenantReads';

const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

/**
 * Nothing saved for this tenant (set up by the CLI, by a colleague, or before this VS Code): the itsme provider of
 * the configuration's display name, if there is exactly one, lends its partner code and environment, so the tree
 * finds the objects. Writes still pass the engine's ownership test.
 */
function discovered(config: ItsmeSetupConfig, observed: ObservedTenant): ItsmeSetupConfig | undefined {
  // B2C: an openIdConnectIdentityProvider with metadataUrl; External ID: an oidcIdentityProvider with wellKnownEndpoint.
  const external = kindOf(observed.tenant) === 'external';
  const metadataOf = (p: GraphIdentityProvider): string => (external ? p.wellKnownEndpoint : p.metadataUrl) ?? '';
  const candidates = observed.identityProviders.filter(
    (p) =>
      (external ? isOidcProviderType(p['@odata.type']) : p['@odata.type'] === '#microsoft.graph.openIdConnectIdentityProvider') &&
      p.displayName === config.identityProvider.displayName &&
      !!p.clientId &&
      /itsme/i.test(metadataOf(p)),
  );
  if (candidates.length !== 1) return undefined;
  const p = candidates[0]!;
  const cls = classifyMetadataUrl(metadataOf(p));
  const service = /(?:^|\s)service:(\S+)/.exec(p.scope ?? '')?.[1];
  return {
    ...config,
    itsme: { ...config.itsme, partnerCode: p.clientId!, serviceCode: service ?? config.itsme.serviceCode, environment: cls.environment ?? config.itsme.environment, generation: cls.generation },
  };
}

export class TenantSnapshot {
  private readonly last = new Map<string, Snapshot>();
  /** Single-flight per tenant: a storm of refreshes reads each tenant once. */
  readonly reads: TenantReads;

  constructor(
    private readonly session: Session,
    private readonly signIn: SignInMark,
    private readonly log: Log,
  ) {
    this.reads = new TenantReads(async (tenant, config, signal) => observe(await session.graphPort(false, tenant), config, signal));
  }

  /** The last snapshot of the command's tenant (or the first one read), for tests. */
  get current(): Snapshot | undefined {
    const t = this.signIn.defaultTenant();
    return (t ? this.last.get(t.toLowerCase()) : undefined) ?? this.last.values().next().value;
  }

  /** The environment the tree last showed for a tenant (e2e · v2, prd · legacy …), for pickers. */
  environmentOf(tenant: string): string | undefined {
    const s = this.last.get(tenant.toLowerCase());
    return s ? environmentOf(s.config).short : undefined;
  }

  private async read(entry: TenantEntry): Promise<TenantView> {
    const signedIn = await this.signIn.isSignedIn(entry.tenant);
    if (!signedIn) {
      this.last.delete(entry.tenant.toLowerCase());
      return { entry, signedIn };
    }
    const current = this.session.currentConfig(entry.tenant);
    if (!current) return { entry, signedIn, error: vscode.l10n.t('Set the B2C or External ID tenant (setting itsme.tenant).') };
    try {
      const observed = await this.reads.read(entry.tenant, current.config, this.session.generation);
      const found = current.saved ? undefined : discovered(current.config, observed);
      const snapshot = snapshotOf(found ?? current.config, observed);
      this.last.set(entry.tenant.toLowerCase(), snapshot);
      return { entry, signedIn, snapshot, saved: current.saved ? 'saved' : found ? 'found' : 'defaults' };
    } catch (e) {
      const message = this.log.redactor.redact(e instanceof Error ? e.message : String(e));
      this.log.error(`tree (${entry.tenant}): ${message}`);
      this.last.delete(entry.tenant.toLowerCase());
      return { entry, signedIn, error: message };
    }
  }

  /**
   * Reads every tenant again and returns the tree's roots. One tenant that is signed out or has nothing set up
   * gives none, so the view's welcome content (Sign in / Set up) shows; several are always listed.
   */
  async refresh(): Promise<TreeNode[]> {
    const entries = this.signIn.tenants.all();
    const views = await Promise.all(entries.map((e) => this.read(e)));
    const configured = (v: TenantView) => !!v.snapshot && isConfigured(v.snapshot);
    await setContext('itsme.signedIn', views.some((v) => v.signedIn));
    await setContext('itsme.configured', views.some(configured));
    await setContext('itsme.severalTenants', entries.length > 1);
    if (views.length === 1 && (!views[0]!.signedIn || (!views[0]!.error && !configured(views[0]!)))) return [];
    return views.map(tenantNode);
  }

  private target(): string {
    const t = this.signIn.defaultTenant();
    if (!t) throw new Error(vscode.l10n.t('Sign in to the B2C or External ID tenant and set up itsme first (itsme: Set Up Sign-In).'));
    return t;
  }

  /** The saved configuration of the command's tenant, without reading the tenant; or an Error saying what to do first. */
  async config(): Promise<ItsmeSetupConfig> {
    const t = this.target();
    const current = (await this.signIn.isSignedIn(t)) ? this.session.currentConfig(t) : undefined;
    if (!current) throw new Error(vscode.l10n.t('Sign in to the B2C or External ID tenant and set up itsme first (itsme: Set Up Sign-In).'));
    // Nothing saved: what the tree found in the tenant, if it found it.
    return current.saved ? current.config : (this.last.get(t.toLowerCase())?.config ?? current.config);
  }

  /** A snapshot of the command's tenant read just now, or an Error saying what to do first (sign in, set up). */
  async fresh(): Promise<Snapshot> {
    const t = this.target();
    const entry = this.signIn.tenants.all().find((e) => sameTenant(e.tenant, t));
    const view = entry ? await this.read(entry) : undefined;
    if (view?.error) throw new Error(view.error);
    if (!view?.snapshot) throw new Error(vscode.l10n.t('Sign in to the B2C or External ID tenant and set up itsme first (itsme: Set Up Sign-In).'));
    return view.snapshot;
  }
}
