// The setup wizard's page. It renders the state the host posts and sends typed events back; every rule lives in
// the host's state machine (src/wizard). Strings go through @vscode/l10n with the bundle the host sends.
//
// Stable element ids and selectors (for Playwright; see test/e2e):
//   #step-title                      h1 of the current page (focused on every page change, without a focus ring: it
//                                    is not a control), data-step=<step id>, or failed for 'Setup did not finish';
//                                    data-tenant-kind=b2c|external|undefined (what the tenant check said)
//   #steps-nav                       the step list; earlier steps are buttons #goto-<step>
//   #field-<name>                    the control of a form field: vscode-textfield / vscode-textarea (fill its inner
//                                    `input` / `textarea`), vscode-checkbox, or vscode-radio-group whose radios are
//                                    #field-<name>-<value>. Names and values: the `wizard` controls of the field
//                                    table, src/core/config/fields.ts (e.g. partnerCode; environment-prd)
//   #error-<name>                    the inline error of a field (empty when valid); #error-secret for the secret
//   #field-secret                    the masked secret input: Next (or Enter) stores what is typed, then goes on
//   #secret-stored, #secret-status   shown once stored; #replace-secret, #clear-secret, #cancel-replace-secret
//   #tenant-check[data-status]       none | checking | ok | failed
//   #metadata-url, #scope            what B2C will read / the scope sent to itsme
//   #open-onboarding, #open-guide    links on the first step
//   #back, #next                     navigation on form steps; #next is disabled while the tenant is checked
//   #plan[data-status]               loading | ready | failed; #plan-error, #retry-plan, #plan-tenant
//   .plan-step[data-resource=…][data-action=…]   review rows (create|update|link|noop|manual|…)
//   #no-changes                      shown on review and done when nothing is (or was) written
//   #preflight[data-ok], #email-notice   External ID review: itsme's discovery document checked; the email question
//   #apply                           on review (disabled until the plan is ready, and while signed out); reads
//                                    'Finish' when there is nothing to change
//   #apply-blocked, #sign-in         why Apply is disabled (signed out) and the button that signs in
//   #cancel                          during apply
//   .progress-step[data-resource=…][data-status=…]  apply/done rows (pending|running|done|noop|manual|failed|skipped|cancelled)
//   #result-status[data-status]      applied | noChanges | manualRemaining | cancelled | failed; #apply-error
//   #send-uris, #try-it              the Done page's two sections, in this order (send to itsme first, then try)
//   #redirect-0, #redirect-1         the two itsme redirect URIs; #copy-redirect-0, #copy-redirect-1,
//                                    #copy-redirectUris (both), #mail-itsme (a mail draft to itsme's onboarding)
//   #run-user-flow, #run-user-flow-vscode   try it with jwt.ms / in VS Code; #browser-notice after either
//   #account-written, #account-not-written, #account-next   the failure page's account of the run
//   #fix[data-cause]                 the failure page's one primary action (signIn | settings | log | retry)
//   .manual-step[data-resource=…]    a step left to do; its portal button #open-manual-<resource>
//   #back-to-review, #restart        done
//   #announcer                       polite live region for short confirmations
import './elements';
import './wizard.css';
import * as l10n from '@vscode/l10n';
import { isHostMessage } from '../src/protocol/guards';
import type { WizardView } from '../src/wizard/view';
import { FORM_STEPS, isFormStep, STEP_ORDER, type StepId } from '../src/wizard/steps';
import type { TenantKind } from '../src/wizard/tenantKind';
import { h, setText } from './dom';
import type { StepContext, StepUi } from './stepUi';
import { pageTitle, stepTitle } from './strings';
import type { PageId } from '../src/wizard/view';
import { send } from './vscodeApi';
import { formStep } from './steps/formSteps';
import { reviewStep } from './steps/review';
import { applyStep } from './steps/apply';
import { doneStep } from './steps/done';

let current: { page: PageId; kind: string; ui: StepUi } | undefined;
/** The machine's count of refused "next"s last seen: when it grows, focus the first error. */
let refusals = 0;

const announcer = h('div', { id: 'announcer', class: 'sr-only', 'aria-live': 'polite' });
const ctx: StepContext = {
  send,
  next() {
    send({ type: 'event', event: { type: 'next' } });
  },
  announce(message) {
    // Clearing first makes a repeated message ("Copied.") be read again.
    announcer.textContent = '';
    setTimeout(() => (announcer.textContent = message), 50);
  },
};

const title = h('h1', { id: 'step-title', tabindex: '-1' });
const nav = h('nav', { id: 'steps-nav', 'aria-label': 'Steps' });
const body = h('div', { id: 'step-body' });
const actions = h('div', { id: 'step-actions', class: 'actions' });


function stepUi(step: StepId, view: WizardView): StepUi {
  if (isFormStep(step)) return formStep(ctx, step, kindWords(view));
  if (step === 'review') return reviewStep(ctx);
  if (step === 'apply') return applyStep(ctx);
  return doneStep(ctx);
}

/** The tenant's kind as the page words it: undefined until the tenant check said it. */
function kindWords(view: WizardView): TenantKind | undefined {
  return view.derived.tenantKindKnown ? view.derived.tenantKind : undefined;
}

/** A step's name in the list: the current page's own title where it stands (Applying, Setup did not finish). */
function navTitle(s: StepId, view: WizardView): string {
  const page = view.derived.page;
  if (s === 'review' && page === 'apply') return pageTitle(page);
  if (s === 'done' && page === 'failed') return pageTitle(page);
  return stepTitle(s, kindWords(view));
}

function renderNav(view: WizardView): void {
  // The steps of this kind of tenant (External ID has no steps for B2C-only settings), then review and done.
  const visible = STEP_ORDER.filter((s) => s !== 'apply' && (!isFormStep(s) || view.derived.formSteps.includes(s)));
  const items = visible.map((s) => {
    const index = STEP_ORDER.indexOf(s);
    const label = `${visible.indexOf(s) + 1}. ${navTitle(s, view)}`;
    // Earlier form steps are links back (the machine decides whether the jump is allowed).
    const canGo = view.step !== 'apply' && (FORM_STEPS as readonly string[]).includes(s) && index < view.derived.stepIndex;
    const content = canGo ? h('button', { id: `goto-${s}`, class: 'crumb', type: 'button' }, label) : h('span', {}, label);
    if (canGo) content.addEventListener('click', () => send({ type: 'event', event: { type: 'goto', step: s } }));
    return h('li', { 'aria-current': s === view.step || (view.step === 'apply' && s === 'review') ? 'step' : undefined, class: index < view.derived.stepIndex ? 'visited' : undefined }, content);
  });
  nav.setAttribute('aria-label', l10n.t('Steps'));
  nav.replaceChildren(h('ol', {}, ...items));
}

function render(view: WizardView): void {
  const page = view.derived.page;
  const kind = String(kindWords(view));
  // A page is rebuilt when it changes, or when the tenant check has just said the kind (its words follow it).
  const entering = current?.page !== page || current.kind !== kind;
  if (entering) {
    const ui = stepUi(view.step, view);
    current = { page, kind, ui };
    title.dataset['step'] = page;
    title.dataset['tenantKind'] = kind;
    setText(title, pageTitle(page, kindWords(view)));
    body.replaceChildren(ui.body);
    actions.replaceChildren(...ui.actions);
    document.title = `itsme — ${pageTitle(page, kindWords(view))}`;
    renderNav(view);
  } else if (view.step === 'apply' || view.step === 'done' || view.step === 'review') {
    renderNav(view);
  }
  current!.ui.update(view);
  const refused = view.refusals > refusals;
  refusals = view.refusals;
  if (entering) {
    // After the new step's controls exist: screen readers announce the heading, keyboard users start at the top.
    // No focus ring: the heading is not a control (tabindex -1), and a ring across the page after every Next
    // only distracts; screen readers still read the heading. (wizard.css and focusVisible: false both say so.)
    requestAnimationFrame(() => title.focus({ focusVisible: false } as FocusOptions));
  } else if (refused) {
    // A refused "next" (not a late echo of typing): take the user to the first error.
    const count = Object.keys(view.errors).length;
    if (current!.ui.focusFirstError?.(view)) ctx.announce(l10n.t('{0} field(s) need attention.', count));
  }
}

function boot(): void {
  const main = h('main', { id: 'app' }, nav, title, body, actions, announcer);
  document.body.replaceChildren(main);
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const msg = e.data;
    if (!isHostMessage(msg)) return; // not ours (VS Code posts its own messages into webviews too)
    if (msg.type === 'init') {
      if (msg.l10n) l10n.config({ contents: msg.l10n });
      current = undefined; // re-render in the right language
      return;
    }
    render(msg.view);
  });
  send({ type: 'ready' });
}

boot();
