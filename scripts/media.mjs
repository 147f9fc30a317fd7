#!/usr/bin/env node
// npm run media: draws the extension's own artwork from the templates below and writes it into media/:
//   media/icon.svg + media/icon.png   the marketplace icon (128×128 PNG, rendered by Chromium through playwright-core)
//   media/walkthrough/<step>-{light,dark}.svg   the walkthrough's drawn steps, one per theme kind (package.json
//                                     gives light/hcLight the light one and dark/hc the dark one)
// Screenshots of the running product are not drawn here: scripts/screenshots.mjs copies them from a UI test run.
// Usage: node scripts/media.mjs [--check]   --check: exit 1 when a committed file differs from what it would write.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.ITSME_CHROMIUM || '/usr/bin/chromium';
const ORANGE = '#ff4612';

/** The icon: an orange tile with a phone holding a person (the activity-bar glyph of media/itsme.svg) and a key. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff6a2b"/><stop offset="1" stop-color="#e2330b"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#g)"/>
  <g fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round">
    <rect x="34" y="18" width="52" height="88" rx="11"/>
    <circle cx="60" cy="52" r="11"/>
    <path d="M44 84c4-9 9-13 16-13s12 4 16 13"/>
  </g>
  <g transform="translate(86 80)">
    <circle r="22" fill="#1b2a4a" stroke="#fff" stroke-width="4"/>
    <g fill="none" stroke="#fff" stroke-width="4.5" stroke-linecap="round"><circle cx="-6" cy="0" r="6"/><path d="M0 0h13M8 0v6M13 0v5"/></g>
  </g>
</svg>
`;

const THEMES = {
  light: { bg: '#f8f8f8', card: '#ffffff', fg: '#1f1f1f', muted: '#616161', border: '#d4d4d4', accent: '#005fb8', button: '#005fb8', ok: '#388a34' },
  dark: { bg: '#1f1f1f', card: '#2b2b2b', fg: '#cccccc', muted: '#9d9d9d', border: '#454545', accent: '#4daafc', button: '#0078d4', ok: '#89d185' },
};
const FONT = `font-family="'Segoe UI', system-ui, -apple-system, 'Liberation Sans', sans-serif"`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const frame = (t, body, h = 300) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${h}" viewBox="0 0 480 ${h}" ${FONT}>\n  <rect width="480" height="${h}" rx="10" fill="${t.bg}"/>\n${body}</svg>\n`;
const text = (x, y, s, attrs) => `  <text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>\n`;

/** Step 1: what itsme's onboarding gives a partner. */
function codes(t) {
  const rows = [
    ['Partner code', 'abcd1234', 'the OpenID Connect client id'],
    ['Service code', 'MYBANK_LOGIN', 'sent as the scope service:<CODE>'],
    ['Client secret', '••••••••••••', 'a one-time link; kept in SecretStorage'],
  ];
  let body = text(24, 40, 'From itsme onboarding', `font-size="20" font-weight="600" fill="${t.fg}"`);
  rows.forEach(([k, v, d], i) => {
    const y = 62 + i * 62;
    body += `  <rect x="24" y="${y}" width="432" height="50" rx="6" fill="${t.card}" stroke="${t.border}"/>\n`;
    body += `  <rect x="24" y="${y}" width="5" height="50" rx="2" fill="${ORANGE}"/>\n`;
    body += text(42, y + 22, k, `font-size="14" font-weight="600" fill="${t.fg}"`);
    body += text(190, y + 22, v, `font-size="14" font-family="monospace" fill="${t.accent}"`);
    body += text(42, y + 40, d, `font-size="12" fill="${t.muted}"`);
  });
  body += text(24, 272, 'Start in e2e (test); prd follows.', `font-size="13" fill="${t.muted}"`);
  return frame(t, body);
}

/** Step 2: the management app's five Microsoft Graph permissions and admin consent. */
function permissions(t) {
  const perms = ['IdentityProvider.ReadWrite.All', 'IdentityUserFlow.ReadWrite.All', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Organization.Read.All'];
  let body = text(24, 40, 'Management app · Microsoft Graph', `font-size="20" font-weight="600" fill="${t.fg}"`);
  body += `  <rect x="24" y="56" width="432" height="${perms.length * 32 + 12}" rx="6" fill="${t.card}" stroke="${t.border}"/>\n`;
  perms.forEach((p, i) => {
    const y = 80 + i * 32;
    body += `  <path d="M40 ${y - 5}l5 5 9-10" fill="none" stroke="${t.ok}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>\n`;
    body += text(66, y, p, `font-size="14" font-family="monospace" fill="${t.fg}"`);
  });
  body += `  <rect x="24" y="244" width="196" height="34" rx="4" fill="${t.button}"/>\n`;
  body += text(122, 266, 'Grant admin consent', `font-size="14" font-weight="600" fill="#ffffff" text-anchor="middle"`);
  body += text(236, 266, 'delegated or application', `font-size="13" fill="${t.muted}"`);
  return frame(t, body);
}

/** Step 3: the three ways to sign in to the tenant. */
function signIn(t) {
  const ways = [
    ['Microsoft account', 'with your management app'],
    ['Service principal', 'its secret stays in SecretStorage'],
    ['Azure CLI', 'az login --allow-no-subscriptions'],
  ];
  let body = text(24, 40, 'Sign in to the B2C tenant', `font-size="20" font-weight="600" fill="${t.fg}"`);
  ways.forEach(([k, d], i) => {
    const y = 62 + i * 58;
    body += `  <rect x="24" y="${y}" width="432" height="46" rx="6" fill="${t.card}" stroke="${i === 0 ? t.accent : t.border}" stroke-width="${i === 0 ? 2 : 1}"/>\n`;
    body += `  <circle cx="46" cy="${y + 23}" r="7" fill="none" stroke="${i === 0 ? t.accent : t.muted}" stroke-width="2"/>\n`;
    if (i === 0) body += `  <circle cx="46" cy="${y + 23}" r="3.5" fill="${t.accent}"/>\n`;
    body += text(66, y + 20, k, `font-size="14" font-weight="600" fill="${t.fg}"`);
    body += text(66, y + 37, d, `font-size="12" fill="${t.muted}"`);
  });
  body += `  <path d="M28 262l5 5 9-10" fill="none" stroke="${t.ok}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>\n`;
  body += text(50, 267, 'contosob2c.onmicrosoft.com is an Azure AD B2C tenant', `font-size="13" fill="${t.fg}"`);
  return frame(t, body);
}

export const WALKTHROUGH_SVGS = { codes, permissions, signIn };

/** Every file this script writes, by path relative to the repository, with its content (PNG: rendered later). */
function svgFiles() {
  const out = { 'media/icon.svg': ICON_SVG };
  for (const [name, draw] of Object.entries(WALKTHROUGH_SVGS)) for (const [kind, t] of Object.entries(THEMES)) out[`media/walkthrough/${name}-${kind}.svg`] = draw(t);
  return out;
}

async function renderPng(svg, size) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    return await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
  } finally {
    await browser.close();
  }
}

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [rel, content] of Object.entries(svgFiles())) {
    const file = join(root, rel);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(rel);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${rel}`);
  }
  if (check) {
    if (stale.length) {
      console.error(`out of date (run npm run media): ${stale.join(', ')}`);
      process.exit(1);
    }
    return;
  }
  const png = await renderPng(ICON_SVG, 128);
  writeFileSync(join(root, 'media/icon.png'), png);
  console.log(`wrote media/icon.png (${png.length} bytes)`);
}

await main();
