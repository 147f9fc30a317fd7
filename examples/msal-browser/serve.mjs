// Serves the single-page app on http://localhost:3000 (the sandbox test app's SPA redirect URI): index.html, app.js,
// config.js and MSAL.js from node_modules. `node examples/msal-browser/serve.mjs`; the tests use createServer with
// their own config (then config.js is written from it).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const msalJs = join(dirname(createRequire(import.meta.url).resolve('@azure/msal-browser')), 'msal-browser.min.js');
const FILES = { '/': join(here, 'index.html'), '/app.js': join(here, 'app.js'), '/config.js': join(here, 'config.js'), '/msal-browser.min.js': msalJs };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** The static server; with `config`, config.js is made from it instead of the file. */
export function createServer(config) {
  return http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (path === '/config.js' && config) {
      return res.writeHead(200, { 'Content-Type': TYPES['.js'] }).end(`window.config = ${JSON.stringify(config)};\n`);
    }
    const file = FILES[path];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(await readFile(file));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  createServer().listen(3000, () => console.log('Open http://localhost:3000/'));
}
