// Plans and results as people read them (CLI text, logs) and as machines read them (--json).
// Requests are shown exactly as sent, with full URLs; the secret appears only as its marker.
import * as l10n from '@vscode/l10n';
import { fullUrl, type GraphRequest } from './graph/port';
import { resolveForDisplay, type StepOutcome } from './apply/applyPlan';
import type { Plan, PlanStep, StepContext } from './plan/types';
import { resourceName, stepObject } from './plan/labels';

export { actionName, portalLinkName, resourceName, stepObject, stepSentence } from './plan/labels';

export interface RequestJson {
  method: string;
  url: string;
  body?: unknown;
}

export function requestJson(req: GraphRequest, graphBase: string, ctx: StepContext = {}): RequestJson {
  const r = resolveForDisplay(req, ctx, graphBase);
  return { method: r.method, url: fullUrl(graphBase, r), ...(r.body === undefined ? {} : { body: r.body }) };
}

export function stepJson(step: PlanStep, graphBase: string): Record<string, unknown> {
  return {
    resource: step.resource,
    action: step.action,
    label: step.label,
    reason: step.reason,
    ...(step.targetId ? { targetId: step.targetId } : {}),
    ...(step.changes?.length ? { changes: step.changes } : {}),
    ...(step.clashes?.length ? { clashes: step.clashes } : {}),
    dependsOn: step.dependsOn,
    requests: step.requests.map((r) => requestJson(r, graphBase)),
    ...(step.verify ? { verify: requestJson(step.verify, graphBase) } : {}),
    ...(step.onConflict ? { onConflict: requestJson(step.onConflict, graphBase) } : {}),
    ...(step.manual ? { manual: step.manual } : {}),
  };
}

export function planJson(plan: Plan, graphBase: string): Record<string, unknown> {
  return {
    kind: plan.kind,
    tenant: plan.tenant,
    needsSecret: plan.needsSecret,
    steps: plan.steps.map((s) => stepJson(s, graphBase)),
    outputs: plan.outputs,
  };
}

const ACTION_WORDS: Record<PlanStep['action'], () => string> = {
  create: () => l10n.t('create'),
  update: () => l10n.t('update'),
  link: () => l10n.t('link'),
  noop: () => l10n.t('no change'),
  manual: () => l10n.t('manual'),
  delete: () => l10n.t('delete'),
  unlink: () => l10n.t('unlink'),
  adopt: () => l10n.t('adopt'),
  removeDuplicate: () => l10n.t('remove duplicate'),
};

export function actionWord(action: PlanStep['action']): string {
  return ACTION_WORDS[action]();
}

export function formatPlan(plan: Plan, graphBase: string): string {
  const lines: string[] = [l10n.t('Tenant {0} ({1})', plan.tenant.initialDomain, plan.tenant.tenantType ?? l10n.t('B2C, from its identity provider types'))];
  for (const s of plan.steps) {
    lines.push(`  ${actionWord(s.action).padEnd(10)} ${resourceName(s.resource).padEnd(17)} ${stepObject(s)}`);
    lines.push(`             ${s.reason}`);
    for (const c of s.changes ?? []) lines.push(`             · ${c}`);
    for (const x of s.clashes ?? []) {
      lines.push(`             ${l10n.t('not ours, left alone: {0}', x.id)}`);
      for (const d of x.differences) lines.push(`               ≠ ${d}`);
    }
    for (const r of s.requests) {
      const j = requestJson(r, graphBase);
      lines.push(`             ${j.method} ${j.url}`);
    }
    if (s.action === 'manual' && s.manual) lines.push(`             → ${s.manual.text}${s.manual.portalUrl ? ` ${s.manual.portalUrl}` : ''}`);
  }
  return lines.join('\n');
}

const STATUS_WORDS: Record<StepOutcome['status'], () => string> = {
  running: () => l10n.t('running'),
  done: () => l10n.t('done'),
  noop: () => l10n.t('no change'),
  manual: () => l10n.t('manual step'),
  failed: () => l10n.t('failed'),
  skipped: () => l10n.t('skipped'),
  cancelled: () => l10n.t('cancelled'),
};

export function statusWord(status: StepOutcome['status']): string {
  return STATUS_WORDS[status]();
}

export function outcomeJson(o: StepOutcome): Record<string, unknown> {
  return {
    resource: o.resource,
    action: o.action,
    label: o.label,
    status: o.status,
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.manual ? { manual: o.manual } : {}),
  };
}

/** What an apply (or destroy) left behind, for people and pipelines: written, not written, and what to run next. */
export interface Account {
  /** "<resource>: <label>" of each step that wrote. */
  written: string[];
  /** "<resource>: <label> — <status>: <why>" of each step that still has work (failed, skipped, cancelled, manual). */
  notWritten: string[];
  next?: string;
}

/** `keys` (--json, pipelines): "adminConsent: admin consent: …"; `words` (text): "Admin consent: openid, offline_access". */
export function accountOf(outcomes: StepOutcome[], next?: string, style: 'keys' | 'words' = 'keys'): Account {
  const name = (o: StepOutcome): string => (style === 'words' ? `${resourceName(o.resource)}: ${stepObject(o)}` : `${o.resource}: ${o.label}`);
  const written = outcomes.filter((o) => o.status === 'done').map(name);
  const notWritten = outcomes
    .filter((o) => o.status === 'failed' || o.status === 'skipped' || o.status === 'cancelled' || o.status === 'manual')
    .map((o) => `${name(o)} — ${statusWord(o.status)}${o.detail ? `: ${o.detail}` : ''}`);
  return { written, notWritten, ...(next ? { next } : {}) };
}

export function formatAccount(a: Account): string[] {
  const lines = [l10n.t('Written:'), ...(a.written.length ? a.written.map((w) => `  ${w}`) : [`  ${l10n.t('nothing')}`])];
  if (a.notWritten.length) lines.push(l10n.t('Not written:'), ...a.notWritten.map((w) => `  ${w}`));
  if (a.next) lines.push(l10n.t('Next: {0}', a.next));
  return lines;
}
