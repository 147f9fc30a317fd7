// npm run sandbox: the product, offline. Starts the emulated B2C tenant (HTTPS Microsoft Graph + token endpoint),
// writes a sample itsme configuration, runs the CLI's plan and apply against it, and keeps the tenant running so
// you can go on with the printed commands. `--once` stops after the demo (used as a smoke test).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGraphEmulator } from '../test/emulator';

const root = join(__dirname, '..');
const SANDBOX_SECRET = 'sandbox-itsme-secret';

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const emu = await startGraphEmulator({ port: Number(process.env['ITSME_SANDBOX_PORT'] ?? 0), trustCa: false });
  const dir = join(root, '.cache', 'sandbox');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'itsme-b2c.json');
  writeFileSync(
    configPath,
    JSON.stringify(
      {
        tenant: `${emu.state.tenantName}.onmicrosoft.com`,
        itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'SANDBOXPARTNER', serviceCode: 'SANDBOX_LOGIN' },
        identityProvider: { displayName: 'itsme' },
        userFlow: { name: 'itsme', tokenLifetimeMinutes: 5, refreshSlidingWindow: 'noExpiry' },
        app: { displayName: 'itsme-test-jwtms', redirectUris: ['https://jwt.ms'] },
      },
      null,
      2,
    ),
  );
  const env = {
    NODE_EXTRA_CA_CERTS: emu.caPath,
    AZURE_CLIENT_ID: emu.management.clientId,
    AZURE_CLIENT_SECRET: emu.management.clientSecret,
    ITSME_CLIENT_SECRET: SANDBOX_SECRET,
  };
  // Asynchronous on purpose: the emulator serves from this process's event loop while the CLI runs.
  const cli = (args: string[]): Promise<number> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['dist/cli.js', ...args, '-c', configPath, '--graph-url', emu.url, '--authority-host', emu.authorityHost], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
      child.on('close', (code) => resolve(code ?? 1));
    });
  console.log(`\nEmulated Azure AD B2C tenant ${emu.state.tenantName}.onmicrosoft.com at ${emu.url}\n`);
  console.log('$ itsme-b2c plan');
  await cli(['plan']);
  console.log('\n$ itsme-b2c apply');
  const applied = await cli(['apply']);
  console.log('\n$ itsme-b2c apply   (again: a configured tenant gets zero writes)');
  const again = await cli(['apply']);
  const shell = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`\nTry more (the itsme secret of the sandbox is "${SANDBOX_SECRET}"):`);
  for (const c of ['status', 'plan --json', 'rotate-secret', 'destroy --yes']) {
    console.log(`  ${shell} node dist/cli.js ${c} -c ${configPath} --graph-url ${emu.url} --authority-host ${emu.authorityHost}`);
  }
  if (once) {
    await emu.stop();
    process.exit(applied === 0 && again === 0 ? 0 : 1);
  }
  console.log('\nThe tenant keeps running; Ctrl+C to stop.');
  process.on('SIGINT', () => void emu.stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void emu.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
