// The browser's landing page after a run to VS Code (src/core/token/loopbackPage.ts): self-contained (its inline
// CSS and script allowed by hash, nothing else), readable (a sans-serif font, a heading that says what happened),
// and the token leaves the address bar and history before the page posts it. The page's script runs here against
// a minimal fake browser, so the order (replaceState, then fetch) is observed, not read from the text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vm from 'node:vm';
import { LOOPBACK_CSP, loopbackPage } from '../../src/core/token/loopbackPage';

const inline = (html: string, tag: 'style' | 'script') => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)![1]!;
const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Runs the page's script with `url`; returns what it did, in order, and what the page shows. */
async function land(url: string, respond: (body: string) => Promise<{ ok: boolean }>) {
  const html = loopbackPage();
  const events: string[] = [];
  const u = new URL(url);
  const attrs = (id: string) => {
    const m = new RegExp(`<p id="${id}" data-title="([^"]*)" hidden>([^<]*)</p>`).exec(html);
    return { title: m?.[1] ?? '', text: m?.[2] ?? '' };
  };
  const el = (id: string) => {
    const a = attrs(id);
    const data: Record<string, string> = { 'data-title': a.title };
    return { id, textContent: a.text, hidden: true, getAttribute: (k: string) => data[k] ?? null, setAttribute: (k: string, v: string) => (data[k] = v) };
  };
  const els: Record<string, ReturnType<typeof el>> = {};
  const byId = (id: string) => (els[id] ??= el(id));
  let posted: Promise<unknown> = Promise.resolve();
  const sandbox = {
    location: { hash: u.hash, search: u.search, pathname: u.pathname },
    history: { replaceState: (_s: unknown, _t: string, to: string) => { events.push(`replaceState ${to}`); sandbox.location.hash = ''; sandbox.location.search = ''; } },
    document: { getElementById: byId, querySelector: () => byId('main') },
    URLSearchParams,
    fetch: (path: string, init: { method: string; body: string }) => {
      events.push(`fetch ${init.method} ${path} ${init.body.slice(0, 12)}… (url hash now "${sandbox.location.hash}")`);
      const p = respond(init.body);
      posted = p.catch(() => {}).then(() => new Promise((r) => setTimeout(r, 0)));
      return p;
    },
  };
  vm.runInNewContext(inline(html, 'script'), sandbox);
  await posted;
  return { events, state: byId('status').getAttribute('data-state'), title: byId('title').textContent, text: byId('status').textContent, code: byId('code') };
}

describe('loopback landing page', () => {
  it('is self-contained: the CSP allows its own inline CSS and script by hash, and nothing else', () => {
    const html = loopbackPage();
    assert.ok(LOOPBACK_CSP.includes(`script-src ${hash(inline(html, 'script'))}`), LOOPBACK_CSP);
    assert.ok(LOOPBACK_CSP.includes(`style-src ${hash(inline(html, 'style'))}`), LOOPBACK_CSP);
    assert.match(LOOPBACK_CSP, /^default-src 'none'/);
    assert.doesNotMatch(html, /\s(src|href)=|style="|@import|url\(/, 'no external resources, no style attributes');
  });

  it('is readable: a sans-serif system font, a heading and a status line', () => {
    const css = inline(loopbackPage(), 'style');
    assert.match(css, /body \{[^}]*font:[^;}]*system-ui[^;}]*sans-serif/);
    assert.doesNotMatch(css, /Times|[^-]serif\b/);
    assert.match(loopbackPage(), /<h1 id="title">Signing in…<\/h1>/);
    assert.match(loopbackPage('nl-BE'), /<html lang="nl-BE">/);
    assert.match(loopbackPage('"><script>'), /<html lang="&#34;&#62;&#60;script&#62;">/, 'the language is escaped');
  });

  it('removes the token from the URL and history before posting it, then says it is in VS Code', async () => {
    const r = await land('http://localhost:53117/#id_token=eyJ.abc.def&state=s1', async (body) => {
      assert.equal(body, 'id_token=eyJ.abc.def&state=s1');
      return { ok: true };
    });
    assert.deepEqual(r.events, ['replaceState /', 'fetch POST /result id_token=eyJ… (url hash now "")']);
    assert.equal(r.state, 'token');
    assert.equal(r.title, 'Signed in');
    assert.match(r.text, /now in VS Code/);
  });

  it('an error response: said so, with its code; a refused or unreachable VS Code: what to do', async () => {
    const err = await land('http://localhost:53117/#error=access_denied&error_description=AADB2C90273&state=s1', async () => ({ ok: true }));
    assert.equal(err.events[0], 'replaceState /');
    assert.equal(err.state, 'error');
    assert.equal(err.title, 'The sign-in did not finish');
    assert.equal(err.code.textContent, 'access_denied');
    assert.equal(err.code.hidden, false);
    const refused = await land('http://localhost:53117/#id_token=x&state=other', async () => ({ ok: false }));
    assert.equal(refused.state, 'refused');
    assert.match(refused.text, /Run the user flow again/);
    const gone = await land('http://localhost:53117/#id_token=x&state=s', () => Promise.reject(new Error('ECONNREFUSED')));
    assert.equal(gone.state, 'unreachable');
    // The query form (response_mode=query) is cleaned the same way.
    assert.equal((await land('http://localhost:53117/?code=x&state=s', async () => ({ ok: true }))).events[0], 'replaceState /');
  });

  it('opened without a response: says what the page is for, posts nothing', async () => {
    const r = await land('http://localhost:53117/', async () => assert.fail('nothing to post'));
    assert.deepEqual(r.events, []);
    assert.equal(r.state, 'empty');
  });
});
