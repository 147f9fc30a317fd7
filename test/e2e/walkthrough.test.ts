// The walkthrough (contributes.walkthroughs) opens, from the view's welcome link and from the palette.
import * as assert from 'node:assert/strict';
import { e2e } from './env';
import { localize, manifest, nls } from './manifest';
import { COMMANDS, runCommand, screenshot, showViewContainer, T, type Workbench } from './workbench';

describe('walkthrough: Getting started with itsme', function () {
  this.timeout(120_000);
  let wb: Workbench;
  const walkthrough = () => manifest().contributes.walkthroughs[0];
  beforeEach(async () => {
    wb = await e2e().open();
  });
  afterEach(async () => {
    await wb?.close();
  });

  async function expectWalkthroughEditor(shot: string) {
    const { page } = wb;
    const w = walkthrough();
    const editor = page.locator('.gettingStartedContainer');
    await editor.locator('.getting-started-category h2, .category-title, h2', { hasText: localize(w.title) }).first().waitFor({ timeout: T });
    // Every step is listed, with its title.
    for (const step of w.steps) {
      await editor.locator('.getting-started-step', { hasText: localize(step.title) }).first().waitFor({ timeout: T });
    }
    assert.equal(await editor.locator('.getting-started-step').count(), w.steps.length);
    await screenshot(page, shot);
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
    const { page } = wb;
    await runCommand(page, COMMANDS.openWalkthrough);
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: T });
    const title = localize(walkthrough().title);
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: T });
    await page.keyboard.press('Enter');
    await expectWalkthroughEditor('walkthrough-02-from-palette');
  });
});
