// Bundles the extension host entry, the CLI and (later) the webview with esbuild. esbuild does not type-check:
// `npm run typecheck` does. Usage: node scripts/build.mjs [--dev]
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const dev = process.argv.includes('--dev');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: dev, minify: !dev, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
