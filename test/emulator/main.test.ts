// The one emulator entry point (emulators/main.ts + args.ts): argument parsing, and each command brought up for real.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EMULATOR_USAGE, EmulatorUsageError, parseEmulatorArgs } from '../../emulators/args';

const root = join(__dirname, '..', '..');

function usageError(argv: string[]): EmulatorUsageError {
  try {
    parseEmulatorArgs(argv);
  } catch (e) {
    if (e instanceof EmulatorUsageError) return e;
    throw e;
  }
  assert.fail(`no usage error for ${argv.join(' ')}`);
}

/** Runs `node --import tsx emulators/main.ts …` until it prints "Ctrl+C to stop." (or exits); then SIGTERM. */
function run(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/main.ts', ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('Ctrl+C to stop.')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('emulator entry point (npm run emulator)', () => {
  it('parses each command with its options; strict query options by default', () => {
    const g = parseEmulatorArgs(['graph', '--port', '8443', '--latency', '150', '--consistency-delay=1500', '--duplicate-grant', '400']);
    assert.equal(g.command, 'graph');
    assert.deepEqual(
      [g.graph.port, g.graph.latencyMs, g.graph.consistencyDelayMs, g.graph.duplicateGrant, g.graph.query, g.graph.undocumentedQuery, g.graph.tenantType],
      [8443, 150, 1500, 400, 'strict', 'ignore', 'AAD B2C'],
    );
    assert.equal(parseEmulatorArgs(['graph', '--lenient-query']).graph.query, 'lenient');
    assert.equal(parseEmulatorArgs(['b2c', '--reject-undocumented-query']).graph.undocumentedQuery, 'reject');
    const i = parseEmulatorArgs(['itsme', '--port', '9000', '--partner', 'P1', '--service', 'A', '--service', 'B', '--redirect-uri', 'https://x/cb']);
    assert.equal(i.itsme.port, 9000);
    assert.equal(i.graph.port, undefined, "with 'itsme', --port is the itsme port");
    assert.deepEqual(i.itsme.partner, { clientId: 'P1', clientSecret: undefined, serviceCodes: ['A', 'B'], redirectUris: ['https://x/cb'] });
    const all = parseEmulatorArgs(['all', '--port', '1', '--b2c-port', '2', '--itsme-port', '3']);
    assert.deepEqual([all.graph.port, all.b2cPort, all.itsme.port], [1, 2, 3]);
    assert.equal(parseEmulatorArgs(['b2c', '--keys-dir', '.cache/keys']).keysDir, '.cache/keys', 'the signing key kept across restarts');
    assert.equal(parseEmulatorArgs(['all']).keysDir, undefined);
  });

  it('--help is the usage (exit 0); errors name the bad flag or value (exit 2)', () => {
    const help = usageError(['--help']);
    assert.equal(help.exitCode, 0);
    assert.equal(help.message, EMULATOR_USAGE);
    for (const cmd of ['graph', 'itsme', 'b2c', 'all']) assert.match(EMULATOR_USAGE, new RegExp(`^  ${cmd} `, 'm'));
    const cases: Array<[string[], RegExp]> = [
      [['graph', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['graph', '--latency', 'fast'], /--latency expects a non-negative number, got 'fast'/],
      [['graph', '--port', '70000'], /--port expects a port/],
      [['graph', '--duplicate-grant', '418'], /--duplicate-grant must be one of 409, 400; got '418'/],
      [['graph', '--code-ttl', '60'], /--code-ttl does not apply to 'graph'/],
      [['itsme', '--latency', '5'], /--latency does not apply to 'itsme'/],
      [['graph', '--keys-dir', 'k'], /--keys-dir does not apply to 'graph'/],
      [['itsme', '--secret', 's'], /--secret describes the partner: give --partner/],
      [['graph', '--lenient-query', '--reject-undocumented-query'], /strict-mode setting/],
      [['grpah'], /Unknown emulator 'grpah'\. Use one of: graph, itsme, b2c, all/],
      [[], /Which emulator\?/],
      [['graph', 'itsme'], /One emulator per run/],
    ];
    for (const [argv, re] of cases) {
      const e = usageError(argv);
      assert.equal(e.exitCode, 2, argv.join(' '));
      assert.match(e.message, re, argv.join(' '));
    }
  });

  it("'npm run emulator -- --help' prints the usage; a bad flag exits 2 naming it", async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /npm run emulator -- <graph\|itsme\|b2c\|all>/);
    const bad = await run(['graph', '--nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--nope'/);
  });

  it("'all' starts Graph, the B2C sign-in service and itsme, wired together, and stops on SIGTERM", async () => {
    const r = await run(['all', '--consistency-delay', '10']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Graph emulator \(AAD B2C tenant contosob2c\.onmicrosoft\.com\) listening/);
    assert.match(r.stdout, /Query options: {3}strict \(undocumented ones: ignore\); duplicate grant → 409; SP replication delay 10 ms/);
    assert.match(r.stdout, /B2C sign-in service on https:\/\/127\.0\.0\.1:\d+/);
    assert.match(r.stdout, /itsme emulator listening on https:\/\/127\.0\.0\.1:\d+/);
    assert.match(r.stdout, /redirect {2}https:\/\/127\.0\.0\.1:\d+\/contosob2c\.onmicrosoft\.com\/oauth2\/authresp/, 'the partner accepts the B2C callback');
    assert.match(r.stdout, /"generation": "custom"/);
    assert.match(r.stdout, /SIGTERM: stopping/);
  });
});
