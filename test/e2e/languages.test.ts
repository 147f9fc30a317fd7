// Issue 8 §7: the extension in Dutch, French and German. One browser window per language (Accept-Language
// nl-BE / fr-BE / de-BE, as a Belgian user's browser sends it) against the shared code-server: the view's welcome
// text and buttons (package.nls.<lang>.json), the sign-in prompts and notifications (vscode.l10n in the extension
// host), the palette entry and the wizard page (the bundle the host sends the webview) must all be in that language.
// Screenshots: artifacts/screenshots/wizard-<lang>.png (first page) and wizard-<lang>-environment.png.
//
// VS Code only runs in a display language it has a language pack for (else vscode.env.language stays "en" and no
// bundle loads), and the marketplace is unreachable here. So the test packages a minimal language pack: one
// extension with a `localizations` contribution for nl, fr and de whose core translation file is empty (VS Code's
// own UI stays English; only the display language changes), installs it with `code-server --install-extension`,
// and records it in <user-data>/languagepacks.json the way VS Code's language pack service does after an install
// through the UI (the CLI install does not write that file; the server reads it to resolve the display language).
// code-server picks the language from --locale, else argv.json's "locale", else the browser's Accept-Language;
// argv.json must exist (without "locale") for the browser's language to count.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { REPO } from '../../sandbox/codeServer';
import { e2e } from './env';
import { zipRead } from './vsix';
import { answerInputBox, answerQuickPick, runCommand, screenshot, showViewContainer, T, waitForExtensionHost, waitForNotification, type Workbench } from './workbench';
import { WizardPage } from './wizardPage';

const TENANT = 'contosob2c.onmicrosoft.com';
const LANGUAGES = [
  { id: 'nl', label: 'Nederlands' },
  { id: 'fr', label: 'français' },
  { id: 'de', label: 'Deutsch' },
] as const;
const PACK_ID = 'itsme-b2c-tests.itsme-test-language-packs';

/** The strings the packaged extension carries for a language (read from the .vsix under test). */
function strings(lang: string): { nls: Record<string, string>; bundle: Record<string, string> } {
  const read = (p: string) => JSON.parse(zipRead(e2e().vsix, p).toString('utf8')) as Record<string, string>;
  return { nls: read(`extension/package.nls.${lang}.json`), bundle: read(`extension/l10n/bundle.l10n.${lang}.json`) };
}

/** Builds the minimal nl/fr/de language pack .vsix with vsce; returns its path and the translation file inside. */
function buildLanguagePack(dir: string): string {
  const src = path.join(dir, 'pack');
  fs.mkdirSync(path.join(src, 'translations'), { recursive: true });
  const [publisher, name] = PACK_ID.split('.') as [string, string];
  fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({
    name, publisher, version: '0.0.1', license: 'MIT', engines: { vscode: '^1.100.0' }, categories: ['Language Packs'],
    displayName: 'Display languages nl, fr, de (tests)', description: 'Lets VS Code run in Dutch, French or German; its own UI stays English.',
    contributes: {
      localizations: LANGUAGES.map((l) => ({ languageId: l.id, languageName: l.label, localizedLanguageName: l.label, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] })),
    },
  }, null, 2));
  fs.writeFileSync(path.join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(src, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'language-packs.vsix');
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: src, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package (language pack) failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

function codeServerEntry(): string {
  const cache = process.env.ITSME_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'itsme-b2c', 'code-server-4.139.1');
  return path.join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

describe('languages: the wizard in Dutch, French and German (issue 8 §7)', function () {
  this.timeout(240_000);
  const restore: Array<() => void> = [];

  before(function () {
    this.timeout(120_000);
    const { cs } = e2e();
    const vsix = buildLanguagePack(fs.mkdtempSync(path.join(cs.root, 'lp-')));
    const r = spawnSync(process.execPath, [codeServerEntry(), '--user-data-dir', cs.userDataDir, '--extensions-dir', cs.extensionsDir, '--install-extension', vsix, '--force'], { env: cs.env, encoding: 'utf8', timeout: 120_000 });
    assert.match(`${r.stdout}${r.stderr}`, /successfully installed/i, `${r.stdout}\n${r.stderr}`);
    const installed = fs.readdirSync(cs.extensionsDir).find((d) => d.startsWith(`${PACK_ID}-`));
    assert.ok(installed, `the language pack is not in ${cs.extensionsDir}`);
    const translations = path.join(cs.extensionsDir, installed, 'translations', 'main.i18n.json');
    // What NativeLanguagePackService writes after installing a language pack (LanguagePacksCache).
    const packs = Object.fromEntries(LANGUAGES.map((l) => [l.id, { hash: `itsme-tests-${l.id}`, extensions: [{ extensionIdentifier: { id: PACK_ID }, version: '0.0.1' }], translations: { vscode: translations }, label: l.label }]));
    const files = {
      packs: path.join(cs.userDataDir, 'languagepacks.json'),
      argv: path.join(cs.userDataDir, 'User', 'argv.json'),
      settings: path.join(cs.userDataDir, 'User', 'settings.json'),
    };
    for (const f of Object.values(files)) {
      const before = fs.existsSync(f) ? fs.readFileSync(f) : undefined;
      restore.push(() => (before === undefined ? fs.rmSync(f, { force: true }) : fs.writeFileSync(f, before)));
    }
    fs.writeFileSync(files.packs, JSON.stringify(packs, null, 2));
    if (!fs.existsSync(files.argv)) fs.writeFileSync(files.argv, '{}\n');
  });
  after(() => {
    // The other files share this code-server: English again, and the settings as they were.
    for (const r of restore.splice(0).reverse()) r();
  });

  for (const lang of LANGUAGES) {
    describe(lang.label, () => {
      let context: BrowserContext;
      let wb: Workbench;
      before(async () => {
        context = await e2e().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: `${lang.id}-BE` });
        wb = await e2e().open({}, context);
      });
      afterEach(async function () {
        if (this.currentTest?.state === 'failed') await screenshot(wb.page, `wizard-${lang.id}-FAILED`);
      });
      after(async () => {
        await context?.close().catch(() => {});
      });

      it(`${lang.id}: signs in, runs the wizard to the environment step, signs out — all in ${lang.label}`, async () => {
        const { page } = wb;
        const { nls, bundle } = strings(lang.id);
        await waitForExtensionHost(page);

        // The view's welcome (package.nls.<lang>.json): its text and its Sign in button.
        const welcome = nls['itsme.welcome.signedOut']!.split('\n')[0]!;
        const signInLabel = /^\[([^\]]+)\]\(command:itsme\.signIn\)$/m.exec(nls['itsme.welcome.signedOut']!)![1]!;
        await showViewContainer(page, 'itsme', () => page.locator('.part.sidebar .welcome-view-content', { hasText: welcome }).isVisible());
        await page.locator('.part.sidebar .welcome-view-content a, .part.sidebar .welcome-view-content .monaco-button', { hasText: new RegExp(`^${signInLabel}$`) }).first().click();

        // Sign-in prompts (vscode.l10n.t in the extension host).
        await answerInputBox(page, bundle['Sign in to an Azure AD B2C tenant']!, TENANT);
        await answerQuickPick(page, bundle['How do you sign in?']!, bundle['Service principal']!);
        await answerInputBox(page, bundle['Management app client id']!, e2e().emu.management.clientId);
        await answerInputBox(page, bundle['Service principal secret']!, e2e().emu.management.clientSecret);

        // The palette entry (package.nls) opens the wizard; the page's words come from the bundle the host sends.
        await runCommand(page, `itsme: ${nls['itsme.setup']}`);
        const wizard = new WizardPage(page, `wizard-${lang.id}`);
        await wizard.frame.locator('#step-title').waitFor({ timeout: T });
        for (let i = 0; i < 10 && (await wizard.step()) !== 'prerequisites'; i++) await wizard.back(); // a resumed wizard
        await wizard.waitStep('prerequisites');
        const first = await wizard.frame.locator('body').innerText();
        for (const english of ['Before you start', 'B2C or External ID tenant', 'itsme credentials', 'Identity provider', 'User flow', 'App registration', 'Review the plan', 'What you need in Azure']) {
          assert.ok(first.includes(bundle[english]!), `${lang.id}: the wizard page lacks "${bundle[english]}" (for "${english}"):\n${first}`);
        }
        assert.ok(!first.includes('Before you start') && !first.includes('What you need in Azure'), `${lang.id}: English left on the page:\n${first}`);
        await screenshot(page, `wizard-${lang.id}`);

        // Right after signing in to this tenant the wizard skips its tenant step (checked in the background,
        // reachable with Back); otherwise the tenant is typed here.
        await wizard.next();
        await wizard.frame.locator('#step-title[data-step="tenant"], #step-title[data-step="environment"]').waitFor({ timeout: T });
        if ((await wizard.step()) === 'tenant') {
          await wizard.fill('tenant', TENANT);
          await wizard.next();
        }
        await wizard.waitStep('environment', 60_000);
        const env = await wizard.frame.locator('body').innerText();
        for (const english of ['itsme environment', 'e2e (test)', 'prd (production)']) {
          assert.ok(env.includes(bundle[english]!), `${lang.id}: the environment step lacks "${bundle[english]}":\n${env}`);
        }
        await screenshot(page, `wizard-${lang.id}-environment`);

        // A notification from the extension host, with its placeholder filled.
        await runCommand(page, `itsme: ${nls['itsme.signOut']}`);
        await waitForNotification(page, bundle['Signed out of {0}.']!.replace('{0}', TENANT));
      });
    });
  }
});
