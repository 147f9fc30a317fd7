// Apply: one row per plan step with its live status (announced politely), and Cancel, which stops after the
// request in flight (every step is safe to repeat, so a later run picks up from there).
import type { WizardView } from '../../src/wizard/view';
import type { ProgressRow } from '../../src/wizard/state';
import { button, h, setDisabled, setText } from '../dom';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';
import { resourceName, statusWord } from '../strings';

export function progressRow(r: ProgressRow): HTMLElement {
  return h(
    'li',
    { class: 'progress-step', 'data-resource': r.resource, 'data-status': r.status },
    h('span', { class: `badge status-${r.status}` }, statusWord(r.status)),
    h('strong', {}, resourceName(r.resource)),
    ' ',
    h('span', { class: 'label' }, r.label),
    r.detail ? h('div', { class: 'reason' }, r.detail) : undefined,
  );
}

export function applyStep(ctx: StepContext): StepUi {
  const list = h('ol', { id: 'progress', class: 'rows', 'aria-live': 'polite', 'aria-relevant': 'text' });
  const ring = h('vscode-progress-ring', { class: 'working-ring', 'aria-hidden': 'true' });
  const cancel = button('cancel', l10n.t('Cancel'), () => ctx.send({ type: 'event', event: { type: 'cancel' } }), { secondary: true });
  let shown = '';
  return {
    body: h('div', {}, h('div', { id: 'working', class: 'working', role: 'status' }, ring, h('span', { class: 'intro' }, l10n.t('Writing to the tenant. Keep this tab open; Cancel stops after the current request.'))), list),
    actions: [cancel],
    update(view: WizardView) {
      if (view.step !== 'apply') return;
      setDisabled(cancel, view.cancelling);
      setText(cancel, view.cancelling ? l10n.t('Cancelling…') : l10n.t('Cancel'));
      const key = JSON.stringify(view.rows);
      if (key === shown) return;
      shown = key;
      // Rows are replaced in place, so a screen reader hears the status that changed, not the whole list again.
      view.rows.forEach((r, i) => {
        const existing = list.children[i] as HTMLElement | undefined;
        const row = progressRow(r);
        if (!existing) list.append(row);
        else if (!existing.isEqualNode(row)) existing.replaceWith(row);
      });
      while (list.children.length > view.rows.length) list.lastElementChild?.remove();
    },
  };
}
