// The end of a run, as two pages. Done (it worked): first what real life needs first — send both redirect URIs to
// itsme (a sign-in fails until itsme has allow-listed them, which can take days) — then, once itsme confirms, try
// it (jwt.ms or VS Code's token view). "Setup did not finish" (failed or cancelled): the account of what was
// written and what was not, what to do next, and one primary button that fixes the cause.
import type { WizardView } from '../../src/wizard/view';
import { ONBOARDING_EMAIL, type CopyTarget, type FailureCause, type ProgressRow, type ResultSummary, type RunTarget } from '../../src/wizard/state';
import { button, h, setText, show } from '../dom';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';
import { progressRow } from './apply';
import { manualBlock } from './review';
import { resourceName, statusWord } from '../strings';

function headline(r: ResultSummary): string {
  switch (r.status) {
    case 'applied':
      return l10n.t('itsme sign-in is set up.');
    case 'noChanges':
      return l10n.t('Nothing to change: the tenant already had this configuration.');
    case 'manualRemaining':
      return r.nothingWritten ? l10n.t('Nothing to change, but a step is left for you to do in the Azure portal.') : l10n.t('Set up, with a step left for you to do in the Azure portal.');
    case 'cancelled':
      return l10n.t('You cancelled the setup. What was written stays.');
    case 'failed':
      return l10n.t('The setup stopped before it was complete.');
  }
}

function fixLabel(cause: FailureCause): string {
  switch (cause) {
    case 'signIn':
      return l10n.t('Sign in and retry');
    case 'settings':
      return l10n.t('Open settings');
    case 'log':
      return l10n.t('Show log');
    case 'retry':
      return l10n.t('Review and apply again');
  }
}

function copyButton(ctx: StepContext, which: CopyTarget, label: string, primary = false): HTMLElement {
  return button(
    `copy-${which}`,
    label,
    () => {
      ctx.send({ type: 'event', event: { type: 'copy', which } });
      ctx.announce(l10n.t('Copied.'));
    },
    { secondary: !primary },
  );
}

function sendUris(ctx: StepContext, uris: string[]): HTMLElement {
  // One grid: the URIs in one column, their Copy buttons in the next, so the buttons line up.
  const grid = h('div', { class: 'redirects', role: 'list' }, ...uris.slice(0, 2).flatMap((uri, i) => [h('code', { id: `redirect-${i}`, role: 'listitem' }, uri), copyButton(ctx, i === 0 ? 'redirect-0' : 'redirect-1', l10n.t('Copy'))]));
  const mail = button('mail-itsme', l10n.t('Write to itsme…'), () => ctx.send({ type: 'event', event: { type: 'openUrl', which: 'mailItsme' } }), { secondary: true });
  return h(
    'section',
    { id: 'send-uris' },
    h('h2', {}, l10n.t('1. Send both redirect URIs to itsme')),
    h('p', {}, l10n.t('itsme accepts a sign-in only on redirect URIs it has allow-listed (exact match), so sign-ins fail until it has. Send both to {0} with your partner code; it can take a few days.', ONBOARDING_EMAIL)),
    grid,
    h('div', { class: 'inline' }, copyButton(ctx, 'redirectUris', l10n.t('Copy both'), true), mail),
    h('p', { class: 'help' }, l10n.t('"Write to itsme…" opens a mail draft with the URIs, the partner code and the environment (never the secret).')),
  );
}

function tryIt(ctx: StepContext): HTMLElement {
  const notice = h('p', { id: 'browser-notice', class: 'notice', role: 'status' });
  show(notice, false);
  const run = (target: RunTarget) => {
    ctx.send({ type: 'event', event: { type: 'runUserFlow', target } });
    setText(notice, target === 'vscode' ? l10n.t('A browser tab opened with the sign-in page. After you sign in, the token opens here in VS Code with its checks.') : l10n.t('A browser tab opened with the sign-in page. After you sign in, jwt.ms shows the token.'));
    show(notice, true);
    ctx.announce(notice.textContent ?? '');
  };
  return h(
    'section',
    { id: 'try-it' },
    h('h2', {}, l10n.t('2. When itsme confirms, try it')),
    h('p', {}, l10n.t('Sign in with itsme through the user flow, as the portal\'s "Run user flow" does. Before itsme has allow-listed the URIs, itsme refuses the sign-in.')),
    h('div', { class: 'inline' }, button('run-user-flow', l10n.t('Run user flow with jwt.ms'), () => run('jwt'), { secondary: true }), button('run-user-flow-vscode', l10n.t('Show the token in VS Code'), () => run('vscode'), { secondary: true })),
    notice,
  );
}

function accountLine(r: ProgressRow): HTMLElement {
  return h('li', {}, h('strong', {}, resourceName(r.resource)), ` — ${r.label}`, r.status !== 'done' ? ` (${statusWord(r.status)}${r.detail ? `: ${r.detail}` : ''})` : '');
}

function account(r: ResultSummary): HTMLElement {
  const written = r.rows.filter((row) => row.status === 'done');
  const notWritten = r.rows.filter((row) => row.status !== 'done' && row.status !== 'noop');
  return h(
    'div',
    { id: 'account' },
    h('h2', {}, l10n.t('Written to the tenant')),
    written.length ? h('ul', { id: 'account-written' }, ...written.map(accountLine)) : h('p', { id: 'account-written' }, l10n.t('Nothing was written.')),
    notWritten.length > 0 && h('h2', {}, l10n.t('Not written')),
    notWritten.length > 0 && h('ul', { id: 'account-not-written' }, ...notWritten.map(accountLine)),
    r.next && h('p', { id: 'account-next' }, h('strong', {}, l10n.t('Next:')), ' ', r.next),
  );
}

/** External ID: what an app needs to trust the tokens (the tenant's issuer and discovery document). */
function forYourApp(outputs: NonNullable<ResultSummary['outputs']> & { tokenIssuer?: string }): HTMLElement | false {
  if (!outputs.tokenIssuer) return false;
  return h(
    'section',
    { id: 'for-your-app' },
    h('h2', {}, l10n.t('For your app')),
    h('p', {}, l10n.t('ID tokens come from the issuer below; your app reads the keys from the discovery document.')),
    h('p', { class: 'derived' }, `${l10n.t('Issuer:')} `, h('code', { id: 'token-issuer' }, outputs.tokenIssuer)),
    h('p', { class: 'derived' }, `${l10n.t('Discovery document:')} `, h('code', { id: 'discovery-url' }, outputs.policyDiscoveryUrl)),
  );
}

function renderDone(ctx: StepContext, r: ResultSummary): HTMLElement {
  const outputs = r.outputs;
  const manual = r.rows.filter((row) => row.status === 'manual' && row.manual);
  return h(
    'div',
    {},
    h('p', { id: 'result-status', class: 'notice', 'data-status': r.status, role: 'status' }, headline(r)),
    r.nothingWritten && h('p', { id: 'no-changes' }, l10n.t('Nothing was written to the tenant.')),
    outputs && outputs.itsmeRedirectUris.length > 0 && sendUris(ctx, outputs.itsmeRedirectUris),
    outputs?.runUserFlowUrl && tryIt(ctx),
    outputs && forYourApp(outputs),
    manual.length > 0 &&
      h(
        'section',
        { id: 'manual-steps' },
        h('h2', {}, l10n.t('Left for you to do')),
        ...manual.map((row) => manualBlock(ctx, row.resource, row.manual!.text, row.manual!.portalUrl !== undefined)),
        r.next && h('p', { id: 'account-next' }, h('strong', {}, l10n.t('Next:')), ' ', r.next),
      ),
    h('section', {}, h('h2', {}, l10n.t('What was done')), h('ol', { id: 'progress', class: 'rows' }, ...r.rows.map(progressRow))),
  );
}

function renderFailed(r: ResultSummary): HTMLElement {
  return h(
    'div',
    {},
    h('p', { id: 'result-status', class: 'error', 'data-status': r.status, role: 'status' }, headline(r)),
    r.error && h('div', { id: 'apply-error', class: 'error', role: 'alert' }, r.error),
    account(r),
    h('section', {}, h('h2', {}, l10n.t('Every step')), h('ol', { id: 'progress', class: 'rows' }, ...r.rows.map(progressRow))),
  );
}

export function doneStep(ctx: StepContext): StepUi {
  const content = h('div', { id: 'result' });
  const fix = button('fix', '', () => ctx.send({ type: 'event', event: { type: 'fix' } }));
  const again = button('back-to-review', l10n.t('Review again'), () => ctx.send({ type: 'event', event: { type: 'goto', step: 'review' } }), { secondary: true });
  const restart = button('restart', l10n.t('Start over'), () => ctx.send({ type: 'event', event: { type: 'restart' } }), { secondary: true });
  let shown = '';
  return {
    body: content,
    actions: [fix, again, restart],
    update(view: WizardView) {
      if (view.step !== 'done') return;
      const r = view.result;
      show(fix, r.cause !== undefined);
      // "Review and apply again" is the fix itself then; a second button saying the same would only compete.
      show(again, r.cause !== 'retry');
      if (r.cause) {
        fix.dataset['cause'] = r.cause;
        setText(fix, fixLabel(r.cause));
      }
      const key = JSON.stringify(r);
      if (key === shown) return;
      shown = key;
      content.replaceChildren(r.cause ? renderFailed(r) : renderDone(ctx, r));
    },
  };
}
