// Issue 8, findings 3 and 14, signed out (this file sorts before wizard.test.ts, which signs in): the sign-in
// prompts are one multi-step input with a step counter and Back; a client id that is not a GUID is refused at
// the prompt, named, and never saved; an unknown client id is reported in words (no AADSTS text, no request);
// the command titles are Title Case without the brand twice; "Sign In" is offered while signed out; the Output
// channel is named like the extension. Screenshots: artifacts/screenshots/signin-prompts-*.png.
import * as assert from 'node:assert/strict';
import { e2e } from './env';
import { UserSettings } from './window';
import { commandLabel, localize, manifest } from './manifest';
import { answerInputBox, answerQuickPick, COMMANDS, paletteCommands, quickInput, quickInputBox, quickInputState, runCommand, screenshot, T, waitForNotification, waitForQuickInput, type Workbench } from './workbench';

const TENANT = 'contosob2c.onmicrosoft.com';
const UNKNOWN_CLIENT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const SP_SECRET = `sp-e2e-Secret-${process.pid}-DO-NOT-LEAK`;

/** Words VS Code's Title Case leaves in lower case. */
// Microsoft's title-case rule: articles, conjunctions and prepositions of four letters or fewer stay lower case.
const SMALL = new Set(['a', 'an', 'the', 'and', 'or', 'nor', 'but', 'for', 'to', 'in', 'of', 'on', 'at', 'by', 'with', 'from', 'into', 'over', 'as', 'itsme']);

describe('sign-in prompts and command names (issue 8: findings 3, 14)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let saved: UserSettings;
  const settings = (): Record<string, unknown> => saved.read();

  before(async () => {
    saved = new UserSettings();
    wb = await e2e().open();
  });
  after(async () => {
    await wb?.close();
    // The later files sign in with their own values; leave the settings as this file found them.
    saved?.restore();
  });

  it('command titles are Title Case, without the brand twice; signed out, "Sign In" is in the palette', async () => {
    const ids: string[] = manifest().contributes.commands.map((c: { command: string }) => c.command);
    for (const id of ids) {
      const c = manifest().contributes.commands.find((x: { command: string }) => x.command === id);
      const title = localize(c.title);
      assert.doesNotMatch(title, /itsme/i, `${id}: "${title}" repeats the category`);
      for (const w of title.replace(/[()]/g, '').split(/\s+/)) {
        if (!SMALL.has(w) && !/^[A-Z0-9]/.test(w)) assert.fail(`${id}: "${title}" is not Title Case ("${w}")`);
      }
    }
    assert.equal(commandLabel('itsme.setup'), 'itsme: Set Up Sign-In');
    // Right after the window loads the extension's contributions may not be registered yet: ask until they are.
    let labels: string[] = [];
    for (const t0 = Date.now(); Date.now() - t0 < T && !labels.some((l) => l.startsWith('itsme: ')); ) labels = await paletteCommands(wb.page, 'itsme: ');
    assert.ok(labels.some((l) => l.startsWith(commandLabel('itsme.signIn'))), `signed out, the palette offers sign-in: ${labels.join(' | ')}`);
    assert.ok(!labels.some((l) => l.startsWith(commandLabel('itsme.signOut'))), 'signed out, no "Sign Out"');
  });

  it('the Output channel is named like the extension', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.showLog'));
    const picker = page.locator('.part.panel select.monaco-select-box').first();
    await picker.waitFor({ timeout: T });
    const name = localize(manifest().displayName);
    await page.waitForFunction(([el, n]) => (el as HTMLSelectElement).selectedOptions[0]?.text === n, [await picker.elementHandle(), name] as const, { timeout: T }).catch(() => {});
    const selected = await picker.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '');
    await screenshot(page, 'signin-prompts-01-output-channel');
    assert.equal(selected, name);
  });

  it('steps are counted, Back goes back, and a client id that is not a GUID is refused and never saved', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.signIn'));
    await waitForQuickInput(page, /Sign in to an Azure AD B2C tenant/);
    assert.match((await quickInputState(page)).title, /\(1\/\d\)$/, 'a step counter on the first prompt');
    await answerInputBox(page, 'Sign in to an Azure AD B2C tenant', TENANT);
    await waitForQuickInput(page, 'How do you sign in?');
    assert.match((await quickInputState(page)).title, /\(2\/\d\)$/);
    await answerQuickPick(page, 'How do you sign in?', 'Service principal');
    await waitForQuickInput(page, 'Management app client id');
    assert.match((await quickInputState(page)).title, /\(3\/4\)$/, 'a service principal has four steps');
    // "123": refused at the prompt, with the field and the fix.
    await quickInputBox(page).fill('123');
    await quickInputBox(page).press('Enter');
    await page.waitForTimeout(500);
    const s = await quickInputState(page);
    await screenshot(page, 'signin-prompts-02-client-id-not-a-guid');
    assert.match(s.title, /Management app client id/, 'still on the client id');
    assert.match(s.message, /client id must be a GUID/i);
    assert.match(s.message, /Application \(client\) ID/);
    // Back: to the method, then forward again keeps the typed tenant.
    await quickInput(page).locator('.quick-input-titlebar [aria-label^="Back"], .quick-input-titlebar .codicon-quick-input-back').first().click();
    await waitForQuickInput(page, 'How do you sign in?');
    await screenshot(page, 'signin-prompts-03-back');
    await quickInput(page).locator('.quick-input-titlebar [aria-label^="Back"], .quick-input-titlebar .codicon-quick-input-back').first().click();
    await waitForQuickInput(page, 'Sign in to an Azure AD B2C tenant');
    assert.equal((await quickInputState(page)).value, TENANT, 'Back keeps the tenant typed');
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: T });
    assert.notEqual(settings()['itsme.clientId'], '123', 'the invalid client id was saved');
  });

  it('a tenant that is neither a domain nor a GUID is refused at the prompt, with the fix', async () => {
    const { page } = wb;
    await runCommand(page, commandLabel('itsme.signIn'));
    await waitForQuickInput(page, /Sign in to an Azure AD B2C tenant/);
    await quickInputBox(page).fill('not a tenant');
    await quickInputBox(page).press('Enter');
    await page.waitForTimeout(500);
    const s = await quickInputState(page);
    assert.match(s.title, /Sign in to an Azure AD B2C tenant/);
    assert.match(s.message, /tenant.*(GUID|domain)/i);
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: T });
    assert.notEqual(settings()['itsme.tenant'], 'not a tenant');
  });

  it('an unknown client id is reported in words: what happened and what to do, no AADSTS text or request', async () => {
    const { page } = wb;
    await runCommand(page, COMMANDS.clearNotifications).catch(() => {});
    await runCommand(page, commandLabel('itsme.signIn'));
    await answerInputBox(page, 'Sign in to an Azure AD B2C tenant', TENANT);
    await answerQuickPick(page, 'How do you sign in?', 'Service principal');
    await answerInputBox(page, 'Management app client id', UNKNOWN_CLIENT);
    await answerInputBox(page, 'Service principal secret', SP_SECRET);
    const text = await waitForNotification(page, /not registered in the tenant/i);
    await screenshot(page, 'signin-prompts-04-unknown-client');
    assert.match(text, new RegExp(UNKNOWN_CLIENT));
    assert.match(text, /App registrations/);
    for (const raw of [/AADSTS/, /unauthorized_client/, /AuthenticationRequiredError/, /\[GET /, /Trace ID/, new RegExp(SP_SECRET)]) assert.doesNotMatch(text, raw);
    assert.equal(settings()['itsme.clientId'], UNKNOWN_CLIENT, 'a valid GUID is kept for the next try');
  });
});
