// npm run sandbox: the whole product offline. Starts the emulated Azure AD B2C tenant (HTTPS Microsoft Graph +
// token endpoint + the b2clogin sign-in service), the emulated itsme (OpenID provider + "itsme app" page) and a
// real VS Code (code-server, installed on first run) with the extension installed and configured against them;
// then prints the URL to open, what to type in the wizard, and the test identities' phone numbers.
//   --cli   only the tenant + the CLI's plan/apply demo (no VS Code)
//   --once  start everything, check it answers, print the figures, stop (a smoke test / bring-up timing)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGraphEmulator, startItsmeEmulator } from '../emulators';
import { startB2cLogin } from '../emulators/b2c/server';
import { startCodeServer } from './codeServer';

const root = join(__dirname, '..');
const started = Date.now();
const once = process.argv.includes('--once');
const cliOnly = process.argv.includes('--cli');
const PARTNER = { clientId: 'SANDBOXPARTNER', clientSecret: 'sandbox-itsme-secret', serviceCode: 'SANDBOX_LOGIN' };

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  const graph = await startGraphEmulator({ trustCa: true });
  const b2c = await startB2cLogin({ graph });
  const tenant = `${graph.state.tenantName}.onmicrosoft.com`;
  const itsme = await startItsmeEmulator({
    partners: [{ clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, serviceCodes: [PARTNER.serviceCode], redirectUris: [`${b2c.url}/${tenant}/oauth2/authresp`, `${b2c.url}/${graph.state.tenantName}/oauth2/authresp`] }],
  });
  const config = {
    tenant,
    loginHost: b2c.host,
    itsme: { environment: 'e2e', generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: PARTNER.clientId, serviceCode: PARTNER.serviceCode },
    identityProvider: { displayName: 'itsme' },
    userFlow: { name: 'itsme', tokenLifetimeMinutes: 5, refreshSlidingWindow: 'noExpiry' },
    app: { displayName: 'itsme-test-jwtms', redirectUris: ['https://jwt.ms', 'http://localhost:53117'] },
  };
  const stops: Array<() => Promise<void>> = [() => itsme.stop(), () => b2c.stop(), () => graph.stop()];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  if (cliOnly) {
    run(['scripts/build.mjs']);
    const dir = join(root, '.cache', 'sandbox');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'itsme-b2c.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: graph.caPath, AZURE_CLIENT_ID: graph.management.clientId, AZURE_CLIENT_SECRET: graph.management.clientSecret, ITSME_CLIENT_SECRET: PARTNER.clientSecret };
    // Asynchronous on purpose: the emulators serve from this process's event loop while the CLI runs.
    const cli = (a: string[]) => new Promise<number>((res) => spawn(process.execPath, ['dist/cli.js', ...a, '-c', file, '--graph-url', graph.url, '--authority-host', graph.authorityHost], { cwd: root, stdio: 'inherit', env }).on('close', (c) => res(c ?? 1)));
    const codes = [await cli(['plan']), await cli(['apply']), await cli(['apply'])];
    console.log(`\nConfiguration: ${file}\nThe itsme client secret of the sandbox is "${PARTNER.clientSecret}" (ITSME_CLIENT_SECRET).`);
    if (once) {
      await stopAll();
      process.exit(codes.every((c) => c === 0) ? 0 : 1);
    }
  } else {
    // A real VS Code with the packaged extension, configured against the emulated tenant.
    run(['sandbox/vscode-install.mjs']);
    run(['scripts/vscode-package.mjs', '--quiet']);
    const cs = await startCodeServer({ emu: graph, vsix: join(root, 'dist', 'itsme-b2c.vsix'), name: 'sandbox', settings: { 'itsme.loginHost': b2c.host, 'workbench.startupEditor': 'none' } });
    stops.push(() => cs.stop());
    // The wizard prefills from the workspace's itsme-b2c.json (the same file the CLI reads).
    writeFileSync(join(cs.workspace, 'itsme-b2c.json'), JSON.stringify(config, null, 2));
    const health = await fetch(`${cs.url}/healthz`).then((r) => r.ok).catch(() => false);
    const people = itsme.identities.map((p) => `    ${p.phone}  ${[p.givenName, p.familyName].filter(Boolean).join(' ')}`).join('\n');
    console.log(`
The itsme sandbox is up (${((Date.now() - started) / 1000).toFixed(1)} s).

  1. Open VS Code:            ${cs.workbenchUrl()}
  2. In the itsme view, Sign in: tenant ${tenant}, "Service principal",
       client id ${graph.management.clientId}
       secret    ${graph.management.clientSecret}
  3. Run "itsme: Set up itsme sign-in". The codes are prefilled from itsme-b2c.json; the client secret is
       ${PARTNER.clientSecret}
  4. Done page → Run user flow, or "itsme: Run user flow" → "Show the token in VS Code".
     Your browser warns about the emulators' certificate (a throwaway CA: ${graph.caPath}); accept it once for
     ${b2c.url} and ${itsme.url}, or import the CA.
  5. itsme asks a phone number; confirm in the itsme app page: ${itsme.appUrl}
     Test identities:
${people}

  Emulated Graph ${graph.url} · B2C sign-in ${b2c.url} · itsme ${itsme.url}
`);
    if (once) {
      await stopAll();
      process.exit(health ? 0 : 1);
    }
  }
  console.log('Ctrl+C to stop.');
  const quit = () => void stopAll().then(() => process.exit(0));
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
