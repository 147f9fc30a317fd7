// What every step of the page provides: its content and buttons (built once on entering the step), and an update
// for each new state while the step stays the same (so typing never loses focus or caret).
import type { WizardView } from '../src/wizard/view';
import type { Send } from './vscodeApi';

export interface StepContext {
  send: Send;
  /** Sends "next" (a refusal comes back as a higher `refusals` count, and focus moves to the first error). */
  next(): void;
  /** Reads a short message to screen-reader users (polite live region). */
  announce(message: string): void;
}

export interface StepUi {
  readonly body: HTMLElement;
  readonly actions: HTMLElement[];
  update(view: WizardView): void;
  /** Moves focus to the first field showing an error (after a refused "next"); false if there is none. */
  focusFirstError?(view: WizardView): boolean;
}
