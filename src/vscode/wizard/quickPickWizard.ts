// The setup wizard without a webview: the same state machine driven by a multi-step QuickPick / InputBox flow
// (VS Code's guidelines prefer it for wizards, and it is all keyboard). Each form step is a short sequence of
// inputs; every value goes to the machine as an `edit`, and the machine's message for it is shown as the
// InputBox's validation message. The secret uses a password box and goes straight to SecretStorage.
import * as vscode from 'vscode';
import { actionWord, statusWord } from '../../core/format';
import type { BooleanField, ErrorKey, StringField, WizardForm } from '../../wizard/fields';
import { splitList } from '../../wizard/fields';
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
  | { kind: 'toggles'; placeholder: string; fields: Array<{ field: BooleanField; label: string }> }
  | { kind: 'secret' }
  | { kind: 'claims' }
);

const CLAIMS: StringField[] = ['claimUserId', 'claimDisplayName', 'claimGivenName', 'claimSurname', 'claimEmail'];

function prompts(step: FormStepId): Prompt[] {
  const claims = (f: WizardForm, l: Local) => l.editClaims;
  switch (step) {
    case 'prerequisites':
      return [];
    case 'tenant':
      return [
        { kind: 'text', field: 'tenant', title: vscode.l10n.t('Azure AD B2C tenant'), prompt: vscode.l10n.t('The tenant\'s <name>.onmicrosoft.com domain or its id (empty: the tenant you signed in to)'), placeholder: 'contosob2c.onmicrosoft.com' },
        { kind: 'text', field: 'loginHost', title: vscode.l10n.t('Custom login domain (optional)'), prompt: vscode.l10n.t('Only if the tenant uses a custom domain instead of <name>.b2clogin.com; press Enter to skip'), placeholder: 'login.contoso.com' },
      ];
    case 'environment':
      return [
        { kind: 'pick', field: 'environment', title: vscode.l10n.t('itsme environment'), placeholder: vscode.l10n.t('Which itsme environment B2C talks to'), options: [{ value: 'e2e', label: 'e2e', detail: vscode.l10n.t('itsme\'s test environment') }, { value: 'prd', label: 'prd', detail: vscode.l10n.t('production') }] },
        {
          kind: 'pick',
          field: 'generation',
          title: vscode.l10n.t('Endpoint generation'),
          placeholder: vscode.l10n.t('How to tell: idp.<env>.itsme.services in your itsme documents means v2; the csapi URL means legacy'),
          options: [
            { value: 'v2', label: 'v2', detail: vscode.l10n.t('Onboarded on or after 25 June 2025 (host idp.<env>.itsme.services)') },
            { value: 'legacy', label: vscode.l10n.t('legacy'), detail: vscode.l10n.t('Onboarded earlier: the csapi URL of Microsoft\'s guide') },
            { value: 'custom', label: vscode.l10n.t('custom URL'), detail: vscode.l10n.t('A discovery URL itsme gave you') },
          ],
        },
        { kind: 'text', field: 'metadataUrl', title: vscode.l10n.t('Metadata URL'), prompt: vscode.l10n.t('The https URL of the .well-known/openid-configuration document'), when: (f) => f.generation === 'custom' },
      ];
    case 'credentials':
      return [
        { kind: 'text', field: 'partnerCode', title: vscode.l10n.t('Partner code'), prompt: vscode.l10n.t('The itsme partner code (the OpenID Connect client id)'), placeholder: 'abcd1234' },
        { kind: 'text', field: 'serviceCode', title: vscode.l10n.t('Service code'), prompt: vscode.l10n.t('The code of your itsme service, without "service:"'), placeholder: 'MYBANK_LOGIN' },
        { kind: 'secret', title: vscode.l10n.t('Client secret') },
        { kind: 'toggles', title: vscode.l10n.t('Optional scopes'), placeholder: vscode.l10n.t('Also ask itsme for (Enter to continue)'), fields: [{ field: 'scopePhone', label: vscode.l10n.t('phone') }, { field: 'scopeAddress', label: vscode.l10n.t('address') }] },
      ];
    case 'identityProvider':
      return [
        { kind: 'text', field: 'idpDisplayName', title: vscode.l10n.t('Identity provider name'), prompt: vscode.l10n.t('The label of the sign-in button'), placeholder: 'itsme' },
        { kind: 'claims', title: vscode.l10n.t('Claims mapping') },
        { kind: 'text', field: 'claimUserId', title: vscode.l10n.t('User ID claim'), prompt: vscode.l10n.t('The itsme claim for the user id'), placeholder: 'sub', when: claims },
        { kind: 'text', field: 'claimDisplayName', title: vscode.l10n.t('Display name claim'), prompt: vscode.l10n.t('The itsme claim for the display name'), placeholder: 'name', when: claims },
        { kind: 'text', field: 'claimGivenName', title: vscode.l10n.t('Given name claim'), prompt: vscode.l10n.t('Optional: empty for none'), placeholder: 'given_name', when: claims },
        { kind: 'text', field: 'claimSurname', title: vscode.l10n.t('Surname claim'), prompt: vscode.l10n.t('Optional: empty for none'), placeholder: 'family_name', when: claims },
        { kind: 'text', field: 'claimEmail', title: vscode.l10n.t('Email claim'), prompt: vscode.l10n.t('Optional: empty for none'), placeholder: 'email', when: claims },
        { kind: 'text', field: 'domainHint', title: vscode.l10n.t('Domain hint (optional)'), prompt: vscode.l10n.t('The guide leaves it empty; press Enter to skip') },
      ];
    case 'userFlow':
      return [
        { kind: 'text', field: 'flowName', title: vscode.l10n.t('User flow name'), prompt: vscode.l10n.t('B2C adds the B2C_1_ prefix'), placeholder: 'itsme' },
        { kind: 'text', field: 'tokenLifetimeMinutes', title: vscode.l10n.t('Token lifetime'), prompt: vscode.l10n.t('Access and ID token lifetime in minutes (the guide: 5; allowed 5 to 1440)'), placeholder: '5' },
        { kind: 'pick', field: 'slidingWindow', title: vscode.l10n.t('Refresh token sliding window'), placeholder: vscode.l10n.t('How long refresh tokens keep working'), options: [{ value: 'noExpiry', label: vscode.l10n.t('No expiry'), detail: vscode.l10n.t('The guide\'s choice') }, { value: 'bounded', label: vscode.l10n.t('Bounded') }] },
        { kind: 'text', field: 'slidingWindowDays', title: vscode.l10n.t('Sliding window length'), prompt: vscode.l10n.t('Days'), placeholder: '90', when: (f) => f.slidingWindow === 'bounded' },
      ];
    case 'app':
      return [
        { kind: 'text', field: 'appDisplayName', title: vscode.l10n.t('App registration name'), prompt: vscode.l10n.t('The test app\'s name'), placeholder: 'itsme-test-jwtms' },
        { kind: 'text', field: 'redirectUris', title: vscode.l10n.t('Redirect URIs'), prompt: vscode.l10n.t('Separated by commas; https://jwt.ms shows the token after "Run user flow"'), list: true },
        {
          kind: 'toggles',
          title: vscode.l10n.t('App options'),
          placeholder: vscode.l10n.t('Enter to continue'),
          fields: [
            { field: 'implicitIdTokens', label: vscode.l10n.t('Implicit grant: ID tokens') },
            { field: 'implicitAccessTokens', label: vscode.l10n.t('Implicit grant: access tokens') },
            { field: 'adminConsent', label: vscode.l10n.t('Grant admin consent for openid and offline_access') },
          ],
        },
      ];
  }
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
    if (field && CLAIMS.includes(field as StringField)) this.local.editClaims = true;
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
        const summary = CLAIMS.map((c) => form[c] || '—').join(', ');
        const items: Array<Item<boolean>> = [
          { value: false, label: vscode.l10n.t('Keep: {0}', summary), detail: vscode.l10n.t('User ID, display name, given name, surname, email (the guide\'s mapping by default)') },
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
        { placeholder: vscode.l10n.t('Nothing has been written yet. Pick "Apply" to write these changes.'), items: [applyItem, { label: '', kind: vscode.QuickPickItemKind.Separator, value: undefined }, ...rows], active: applyItem },
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
