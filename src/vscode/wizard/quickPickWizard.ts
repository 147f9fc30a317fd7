// The setup wizard without a webview: the same state machine driven by a multi-step QuickPick / InputBox flow
// (VS Code's guidelines prefer it for wizards, and it is all keyboard). Each form step is a short sequence of
// inputs; every value goes to the machine as an `edit`, and the machine's message for it is shown as the
// InputBox's validation message. The secret uses a password box and goes straight to SecretStorage.
// The step counter counts prompts, not pages: each prompt has its own number ("4/15"), review is the last; the
// total follows the answers (a custom metadata URL or a changed claims mapping adds prompts).
import * as vscode from 'vscode';
import { actionName, resourceName, statusWord, stepObject } from '../../core/format';
import { groupTitle, SECRET_AFTER, type FieldGroup } from '../../core/config/fields';
import type { BooleanField, ErrorKey, StringField, WizardForm } from '../../wizard/fields';
import { controlHelp, controlLabel, controlsOfStep, isVisible, splitList, WIZARD_CONTROLS } from '../../wizard/fields';
import type { WizardRunner } from '../../wizard/runner';
import type { PlanStepSummary, WizardState } from '../../wizard/state';
import { FORM_STEPS, type FormStepId } from '../../wizard/steps';
import type { TenantKind } from '../../wizard/tenantKind';
import { kindOf } from '../../wizard/transition';
import { transition } from '../../wizard/transition';
import { checkSecretInput } from '../../wizard/validation';
import { copyText } from '../../wizard/links';
import { inputBox, quickPick, type Frame } from '../quickInput';
import { createRunner, type WizardDeps } from './WizardPanel';

interface Local {
  editClaims: boolean;
}

type Prompt = { title: string; when?: (form: WizardForm, local: Local, kind: TenantKind, kindKnown: boolean) => boolean } & (
  | { kind: 'text'; field: StringField; prompt: string; placeholder?: string; list?: boolean }
  | { kind: 'pick'; field: StringField; placeholder: string; options: Array<{ value: string; label: string; detail?: string }> }
  /** Some of the options (the field holds them one per line). */
  | { kind: 'multi'; field: StringField; placeholder: string; options: Array<{ value: string; label: string; detail?: string }> }
  | { kind: 'toggles'; group?: FieldGroup; placeholder: string; fields: Array<{ field: BooleanField; label: string }> }
  | { kind: 'secret' }
  | { kind: 'claims' }
);

/** The form steps the counter counts: all but the introduction (its pick has no number). */
const COUNTED_STEPS = FORM_STEPS.filter((st) => st !== 'prerequisites');

/** The claims the QuickPick hides behind one "keep or change" question (the table's claims group). */
const CLAIMS = WIZARD_CONTROLS.filter((c) => c.spec.group === 'claims');
const CLAIM_FIELDS = CLAIMS.map((c) => c.name as StringField);

/** The step's inputs, from the field table: a text box or a pick per control, a group's checkboxes as one pick. */
function prompts(step: FormStepId): Prompt[] {
  const out: Prompt[] = [];
  for (const c of controlsOfStep(step)) {
    const when = (f: WizardForm, l: Local, k: TenantKind, known: boolean) => isVisible(c, f, k, known) && (c.spec.group !== 'claims' || l.editClaims);
    const title = controlLabel(c);
    const help = controlHelp(c) ?? title;
    const last = out.at(-1);
    if (c.kind === 'boolean') {
      const toggle = { field: c.name as BooleanField, label: title };
      if (last?.kind === 'toggles' && c.spec.group && last.group === c.spec.group) last.fields.push(toggle);
      else out.push({ kind: 'toggles', group: c.spec.group, title: c.spec.group ? groupTitle(c.spec.group) : title, placeholder: vscode.l10n.t('Space to select, Enter to continue'), fields: [toggle], when });
    } else if (c.spec.input === 'checks') {
      out.push({ kind: 'multi', field: c.name as StringField, title, placeholder: help, options: (c.options ?? []).map((o) => ({ value: o.value, label: o.label?.() ?? o.value, detail: o.help?.() })), when });
    } else if (c.spec.input === 'choice') {
      out.push({ kind: 'pick', field: c.name as StringField, title, placeholder: help, options: (c.options ?? []).map((o) => ({ value: o.value, label: o.label?.() ?? o.value, detail: o.help?.() })), when });
    } else {
      // Asked only when the tenant's kind has a claims mapping to change.
      if (c.spec.group === 'claims' && !out.some((p) => p.kind === 'claims')) out.push({ kind: 'claims', title: groupTitle('claims'), when: (f, _l, k) => CLAIMS.some((x) => isVisible(x, f, k)) });
      out.push({ kind: 'text', field: c.name as StringField, title, prompt: help, placeholder: c.spec.placeholder, list: c.spec.input === 'lines', when });
    }
    if (c.name === SECRET_AFTER) out.push({ kind: 'secret', title: vscode.l10n.t('Client secret') });
  }
  return out;
}

function fieldsOf(p: Prompt): ErrorKey[] {
  if (p.kind === 'text' || p.kind === 'pick' || p.kind === 'multi') return [p.field];
  if (p.kind === 'toggles') return p.fields.map((f) => f.field);
  return p.kind === 'secret' ? ['secret'] : [];
}

type Item<V> = vscode.QuickPickItem & { value: V };

class QuickPickFlow {
  private local: Local = { editClaims: false };

  constructor(
    private readonly runner: WizardRunner,
    private readonly listeners: Set<(s: WizardState) => void>,
    private readonly deps: Pick<WizardDeps, 'onRunUserFlow' | 'onCopy' | 'onOpenUrl'>,
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
    return prompts(step).filter((p) => !p.when || p.when(this.state.form, this.local, kindOf(this.state), this.state.tenantKind !== undefined));
  }

  /** The counted steps: every prompt after the introduction, then review. */
  private totalSteps(): number {
    return COUNTED_STEPS.reduce((n, st) => n + this.visible(st).length, 0) + 1;
  }

  /** "step/total" of the index-th prompt of a form step: one number per prompt, none twice. */
  private counter(step: FormStepId, index: number): { step: number; totalSteps: number } {
    const at = COUNTED_STEPS.indexOf(step as (typeof COUNTED_STEPS)[number]);
    const before = COUNTED_STEPS.slice(0, Math.max(at, 0)).reduce((n, st) => n + this.visible(st).length, 0);
    return { step: before + index + 1, totalSteps: this.totalSteps() };
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
      const frame: Frame = { title: list[index]!.title, ...this.counter(step, index), canBack: true };
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
      case 'multi': {
        const chosen = splitList(form[p.field]);
        const items: Array<Item<string>> = p.options.map((o) => ({ value: o.value, label: o.label, detail: o.detail }));
        const r = await quickPick(frame, { placeholder: p.placeholder, items, many: true, selected: items.filter((i) => chosen.includes(i.value)) });
        if (r.kind !== 'value') return r.kind;
        this.runner.dispatch({ type: 'edit', field: p.field, value: items.filter((i) => r.value.includes(i)).map((i) => i.value).join('\n') });
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
    // With nothing to change there is nothing to apply: the primary item finishes (it writes nothing).
    type Choice = 'apply' | `policy:${number}` | undefined;
    const applyItem: Item<Choice> = plan.noChange
      ? { value: 'apply', label: `$(pass) ${vscode.l10n.t('Finish: nothing to change')}`, detail: vscode.l10n.t('The tenant already has this configuration; nothing will be written.') }
      : { value: 'apply', label: `$(check) ${vscode.l10n.t('Apply')}`, detail: vscode.l10n.t('Writes the changes below to {0}.', plan.tenant.initialDomain) };
    // Rows in words: "Admin consent: openid, offline_access", the action beside it; never a resource key.
    const rows = plan.steps.map((step): Item<Choice> => ({ value: undefined, label: `${iconOf(step)} ${resourceName(step.resource)}: ${stepObject(step)}`, description: actionName(step.action), detail: detailOf(step) }));
    // B2C custom policy: each generated file can be read (read-only) before anything is uploaded.
    const policies = (plan.outputs.customPolicy?.policies ?? []).map((p, i): Item<Choice> => ({ value: `policy:${i}`, label: `$(file-code) ${vscode.l10n.t('Open policy file {0}', p.id)}`, detail: vscode.l10n.t('The XML as it will be uploaded, in a read-only editor.') }));
    const extra: Array<Item<Choice>> = policies.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator, value: undefined }, ...policies] : [];
    for (;;) {
      const r = await quickPick(
        { title: vscode.l10n.t('Review the plan for {0}', plan.tenant.initialDomain), step: this.totalSteps(), totalSteps: this.totalSteps(), canBack: true },
        { placeholder: s.plan.notice ?? vscode.l10n.t('Nothing has been written yet. Pick "Apply" to write these changes.'), items: [applyItem, { label: '', kind: vscode.QuickPickItemKind.Separator, value: undefined }, ...rows, ...extra], active: applyItem },
      );
      if (r.kind === 'cancel') return 'cancel';
      if (r.kind === 'back') {
        this.runner.dispatch({ type: 'back' });
        return 'back';
      }
      const picked = r.value[0]?.value;
      if (picked === 'apply') {
        this.runner.dispatch({ type: 'apply' });
        return 'next';
      }
      if (picked?.startsWith('policy:')) this.runner.dispatch({ type: 'openPolicy', index: Number(picked.slice('policy:'.length)) });
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

  /**
   * The result as notifications (not awaited: the command ends). After a finished setup the wizard starts over
   * (the values stay as the next run's defaults), so the next run does not reopen on Review; the buttons act on
   * this result directly. A failed or cancelled apply stays on Review, to apply again.
   */
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
    const flowUrl = r.outputs?.runUserFlowUrl;
    const uris = copyText(s, 'redirectUris');
    dispatch({ type: 'restart' });
    const runFlow = vscode.l10n.t('Run user flow');
    const copy = vscode.l10n.t('Copy redirect URIs for itsme');
    const text = r.nothingWritten ? vscode.l10n.t('No changes: the tenant already has this itsme configuration.') : vscode.l10n.t('itsme sign-in is set up. Send the two redirect URIs to itsme (onboarding@itsme-id.com); once itsme confirms, run the user flow.');
    // In the order of real life: the redirect URIs go to itsme first; the user flow works once itsme allows them.
    const actions = [...(uris ? [copy] : []), ...(flowUrl ? [runFlow] : [])];
    void vscode.window.showInformationMessage(text, ...actions).then((pick) => {
      if (pick === runFlow && flowUrl) this.deps.onRunUserFlow(flowUrl);
      if (pick === copy && uris) this.deps.onCopy(uris);
    });
    for (const row of r.rows.filter((x) => x.status === 'manual' && x.manual)) {
      const open = vscode.l10n.t('Open in Azure portal');
      const url = row.manual!.portalUrl;
      void vscode.window.showWarningMessage(row.manual!.text, ...(url ? [open] : [])).then((pick) => pick === open && url && this.deps.onOpenUrl(url));
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
    await new QuickPickFlow(runner, listeners, deps).run();
  } catch (e) {
    runner.dispose();
    throw e;
  }
}
