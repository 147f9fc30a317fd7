// Review: the engine's plan, object by object (create / update / no change / manual), with the reason and the
// field-level changes, before anything is written. Apply is offered only for a plan that was read just now. For a
// B2C custom policy also the generated policy files (each opens read-only) and the key sets they use.
import type { WizardView } from '../../src/wizard/view';
import type { PlanStepSummary, PlanSummary } from '../../src/wizard/state';
import { button, h, setDisabled, setText, show } from '../dom';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';
import { actionWord, platformName, resourceName } from '../strings';

export function planStepRow(ctx: StepContext, s: PlanStepSummary): HTMLElement {
  return h(
    'li',
    { class: 'plan-step', 'data-resource': s.resource, 'data-action': s.action },
    h('div', { class: 'row-head' }, h('span', { class: `badge action-${s.action}` }, actionWord(s.action)), h('strong', {}, resourceName(s.resource)), ' ', h('span', { class: 'label' }, s.label)),
    h('div', { class: 'reason' }, s.reason),
    s.changes.length > 0 && h('ul', { class: 'changes' }, ...s.changes.map((c) => h('li', {}, c))),
    s.manual && manualBlock(ctx, s.resource, s.manual.text, s.manual.portalUrl !== undefined),
  );
}

export function manualBlock(ctx: StepContext, resource: string, text: string, hasLink: boolean): HTMLElement {
  return h(
    'div',
    { class: 'manual-step', 'data-resource': resource },
    h('span', {}, text),
    hasLink && button(`open-manual-${resource}`, l10n.t('Open in Azure portal'), () => ctx.send({ type: 'event', event: { type: 'openUrl', which: `manual:${resource}` } }), { secondary: true }),
  );
}

/**
 * What the plan says about an External ID tenant beyond its steps (the engine's outputs): itsme's discovery document
 * checked against what External ID needs, and the email question, told before anything is written.
 */
interface ExternalOutputs {
  preflight?: { url: string; ok: boolean; problems: string[]; passed: string[] };
  emailNotice?: { title: string; paragraphs: string[] };
}

function preflightBlock(p: NonNullable<ExternalOutputs['preflight']>): HTMLElement {
  return h(
    'section',
    { id: 'preflight', class: p.ok ? 'notice' : 'error', 'data-ok': String(p.ok), role: p.ok ? undefined : 'alert' },
    h('h2', {}, l10n.t('itsme\'s discovery document')),
    h('p', {}, p.ok ? l10n.t('{0} answers and carries what External ID needs.', p.url) : l10n.t('{0} does not give External ID what it needs:', p.url)),
    p.problems.length > 0 && h('ul', { id: 'preflight-problems' }, ...p.problems.map((x) => h('li', {}, x))),
    p.passed.length > 0 && h('ul', { id: 'preflight-passed', class: 'changes' }, ...p.passed.map((x) => h('li', {}, x))),
  );
}

function emailNoticeBlock(n: NonNullable<ExternalOutputs['emailNotice']>): HTMLElement {
  return h('section', { id: 'email-notice', class: 'notice' }, h('h2', {}, n.title), ...n.paragraphs.map((x) => h('p', {}, x)));
}

/**
 * B2C custom policy: the generated files (each opens read-only in an editor, exactly as it will be uploaded) and the
 * policy keys they use. Key material is write-only: only the key sets' names are shown, never a secret.
 */
function customPolicyBlock(ctx: StepContext, custom: NonNullable<PlanSummary['outputs']['customPolicy']>): HTMLElement {
  const keys: Array<[string, string]> = [
    [l10n.t('itsme client secret'), custom.keySets.itsmeSecret],
    [l10n.t('Token signing'), custom.keySets.tokenSigning],
    [l10n.t('Token encryption'), custom.keySets.tokenEncryption],
  ];
  return h(
    'section',
    { id: 'custom-policy', class: 'notice' },
    h('h2', {}, l10n.t('Policy files')),
    h('p', {}, l10n.t('Generated for this configuration and uploaded in this order. Open one to read it; it opens read-only.')),
    h(
      'ul',
      { id: 'policy-files', class: 'rows' },
      ...custom.policies.map((p, i) =>
        h(
          'li',
          { class: 'policy-file', 'data-policy': p.id },
          h('code', {}, p.id),
          ' ',
          button(`open-policy-${i}`, l10n.t('Open policy file'), () => ctx.send({ type: 'event', event: { type: 'openPolicy', index: i } }), { secondary: true }),
        ),
      ),
    ),
    h('h2', {}, l10n.t('Policy keys')),
    h('ul', { id: 'key-sets', class: 'changes' }, ...keys.map(([what, id]) => h('li', { 'data-key-set': id }, l10n.t('{0}: {1}', what, id)))),
  );
}

function planList(ctx: StepContext, plan: PlanSummary): HTMLElement {
  const ext = plan.outputs as PlanSummary['outputs'] & ExternalOutputs;
  return h(
    'div',
    {},
    // The domain says which tenant; its display name (often "contosob2c (B2C)") would only say it twice.
    h('p', { id: 'plan-tenant', 'data-tenant-kind': plan.tenant.kind }, l10n.t('Tenant: {0} · {1}', plan.tenant.initialDomain, platformName(plan.tenant.kind))),
    plan.noChange && h('p', { id: 'no-changes', class: 'notice' }, l10n.t('Nothing to change: the tenant already has this configuration. Finish writes nothing and shows what to send to itsme.')),
    h('ol', { id: 'plan-steps', class: 'rows' }, ...plan.steps.map((s) => planStepRow(ctx, s))),
    ext.preflight && preflightBlock(ext.preflight),
    ext.emailNotice && emailNoticeBlock(ext.emailNotice),
    plan.outputs.customPolicy && customPolicyBlock(ctx, plan.outputs.customPolicy),
  );
}

export function reviewStep(ctx: StepContext): StepUi {
  const content = h('div', { id: 'plan', 'aria-live': 'polite' });
  let shown = '';
  const back = button('back', l10n.t('Back'), () => ctx.send({ type: 'event', event: { type: 'back' } }), { secondary: true });
  const apply = button('apply', l10n.t('Apply'), () => ctx.send({ type: 'event', event: { type: 'apply' } }));
  const signIn = button('sign-in', l10n.t('Sign in'), () => ctx.send({ type: 'event', event: { type: 'signIn' } }), { secondary: true });
  const blockedText = h('span');
  const blocked = h('div', { id: 'apply-blocked', class: 'notice inline', role: 'status' }, blockedText, signIn);
  const body = h('div', {}, h('p', { class: 'intro' }, l10n.t('What the wizard will do in the tenant, read from the tenant just now. Nothing has been written yet.')), content, blocked);
  return {
    body,
    actions: [back, apply],
    update(view: WizardView) {
      if (view.step !== 'review') return;
      const p = view.plan;
      show(back, view.derived.canGoBack);
      setDisabled(apply, p.status !== 'ready' || view.derived.applyBlocked !== undefined);
      show(blocked, view.derived.applyBlocked !== undefined);
      setText(blockedText, view.derived.applyBlocked ?? '');
      if (view.derived.applyBlocked) apply.setAttribute('aria-describedby', 'apply-blocked');
      else apply.removeAttribute('aria-describedby');
      // Nothing to change: the button finishes (and shows the Done page with what to send to itsme).
      setText(apply, p.status === 'ready' && p.plan.noChange ? l10n.t('Finish') : l10n.t('Apply'));
      // Rebuild only when the plan itself changed: these rows hold no inputs, and unchanged rows keep focus.
      const key = JSON.stringify(p);
      if (key === shown) return;
      shown = key;
      content.dataset['status'] = p.status;
      if (p.status === 'loading') {
        content.replaceChildren(h('p', { id: 'plan-loading' }, h('vscode-progress-ring', { class: 'inline-ring', 'aria-hidden': 'true' }), l10n.t('Reading the tenant and computing the plan…')));
      } else if (p.status === 'failed') {
        const retry = button('retry-plan', l10n.t('Try again'), () => ctx.send({ type: 'event', event: { type: 'goto', step: 'review' } }));
        content.replaceChildren(h('div', { id: 'plan-error', class: 'error', role: 'alert' }, p.message), retry);
      } else {
        // A notice says why the plan is shown again (the tenant changed since the last review; nothing was written).
        content.replaceChildren(...(p.notice ? [h('p', { id: 'plan-changed', class: 'notice', role: 'alert' }, p.notice)] : []), planList(ctx, p.plan));
      }
    },
  };
}
