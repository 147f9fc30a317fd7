// Webview ⇄ host messages, declared once for both sides (design principle 4). The webview is untrusted: the host
// accepts only what guards.ts recognises. The host never sends the secret: the view holds at most `secretStored`.
import type { UiEvent } from '../wizard/state';
import type { WizardView } from '../wizard/view';

/** webview → host */
export type WebviewMessage =
  /** The page has loaded its script and listens: the host may post from now on. */
  | { type: 'ready' }
  /** Something the user did; the host feeds it to the wizard's transition(). */
  | { type: 'event'; event: UiEvent }
  /** The itsme client secret, on its own path: the host stores it in SecretStorage and it goes nowhere else. */
  /** With `next`: the secret was typed and Next pressed; the host stores it, then goes on (one button, one click). */
  | { type: 'storeSecret'; value: string; next?: true }
  | { type: 'clearSecret' };

/** host → webview */
export type HostMessage =
  /** Sent once after each `ready`, before any state: the translations for the page (absent in English). */
  | { type: 'init'; l10n?: Record<string, string> }
  | { type: 'state'; view: WizardView };

export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageType = HostMessage['type'];

/** Longer than any real client secret; a longer value is a paste accident (or an attack) and is refused. */
export const MAX_SECRET_LENGTH = 1024;
