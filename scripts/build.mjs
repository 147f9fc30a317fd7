// Bundles the extension host entry, the CLI and (later) the webview with esbuild. esbuild does not type-check:
// `npm run typecheck` does. Usage: node scripts/build.mjs [--dev]
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const dev = process.argv.includes('--dev');
// A clean dist: a dev build's source maps must not linger into a packaged build.
rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: dev, minify: !dev, logLevel: 'warning' };

await Promise.all([
  // The activation bundle stays tiny; host.js (engine, Graph client, @azure/identity, wizard host) loads on first use.
  build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './host.js'] }),
  build({ ...common, entryPoints: ['src/vscode/host.ts'], outfile: 'dist/host.js', external: ['vscode', './vscode/graph.js'] }),
  // Sign-in and the Graph client (@azure/identity, MSAL): loaded by host.js on the first Graph call.
  build({ ...common, entryPoints: ['src/vscode/graphAccess.ts'], outfile: 'dist/vscode/graph.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The wizard's page: a browser IIFE plus its CSS (imported by the entry), loaded by WizardPanel from dist/webview.
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: dev, minify: !dev, logLevel: 'warning', entryPoints: ['webview-ui/main.ts'], outdir: 'dist/webview', entryNames: 'wizard' }),
  // The token view's page (webview-ui/token): token.js + token.css, loaded by src/vscode/token/tokenView.ts.
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: dev, minify: !dev, logLevel: 'warning', entryPoints: ['webview-ui/token/main.ts'], outdir: 'dist/webview', entryNames: 'token' }),
]);
chmodSync('dist/cli.js', 0o755);
