// Issue 8, findings 5, 8, 13 and 14 (signed in), in the QuickPick wizard, the portal picker and the Remove
// confirmation. Runs after wizard.test.ts (alphabetical order) and sets up its own tenant: it resets the Graph
// emulator, signs in from the palette and applies through the QuickPick.
// - 8: one step number per prompt, none repeated, review last; no "Apply (nothing to change)"; after a finished
//   apply the next run starts over instead of reopening on Review.
// - 5: review rows, portal picker and Remove list name objects in words, never resource keys or raw URLs.
// - 13: the Remove confirmation's active item is "Cancel": Enter deletes nothing.
// - 14: signed in, "Sign In" leaves the palette and "Sign Out" is there.
// Screenshots: artifacts/screenshots/quickpick-*.png.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { e2e } from './env';
import { commandLabel } from './manifest';
import { answerInputBox, answerQuickPick, COMMANDS, paletteCommands, quickInput, quickInputBox, quickInputState, runCommand, screenshot, T, waitForNotification, waitForQuickInput, type Workbench } from './workbench';

const TENANT = 'contosob2c.onmicrosoft.com';
const PARTNER = 'abcd1234';
const SERVICE = 'MYBANK_LOGIN';
const ITSME_SECRET = `itsme-qp-Secret-${process.pid}-DO-NOT-LEAK`;
/** Resource keys and portal-link keys that must not be what people read. */
const KEYS = /\b(identityProvider|userFlowLink|userFlowSettings|adminConsent|servicePrincipal|userFlowProperties|appRegistrations?|identityProviders)\b/;

/** Waits until the quick input shows something other than `title` (or closes). */
async function nextPrompt(page: Page, title: string): Promise<void> {
  await page
    .waitForFunction((t) => {
      const w = [...document.querySelectorAll<HTMLElement>('.quick-input-widget')].find((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
      return !w || w.querySelector('.quick-input-title')?.textContent !== t;
    }, title, { timeout: T })
    .catch(() => {});
}

/** Walks the QuickPick wizard to its review, answering what it asks; returns the titles seen and the review. */
async function walkToReview(page: Page): Promise<{ titles: string[]; review: { title: string; rows: string[]; active?: string } }> {
  const titles: string[] = [];
  for (let i = 0; i < 60; i++) {
    await quickInput(page).waitFor({ state: 'visible', timeout: T });
    const s = await quickInputState(page);
    if (/Review the plan/.test(s.title)) return { titles, review: s };
    if (titles.at(-1) === s.title && s.message) throw new Error(`stuck on "${s.title}": ${s.message}`);
    titles.push(s.title);
    const input = quickInputBox(page);
    if (s.password) await input.fill(ITSME_SECRET);
    else if (/^Tenant domain/.test(s.title) && !s.value) await input.fill(TENANT);
    else if (/^Partner code/.test(s.title)) await input.fill(PARTNER);
    else if (/^Service code/.test(s.title)) await input.fill(SERVICE);
    await page.keyboard.press('Enter');
    await nextPrompt(page, s.title);
  }
  throw new Error(`no review; prompts: ${titles.join(' → ')}`);
}

const counterOf = (title: string): [number, number] | undefined => {
  const m = /\((\d+)\/(\d+)\)$/.exec(title);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

describe('QuickPick wizard, portal picker and Remove in words (issue 8: findings 5, 8, 13, 14)', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    e2e().emu.reset();
    wb = await e2e().open();
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.signIn'));
    await answerInputBox(page, 'Sign in to an Azure AD B2C tenant', TENANT);
    await answerQuickPick(page, 'How do you sign in?', 'Service principal');
    await answerInputBox(page, 'Management app client id', e2e().emu.management.clientId);
    await answerInputBox(page, 'Service principal secret', e2e().emu.management.clientSecret);
    await waitForNotification(page, /Signed in to/);
  });
  after(async () => {
    await wb?.close();
  });

  it('signed in: "Sign In" is no longer in the palette; "Sign Out" is', async () => {
    const labels = await paletteCommands(wb.page, 'itsme: ');
    assert.ok(!labels.some((l) => l.startsWith(commandLabel('itsme.signIn'))), `still offers sign-in: ${labels.join(' | ')}`);
    assert.ok(labels.some((l) => l.startsWith(commandLabel('itsme.signOut'))), `no sign-out: ${labels.join(' | ')}`);
  });

  it('counts each prompt once, reviews in words, applies', async () => {
    const { page } = wb;
    await runCommand(page, COMMANDS.closeAllEditors);
    await runCommand(page, commandLabel('itsme.setupQuickPick'));
    const { titles, review } = await walkToReview(page);
    await screenshot(page, 'quickpick-01-review');
    const counted = titles.map(counterOf).filter((c): c is [number, number] => !!c);
    const numbers = counted.map((c) => c[0]);
    assert.equal(new Set(numbers).size, numbers.length, `a step number repeats: ${titles.join(' → ')}`);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `not 1, 2, 3…: ${titles.join(' → ')}`);
    const last = counterOf(review.title);
    assert.ok(last && last[0] === last[1] && last[0] === numbers.length + 1, `review is the last step: ${review.title} after ${numbers.length} prompts`);
    const rows = review.rows.filter(Boolean);
    assert.match(rows[0] ?? '', /^check Apply|Apply/, rows.join(' | '));
    for (const r of rows) assert.doesNotMatch(r, KEYS, `a resource key in "${r}"`);
    for (const words of ['Identity provider', 'User flow link', 'Token lifetimes', 'Admin consent: openid, offline_access']) assert.ok(rows.some((r) => r.includes(words)), `no row "${words}": ${rows.join(' | ')}`);
    await page.keyboard.press('Enter'); // Apply
    await waitForNotification(page, /itsme sign-in is set up/i, 120_000);
    await screenshot(page, 'quickpick-02-done');
  });

  it('after a finished apply, the next run starts over (not on Review) and offers no "Apply (nothing to change)"', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.setupQuickPick'));
    await quickInput(page).waitFor({ state: 'visible', timeout: T });
    const first = await quickInputState(page);
    await screenshot(page, 'quickpick-03-starts-over');
    assert.doesNotMatch(first.title, /Review/, 'reopened on Review');
    assert.match(first.title, /before you start/i);
    const { review } = await walkToReview(page);
    await screenshot(page, 'quickpick-04-nothing-to-change');
    assert.doesNotMatch(review.rows.join(' | '), /Apply \(nothing to change\)/);
    assert.match(review.rows[0] ?? '', /nothing to change/i);
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: T });
  });

  it('the portal picker names pages in words', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.openInPortal'));
    await waitForQuickInput(page, /Open in Azure Portal/);
    const s = await quickInputState(page);
    await screenshot(page, 'quickpick-05-portal-picker');
    await page.keyboard.press('Escape');
    const labels = s.rows.map((r) => r.split(', https://')[0]!);
    assert.ok(labels.length >= 4, s.rows.join(' | '));
    for (const l of labels) {
      assert.doesNotMatch(l, KEYS, `a key as the label: ${l}`);
      assert.doesNotMatch(l, /^https?:/, `a URL as the label: ${l}`);
    }
    assert.ok(labels.some((l) => /Identity providers/.test(l)), labels.join(' | '));
  });

  it('Remove lists what goes in words, and Enter cancels: nothing is deleted', async () => {
    const { page } = wb;
    const before = e2e().emu.log.length;
    await runCommand(page, commandLabel('itsme.remove'));
    await waitForQuickInput(page, /Remove the itsme configuration/, 60_000);
    await page.waitForTimeout(300);
    const s = await quickInputState(page);
    await screenshot(page, 'quickpick-06-remove-confirm');
    assert.match(s.active ?? '', /Cancel/, `the active item is not Cancel: ${s.active}`);
    assert.ok(s.rows.some((r) => r.includes('Delete admin consent for openid, offline_access')), s.rows.join(' | '));
    for (const r of s.rows) assert.doesNotMatch(r, KEYS, `a resource key in "${r}"`);
    await page.keyboard.press('Enter');
    await quickInput(page).waitFor({ state: 'hidden', timeout: T });
    await page.waitForTimeout(2000);
    const deletes = e2e().emu.log.slice(before).filter((e) => e.method === 'DELETE');
    assert.deepEqual(deletes.map((e) => e.path), [], 'Enter deleted');
  });
});
