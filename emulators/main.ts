// Standalone Graph emulator: `npx tsx emulators/main.ts [--port N] [--tenant-type AAD] [--latency MS]
// [--consistency-delay MS] [--undocumented store|ignore|reject]`. Prints how to point the CLI / VS Code at it and
// runs until SIGINT/SIGTERM. The management secret is an emulator secret: printing it is fine.
import { startGraphEmulator, type UndocumentedMode } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function num(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} expects a non-negative number, got '${v}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const tenantType = arg('tenant-type') === 'AAD' ? 'AAD' : 'AAD B2C';
  const emu = await startGraphEmulator({
    port: num('port'),
    latencyMs: num('latency'),
    consistencyDelayMs: num('consistency-delay'),
    undocumentedUserFlowProps: (arg('undocumented') as UndocumentedMode | undefined) ?? 'store',
    tenant: { tenantType },
    trustCa: false,
  });
  const domain = emu.state.verifiedDomains.find((d) => d.isInitial)!.name;
  // A ready configuration file for `itsme-b2c plan|apply --config <file>` (fields of src/core/config).
  const config = {
    tenant: emu.tenantId,
    itsme: { environment: 'e2e', generation: 'v2', partnerCode: 'EMULATOR_PARTNER', serviceCode: 'EMULATOR_LOGIN' },
    identityProvider: { displayName: 'itsme' },
    userFlow: { name: 'itsme' },
    app: { displayName: 'itsme-test-jwtms', redirectUris: ['https://jwt.ms'] },
  };
  const lines = [
    `Graph emulator (${tenantType} tenant ${domain}) listening`,
    `  Graph URL:       ${emu.url}   (v1.0: ${emu.url}/v1.0, beta: ${emu.url}/beta)`,
    `  Authority host:  ${emu.authorityHost}   (token endpoint ${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token)`,
    `  Tenant id:       ${emu.tenantId}`,
    `  CA certificate:  ${emu.caPath}`,
    '',
    'Environment for clients (CLI, VS Code):',
    `  NODE_EXTRA_CA_CERTS=${emu.caPath}`,
    `  ITSME_B2C_CLIENT_ID=${emu.management.clientId}`,
    `  ITSME_B2C_CLIENT_SECRET=${emu.management.clientSecret}`,
    '',
    'CLI configuration:',
    JSON.stringify(config, null, 2),
    '',
    'Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (${emu.log.length} requests served)`);
    await emu.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
