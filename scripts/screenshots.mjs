#!/usr/bin/env node
// npm run screenshots: copies the UI tests' screenshots that the README and the walkthrough show from
// artifacts/screenshots/ (written by `npm run test:e2e`) to stable names under media/, cropping where a whole
// workbench would be too small to read. Run it after a UI test run whose pages you want to publish, look at the
// result, commit media/screenshots/ and media/walkthrough/*.png.
// Usage: node scripts/screenshots.mjs [--from <dir>]   (default: artifacts/screenshots)
// A missing source is an error naming the test that writes it, so a renamed screenshot is noticed here.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';

/** The top left of the editor area in the tests' 1400×900 window: the page's heading and first sections, large
 * enough to read in the walkthrough's narrow media column. */
const EDITOR = { x: 356, y: 36, width: 720, height: 500 };

/** target (relative to the repository) ← source in artifacts/screenshots/, the test that writes it, optional crop. */
export const SHOTS = [
  // README: whole workbench, so a visitor sees where things are.
  { target: 'media/screenshots/wizard.png', source: 'wizard-03-environment.png', test: 'test/e2e/wizard.test.ts' },
  { target: 'media/screenshots/review.png', source: 'wizard-09-review.png', test: 'test/e2e/wizard.test.ts' },
  { target: 'media/screenshots/done.png', source: 'wizard-10-done.png', test: 'test/e2e/wizard.test.ts' },
  { target: 'media/screenshots/tree.png', source: 'tree-02-tenant-tooltip.png', test: 'test/e2e/tree.test.ts' },
  { target: 'media/screenshots/token.png', source: 'token-view.png', test: 'test/e2e/signin.test.ts' },
  // Walkthrough: the editor area only (the step's media column is narrow).
  { target: 'media/walkthrough/wizard.png', source: 'wizard-09-review.png', test: 'test/e2e/wizard.test.ts', crop: EDITOR },
  { target: 'media/walkthrough/redirectUris.png', source: 'wizard-10-done.png', test: 'test/e2e/wizard.test.ts', crop: EDITOR },
  { target: 'media/walkthrough/token.png', source: 'token-view.png', test: 'test/e2e/signin.test.ts', crop: EDITOR },
];

async function crop(browser, file, box) {
  const page = await browser.newPage({ viewport: { width: box.width, height: box.height }, deviceScaleFactor: 1 });
  try {
    const src = `data:image/png;base64,${readFileSync(file).toString('base64')}`;
    await page.setContent(`<html><body style="margin:0;overflow:hidden"><img src="${src}" style="position:absolute;left:${-box.x}px;top:${-box.y}px"></body></html>`);
    await page.locator('img').evaluate((img) => img.decode());
    return await page.screenshot({ type: 'png' });
  } finally {
    await page.close();
  }
}

async function main() {
  const a = process.argv.slice(2);
  const fromIdx = a.indexOf('--from');
  const from = fromIdx >= 0 ? resolve(a[fromIdx + 1]) : join(root, 'artifacts', 'screenshots');
  const missing = SHOTS.filter((s) => !existsSync(join(from, s.source)));
  if (missing.length) {
    console.error(`missing in ${from}:\n${missing.map((s) => `  ${s.source} (written by ${s.test})`).join('\n')}\nRun the UI tests first: npm run test:e2e`);
    process.exit(1);
  }
  let browser;
  try {
    for (const s of SHOTS) {
      const out = join(root, s.target);
      mkdirSync(dirname(out), { recursive: true });
      if (!s.crop) {
        copyFileSync(join(from, s.source), out);
      } else {
        if (!browser) {
          const { chromium } = await import('playwright-core');
          browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
        }
        writeFileSync(out, await crop(browser, join(from, s.source), s.crop));
      }
      console.log(`${s.target} ← ${s.source}${s.crop ? ` (cropped ${s.crop.width}×${s.crop.height})` : ''}`);
    }
  } finally {
    await browser?.close();
  }
}

await main();
