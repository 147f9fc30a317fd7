// The setup wizard without a webview: the same state machine driven by a multi-step QuickPick / InputBox flow
// (VS Code's guidelines prefer it for wizards, and it is all keyboard). Each form step is a short sequence of
// inputs; every value goes to the machine as an `edit`, and the machine's message for it is shown as the
// InputBox's validation message. The secret uses a password box and goes straight to SecretStorage.
import * as vscode from 'vscode';
import { actionWord, statusWord } from '../../core/format';
import { groupTitle, SECRET_AFTER, type FieldGroup } from '../../core/config/fields';
import type { BooleanField, ErrorKey, StringField, WizardForm } from '../../wizard/fields';
import { controlHelp, controlLabel, controlsOfStep, isVisible, splitList, WIZARD_CONTROLS } from '../../wizard/fields';
import type { WizardRunner } from '../../wizard/runner';
import type { PlanStepSummary, WizardState } from '../../wizard/state';
import { FORM_STEPS, type FormStepId } from '../../wizard/steps';
import { transition } from '../../wizard/transition';
import { checkSecretInput } from '../../wizard/validation';
import { createRunner, type WizardDeps } from './WizardPanel';
const TOTAL = FORM_STEPS.length; // the six form steps after the introduction, plus review

type Outcome<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

interface Local {
  editClaims: boolean;
}

type Prompt = { title: string; when?: (form: WizardForm, local: Local) => boolean } & (
  | { kind: 'text'; field: StringField; prompt: string; placeholder?: string; list?: boolean }
  | { kind: 'pick'; field: StringField; placeholder: string; options: Array<{ value: string; label: string; detail?: string }> }
  | { kind: 'toggles'; group?: FieldGroup; placeholder: string; fields: Array<{ field: BooleanField; label: string }> }
  | { kind: 'secret' }
  | { kind: 'claims' }
);

/** The claims the QuickPick hides behind one "keep or change" question (the table's claims group). */
const CLAIMS = WIZARD_CONTROLS.filter((c) => c.spec.group === 'claims');
const CLAIM_FIELDS = CLAIMS.map((c) => c.name as StringField);

/** The step's inputs, from the field table: a text box or a pick per control, a group's checkboxes as one pick. */
function prompts(step: FormStepId): Prompt[] {
  const out: Prompt[] = [];
  for (const c of controlsOfStep(step)) {
    const when = (f: WizardForm, l: Local) => isVisible(c, f) && (c.spec.group !== 'claims' || l.editClaims);
    const title = controlLabel(c);
    const help = controlHelp(c) ?? title;
    const last = out.at(-1);
    if (c.kind === 'boolean') {
      const toggle = { field: c.name as BooleanField, label: title };
      if (last?.kind === 'toggles' && c.spec.group && last.group === c.spec.group) last.fields.push(toggle);
      else out.push({ kind: 'toggles', group: c.spec.group, title: c.spec.group ? groupTitle(c.spec.group) : title, placeholder: vscode.l10n.t('Space to select, Enter to continue'), fields: [toggle], when });
    } else if (c.spec.input === 'choice') {
      out.push({ kind: 'pick', field: c.name as StringField, title, placeholder: help, options: (c.options ?? []).map((o) => ({ value: o.value, label: o.label?.() ?? o.value, detail: o.help?.() })), when });
    } else {
      if (c.spec.group === 'claims' && !out.some((p) => p.kind === 'claims')) out.push({ kind: 'claims', title: groupTitle('claims') });
      out.push({ kind: 'text', field: c.name as StringField, title, prompt: help, placeholder: c.spec.placeholder, list: c.spec.input === 'lines', when });
    }
    if (c.name === SECRET_AFTER) out.push({ kind: 'secret', title: vscode.l10n.t('Client secret') });
  }
  return out;
}

function fieldsOf(p: Prompt): ErrorKey[] {
  if (p.kind === 'text' || p.kind === 'pick') return [p.field];
  if (p.kind === 'toggles') return p.fields.map((f) => f.field);
  return p.kind === 'secret' ? ['secret'] : [];
}

interface Frame {
  title: string;
  /** Position in the wizard (tenant = 1 … review = TOTAL); none on the introduction. */
  step?: number;
  canBack: boolean;
}

function inputBox(frame: Frame, opts: { prompt: string; placeholder?: string; value: string; password?: boolean; message?: string; validate(value: string): string | undefined }): Promise<Outcome<string>> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = frame.title;
    box.step = frame.step;
    box.totalSteps = TOTAL;
    box.prompt = opts.prompt;
    box.placeholder = opts.placeholder;
    box.value = opts.value;
    box.password = opts.password ?? false;
    box.ignoreFocusOut = true;
    box.buttons = frame.canBack ? [vscode.QuickInputButtons.Back] : [];
    box.validationMessage = opts.message ?? (opts.value ? opts.validate(opts.value) : undefined);
    let settled = false;
    const finish = (o: Outcome<string>) => {
      if (settled) return;
      settled = true;
      box.value = '';
      box.dispose();
      resolve(o);
    };
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish({ kind: 'back' }));
    box.onDidChangeValue((v) => (box.validationMessage = opts.validate(v)));
    box.onDidAccept(() => {
      const message = opts.validate(box.value);
      if (message) box.validationMessage = message;
      else finish({ kind: 'value', value: box.value });
    });
    box.onDidHide(() => finish({ kind: 'cancel' }));
    box.show();
  });
}

function quickPick<T extends vscode.QuickPickItem>(frame: Frame, opts: { placeholder: string; items: T[]; active?: T; many?: boolean; selected?: T[] }): Promise<Outcome<T[]>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = frame.title;
    pick.step = frame.step;
    pick.totalSteps = TOTAL;
    pick.placeholder = opts.placeholder;
    pick.ignoreFocusOut = true;
    pick.canSelectMany = opts.many ?? false;
    pick.matchOnDetail = true;
    pick.items = opts.items;
    if (opts.active) pick.activeItems = [opts.active];
    if (opts.selected) pick.selectedItems = opts.selected;
    pick.buttons = frame.canBack ? [vscode.QuickInputButtons.Back] : [];
    let settled = false;
    const finish = (o: Outcome<T[]>) => {
      if (settled) return;
      settled = true;
      pick.dispose();
      resolve(o);
    };
    pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish({ kind: 'back' }));
    pick.onDidAccept(() => finish({ kind: 'value', value: pick.canSelectMany ? [...pick.selectedItems] : [...pick.activeItems] }));
    pick.onDidHide(() => finish({ kind: 'cancel' }));
    pick.show();
  });
}

type Item<V> = vscode.QuickPickItem & { value: V };

class QuickPickFlow {
  private local: Local = { editClaims: false };

  constructor(
    private readonly runner: WizardRunner,
    private readonly listeners: Set<(s: WizardState) => void>,
  ) {}

  private get state(): WizardState {
    return this.runner.state;
  }

  /** The machine's message for a value, without committing it (a dry run of the edit). */
  private preview(field: StringField, value: string): string | undefined {
    return transition(this.state, { type: 'edit', field, value }).state.errors[field];
  }

  async run(): Promise<void> {
    let enteredBackwards = false;
    for (;;) {
      const s = this.state;
      let outcome: 'next' | 'back' | 'cancel' | 'finished';
      if (s.step === 'prerequisites') outcome = await this.prerequisites();
      else if (s.step === 'review') outcome = await this.review();
      else if (s.step === 'apply') outcome = await this.apply();
      else if (s.step === 'done') outcome = this.done();
      else outcome = await this.formStep(s.step, enteredBackwards);
      if (outcome === 'cancel' || outcome === 'finished') return;
      enteredBackwards = outcome === 'back';
    }
  }

  private async prerequisites(): Promise<'next' | 'cancel'> {
    const items: Array<Item<'next' | 'onboarding' | 'guide'>> = [
      { value: 'next', label: `$(check) ${vscode.l10n.t('I have the partner code, the service code and the client secret link')}`, detail: vscode.l10n.t('All three come from itsme at onboarding.') },
      { value: 'onboarding', label: `$(mail) ${vscode.l10n.t('Ask itsme: onboarding@itsme-id.com')}`, detail: vscode.l10n.t('Not onboarded yet, or the one-time secret link expired.') },
      { value: 'guide', label: `$(book) ${vscode.l10n.t('Open Microsoft\'s guide')}` },
    ];
    for (;;) {
      const r = await quickPick({ title: vscode.l10n.t('Set up itsme sign-in: before you start'), canBack: false }, { placeholder: vscode.l10n.t('What itsme provides at onboarding'), items });
      if (r.kind !== 'value' || !r.value[0]) return 'cancel';
      const pick = r.value[0].value;
      if (pick === 'next') {
        this.runner.dispatch({ type: 'next' });
        return 'next';
      }
      this.runner.dispatch({ type: 'openUrl', which: pick });
    }
  }

  private visible(step: FormStepId): Prompt[] {
    return prompts(step).filter((p) => !p.when || p.when(this.state.form, this.local));
  }

  /** The input showing the first error of the step, with the machine's message (or the tenant check's). */
  private firstError(step: FormStepId): { index: number; message?: string } {
    const s = this.state;
    const [field, text] = Object.entries(s.errors)[0] ?? [];
    if (field && CLAIM_FIELDS.includes(field as StringField)) this.local.editClaims = true;
    const at = field ? this.visible(step).findIndex((p) => fieldsOf(p).includes(field as ErrorKey)) : -1;
    return { index: Math.max(at, 0), message: text ?? (s.tenantCheck.status === 'failed' ? s.tenantCheck.message : undefined) };
  }

  private async formStep(step: FormStepId, fromEnd: boolean): Promise<'next' | 'back' | 'cancel'> {
    // Sent here with errors (e.g. review found one): start at it; coming back from the next step: at the end.
    let { index, message } = Object.keys(this.state.errors).length ? this.firstError(step) : { index: fromEnd ? this.visible(step).length - 1 : 0, message: undefined as string | undefined };
    for (;;) {
      const list = this.visible(step);
      if (index < 0) {
        this.runner.dispatch({ type: 'back' });
        return 'back';
      }
      if (index >= list.length) {
        this.runner.dispatch({ type: 'next' });
        if (step === 'tenant') await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the tenant…') }, () => this.runner.whenIdle());
        await this.runner.whenIdle();
        if (this.state.step !== step) return 'next';
        ({ index, message } = this.firstError(step)); // refused: back to the first input with an error
        continue;
      }
      const frame: Frame = { title: list[index]!.title, step: FORM_STEPS.indexOf(step), canBack: true };
      const r = await this.prompt(list[index]!, frame, message);
      message = undefined;
      if (r === 'cancel') return 'cancel';
      index += r === 'back' ? -1 : 1;
    }
  }

  private async prompt(p: Prompt, frame: Frame, message: string | undefined): Promise<'ok' | 'back' | 'cancel'> {
    const form = this.state.form;
    switch (p.kind) {
      case 'text': {
        const value = p.list ? splitList(form[p.field]).join(', ') : form[p.field];
        const r = await inputBox(frame, { prompt: p.prompt, placeholder: p.placeholder, value, message, validate: (v) => this.preview(p.field, v) });
        if (r.kind !== 'value') return r.kind;
        this.runner.dispatch({ type: 'edit', field: p.field, value: r.value });
        return 'ok';
      }
      case 'pick': {
        const items: Array<Item<string>> = p.options.map((o) => ({ value: o.value, label: o.label, detail: o.detail, picked: o.value === form[p.field] }));
        const r = await quickPick(frame, { placeholder: p.placeholder, items, active: items.find((i) => i.value === form[p.field]) });
        if (r.kind !== 'value') return r.kind;
        if (r.value[0]) this.runner.dispatch({ type: 'edit', field: p.field, value: r.value[0].value });
        return 'ok';
      }
      case 'toggles': {
        const items: Array<Item<BooleanField>> = p.fields.map((f) => ({ value: f.field, label: f.label }));
        const r = await quickPick(frame, { placeholder: p.placeholder, items, many: true, selected: items.filter((i) => form[i.value]) });
        if (r.kind !== 'value') return r.kind;
        for (const i of items) this.runner.dispatch({ type: 'edit', field: i.value, value: r.value.includes(i) });
        return 'ok';
      }
      case 'claims': {
        const summary = CLAIM_FIELDS.map((c) => form[c] || '—').join(', ');
        const items: Array<Item<boolean>> = [
          { value: false, label: vscode.l10n.t('Keep: {0}', summary), detail: vscode.l10n.t('{0} (the guide\'s mapping by default)', CLAIMS.map((c) => c.row.label()).join(', ')) },
          { value: true, label: vscode.l10n.t('Change the claims mapping…') },
        ];
        const r = await quickPick(frame, { placeholder: vscode.l10n.t('Which itsme claims fill the user\'s attributes'), items });
        if (r.kind !== 'value') return r.kind;
        this.local.editClaims = r.value[0]?.value ?? false;
        return 'ok';
      }
      case 'secret':
        return this.secret(frame, message);
    }
  }

  private async secret(frame: Frame, message: string | undefined): Promise<'ok' | 'back' | 'cancel'> {
    if (this.state.secretStored && !message) {
      const items: Array<Item<'keep' | 'replace'>> = [
        { value: 'keep', label: `$(lock) ${vscode.l10n.t('Keep the stored secret')}`, detail: vscode.l10n.t('Stored in VS Code\'s SecretStorage') },
        { value: 'replace', label: `$(key) ${vscode.l10n.t('Replace it')}` },
      ];
      const r = await quickPick(frame, { placeholder: vscode.l10n.t('The itsme client secret is stored'), items });
      if (r.kind !== 'value') return r.kind;
      if (r.value[0]?.value !== 'replace') return 'ok';
    }
    for (;;) {
      const r = await inputBox(frame, { prompt: vscode.l10n.t('The itsme client secret from the one-time link (stored in SecretStorage only)'), value: '', password: true, message, validate: (v) => (v ? checkSecretInput(v) : undefined) });
      if (r.kind !== 'value') return r.kind;
      if (!r.value && this.state.secretStored) return 'ok';
      await this.runner.storeSecret(r.value);
      if (this.state.secretStored && !this.state.errors.secret) return 'ok';
      message = this.state.errors.secret ?? checkSecretInput(r.value);
    }
  }

  private async review(): Promise<'next' | 'back' | 'cancel'> {
    let s = this.state;
    if (s.step === 'review' && s.plan.status === 'loading') {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the tenant and computing the plan…') }, () => this.runner.whenIdle());
      s = this.state;
    }
    if (s.step !== 'review') return 'next';
    if (s.plan.status === 'failed') {
      const retry = vscode.l10n.t('Try again');
      const back = vscode.l10n.t('Back');
      const pick = await vscode.window.showErrorMessage(s.plan.message, retry, back);
      if (pick === retry) this.runner.dispatch({ type: 'goto', step: 'review' });
      else if (pick === back) this.runner.dispatch({ type: 'back' });
      else return 'cancel';
      return pick === back ? 'back' : 'next';
    }
    if (s.plan.status !== 'ready') return 'cancel';
    const plan = s.plan.plan;
    const applyItem: Item<'apply' | undefined> = {
      value: 'apply',
      label: `$(check) ${plan.noChange ? vscode.l10n.t('Apply (nothing to change)') : vscode.l10n.t('Apply')}`,
      detail: plan.noChange ? vscode.l10n.t('No changes: the tenant already has this configuration.') : vscode.l10n.t('Writes the changes below to {0}.', plan.tenant.initialDomain),
    };
    const rows = plan.steps.map((step): Item<'apply' | undefined> => ({ value: undefined, label: `${iconOf(step)} ${actionWord(step.action)}: ${step.label}`, description: step.resource, detail: detailOf(step) }));
    for (;;) {
      const r = await quickPick(
        { title: vscode.l10n.t('Review the plan for {0}', plan.tenant.initialDomain), step: TOTAL, canBack: true },
        { placeholder: s.plan.notice ?? vscode.l10n.t('Nothing has been written yet. Pick "Apply" to write these changes.'), items: [applyItem, { label: '', kind: vscode.QuickPickItemKind.Separator, value: undefined }, ...rows], active: applyItem },
      );
      if (r.kind === 'cancel') return 'cancel';
      if (r.kind === 'back') {
        this.runner.dispatch({ type: 'back' });
        return 'back';
      }
      if (r.value[0]?.value === 'apply') {
        this.runner.dispatch({ type: 'apply' });
        return 'next';
      }
    }
  }

  private async apply(): Promise<'next'> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Applying the itsme configuration'), cancellable: true }, async (progress, token) => {
      const cancel = token.onCancellationRequested(() => this.runner.dispatch({ type: 'cancel' }));
      const listener = (s: WizardState) => {
        if (s.step !== 'apply') return;
        const finished = s.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
        const running = s.rows.find((r) => r.status === 'running');
        progress.report({ message: `${finished}/${s.rows.length}${running ? ` · ${running.label} (${statusWord('running')})` : ''}` });
      };
      this.listeners.add(listener);
      listener(this.state); // steps reported before this listener existed
      try {
        await this.runner.whenIdle();
      } finally {
        this.listeners.delete(listener);
        cancel.dispose();
      }
    });
    return 'next';
  }

  /** The result as notifications (not awaited: the command ends; their buttons still reach the machine). */
  private done(): 'finished' | 'next' {
    const s = this.state;
    if (s.step !== 'done') return 'next';
    const r = s.result;
    const dispatch = this.runner.dispatch.bind(this.runner);
    if (r.status === 'failed' || r.status === 'cancelled') {
      const again = vscode.l10n.t('Review again');
      const text = r.status === 'cancelled' ? vscode.l10n.t('Cancelled. What was written stays; apply again to finish.') : vscode.l10n.t('The setup did not finish: {0}', r.error ?? r.rows.find((x) => x.status === 'failed')?.detail ?? '');
      void vscode.window.showErrorMessage(text, again).then((pick) => pick === again && dispatch({ type: 'goto', step: 'review' }));
      return 'finished';
    }
    const runFlow = vscode.l10n.t('Run user flow');
    const copy = vscode.l10n.t('Copy redirect URIs for itsme');
    const text = r.nothingWritten ? vscode.l10n.t('No changes: the tenant already has this itsme configuration.') : vscode.l10n.t('itsme sign-in is set up. Send the two redirect URIs to itsme (onboarding@itsme-id.com).');
    const actions = [...(r.outputs?.runUserFlowUrl ? [runFlow] : []), ...(r.outputs?.itsmeRedirectUris.length ? [copy] : [])];
    void vscode.window.showInformationMessage(text, ...actions).then((pick) => {
      if (pick === runFlow) dispatch({ type: 'runUserFlow' });
      if (pick === copy) dispatch({ type: 'copy', which: 'redirectUris' });
    });
    for (const row of r.rows.filter((x) => x.status === 'manual' && x.manual)) {
      const open = vscode.l10n.t('Open in Azure portal');
      void vscode.window.showWarningMessage(row.manual!.text, ...(row.manual!.portalUrl ? [open] : [])).then((pick) => pick === open && dispatch({ type: 'openUrl', which: `manual:${row.resource}` }));
    }
    return 'finished';
  }
}

function iconOf(step: PlanStepSummary): string {
  const icons: Record<PlanStepSummary['action'], string> = { create: '$(add)', update: '$(edit)', link: '$(link)', noop: '$(pass)', manual: '$(person)', delete: '$(trash)', unlink: '$(debug-disconnect)', adopt: '$(pass-filled)', removeDuplicate: '$(trash)' };
  return icons[step.action];
}

function detailOf(step: PlanStepSummary): string {
  const parts = [step.reason, ...step.changes];
  if (step.manual) parts.push(`→ ${step.manual.text}`);
  return parts.join(' · ');
}

/** Runs the wizard as QuickPick / InputBox steps; resolves when it ends (finished or dismissed, progress kept). */
export async function runQuickPickWizard(deps: WizardDeps): Promise<void> {
  const listeners = new Set<(s: WizardState) => void>();
  const runner = createRunner(deps, (s) => listeners.forEach((l) => l(s)));
  await runner.start();
  try {
    await new QuickPickFlow(runner, listeners).run();
  } catch (e) {
    runner.dispose();
    throw e;
  }
}
