// Multi-step QuickPick / InputBox prompts with a step counter and a Back button (the pattern of VS Code's
// quickinput sample, multiStepInput.ts): each prompt resolves to a value, "back" or "cancel", and the caller
// walks its steps with an index. Used by the sign-in prompts and the QuickPick wizard.
import * as vscode from 'vscode';

export type Outcome<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

export interface Frame {
  title: string;
  /** 1-based position; none for a prompt outside the counted steps. */
  step?: number;
  totalSteps?: number;
  canBack: boolean;
}

export function inputBox(
  frame: Frame,
  opts: { prompt: string; placeholder?: string; value: string; password?: boolean; message?: string; validate(value: string): string | undefined },
): Promise<Outcome<string>> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = frame.title;
    box.step = frame.step;
    box.totalSteps = frame.step === undefined ? undefined : frame.totalSteps;
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

export function quickPick<T extends vscode.QuickPickItem>(
  frame: Frame,
  opts: { placeholder: string; items: T[]; active?: T; many?: boolean; selected?: T[] },
): Promise<Outcome<T[]>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = frame.title;
    pick.step = frame.step;
    pick.totalSteps = frame.step === undefined ? undefined : frame.totalSteps;
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
