// A real VS Code for tests: code-server 4.139.1 (VS Code 1.139.1, Node extension host) started in private
// directories, with the extension's .vsix installed and its settings pointing at the Graph emulator.
// Recipe and gotchas: docs/reference/real-vscode.md. Browser side: ./workbench.ts.
//
//   const emu = await startGraphEmulator();
//   const cs = await startCodeServer({ emu, vsix: 'dist/itsme-b2c.vsix' });
//   … cs.url, cs.workspace, cs.extensionPath …
//   await cs.stop();                       // ends the whole process group (ext hosts, watchers, language servers)
//
// Everything lives under one short temp root (Unix sockets are limited to 108 characters): home/, t/ (TMPDIR),
// ud/ (user data: settings, logs, state), ext/ (extensions), ws/ (the opened folder).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GraphEmulator } from '../emulators';

export const REPO = path.resolve(__dirname, '..');
export const ARTIFACTS = path.join(REPO, 'artifacts');
export const EXTENSION_ID = 'itsme-b2c.itsme-b2c';

/** Settings that keep VS Code quiet and deterministic (no telemetry, updates, tips, chat, welcome pages). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.enableTracing': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

/** The extension's settings for the emulator: a service principal (the emulator's management app) on its tenant. */
export function itsmeSettings(emu: GraphEmulator): Record<string, unknown> {
  return {
    'itsme.graphEndpoint': emu.url,
    'itsme.authorityHost': emu.authorityHost,
    'itsme.signInMethod': 'servicePrincipal',
    'itsme.clientId': emu.management.clientId,
    'itsme.tenant': emu.state.verifiedDomains.find((d) => d.isInitial)?.name ?? 'contosob2c.onmicrosoft.com',
  };
}

export interface CodeServerOptions {
  /** Graph emulator to point the extension at (settings + NODE_EXTRA_CA_CERTS + emu.env()). */
  emu?: GraphEmulator;
  /** .vsix to install with --install-extension before starting. */
  vsix?: string;
  /** Extra user settings (merged over QUIET_SETTINGS and itsmeSettings(emu)). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** A name for the logs copied to artifacts/vscode-logs/<name>/ on stop. */
  name?: string;
  /**
   * Start with --vscode-option enable-smoke-test-driver: required for the extensionDevelopmentPath /
   * extensionTestsPath payload (extension-host tests) on Code 1.139. It also changes the UI: no notification
   * toasts, and modal dialogs are refused ("Dialog requested during smoke test"). Off for the UI tests.
   */
  smokeTestDriver?: boolean;
  /**
   * Domains links open to without VS Code's "Do you want to open this external website?" dialog
   * (code-server --link-protection-trusted-domains), e.g. 'https://*.b2clogin.com'. Needed with the smoke-test
   * driver, which refuses dialogs, so vscode.env.openExternal fails there otherwise.
   */
  trustedDomains?: string[];
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  root: string;
  /** The folder the workbench opens (empty). */
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** Folder of the installed extension (…/ext/itsme-b2c.itsme-b2c-<version>), when a vsix was installed. */
  extensionPath?: string;
  /** Environment code-server (and so the extension host) runs with. */
  env: NodeJS.ProcessEnv;
  /** Workbench URL opening the workspace; extra query parameters appended. */
  workbenchUrl(query?: Record<string, string>): string;
  /** vscode-remote://<authority><absPath>, the form the workbench's `payload` parameter wants. */
  remoteUri(absPath: string): Promise<string>;
  /** Text of every server-side log (remoteagent, extension hosts, …) under user-data/logs. */
  serverLogs(): string;
  /** Stops the whole process group; copies logs to artifacts/vscode-logs/<name>/; removes the root. */
  stop(): Promise<void>;
}

function codeServerEntry(): string {
  // Same folder as sandbox/vscode-install.mjs (which installs it).
  const cache = process.env.ITSME_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'itsme-b2c', 'code-server-4.139.1');
  const entry = path.join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed (${entry}); run: node sandbox/vscode-install.mjs`);
  }
  return entry;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

/** Kills a process group (negative pid) and waits until it is gone, escalating to SIGKILL. */
async function killGroup(pid: number, child?: ChildProcess): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (child && child.exitCode === null && child.signalCode === null) {
    await new Promise((r) => { child.once('exit', r); setTimeout(r, 2000); });
  }
}

const running = new Set<number>();
process.once('exit', () => {
  // Last resort when a test process dies without stop(): never leave code-server and its ext hosts behind.
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** http://127.0.0.1:<free port>/<port>/<rest> → 302 https://127.0.0.1:<port>/<rest> (see VSCODE_PROXY_URI). */
async function startLocalhostRedirector(): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    const m = /^\/(\d{1,5})(\/.*)?$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(302, { Location: `https://127.0.0.1:${m[1]}${m[2] ?? '/'}`, 'Cache-Control': 'no-store' }).end();
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  srv.unref();
  return srv;
}

/** Installs a .vsix into the server's extensions folder (code-server --install-extension). */
function installVsix(entry: string, args: string[], env: NodeJS.ProcessEnv, vsix: string): void {
  const r = spawnSync(process.execPath, [entry, ...args, '--install-extension', vsix, '--force'], { env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || !/successfully installed/i.test(`${r.stdout}${r.stderr}`)) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const entry = codeServerEntry();
  // Short on purpose: VS Code's ipc sockets live in TMPDIR and a socket path is limited to 108 characters.
  const root = fs.mkdtempSync(path.join(process.env.ITSME_E2E_TMP || '/tmp', 'itsme-vsc-'));
  const dirs = { home: path.join(root, 'home'), tmp: path.join(root, 't'), ud: path.join(root, 'ud'), ext: path.join(root, 'ext'), ws: path.join(root, 'ws') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });

  // Trusting the emulator's CA in the extension host takes two routes, because VS Code patches fetch():
  //  - NODE_EXTRA_CA_CERTS: Node's own https/tls (and native fetch);
  //  - the system store: VS Code's patched fetch (http.fetchAdditionalSupport, which the Graph client and
  //    @azure/identity go through) verifies against tls.rootCertificates + the system certificates only, and
  //    ignores NODE_EXTRA_CA_CERTS. With http.systemCertificatesNode it reads the system store through OpenSSL,
  //    which honours SSL_CERT_FILE: a private bundle of the machine's CAs + the emulator's CA. This is how a
  //    user's corporate CA reaches VS Code, so the extension is tested on the path real users have.
  let caEnv: Record<string, string> = {};
  if (opts.emu) {
    const bundle = path.join(root, 'ca-bundle.pem');
    const system = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((f) => fs.existsSync(f));
    fs.writeFileSync(bundle, `${system ? fs.readFileSync(system, 'utf8') : ''}\n${opts.emu.caPem}\n`);
    caEnv = { NODE_EXTRA_CA_CERTS: opts.emu.caPath, SSL_CERT_FILE: bundle, ITSME_EMULATOR_URL: opts.emu.url };
  }
  const settings = { ...QUIET_SETTINGS, ...(opts.emu ? { ...itsmeSettings(opts.emu), 'http.systemCertificatesNode': true } : {}), ...opts.settings };
  fs.writeFileSync(path.join(dirs.ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(opts.emu ? opts.emu.env() : {}),
    ...caEnv,
    ...opts.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    // code-server 4.139 needs Node 24: the one running this process.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  // The test process runs under tsx/mocha; none of that must leak into VS Code's processes.
  for (const k of Object.keys(env)) if (/^(NODE_OPTIONS|TSX_|MOCHA_|VSCODE_)/.test(k)) delete env[k];
  // code-server rewrites every http(s)://(127.0.0.1|localhost):<port> URL the extension opens (openExternal) to its
  // own port proxy, <root>/proxy/<port>/…, which speaks plain HTTP to that port: the HTTPS emulators (the emulated
  // B2C sign-in that "Run user flow" opens) answer "socket hang up" there. VSCODE_PROXY_URI is the rewrite's
  // template; it must parse as a URL with "{{port}}" in it, so it cannot be https://127.0.0.1:{{port}}/ itself:
  // it points at a redirector that sends /<port>/<rest> on to https://127.0.0.1:<port>/<rest>. (opts.env may override.)
  let redirector: http.Server | undefined;
  if (opts.emu && !opts.env?.['VSCODE_PROXY_URI']) {
    redirector = await startLocalhostRedirector();
    env['VSCODE_PROXY_URI'] = `http://127.0.0.1:${(redirector.address() as net.AddressInfo).port}/{{port}}/`;
  }

  const common = ['--config', path.join(dirs.home, 'cs-config.yaml'), '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext];
  let extensionPath: string | undefined;
  if (opts.vsix) {
    installVsix(entry, common, env, opts.vsix);
    const installed = fs.readdirSync(dirs.ext).find((d) => d.toLowerCase().startsWith(EXTENSION_ID + '-'));
    if (!installed) throw new Error(`the .vsix did not install ${EXTENSION_ID} into ${dirs.ext}: ${fs.readdirSync(dirs.ext).join(', ')}`);
    extensionPath = path.join(dirs.ext, installed);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = path.join(root, 'code-server.log');
  const logFd = fs.openSync(logPath, 'a');
  // detached: the child calls setsid(), so it leads a new process group that stop() ends as a whole.
  const child = spawn(process.execPath, [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    // Code >= 1.10x ignores the extensionDevelopmentPath/extensionTestsPath payload without the smoke-test driver.
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(opts.trustedDomains ?? []).flatMap((d) => ['--link-protection-trusted-domains', d]), dirs.ws], { env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const pid = child.pid!;
  running.add(pid);

  const stop = async () => {
    await killGroup(pid, child);
    redirector?.closeAllConnections();
    redirector?.close();
    running.delete(pid);
    const dest = path.join(ARTIFACTS, 'vscode-logs', opts.name ?? 'code-server');
    try {
      fs.rmSync(dest, { recursive: true, force: true });
      fs.mkdirSync(dest, { recursive: true });
      fs.copyFileSync(logPath, path.join(dest, 'code-server.log'));
      if (fs.existsSync(path.join(dirs.ud, 'logs'))) fs.cpSync(path.join(dirs.ud, 'logs'), path.join(dest, 'logs'), { recursive: true });
    } catch {
      /* logs are a convenience */
    }
    if (process.env.ITSME_E2E_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
  };

  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = fs.readFileSync(logPath, 'utf8');
      await stop();
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering /healthz:\n${log}`);
    }
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - t0 > 60_000) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  let authority: string | undefined;
  const workbenchUrl = (query: Record<string, string> = {}) => {
    const q = new URLSearchParams({ folder: dirs.ws, ...query });
    return `${url}/?${q.toString()}`;
  };
  return {
    url,
    root,
    workspace: dirs.ws,
    userDataDir: dirs.ud,
    extensionsDir: dirs.ext,
    extensionPath,
    env,
    workbenchUrl,
    async remoteUri(absPath: string) {
      if (!authority) {
        // The workbench's remoteAuthority ("remote" in code-server 4.100 and 4.139), from its served configuration.
        const html = await (await fetch(workbenchUrl())).text();
        const m = /id="vscode-workbench-web-configuration"[^>]*data-settings="([^"]*)"/.exec(html);
        if (!m) throw new Error('no workbench configuration in the code-server page');
        const json = m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        authority = (JSON.parse(json).remoteAuthority as string | undefined) || new URL(url).host;
      }
      return `vscode-remote://${authority}${absPath}`;
    },
    serverLogs() {
      return listFiles(path.join(dirs.ud, 'logs')).filter((f) => f.endsWith('.log')).map((f) => `--- ${path.relative(dirs.ud, f)}\n${fs.readFileSync(f, 'utf8')}`).join('\n');
    },
    stop,
  };
}

/** Every file under `dir` whose content contains `needle` (for "the secret is nowhere on disk" checks). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const f of listFiles(dir)) {
    try {
      const buf = fs.readFileSync(f);
      if (buf.includes(needle) || buf.includes(Buffer.from(needle, 'utf16le'))) hits.push(f);
    } catch {
      /* sockets, vanished files */
    }
  }
  return hits;
}
