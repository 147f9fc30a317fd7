// The setup wizard's webview, driven through the element ids documented at the top of webview-ui/main.ts.
import type { FrameLocator, Page } from 'playwright-core';
import { screenshot, T, webviewFrame } from './workbench';

export type Step = 'prerequisites' | 'tenant' | 'environment' | 'credentials' | 'identityProvider' | 'userFlow' | 'customPolicy' | 'app' | 'review' | 'apply' | 'done' | 'failed';

export class WizardPage {
  readonly frame: FrameLocator;
  private shots = 0;
  constructor(readonly page: Page, readonly shotPrefix = 'wizard') {
    this.frame = webviewFrame(page);
  }

  /** The step shown (data-step of #step-title). */
  async step(): Promise<string | null> {
    return this.frame.locator('#step-title').getAttribute('data-step', { timeout: T });
  }

  async waitStep(step: Step, timeout = T): Promise<void> {
    await this.frame.locator(`#step-title[data-step="${step}"]`).waitFor({ timeout });
  }

  /** Text field (vscode-textfield / vscode-textarea: the inner input or textarea, through the open shadow root). */
  field(name: string) {
    return this.frame.locator(`#field-${name}`).locator('input, textarea').first();
  }

  async fill(name: string, value: string): Promise<void> {
    const f = this.field(name);
    await f.fill(value);
    // The page sends edits on input/change; blur makes sure the last one went.
    await f.press('Tab').catch(() => {});
  }

  async value(name: string): Promise<string> {
    return this.field(name).inputValue();
  }

  async radio(name: string, value: string): Promise<void> {
    await this.frame.locator(`#field-${name}-${value}`).click();
  }

  /** Sets a vscode-checkbox to `on`. */
  async checkbox(name: string, on: boolean): Promise<void> {
    const box = this.frame.locator(`#field-${name}`);
    const checked = await box.evaluate((e) => (e as unknown as { checked: boolean }).checked);
    if (checked !== on) await box.click();
  }

  /** The inline error of a field ('' when valid). */
  async error(name: string): Promise<string> {
    const e = this.frame.locator(`#error-${name}`);
    return (await e.count()) ? (await e.innerText()).trim() : '';
  }

  async waitError(name: string): Promise<string> {
    await this.frame.locator(`#error-${name}`).filter({ hasText: /\S/ }).waitFor({ timeout: T });
    return this.error(name);
  }

  /** Clicks #next once it is enabled; with `to`, waits for that step. */
  async next(to?: Step): Promise<void> {
    const next = this.frame.locator('#next');
    await this.frame.locator('#next:not([disabled])').waitFor({ timeout: T });
    await next.click();
    if (to) await this.waitStep(to);
  }

  async back(to?: Step): Promise<void> {
    await this.frame.locator('#back').click();
    if (to) await this.waitStep(to);
  }

  /** Types the itsme client secret into the masked field (Next stores it; there is no button of its own). */
  async typeSecret(secret: string): Promise<void> {
    const replace = this.frame.locator('#replace-secret');
    if (await replace.isVisible()) await replace.click();
    await this.field('secret').fill(secret);
  }

  /** The heading's text, and the step list's current item (they must say the same). */
  async titles(): Promise<{ heading: string; current: string }> {
    const heading = (await this.frame.locator('#step-title').innerText()).trim();
    const current = (await this.frame.locator('#steps-nav li[aria-current="step"]').innerText()).trim();
    return { heading, current };
  }

  /** Visible primary buttons (vscode-button without `secondary`) of the page. */
  async primaryButtons(): Promise<string[]> {
    return this.frame.locator('vscode-button:not([secondary]):visible').evaluateAll((els) => els.map((e) => e.id));
  }

  /** Screenshot named <prefix>-NN-<name>.png in artifacts/screenshots. */
  async shot(name: string): Promise<string> {
    this.shots++;
    return screenshot(this.page, `${this.shotPrefix}-${String(this.shots).padStart(2, '0')}-${name}`);
  }

  /** The review rows: resource → action. */
  async plan(): Promise<Record<string, string>> {
    await this.frame.locator('#plan[data-status="ready"]').waitFor({ timeout: T });
    const rows = await this.frame.locator('.plan-step').evaluateAll((els) => els.map((e) => [e.getAttribute('data-resource') ?? '', e.getAttribute('data-action') ?? '']));
    return Object.fromEntries(rows);
  }

  /** The apply/done rows: resource → status. */
  async progress(): Promise<Record<string, string>> {
    const rows = await this.frame.locator('.progress-step').evaluateAll((els) => els.map((e) => [e.getAttribute('data-resource') ?? '', e.getAttribute('data-status') ?? '']));
    return Object.fromEntries(rows);
  }

  /** Waits for the apply to end; returns #result-status's data-status. */
  async result(timeout = 60_000): Promise<string> {
    const r = this.frame.locator('#result-status[data-status]');
    await r.waitFor({ timeout });
    return (await r.getAttribute('data-status')) ?? '';
  }
}
