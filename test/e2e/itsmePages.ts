// The emulated itsme as a person goes through it in the e2e files: "Identify yourself" → the phone number → Send, then
// the "itsme app" (a mobile-sized page of its own) → Confirm or Reject. Whatever sent the browser there (b2clogin,
// ciamlogin, a custom policy's journey) and wherever it goes after is the caller's.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ItsmeEmulator } from '../../emulators/itsme';
import { T } from './workbench';

export interface ItsmeSteps {
  decision?: 'confirm' | 'reject';
  /** Screenshots at each step: itsme-identify, itsme-waiting, itsme-app, itsme-app-confirmed|rejected. */
  shot?: (page: Page, what: string) => Promise<unknown>;
}

/**
 * From the tab on itsme's "Identify yourself" page to the app's answer; returns what the app's card asked (its text,
 * white space folded). The app page is closed once it says it answered.
 */
export async function answerInItsme(tab: Page, itsme: ItsmeEmulator, phone: string, o: ItsmeSteps = {}): Promise<string> {
  const decision = o.decision ?? 'confirm';
  const shot = o.shot ?? (async () => undefined);
  await tab.getByRole('heading', { name: 'Identify yourself' }).waitFor({ timeout: T });
  assert.equal(new URL(tab.url()).origin, itsme.url, 'the identify page is itsme\'s');
  await tab.locator('#phone').fill(phone);
  await shot(tab, 'itsme-identify');
  await tab.getByRole('button', { name: 'Send' }).click();
  await tab.locator('#itsme-status').waitFor({ timeout: T });
  await shot(tab, 'itsme-waiting');
  const app = await tab.context().newPage();
  await app.setViewportSize({ width: 390, height: 844 });
  await app.goto(`${itsme.appUrl}?phone=${encodeURIComponent(phone)}`);
  const card = app.locator('li.action').first();
  await card.waitFor({ timeout: T });
  const asked = (await card.innerText()).replace(/\s+/g, ' ');
  await shot(app, 'itsme-app');
  await card.getByRole('button', { name: decision === 'confirm' ? 'Confirm' : 'Reject' }).click();
  await app.getByRole('status').or(app.getByRole('alert')).first().waitFor({ timeout: T });
  await shot(app, `itsme-app-${decision}ed`);
  await app.close();
  return asked;
}
