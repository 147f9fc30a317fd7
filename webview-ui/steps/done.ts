// Done: what happened, Run user flow, the two redirect URIs to send to itsme (with copy buttons), and any step left
// to do by hand with its portal link. "No changes" when the tenant already matched.
import type { WizardView } from '../../src/wizard/view';
import type { CopyTarget, ResultSummary } from '../../src/wizard/state';
import { button, h } from '../dom';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';
import { progressRow } from './apply';
import { manualBlock } from './review';

function headline(r: ResultSummary): string {
  switch (r.status) {
    case 'applied':
      return l10n.t('itsme sign-in is set up.');
    case 'noChanges':
      return l10n.t('No changes: the tenant already had this configuration.');
    case 'manualRemaining':
      return r.nothingWritten ? l10n.t('No changes were needed, but a step is left for you to do in the Azure portal.') : l10n.t('Set up, with a step left for you to do in the Azure portal.');
    case 'cancelled':
      return l10n.t('Cancelled. What was written stays; apply again to finish.');
    case 'failed':
      return l10n.t('The setup did not finish.');
  }
}

function copyButton(ctx: StepContext, which: CopyTarget): HTMLElement {
  const b = button(`copy-${which}`, l10n.t('Copy'), () => {
    ctx.send({ type: 'event', event: { type: 'copy', which } });
    ctx.announce(l10n.t('Copied.'));
  }, { secondary: true });
  return b;
}

function render(ctx: StepContext, r: ResultSummary): HTMLElement {
  const outputs = r.outputs;
  const succeeded = r.status === 'applied' || r.status === 'noChanges' || r.status === 'manualRemaining';
  const manual = r.rows.filter((row) => row.status === 'manual' && row.manual);
  return h(
    'div',
    {},
    h('p', { id: 'result-status', class: succeeded ? 'notice' : 'error', 'data-status': r.status, role: 'status' }, headline(r)),
    r.nothingWritten && succeeded && h('p', { id: 'no-changes' }, l10n.t('Nothing was written to the tenant.')),
    r.error && h('div', { id: 'apply-error', class: 'error', role: 'alert' }, r.error),
    succeeded &&
      outputs?.runUserFlowUrl &&
      h('section', {}, h('h2', {}, l10n.t('Try it')), h('p', {}, l10n.t('Opens the user flow in your browser, as the portal\'s "Run user flow" does; the token is shown by jwt.ms.')), button('run-user-flow', l10n.t('Run user flow'), () => ctx.send({ type: 'event', event: { type: 'runUserFlow' } }))),
    outputs &&
      outputs.itsmeRedirectUris.length > 0 &&
      h(
        'section',
        {},
        h('h2', {}, l10n.t('Send these redirect URIs to itsme')),
        h('p', {}, l10n.t('itsme accepts sign-ins only on redirect URIs it has whitelisted (exact match). Send both to onboarding@itsme-id.com.')),
        h('ul', { class: 'redirects' }, ...outputs.itsmeRedirectUris.slice(0, 2).map((uri, i) => h('li', {}, h('code', { id: `redirect-${i}` }, uri), ' ', copyButton(ctx, i === 0 ? 'redirect-0' : 'redirect-1')))),
      ),
    manual.length > 0 && h('section', { id: 'manual-steps' }, h('h2', {}, l10n.t('Left for you to do')), ...manual.map((row) => manualBlock(ctx, row.resource, row.manual!.text, row.manual!.portalUrl !== undefined))),
    h('section', {}, h('h2', {}, l10n.t('What was done')), h('ol', { id: 'progress', class: 'rows' }, ...r.rows.map(progressRow))),
  );
}

export function doneStep(ctx: StepContext): StepUi {
  const content = h('div', { id: 'result' });
  const again = button('back-to-review', l10n.t('Review again'), () => ctx.send({ type: 'event', event: { type: 'goto', step: 'review' } }), { secondary: true });
  const restart = button('restart', l10n.t('Start over'), () => ctx.send({ type: 'event', event: { type: 'restart' } }), { secondary: true });
  let shown = '';
  return {
    body: content,
    actions: [again, restart],
    update(view: WizardView) {
      if (view.step !== 'done') return;
      const key = JSON.stringify(view.result);
      if (key === shown) return;
      shown = key;
      content.replaceChildren(render(ctx, view.result));
    },
  };
}
