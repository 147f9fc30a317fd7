// Standalone itsme emulator: `npx tsx emulators/itsme/main.ts [--port N] [--code-ttl SECONDS]
// [--partner CODE --secret S --service CODE --redirect-uri URI ...]`. Prints the issuers, metadata URLs, the "itsme
// app" URL, the partner and the test identities, and runs until SIGINT/SIGTERM. Emulator secrets: printing is fine.
import { displayName, itsmePhoneFormat, startItsmeEmulator, type PartnerSeed } from './index';

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1]!);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}

function num(name: string): number | undefined {
  const v = args(name)[0];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} expects a non-negative integer, got '${v}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const code = args('partner')[0];
  const partners: PartnerSeed[] | undefined = code
    ? [
        {
          clientId: code,
          clientSecret: args('secret')[0] ?? 'emulator-itsme-client-secret',
          serviceCodes: args('service').length ? args('service') : ['EMULATOR_LOGIN'],
          redirectUris: args('redirect-uri'),
        },
      ]
    : undefined;
  const emu = await startItsmeEmulator({ port: num('port'), codeTtlSeconds: num('code-ttl'), partners, trustCa: false });

  const lines = [
    `itsme emulator listening on ${emu.url}`,
    '',
    'Endpoint generations (both on this server, each its own issuer):',
    `  v2       issuer ${emu.issuers.v2}`,
    `           metadata ${emu.metadataUrls.v2}`,
    `  legacy   issuer ${emu.issuers.legacy}`,
    `           metadata ${emu.metadataUrls.legacy}`,
    '',
    `itsme app (open on the side, confirm or reject requests): ${emu.appUrl}`,
    '',
    'Partners:',
    ...emu.partners.flatMap((p) => [
      `  ${p.clientId} (${p.name})  secret ${p.clientSecret}  generations ${p.generations.join(', ')}`,
      `    scope     openid ${p.serviceCodes.map((s) => `service:${s}`).join(' | ')} [profile] [email] [phone] [address] [eid]`,
      ...p.redirectUris.map((u) => `    redirect  ${u}`),
    ]),
    '',
    'Test identities (type the phone number on the "Identify yourself" page):',
    ...emu.identities.map((i) => `  ${itsmePhoneFormat(i.phone).padEnd(16)} ${displayName(i)}  (${emu.appUrl}?phone=${encodeURIComponent(i.phone)})`),
    '',
    `CA certificate: ${emu.caPath}   (child processes: NODE_EXTRA_CA_CERTS=${emu.caPath})`,
    '',
    'Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (${emu.log.filter((e) => e.kind === 'request').length} requests served)`);
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
