// The installed .vsix in the real workbench: its activity-bar container and view, activation, the palette.
import * as assert from 'node:assert/strict';
import { e2e } from './env';
import { commandLabel, localize, manifest, nls, paletteWhen } from './manifest';
import { paletteCommands, runCommand, screenshot, showViewContainer, T, type Workbench } from './workbench';

describe('extension: installed from the .vsix into a real VS Code', function () {
  this.timeout(120_000);
  let wb: Workbench;
  before(async () => {
    wb = await e2e().open();
  });
  after(async () => {
    await wb?.close();
  });

  it('shows its activity-bar container, whose view activates the extension and offers sign-in', async () => {
    const { page } = wb;
    const title = localize(manifest().contributes.viewsContainers.activitybar[0].title);
    const viewName = localize(manifest().contributes.views.itsme[0].name);
    const welcome = nls()['itsme.welcome.signedOut']!.split('\n')[0]!;
    await showViewContainer(page, title, () => page.locator('.part.sidebar .welcome-view-content', { hasText: welcome }).isVisible());
    // A container with one view shows it without a pane header; the header is still there, named after the view.
    await page.locator(`.part.sidebar .pane-header[aria-label^="${viewName}"]`).waitFor({ state: 'attached', timeout: T });
    await page.locator('.part.sidebar .welcome-view-content a, .part.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in' }).first().waitFor({ timeout: T });
    await screenshot(page, 'extension-01-view-signed-out');
    // Opening the view activated the extension in the (Node) extension host, without an error.
    const t0 = Date.now();
    let logs = '';
    while (Date.now() - t0 < T) {
      logs = e2e().cs.serverLogs();
      if (/_doActivateExtension itsme-b2c\.itsme-b2c\b/.test(logs)) break;
      await page.waitForTimeout(250);
    }
    assert.match(logs, /_doActivateExtension itsme-b2c\.itsme-b2c, startup: false, activationEvent: '(onView:itsme\.tenant|onCommand:[\w.]+)'/);
    assert.doesNotMatch(logs, /Activating extension '?itsme-b2c\.itsme-b2c'? failed/i);
  });

  it('lists its commands in the palette by their `when` clauses (signed out: no tenant commands)', async () => {
    const labels = await paletteCommands(wb.page, 'itsme: ');
    const ids: string[] = manifest().contributes.commands.map((c: { command: string }) => c.command);
    const listed = ids.filter((id) => labels.some((l) => l === commandLabel(id) || l.startsWith(`${commandLabel(id)},`)));
    const always = ids.filter((id) => !paletteWhen(id));
    // "!itsme.signedIn" (Sign In) is listed while signed out; only the positive clauses need a sign-in.
    const needsSignIn = ids.filter((id) => /(^|[^!])itsme\.(signedIn|configured)/.test(paletteWhen(id) ?? ''));
    assert.deepEqual(always.filter((id) => !listed.includes(id)), [], `missing from the palette; it shows: ${labels.join(' | ')}`);
    assert.deepEqual(needsSignIn.filter((id) => listed.includes(id)), [], 'listed although signed out');
    for (const id of ['itsme.setup', 'itsme.showLog']) assert.ok(always.includes(id), `${id} should always be in the palette`);
    assert.ok(listed.includes('itsme.signIn'), 'signed out, "Sign In" is in the palette');
  });

  it('"Show log" opens its log output channel', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.showLog'));
    const panel = page.locator('.part.panel');
    await panel.waitFor({ state: 'visible', timeout: T });
    // The output view's channel picker (a <select>) has the extension's log channel selected.
    const picker = page.locator('.part.panel select.monaco-select-box').first();
    await picker.waitFor({ timeout: T });
    await page.waitForFunction((el) => /itsme/i.test((el as HTMLSelectElement).selectedOptions[0]?.text ?? ''), await picker.elementHandle(), { timeout: T });
    await screenshot(page, 'extension-02-log');
    assert.deepEqual(wb.errors.filter((e) => /itsme/i.test(e)), [], 'browser errors mentioning itsme');
  });
});
