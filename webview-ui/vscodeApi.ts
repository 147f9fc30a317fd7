// The page's only channel to the host. The API object stays private to this module (VS Code's webview guide),
// and only protocol messages can be sent through it.
import type { WebviewMessage } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export type Send = (message: WebviewMessage) => void;

export const send: Send = (message) => api.postMessage(message);
