// Health of an External ID setup for the tree: what is missing, and what the plan would still change (each plan step
// that is not "no change" says why in the engine's words), plus itsme's discovery document problems from the
// pre-flight. Derived from what was read and the plan; nothing here reads Graph again.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../../core/config/types';
import { flowDisplayName } from '../../core/plan/external/desired';
import type { HealthItem } from '../../core/health';
import type { Plan } from '../../core/plan/types';
import type { TreeObjects } from './objects';

const QUIET = new Set(['noop', 'manual']);

export function externalHealth(config: ItsmeSetupConfig, objects: TreeObjects, plan: Plan): HealthItem[] {
  const items: HealthItem[] = [];
  if (!objects.idp) items.push({ id: 'idpMissing', resource: 'identityProvider', severity: 'warning', message: vscode.l10n.t('No itsme identity provider "{0}" in the tenant.', config.identityProvider.displayName) });
  if (!objects.flow) items.push({ id: 'flowMissing', resource: 'userFlow', severity: 'warning', message: vscode.l10n.t('User flow "{0}" does not exist.', flowDisplayName(config)) });
  if (!objects.app) items.push({ id: 'appMissing', resource: 'application', severity: 'warning', message: vscode.l10n.t('No app registration "{0}" for running the user flow.', config.app.displayName) });
  const missing = new Set(items.map((i) => i.resource));
  for (const s of plan.steps) {
    // A missing object is said once above; its create step would only say it again.
    if (QUIET.has(s.action) || (s.action === 'create' && missing.has(s.resource))) continue;
    items.push({ id: `plan-${s.resource}`, resource: s.resource, severity: 'warning', message: `${s.label}: ${s.reason}` });
  }
  for (const [i, p] of (plan.outputs.preflight?.problems ?? []).entries()) items.push({ id: `preflight-${i}`, resource: 'identityProvider', severity: 'warning', message: p });
  return items;
}
