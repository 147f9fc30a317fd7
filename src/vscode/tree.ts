// The tenant tree: thin projections of what the engine's observe() read, one static contextValue per kind.
// Errors become nodes, never exceptions (design.md principle 6). Health warnings come from core/health.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../core/config/types';
import { healthOf, type HealthItem } from '../core/health';
import { classifyMetadataUrl } from '../core/itsme/endpoints';
import { computePlan, findApplication, findIdentityProvider } from '../core/plan/computePlan';
import type { ObservedTenant } from '../core/plan/observe';
import type { Plan } from '../core/plan/types';

export type NodeKind = 'itsmeTenant' | 'itsmeIdentityProvider' | 'itsmeUserFlow' | 'itsmeApplication' | 'itsmeDetail' | 'itsmeWarning' | 'itsmeError';

export interface TreeNode {
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  children?: TreeNode[];
  /** For commands run from the node (portal link, flow id…). */
  data?: Record<string, string>;
}

export interface Snapshot {
  config: ItsmeSetupConfig;
  observed: ObservedTenant;
  plan: Plan;
  health: HealthItem[];
}

export function snapshotOf(config: ItsmeSetupConfig, observed: ObservedTenant): Snapshot {
  const plan = computePlan(config, observed);
  return { config, observed, plan, health: healthOf(config, observed, plan) };
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return url ?? '';
  }
}

const MISSING = new Set(['idpMissing', 'flowMissing', 'appMissing']);

const detail = (label: string, description?: string): TreeNode => ({ kind: 'itsmeDetail', label, description });

/** True when the tenant holds any object of the configuration (else the "nothing configured" welcome shows). */
export function isConfigured(s: Snapshot): boolean {
  return !!(findIdentityProvider(s.config, s.observed).match || s.observed.userFlow || findApplication(s.config, s.observed).match);
}

export function buildTree(s: Snapshot): TreeNode[] {
  const { config, observed, plan, health } = s;
  const warn = (h: HealthItem): TreeNode => ({ kind: 'itsmeWarning', label: h.message, icon: h.severity === 'warning' ? 'warning' : 'info' });
  const area = (h: HealthItem): string => (h.resource === 'userFlowLink' || h.resource === 'userFlowSettings' ? 'userFlow' : h.resource);
  const warnings = (resource: string): TreeNode[] => health.filter((h) => !MISSING.has(h.id) && area(h) === resource).map(warn);
  const children: TreeNode[] = [];

  const idp = findIdentityProvider(config, observed).match;
  if (idp) {
    const cls = classifyMetadataUrl(idp.metadataUrl ?? '');
    const flows = observed.userFlow && observed.userFlowLinks.includes(idp.id) ? observed.userFlow.id : vscode.l10n.t('no user flow');
    children.push({
      kind: 'itsmeIdentityProvider',
      label: idp.displayName ?? idp.id,
      description: cls.environment ? `${cls.environment} · ${cls.generation}` : vscode.l10n.t('custom · {0}', hostOf(idp.metadataUrl)),
      tooltip: idp.metadataUrl,
      icon: 'key',
      data: { id: idp.id },
      children: [
        detail(vscode.l10n.t('Environment'), cls.environment ?? vscode.l10n.t('custom URL')),
        detail(vscode.l10n.t('Endpoints'), cls.generation),
        detail(vscode.l10n.t('Partner code'), idp.clientId ?? ''),
        detail(vscode.l10n.t('Scope'), idp.scope ?? ''),
        detail(vscode.l10n.t('Used by'), flows),
        ...warnings('identityProvider'),
      ],
    });
  }
  const flow = observed.userFlow;
  if (flow) {
    const settings = plan.steps.find((x) => x.resource === 'userFlowSettings');
    const tl = flow.tokenLifetimeConfiguration;
    const lifetime = tl
      ? vscode.l10n.t('{0} min, refresh window {1}', tl.accessAndIdTokenLifetimeInMinutes ?? '?', tl.rollingRefreshTokenLifetimeInDays === -1 ? vscode.l10n.t('no expiry') : vscode.l10n.t('{0} days', tl.rollingRefreshTokenLifetimeInDays ?? '?'))
      : vscode.l10n.t('not readable through Graph');
    const linked = observed.userFlowLinks.map((id) => observed.identityProviders.find((p) => p.id === id)?.displayName ?? id);
    children.push({
      kind: 'itsmeUserFlow',
      label: flow.id,
      description: linked.length ? linked.join(', ') : vscode.l10n.t('no identity provider'),
      icon: 'play-circle',
      data: { flowId: flow.id },
      children: [
        detail(vscode.l10n.t('Identity providers'), linked.join(', ') || vscode.l10n.t('none')),
        detail(vscode.l10n.t('Token lifetimes'), settings?.action === 'manual' ? vscode.l10n.t('{0} — portal step outstanding', lifetime) : lifetime),
        ...warnings('userFlow'),
      ],
    });
  }
  const app = findApplication(config, observed).match;
  if (app) {
    const ig = app.web?.implicitGrantSettings;
    const sp = observed.servicePrincipals.find((x) => x.appId === app.appId);
    const consent = sp?.oauth2PermissionGrants?.find((g) => g.resourceId === observed.graphServicePrincipalId && g.consentType === 'AllPrincipals');
    children.push({
      kind: 'itsmeApplication',
      label: app.displayName ?? app.appId,
      description: app.appId,
      icon: 'window',
      data: { appId: app.appId },
      children: [
        ...(app.web?.redirectUris ?? []).map((u) => detail(vscode.l10n.t('Redirect URI'), u)),
        detail(vscode.l10n.t('Implicit grant'), vscode.l10n.t('ID tokens {0}, access tokens {1}', ig?.enableIdTokenIssuance ? vscode.l10n.t('on') : vscode.l10n.t('off'), ig?.enableAccessTokenIssuance ? vscode.l10n.t('on') : vscode.l10n.t('off'))),
        detail(vscode.l10n.t('Admin consent'), consent ? consent.scope : vscode.l10n.t('not granted')),
        ...warnings('application'),
      ],
    });
  }
  // Missing objects are said once, at the tenant level.
  for (const h of health.filter((x) => MISSING.has(x.id))) children.push(warn(h));
  return [
    {
      kind: 'itsmeTenant',
      label: observed.tenant.initialDomain,
      description: observed.tenant.tenantType ?? 'B2C',
      icon: 'organization',
      children,
    },
  ];
}

export function errorNode(message: string): TreeNode {
  return { kind: 'itsmeError', label: message, icon: 'error', tooltip: message };
}

export function toTreeItem(n: TreeNode): vscode.TreeItem {
  const collapsible = n.children?.length
    ? n.kind === 'itsmeTenant'
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed
    : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(n.label, collapsible);
  item.description = n.description;
  item.tooltip = n.tooltip ?? (n.description ? `${n.label}: ${n.description}` : n.label);
  item.contextValue = n.kind;
  if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon, n.kind === 'itsmeWarning' ? new vscode.ThemeColor('list.warningForeground') : n.kind === 'itsmeError' ? new vscode.ThemeColor('list.errorForeground') : undefined);
  return item;
}
