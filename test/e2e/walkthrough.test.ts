// The walkthrough (contributes.walkthroughs): it opens from the view's welcome link and from the palette; every
// step has a picture, a title that fits, and buttons that do the step; a step completes on a real event
// (issue 8, finding 12). Files run alphabetically, so this one sees a signed-out, unconfigured tenant.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { e2e } from './env';
import { localize, manifest, nls } from './manifest';
import { answerDialog, COMMANDS, openedUrls, runCommand, screenshot, showViewContainer, T, waitForNotification, type Workbench } from './workbench';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string | Record<string, string>; altText?: string; markdown?: string };
  completionEvents?: string[];
}

/** The context keys the extension sets (src/vscode: tenantSnapshot.ts, session.ts, commands/signIn.ts). */
const CONTEXT_KEYS = ['itsme.signedIn', 'itsme.configured'];

/** The links of a step description that sit on a line of their own: VS Code renders those as buttons. */
function buttonLinks(description: string): Array<{ label: string; href: string }> {
  return description
    .split('\n')
    .map((line) => /^\[([^\]]+)\]\(([^)]+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ label: m[1]!, href: m[2]! }));
}

describe('walkthrough: Getting started with itsme', function () {
  this.timeout(120_000);
  let wb: Workbench;
  const walkthrough = () => manifest().contributes.walkthroughs[0] as { title: string; steps: Step[] };
  const steps = () => walkthrough().steps.map((s) => ({ ...s, title: localize(s.title), description: localize(s.description) }));
  beforeEach(async () => {
    wb = await e2e().open();
  });
  afterEach(async () => {
    await wb?.close();
  });

  const editor = () => wb.page.locator('.gettingStartedContainer');
  const stepButton = (id: string): Locator => editor().locator(`button.getting-started-step[data-step-id$="#${id}"]`);
  const stepDone = async (id: string) => (await stepButton(id).getAttribute('aria-checked')) === 'true';

  async function expectWalkthroughEditor(shot: string) {
    const w = walkthrough();
    await editor().locator('.getting-started-category h2, .category-title, h2', { hasText: localize(w.title) }).first().waitFor({ timeout: T });
    // Every step is listed, with its title.
    for (const step of w.steps) {
      await editor().locator('.getting-started-step', { hasText: localize(step.title) }).first().waitFor({ timeout: T });
    }
    assert.equal(await editor().locator('.getting-started-step').count(), w.steps.length);
    await screenshot(wb.page, shot);
  }

  async function openFromPalette() {
    const { page } = wb;
    await runCommand(page, COMMANDS.openWalkthrough);
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: T });
    const title = localize(walkthrough().title);
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: T });
    await page.keyboard.press('Enter');
    await editor().locator('.getting-started-step').first().waitFor({ timeout: T });
  }

  async function selectStep(step: Step) {
    await stepButton(step.id).click();
    await editor().locator(`button.getting-started-step.expanded[data-step-id$="#${step.id}"]`).waitFor({ timeout: T });
  }

  it('opens from the "Open the walkthrough" link of the signed-out view', async () => {
    const { page } = wb;
    const title = localize(manifest().contributes.viewsContainers.activitybar[0].title);
    const link = page.locator('.part.sidebar .welcome-view-content a', { hasText: /walkthrough/i });
    await showViewContainer(page, title, () => link.first().isVisible());
    assert.match(nls()['itsme.welcome.signedOut']!, /workbench\.action\.openWalkthrough/);
    await link.first().click();
    await expectWalkthroughEditor('walkthrough-01-from-view');
  });

  it('opens from the palette (Welcome: Open Walkthrough…)', async () => {
    await openFromPalette();
    await expectWalkthroughEditor('walkthrough-02-from-palette');
  });

  it('says in the manifest what each step shows, does and waits for', () => {
    const commands = new Set<string>(manifest().contributes.commands.map((c: { command: string }) => c.command));
    for (const s of steps()) {
      assert.ok(s.media.image && !s.media.markdown, `${s.id}: a picture, not text only`);
      assert.ok(s.media.altText, `${s.id}: the picture has alt text`);
      assert.ok(buttonLinks(s.description).length >= 1, `${s.id}: at least one button`);
      assert.ok((s.completionEvents ?? []).length >= 1, `${s.id}: completes on an event`);
      for (const ev of s.completionEvents ?? []) {
        const ctx = /^onContext:(.+)$/.exec(ev)?.[1];
        if (ctx) assert.ok(CONTEXT_KEYS.includes(ctx), `${s.id}: ${ev} is not a context key the extension sets`);
        const cmd = /^onCommand:(.+)$/.exec(ev)?.[1];
        if (cmd) assert.ok(commands.has(cmd), `${s.id}: ${ev} is not a contributed command`);
      }
      for (const b of buttonLinks(s.description)) {
        const cmd = /^command:([\w.]+)/.exec(b.href)?.[1];
        if (cmd?.startsWith('itsme.')) assert.ok(commands.has(cmd), `${s.id}: button "${b.label}" runs ${cmd}, which is not contributed`);
      }
    }
    // Finding 12: the management-app step has buttons that do it, and completes after a sign-in or a setup too.
    const app = steps().find((s) => /management app/i.test(s.title));
    assert.ok(app, 'a step registers the management app');
    const hrefs = buttonLinks(app.description).map((b) => b.href);
    assert.ok(hrefs.includes('command:itsme.copyPermissions'), `copy the permission list: ${hrefs.join(', ')}`);
    assert.ok(hrefs.includes('command:itsme.openAppRegistrations'), `open App registrations: ${hrefs.join(', ')}`);
    assert.ok(hrefs.some((h) => h.startsWith('command:workbench.action.openSettings')), `set the tenant: ${hrefs.join(', ')}`);
    for (const ev of ['onContext:itsme.signedIn', 'onContext:itsme.configured']) assert.ok(app.completionEvents?.includes(ev), `${app.id} completes on ${ev}`);
  });

  it('shows each step with its picture, its buttons, and a title that fits', async () => {
    await openFromPalette();
    // Every problem of every step, so one run shows them all.
    const problems = new Set<string>();
    for (const s of steps()) {
      await selectStep(s);
      // Every other (collapsed, single-line) title fits at the editor's default width.
      for (const other of steps().filter((o) => o.id !== s.id)) {
        const fits = await stepButton(other.id).locator('.step-title').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        if (!fits) problems.add(`title cut off with an ellipsis: "${other.title}"`);
      }
      // Buttons: one per link line, with the link's label.
      const labels = (await stepButton(s.id).locator('.button-container .monaco-button').allInnerTexts()).map((t) => t.trim());
      const want = buttonLinks(s.description).map((b) => b.label);
      if (JSON.stringify(labels) !== JSON.stringify(want)) problems.add(`${s.id}: buttons ${JSON.stringify(labels)}, expected ${JSON.stringify(want)}`);
      // The picture is shown and loaded (naturalWidth > 0), in the theme's variant.
      const img = editor().locator('.getting-started-media img');
      const shown = await img
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(async () => wb.page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: T, polling: 100 }).then(() => true, () => false))
        .catch(() => false);
      if (!shown) problems.add(`${s.id}: no picture`);
      else if ((await img.getAttribute('alt')) !== s.media.altText) problems.add(`${s.id}: the picture is not the step's (alt ${await img.getAttribute('alt')})`);
      await screenshot(wb.page, `walkthrough-03-step-${s.id}`);
    }
    assert.deepEqual([...problems], []);
  });

  it('the management-app step: Copy the permissions copies five Graph permissions; Open App registrations opens the portal and checks the step', async () => {
    const { page } = wb;
    await openFromPalette();
    const app = steps().find((s) => /management app/i.test(s.title))!;
    await selectStep(app);
    assert.equal(await stepDone(app.id), false, 'not done before anything happened (signed out, nothing configured)');
    const button = (href: string) => stepButton(app.id).locator('.button-container .monaco-button', { hasText: buttonLinks(app.description).find((b) => b.href === href)!.label });

    await page.evaluate(() => navigator.clipboard.writeText(''));
    await button('command:itsme.copyPermissions').click();
    const toast = await waitForNotification(page, /IdentityProvider\.ReadWrite\.All/);
    let clip = '';
    for (const t0 = Date.now(); Date.now() - t0 < T && !clip; await page.waitForTimeout(200)) clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    assert.deepEqual(clip.split('\n'), ['IdentityProvider.ReadWrite.All', 'IdentityUserFlow.ReadWrite.All', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Organization.Read.All']);
    // The harness signs in with a service principal (sandbox/codeServer.ts): application permissions, not delegated.
    assert.match(toast, /application permissions/, 'says which kind to add for the sign-in method in use');
    assert.equal(await stepDone(app.id), false, 'copying the list does not do the step');

    const before = (await openedUrls(page)).length;
    await button('command:itsme.openAppRegistrations').click();
    await answerDialog(page, /^Open$/, 10_000).catch(() => '');
    await page.waitForFunction((n) => ((window as unknown as { __itsmeOpened: string[] }).__itsmeOpened ?? []).length > n, before, { timeout: T });
    const url = (await openedUrls(page)).at(-1)!;
    assert.match(url, /^https:\/\/portal\.azure\.com\/[^#]*#view\/Microsoft_AAD_RegisteredApps\/ApplicationsListBlade$/);
    await page.waitForFunction((id) => document.querySelector(`button.getting-started-step[data-step-id$="#${id}"]`)?.getAttribute('aria-checked') === 'true', app.id, { timeout: T });
    await screenshot(page, 'walkthrough-04-management-app-done');
  });
});
