// Playwright helpers for VS Code's web workbench served by code-server (./codeServer.ts), driven in Debian's
// Chromium through playwright-core. Selectors proven on VS Code 1.100 and 1.139: docs/reference/real-vscode.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { ARTIFACTS, type CodeServer } from '../../sandbox/codeServer';

export const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';
/** Default wait for one UI step. The first workbench load of a run takes a few seconds on 2 cores. */
export const T = Number(process.env.ITSME_E2E_STEP_TIMEOUT || 30_000);
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

/** Debian's Chromium, headless, with the recipe's flags. `home` keeps Chromium's crash reports / dconf private. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function browserEnv(home?: string): NodeJS.ProcessEnv {
  return home ? { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') } : process.env;
}

function checkChromium(): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; run: node sandbox/vscode-install.mjs (or apt-get install chromium)`);
}

export async function launchBrowser(home?: string): Promise<Browser> {
  checkChromium();
  // chromium.launch() refuses --user-data-dir: it always uses a fresh temporary profile.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: browserEnv(home) });
}

/**
 * A browser with its profile in `profileDir` (one context): for tests that inspect what the browser keeps
 * (SecretStorage, webview state and workbench storage live in the browser profile with code-server).
 */
export async function launchPersistentContext(profileDir: string, home?: string): Promise<BrowserContext> {
  checkChromium();
  fs.mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: browserEnv(home), viewport: { width: 1400, height: 900 } });
}

export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** Browser console errors, page errors and HTTP >= 400 responses seen so far (known noise filtered out). */
  errors: string[];
  close(): Promise<void>;
}

// Harmless noise of code-server 4.139 (real-vscode.md "Gotchas"): no vsda, no marketplace (open-vsx.org) here.
const NOISE = [/vsda/, /open-vsx\.org/, /Long running operations during shutdown/, /ERR_NAME_NOT_RESOLVED/, /ENOTFOUND/, /favicon/,
  /\/_static\/.*\.map/, /Failed to load resource: the server responded with a status of 404/];

export interface OpenOptions {
  /** Keep the tabs the workbench opens (window.open from openExternal) instead of closing them. */
  keepPopups?: boolean;
}

/**
 * Opens the workbench in a new browser context (a new window: a fresh extension host and, in code-server,
 * fresh SecretStorage: it lives in the browser profile). Waits until the workbench DOM is there.
 * `query`: extra workbench URL parameters (e.g. `payload`).
 */
export async function openWorkbench(browser: Browser, cs: CodeServer, query: Record<string, string> = {}, context?: BrowserContext, opts: OpenOptions = {}): Promise<Workbench> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url }).catch(() => {});
  const page = await ctx.newPage();
  const errors: string[] = [];
  const keep = (s: string) => { if (!NOISE.some((n) => n.test(s))) errors.push(s); };
  page.on('console', (m) => { if (m.type() === 'error') keep(m.text()); });
  page.on('pageerror', (e) => keep(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) keep(`HTTP ${r.status()} ${r.url()}`); });
  // openExternal in the web workbench ends in window.open(url) (after a "Do you want to open …?" dialog for
  // domains not trusted). Record every URL (openedUrls()); close the tabs it opens (nothing external is reachable).
  // keepPopups: the test follows those tabs itself (the emulated sign-in, test/e2e/signin.test.ts).
  if (!opts.keepPopups) {
    ctx.on('page', (p) => {
      if (p !== page) void p.close().catch(() => {});
    });
  }
  await page.addInitScript(() => {
    const w = window as unknown as { __itsmeOpened: string[]; open: typeof window.open };
    w.__itsmeOpened = [];
    const orig = w.open.bind(window);
    w.open = ((url?: string | URL, ...rest: unknown[]) => {
      w.__itsmeOpened.push(String(url ?? ''));
      return orig(url as string, ...(rest as []));
    }) as typeof window.open;
  });
  await page.goto(cs.workbenchUrl(query), { timeout: T * 2 });
  await page.locator('.monaco-workbench').waitFor({ timeout: T * 2 });
  return {
    page,
    context: ctx,
    errors,
    async close() {
      await (context ? page.close() : ctx.close()).catch(() => {});
    },
  };
}

/** URLs passed to window.open by the workbench (openExternal), read from the page. */
export async function openedUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __itsmeOpened: string[] }).__itsmeOpened ?? []);
}

/** Waits until the extension host is up: the status bar is rendered and no "Activating Extensions…" remains. */
export async function waitForExtensionHost(page: Page): Promise<void> {
  await page.locator('.statusbar').waitFor({ timeout: T });
  await page.locator('.statusbar-item', { hasText: 'Activating Extensions' }).waitFor({ state: 'hidden', timeout: T }).catch(() => {});
}

/** A CSS attribute-selector string body. */
function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The quick input widget on screen (VS Code may keep more than one in the DOM, hidden). */
export function quickInput(page: Page) {
  return page.locator('.quick-input-widget:visible').first();
}

/** The text box of the quick input on screen. */
export function quickInputBox(page: Page) {
  return quickInput(page).locator('.quick-input-box input:visible').first();
}

/** True when the command palette (a quick input whose value starts with ">") is open and editable. */
async function paletteOpen(page: Page): Promise<boolean> {
  // A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in __name(), which does
  // not exist in the page.
  return page.evaluate(`(() => {
    const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).opacity !== '0';
    const w = [...document.querySelectorAll('.quick-input-widget')].find(shown);
    const i = [...(w ? w.querySelectorAll('.quick-input-box input') : [])].find(shown);
    return !!i && i.value.startsWith('>') && document.activeElement === i;
  })()`);
}

/**
 * Opens the command palette: F1, retried (the first key press can land before the keybinding service is ready,
 * a focused webview swallows it, and another quick input may still be closing).
 */
export async function openPalette(page: Page): Promise<void> {
  const t0 = Date.now();
  for (let i = 0; !(await paletteOpen(page)); i++) {
    if (Date.now() - t0 > T) throw new Error('the command palette did not open');
    if (i > 0) {
      // Close whatever quick input is up, and focus the workbench (not a webview) before F1 again.
      if (await quickInput(page).isVisible()) await page.keyboard.press('Escape');
      await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
    }
    await page.keyboard.press('F1');
    for (let n = 0; n < 15 && !(await paletteOpen(page)); n++) await page.waitForTimeout(100);
  }
}

/** Labels of the palette commands matching `filter` (the palette is closed again afterwards). */
export async function paletteCommands(page: Page, filter: string): Promise<string[]> {
  await openPalette(page);
  const input = quickInputBox(page);
  await input.fill(`>${filter}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  // The list filters asynchronously; wait until it settles (same count twice in a row).
  let last = -1;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const n = await rows.count();
    if (n === last && n > 0) break;
    last = n;
  }
  const labels = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
  await page.keyboard.press('Escape');
  await quickInput(page).waitFor({ state: 'hidden', timeout: T });
  return labels;
}

/**
 * Runs a command from the palette by its full label ("itsme: Set up itsme sign-in"): picks the row whose label
 * is exactly that (not a longer one starting with the same words), or, with `id`, the row of that command id
 * (rows carry data-quick-input-id). Returns performance.now() at the Enter key press, for timing what follows.
 * Waits until the palette is gone or shows something else (a command may open its own quick pick).
 */
export async function runCommand(page: Page, label: string, id?: string): Promise<number> {
  const input = quickInputBox(page);
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  const row = id ? rows.filter({ has: page.locator(`[data-quick-input-id="${id}"]`) }).first() : rows.and(page.locator(`[aria-label="${cssString(label)}"], [aria-label^="${cssString(label)}, "]`)).first();
  // The palette lists the commands known when it opens: right after the window loads, the extensions'
  // contributions may not be registered yet. Close and reopen until the row shows.
  const t0 = Date.now();
  for (let attempt = 0; ; attempt++) {
    await openPalette(page);
    await input.fill(`>${label}`);
    if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
    if (Date.now() - t0 > T) throw new Error(`no palette entry "${label}"${id ? ` (${id})` : ''}; rows: ${(await rows.allInnerTexts()).join(' | ')}`);
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
  }
  for (let i = 0; i < 30 && !(await row.evaluate((e) => e.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
  const t = performance.now();
  await page.keyboard.press('Enter');
  await page.waitForFunction((typed) => {
    const w = [...document.querySelectorAll<HTMLElement>('.quick-input-widget')].find((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
    const i = [...(w?.querySelectorAll<HTMLInputElement>('.quick-input-box input') ?? [])].find((e) => e.getClientRects().length > 0);
    return !w || (i !== undefined && i.value !== typed);
  }, `>${label}`, { timeout: T });
  return t;
}

/** The open quick input (InputBox / QuickPick shown by a command): its title, prompt/message, value, rows. */
export async function quickInputState(page: Page): Promise<{ visible: boolean; title: string; message: string; value: string; password: boolean; rows: string[]; active?: string }> {
  const w = quickInput(page);
  if (!(await w.isVisible())) return { visible: false, title: '', message: '', value: '', password: false, rows: [] };
  const input = quickInputBox(page);
  return {
    visible: true,
    title: (await w.locator('.quick-input-title').innerText().catch(() => '')).trim(),
    message: (await w.locator('.quick-input-message').innerText().catch(() => '')).trim(),
    value: await input.inputValue().catch(() => ''),
    password: (await input.getAttribute('type').catch(() => null)) === 'password',
    rows: await w.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').trim())),
    active: (await w.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 500 }).catch(() => undefined)) ?? undefined,
  };
}

/** Waits for a quick input whose title matches `title` (an InputBox or QuickPick a command opened). */
export async function waitForQuickInput(page: Page, title: string | RegExp, timeout = T): Promise<void> {
  await page.locator('.quick-input-widget:visible').filter({ has: page.locator('.quick-input-title', { hasText: title }) }).first().waitFor({ state: 'visible', timeout });
}

/** Answers an InputBox: replaces its value (unless undefined: keeps it) and presses Enter. */
export async function answerInputBox(page: Page, title: string | RegExp, value?: string): Promise<void> {
  await waitForQuickInput(page, title);
  const input = quickInputBox(page);
  if (value !== undefined) await input.fill(value);
  await input.press('Enter');
  await page.locator('.quick-input-widget:visible').filter({ has: page.locator('.quick-input-title', { hasText: title }) }).first().waitFor({ state: 'hidden', timeout: T }).catch(() => {});
}

/** Picks the row of a QuickPick whose label contains `label` (typing it filters the list), then Enter. */
export async function answerQuickPick(page: Page, title: string | RegExp, label: string): Promise<void> {
  await waitForQuickInput(page, title);
  const input = quickInputBox(page);
  await input.fill(label);
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: T });
  for (let i = 0; i < 30 && !(await row.evaluate((e) => e.classList.contains('focused'))); i++) await input.press('ArrowDown');
  await input.press('Enter');
  await page.locator('.quick-input-widget:visible').filter({ has: page.locator('.quick-input-title', { hasText: title }) }).first().waitFor({ state: 'hidden', timeout: T }).catch(() => {});
}

/** Clicks a button of the modal dialog VS Code shows (e.g. "Open" for an external link). Returns the dialog text. */
export async function answerDialog(page: Page, button: string | RegExp, timeout = T): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: T });
  return text;
}

/** Palette labels of built-in commands the tests use (VS Code 1.139). */
export const COMMANDS = {
  openWalkthrough: 'Welcome: Open Walkthrough...',
  showNotifications: 'Notifications: Show Notifications',
  clearNotifications: 'Notifications: Clear All Notifications',
  closeAllEditors: 'View: Close All Editors',
  reloadWindow: 'Developer: Reload Window',
  showRunningExtensions: 'Developer: Show Running Extensions',
} as const;

/** The active webview's content frame (webviews are nested iframes: iframe.webview.ready > iframe#active-frame). */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().frameLocator('iframe#active-frame');
}

/** An editor tab by its title. */
export function tab(page: Page, title: string | RegExp) {
  return page.locator('.tabs-container .tab', { hasText: title });
}

/**
 * Texts of the notifications: toasts when visible, else the notification center (with the smoke-test driver on,
 * 1.139 shows no toasts: notifications only reach the center). Leaves the center closed.
 */
export async function notifications(page: Page): Promise<string[]> {
  const toasts = await page.locator('.notification-toast .notification-list-item').allInnerTexts().catch(() => []);
  const center = page.locator('.notifications-center');
  const bell = page.locator('[id="status.notifications"]').first();
  if (!(await center.isVisible())) {
    if (await bell.isVisible().catch(() => false)) await bell.click();
    else await runCommand(page, COMMANDS.showNotifications);
  }
  await center.waitFor({ state: 'visible', timeout: T }).catch(() => {});
  const items = await page.locator('.notifications-center .notification-list-item').allInnerTexts().catch(() => []);
  await page.keyboard.press('Escape');
  await center.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
  return [...new Set([...toasts, ...items].map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}

/** Waits for a notification containing `text` (toast or center). */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = T): Promise<string> {
  const match = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
  const toast = page.locator('.notification-toast', { hasText: text });
  const t0 = Date.now();
  for (;;) {
    if (await toast.first().isVisible().catch(() => false)) return (await toast.first().innerText()).replace(/\s+/g, ' ');
    const found = (await notifications(page)).find(match);
    if (found) return found;
    if (Date.now() - t0 > timeout) {
      // One last look (a loaded machine can show it just as the time runs out), then say what was there.
      const seen = await notifications(page);
      const late = seen.find(match);
      if (late) return late;
      throw new Error(`no notification matching ${text}; seen: ${JSON.stringify(seen)}`);
    }
    await page.waitForTimeout(500);
  }
}

/**
 * Shows a view container from the activity bar by its title. Clicking the icon of the container that is
 * already active collapses the sidebar (it toggles), so click only when it is not `.checked`, and converge.
 */
export async function showViewContainer(page: Page, title: string, visible?: () => Promise<boolean>): Promise<void> {
  // `*=`: the container's title may start with an invisible joiner (package.nls.json itsme.container).
  const item = page.locator(`.activitybar .action-item:has(a[aria-label*="${title.trim().replace(/"/g, '\\"')}"])`);
  await item.first().waitFor({ timeout: T });
  const sidebarShows = async () => (await page.locator('.part.sidebar').isVisible()) && (await page.locator('.part.sidebar .composite.title', { hasText: new RegExp(escapeRe(title), 'i') }).isVisible().catch(() => false));
  for (let i = 0; i < 8; i++) {
    if (visible ? await visible() : await sidebarShows()) return;
    if (!(await item.first().evaluate((el) => el.classList.contains('checked')))) await item.first().locator('a').click();
    await page.waitForTimeout(i === 0 ? 300 : 1000);
  }
  if (!(visible ? await visible() : await sidebarShows())) throw new Error(`view container "${title}" did not show`);
}

/**
 * Signs a fresh window in with a service principal, as a person does: the itsme view's "Sign in" button, the tenant,
 * "Service principal", the management app's client id and secret; returns when VS Code says "Signed in to …".
 */
export async function signInWithServicePrincipal(page: Page, tenant: string, management: { clientId: string; clientSecret: string }, tenantPrompt: string | RegExp = 'Sign in to an Azure AD B2C tenant'): Promise<void> {
  const signIn = page.locator('.part.sidebar .welcome-view-content .monaco-button, .part.sidebar .welcome-view-content a', { hasText: /^Sign in$/ }).first();
  await showViewContainer(page, 'itsme', () => signIn.isVisible());
  await signIn.click();
  await answerInputBox(page, tenantPrompt, tenant);
  await answerQuickPick(page, 'How do you sign in?', 'Service principal');
  await answerInputBox(page, 'Management app client id', management.clientId);
  await answerInputBox(page, 'Service principal secret', management.clientSecret);
  await waitForNotification(page, `Signed in to ${tenant}`);
}

/** Rows of the tree views in the side bar (aria-labels), for asserting what the tree shows. */
export async function sidebarTreeRows(page: Page): Promise<string[]> {
  return page.locator('.part.sidebar .monaco-list-row').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
}

/**
 * Expands the sidebar tree row that contains `row` until a row containing `child` shows; returns how many clicks it
 * took. Why a loop: a tree refresh that lands between the click and the render (the tenant is read again after
 * every sign-in and apply) can replace the row, and a slower machine makes that window wider. Each extra click is
 * logged, so a tree that keeps folding what a person opened is seen, not hidden.
 */
export async function expandTreeRow(page: Page, row: string, child: string, attempts = 4): Promise<number> {
  const target = page.locator('.part.sidebar .monaco-list-row', { hasText: row }).first();
  const shown = page.locator('.part.sidebar .monaco-list-row', { hasText: child }).first();
  for (let i = 1; i <= attempts; i++) {
    await target.waitFor({ timeout: T });
    if ((await target.getAttribute('aria-expanded')) !== 'true') await target.locator('.monaco-tl-twistie').click();
    if (await shown.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      if (i > 1) console.log(`      tree: "${row}" needed ${i} clicks before "${child}" showed`);
      return i;
    }
  }
  throw new Error(`the tree row "${row}" did not show "${child}" after ${attempts} clicks; rows: ${(await sidebarTreeRows(page)).join(' | ')}`);
}

/** Saves a full-page screenshot to artifacts/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  return file;
}
