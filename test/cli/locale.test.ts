// The CLI speaks the user's language: LANG / LC_ALL / LC_MESSAGES pick Dutch, French or German for the built
// dist/cli.js, before any message is made; anything else stays English.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('CLI language', () => {
  let dir: string;
  let bad: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'itsme-cli-locale-'));
    bad = join(dir, 'bad.json');
    // Two problems: a partner code with a space, and a token lifetime out of range.
    writeFileSync(bad, JSON.stringify({ tenant: 'contosob2c.onmicrosoft.com', itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'ab cd', serviceCode: 'MYBANK_LOGIN' }, userFlow: { tokenLifetimeMinutes: 2 } }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>): string => {
    const r = spawnSync(process.execPath, [CLI, 'plan', '-c', bad], { env: { PATH: process.env['PATH'], ...env }, encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'a bad configuration must fail');
    return r.stderr;
  };

  it('LANG=nl_BE.UTF-8 → Dutch', () => {
    const text = run({ LANG: 'nl_BE.UTF-8' });
    assert.match(text, /De configuratie heeft 2 probleem/, text);
    assert.doesNotMatch(text, /The configuration has/, text);
  });
  it('LANG=fr_BE.UTF-8 → French', () => {
    const text = run({ LANG: 'fr_BE.UTF-8' });
    assert.match(text, /La configuration comporte 2 problème/, text);
  });
  it('LC_ALL=de_BE.UTF-8 wins over LANG=fr_BE → German', () => {
    const text = run({ LANG: 'fr_BE.UTF-8', LC_ALL: 'de_BE.UTF-8' });
    assert.match(text, /Die Konfiguration hat 2 Problem/, text);
  });
  it('LANG=en_US.UTF-8 or none → English', () => {
    assert.match(run({ LANG: 'en_US.UTF-8' }), /The configuration has 2 problem/);
    assert.match(run({}), /The configuration has 2 problem/);
  });
});
