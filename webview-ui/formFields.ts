// Form controls bound to the wizard's fields: each sends an `edit` event as the user types or picks, and shows the
// machine's value and error for its field. No rules here: validity comes from the host's state; words, kinds and
// visibility come from the configuration's field table (controlField).
import { controlHelp, controlLabel, isVisible, splitList, type FieldName, type StringField, type BooleanField, type ErrorKey, type WizardControl } from '../src/wizard/fields';
import type { WizardView } from '../src/wizard/view';
import type { Send } from './vscodeApi';
import { h, setText, show } from './dom';

export interface FieldUi {
  readonly name: ErrorKey;
  readonly root: HTMLElement;
  update(view: WizardView): void;
  focus(): void;
}

export interface FieldContext {
  send: Send;
  /** Enter in a single-line field: go on (the same as pressing Next). */
  onEnter(): void;
}

interface Common {
  label: string;
  help?: string;
  /** Shown only when this holds (e.g. the metadata URL only for a custom endpoint, a field of the tenant's kind). */
  visibleWhen?: (view: WizardView) => boolean;
}

type ValueElement = HTMLElement & { value: string; invalid: boolean };
type CheckElement = HTMLElement & { checked: boolean };

const edit = (send: Send, field: FieldName, value: string | boolean) => send({ type: 'event', event: { type: 'edit', field, value } });

export function errorElement(name: ErrorKey): HTMLElement {
  // Polite live region: the message is read when it appears or changes, without stealing focus while typing.
  return h('div', { id: `error-${name}`, class: 'error', 'aria-live': 'polite' });
}

function wrapper(name: ErrorKey, ...children: HTMLElement[]): HTMLElement {
  return h('div', { class: 'field', 'data-field': name }, ...children);
}

function helpElement(name: string, help: string | undefined): HTMLElement | undefined {
  return help ? h('div', { id: `help-${name}`, class: 'help' }, help) : undefined;
}

/** Updates a field's visibility, error text and invalid marker from the view. */
function syncCommon(root: HTMLElement, error: HTMLElement, name: ErrorKey, spec: Common, view: WizardView, control?: HTMLElement): void {
  show(root, spec.visibleWhen ? spec.visibleWhen(view) : true);
  const message = view.errors[name] ?? '';
  setText(error, message);
  control?.toggleAttribute('invalid', message !== '');
}

export function textField(ctx: FieldContext, name: StringField, spec: Common & { placeholder?: string; multiline?: boolean; monospace?: boolean }): FieldUi {
  const id = `field-${name}`;
  const attrs = { id, name, placeholder: spec.placeholder, spellcheck: 'false', autocomplete: 'off' };
  const control = h(spec.multiline ? 'vscode-textarea' : 'vscode-textfield', spec.multiline ? { ...attrs, rows: '3', monospace: spec.monospace } : attrs) as ValueElement;
  const error = errorElement(name);
  const root = wrapper(name, h('vscode-label', { for: id }, spec.label), control, helpElement(name, spec.help) ?? h('span'), error);
  control.addEventListener('input', () => edit(ctx.send, name, control.value));
  if (!spec.multiline) {
    control.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') ctx.onEnter();
    });
  }
  return {
    name,
    root,
    update(view) {
      syncCommon(root, error, name, spec, view, control);
      // Never overwrite the field being typed in: its newer keystrokes are still on their way to the host.
      if (document.activeElement !== control && control.value !== view.form[name]) control.value = view.form[name];
    },
    focus: () => control.focus(),
  };
}

export function radioField(ctx: FieldContext, name: StringField, spec: Common & { options: Array<{ value: string; label: string; help?: string }> }): FieldUi {
  const id = `field-${name}`;
  const labelId = `label-${name}`;
  // Each option's description sits beside its radio, inside the radio's label (so clicking it picks the option and
  // a screen reader reads it with the option), not in a list of its own further down.
  const radios = spec.options.map((o) => {
    const label = o.help ? [h('span', { class: 'option-label' }, o.label), h('span', { class: 'option-desc', id: `${id}-${o.value}-desc` }, o.help)] : [o.label];
    const r = h('vscode-radio', { id: `${id}-${o.value}`, name, value: o.value, 'aria-describedby': o.help ? `${id}-${o.value}-desc` : undefined }, ...label) as CheckElement & { value: string };
    r.addEventListener('change', () => {
      if (r.checked) edit(ctx.send, name, o.value);
    });
    return r;
  });
  const group = h('vscode-radio-group', { id, variant: 'vertical' }, ...radios);
  let value = '';
  // The group checks a radio on arrow keys without a change event: report the newly checked one ourselves.
  group.addEventListener('keydown', (e) => {
    if (!e.key.startsWith('Arrow')) return;
    const checked = radios.find((r) => r.checked);
    if (checked && checked.value !== value) edit(ctx.send, name, checked.value);
  });
  const error = errorElement(name);
  const root = wrapper(name, h('vscode-label', { id: labelId, for: id }, spec.label), group, helpElement(name, spec.help) ?? h('span'), error);
  return {
    name,
    root,
    update(view) {
      syncCommon(root, error, name, spec, view);
      value = view.form[name];
      for (const r of radios) {
        const want = r.value === view.form[name];
        if (r.checked !== want) r.checked = want;
      }
    },
    focus: () => (radios.find((r) => r.checked) ?? radios[0])?.focus(),
  };
}

export function checkboxField(ctx: FieldContext, name: BooleanField, spec: Common): FieldUi {
  const control = h('vscode-checkbox', { id: `field-${name}`, name }, spec.label) as CheckElement;
  control.addEventListener('change', () => edit(ctx.send, name, control.checked));
  const error = errorElement(name);
  const root = wrapper(name, control, helpElement(name, spec.help) ?? h('span'), error);
  return {
    name,
    root,
    update(view) {
      syncCommon(root, error, name, spec, view);
      if (control.checked !== view.form[name]) control.checked = view.form[name];
    },
    focus: () => control.focus(),
  };
}

/**
 * Some of a list of options, a checkbox each (e.g. the itsme claims a custom policy asks for). The field holds the
 * checked values one per line, in the options' order; each box sends the whole new list.
 */
export function checksField(ctx: FieldContext, name: StringField, spec: Common & { options: Array<{ value: string; label: string; help?: string }> }): FieldUi {
  const id = `field-${name}`;
  let current: string[] = [];
  const boxes = spec.options.map((o) => {
    const label = o.help ? [h('span', { class: 'option-label' }, o.label), ' ', h('span', { class: 'option-desc', id: `${id}-${o.value}-desc` }, o.help)] : [o.label];
    const box = h('vscode-checkbox', { id: `${id}-${o.value}`, name, value: o.value, 'aria-describedby': o.help ? `${id}-${o.value}-desc` : undefined }, ...label) as CheckElement & { value: string };
    box.addEventListener('change', () => {
      const chosen = new Set(current.filter((v) => v !== o.value));
      if (box.checked) chosen.add(o.value);
      current = spec.options.map((x) => x.value).filter((v) => chosen.has(v));
      edit(ctx.send, name, current.join('\n'));
    });
    return box;
  });
  const group = h('div', { id, class: 'checks', role: 'group', 'aria-labelledby': `label-${name}` }, ...boxes);
  const error = errorElement(name);
  const root = wrapper(name, h('vscode-label', { id: `label-${name}` }, spec.label), group, helpElement(name, spec.help) ?? h('span'), error);
  return {
    name,
    root,
    update(view) {
      syncCommon(root, error, name, spec, view);
      current = splitList(view.form[name]);
      for (const b of boxes) {
        const want = current.includes(b.value);
        if (b.checked !== want) b.checked = want;
      }
    },
    focus: () => boxes[0]?.focus(),
  };
}

/** The control the field table declares: a text box, a list, radio buttons or checkboxes, with its words. */
export function controlField(ctx: FieldContext, control: WizardControl): FieldUi {
  const common: Common = { label: controlLabel(control), help: controlHelp(control), visibleWhen: (view) => isVisible(control, view.form, view.derived.tenantKind, view.derived.tenantKindKnown) };
  const { spec } = control;
  switch (spec.input) {
    case 'check':
      return checkboxField(ctx, control.name as BooleanField, common);
    case 'choice':
      return radioField(ctx, control.name as StringField, { ...common, options: (control.options ?? []).map((o) => ({ value: o.value, label: o.label?.() ?? o.value, help: o.help?.() })) });
    case 'checks':
      return checksField(ctx, control.name as StringField, { ...common, options: (control.options ?? []).map((o) => ({ value: o.value, label: o.label?.() ?? o.value, help: o.help?.() })) });
    case 'lines':
      return textField(ctx, control.name as StringField, { ...common, placeholder: spec.placeholder, multiline: true, monospace: true });
    case 'text':
      return textField(ctx, control.name as StringField, { ...common, placeholder: spec.placeholder });
  }
}
