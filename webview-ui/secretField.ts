// The itsme client secret: a masked field whose value goes to the host in one storeSecret message when the user
// presses Next (or Enter), and is wiped from the DOM right then. No button of its own: one primary button per page.
// The page only ever learns "stored"; it offers Replace (and Remove) from then on.
import type { WizardView } from '../src/wizard/view';
import type { FieldUi } from './formFields';
import { errorElement } from './formFields';
import type { Send } from './vscodeApi';
import { button, h, setText, show } from './dom';
import * as l10n from '@vscode/l10n';

export interface SecretFieldUi extends FieldUi {
  /** Next was pressed: sends what is typed (with "then next"); false when nothing was typed. */
  submitWithNext(): boolean;
}

export function secretField(send: Send, announce: (message: string) => void, onEnter: () => void): SecretFieldUi {
  let replacing = false;
  let stored = false;
  let first = true;
  // A native password input, not vscode-textfield: that one is a form-associated custom element, and Chromium keeps a
  // custom element's form state in its session-restore file on disk — the secret was found in the browser profile's
  // Sessions file. Chromium never saves a native password field's value there.
  const input = h('input', { id: 'field-secret-input', class: 'secret-input', type: 'password', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const inputBox = h('div', { id: 'field-secret', class: 'secret-box' }, input);
  const error = errorElement('secret');

  const submitWithNext = (): boolean => {
    const value = input.value;
    if (!value || input.hidden || (stored && !replacing)) return false;
    input.value = ''; // cleared before anything else happens: the value lives in the DOM for as short as possible
    replacing = false;
    send({ type: 'storeSecret', value, next: true });
    return true;
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') onEnter();
  });

  const cancelReplace = button('cancel-replace-secret', l10n.t('Keep the stored secret'), () => {
    input.value = '';
    replacing = false;
    render();
    replaceButton.focus();
  }, { secondary: true });
  const entry = h('div', { id: 'secret-entry', class: 'inline' }, inputBox, cancelReplace);

  const replaceButton = button('replace-secret', l10n.t('Replace'), () => {
    replacing = true;
    render();
    input.focus();
  }, { secondary: true });
  const removeButton = button('clear-secret', l10n.t('Remove'), () => send({ type: 'clearSecret' }), { secondary: true });
  const status = h('span', { id: 'secret-status', class: 'stored' }, l10n.t('✓ Stored in VS Code\'s SecretStorage (encrypted, never shown again)'));
  const storedBlock = h('div', { id: 'secret-stored', class: 'inline' }, status, replaceButton, removeButton);

  const root = h(
    'div',
    { class: 'field', 'data-field': 'secret' },
    h('vscode-label', { for: 'field-secret-input' }, l10n.t('Client secret')),
    entry,
    storedBlock,
    h('div', { id: 'help-secret', class: 'help' }, l10n.t('From the one-time link itsme sent you. Next stores it in VS Code\'s SecretStorage; it is used only in the request that creates the identity provider.')),
    error,
  );

  function render(): void {
    show(entry, !stored || replacing);
    show(cancelReplace, stored && replacing);
    show(storedBlock, stored && !replacing);
  }

  return {
    name: 'secret',
    root,
    submitWithNext,
    update(view: WizardView) {
      const wasStored = stored;
      stored = view.secretStored;
      render();
      setText(error, view.errors.secret ?? '');
      input.setAttribute('aria-invalid', view.errors.secret ? 'true' : 'false');
      input.toggleAttribute('invalid', !!view.errors.secret);
      if (stored && !wasStored && !first) {
        announce(l10n.t('The client secret is stored.'));
        if (document.activeElement === input || document.activeElement === document.body) replaceButton.focus();
      }
      first = false;
    },
    focus: () => (stored && !replacing ? replaceButton : input).focus(),
  };
}
