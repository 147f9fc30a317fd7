// The one emulator entry point: `npm run emulator -- <graph|itsme|b2c|all> [options]` (usage: args.ts, or --help).
// Starts the chosen servers, prints how to point the CLI / VS Code / a browser at them, and runs until
// SIGINT/SIGTERM. Every secret printed here is an emulator secret (the management app's, the test partner's):
// printing them is the point.
import { EmulatorUsageError, parseEmulatorArgs, type EmulatorArgs } from './args';
import { startB2cLogin, type B2cLogin } from './b2c/server';
import { startCiamLogin } from './ciam/server';
import { ciamEndpoints } from './graph/external-state';
import { startGraphEmulator, type GraphEmulator } from './graph/server';
import { displayName, itsmePhoneFormat, startItsmeEmulator, type ItsmeEmulator, type PartnerSeed } from './itsme';

function graphLines(emu: GraphEmulator, a: EmulatorArgs): string[] {
  const domain = emu.state.verifiedDomains.find((d) => d.isInitial)!.name;
  const o = emu.options;
  return [
    `Graph emulator (${emu.state.tenantType} tenant ${domain}) listening`,
    `  Graph URL:       ${emu.url}   (v1.0: ${emu.url}/v1.0, beta: ${emu.url}/beta)`,
    `  Authority host:  ${emu.authorityHost}   (token endpoint ${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token)`,
    `  Tenant id:       ${emu.tenantId}`,
    ...(emu.state.tenantType === 'CIAM'
      ? [`  External tenant: sign-in host ${ciamEndpoints(emu.state).host}, token issuer ${ciamEndpoints(emu.state).issuer} (the sign-in itself is the ciamlogin emulator's)`]
      : []),
    `  Query options:   ${o.query}${o.query === 'strict' ? ` (undocumented ones: ${o.undocumentedQuery})` : ''}; duplicate grant → ${o.duplicateGrant}` +
      `; SP replication delay ${o.consistency.delayMs} ms; latency ${a.graph.latencyMs ?? 0} ms`,
    `  User flows:      application claims relationship ${o.applicationClaims.relationship} (a new flow ticks: ${o.applicationClaims.newFlowDefault.join(', ') || 'none'})`,
    '',
    'Environment for clients (CLI, VS Code):',
    `  NODE_EXTRA_CA_CERTS=${emu.caPath}`,
    `  AZURE_CLIENT_ID=${emu.management.clientId}`,
    `  AZURE_CLIENT_SECRET=${emu.management.clientSecret}`,
    `  CLI flags: --graph-url ${emu.url} --authority-host ${emu.authorityHost}`,
  ];
}

function itsmeLines(emu: ItsmeEmulator): string[] {
  return [
    `itsme emulator listening on ${emu.url}`,
    '  Endpoint generations (both on this server, each its own issuer):',
    `    v2       issuer ${emu.issuers.v2}`,
    `             metadata ${emu.metadataUrls.v2}`,
    `    legacy   issuer ${emu.issuers.legacy}`,
    `             metadata ${emu.metadataUrls.legacy}`,
    `  itsme app (open on the side, confirm or reject requests): ${emu.appUrl}`,
    '  Partners:',
    ...emu.partners.flatMap((p) => [
      `    ${p.clientId} (${p.name})  secret ${p.clientSecret}  generations ${p.generations.join(', ')}`,
      `      scope     openid ${p.serviceCodes.map((s) => `service:${s}`).join(' | ')} [profile] [email] [phone] [address] [eid]`,
      ...p.redirectUris.map((u) => `      redirect  ${u}`),
    ]),
    '  Test identities (type the phone number on the "Identify yourself" page):',
    ...emu.identities.map((i) => `    ${itsmePhoneFormat(i.phone).padEnd(16)} ${displayName(i)}  (${emu.appUrl}?phone=${encodeURIComponent(i.phone)})`),
  ];
}

/** A ready configuration file for `itsme-b2c plan|apply --config <file>` (fields of src/core/config). */
function cliConfig(graph: GraphEmulator, b2c: Pick<B2cLogin, 'host'> | undefined, itsme: ItsmeEmulator | undefined, partner: PartnerSeed | undefined) {
  const domain = graph.state.verifiedDomains.find((d) => d.isInitial)!.name;
  return {
    tenant: domain,
    ...(b2c ? { loginHost: b2c.host } : {}),
    itsme: itsme
      ? { environment: 'e2e', generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: partner!.clientId, serviceCode: partner!.serviceCodes[0] }
      : { environment: 'e2e', generation: 'v2', partnerCode: 'EMULATOR_PARTNER', serviceCode: 'EMULATOR_LOGIN' },
    identityProvider: { displayName: 'itsme' },
    userFlow: { name: 'itsme' },
    app: { displayName: 'itsme-test-jwtms', redirectUris: ['https://jwt.ms'] },
  };
}

async function start(a: EmulatorArgs): Promise<{ lines: string[]; stops: Array<() => Promise<void>>; requests: () => number }> {
  const stops: Array<() => Promise<void>> = [];
  const lines: string[] = [];
  let graph: GraphEmulator | undefined;
  let b2c: B2cLogin | undefined;
  let itsme: ItsmeEmulator | undefined;
  if (a.command !== 'itsme') {
    graph = await startGraphEmulator({
      port: a.graph.port,
      latencyMs: a.graph.latencyMs,
      consistencyDelayMs: a.graph.consistencyDelayMs,
      undocumentedUserFlowProps: a.graph.undocumentedUserFlowProps,
      query: a.graph.query,
      undocumentedQuery: a.graph.undocumentedQuery,
      duplicateGrant: a.graph.duplicateGrant,
      applicationClaims: { relationship: a.graph.applicationClaims },
      tenant: { tenantType: a.graph.tenantType },
      // 'all' and 'b2c' fetch the itsme discovery document from this process: trust the shared CA here.
      trustCa: a.command !== 'graph',
    });
    stops.push(() => graph!.stop());
    lines.push(...graphLines(graph, a));
  }
  let ciamRedirects: string[] = [];
  let loginHost: string | undefined;
  if (graph && (a.command === 'b2c' || a.command === 'all') && graph.state.tenantType === 'CIAM') {
    // An external tenant signs in on ciamlogin, not b2clogin (emulators/ciam; --b2c-port is its port).
    const ciam = await startCiamLogin({ graph, port: a.b2cPort, issuerHost: 'self', ...(a.keysDir ? { keysDir: a.keysDir } : {}) });
    stops.push(() => ciam.stop());
    ciamRedirects = ciam.federationRedirectUris();
    loginHost = ciam.host;
    lines.push('', `External ID sign-in service (ciamlogin) on ${ciam.url}: use ${ciam.host} as the custom login domain (loginHost / itsme.loginHost); token issuer ${ciam.issuer()}.`);
  } else if (graph && (a.command === 'b2c' || a.command === 'all')) {
    b2c = await startB2cLogin({ graph, port: a.b2cPort, ...(a.keysDir ? { keysDir: a.keysDir } : {}) });
    stops.push(() => b2c!.stop());
    lines.push('', `B2C sign-in service on ${b2c.url}: use ${b2c.host} as the custom login domain (loginHost / itsme.loginHost).`);
  }
  let partner: PartnerSeed | undefined;
  if (a.command === 'itsme' || a.command === 'all') {
    const p = a.itsme.partner;
    const tenantName = graph?.state.tenantName;
    const b2cRedirects = b2c && tenantName ? [`${b2c.url}/${tenantName}.onmicrosoft.com/oauth2/authresp`, `${b2c.url}/${tenantName}/oauth2/authresp`] : ciamRedirects;
    partner = p
      ? { clientId: p.clientId, clientSecret: p.clientSecret ?? 'emulator-itsme-client-secret', serviceCodes: p.serviceCodes.length ? p.serviceCodes : ['EMULATOR_LOGIN'], redirectUris: [...p.redirectUris, ...b2cRedirects] }
      : b2cRedirects.length
        ? { clientId: 'EMULATOR_PARTNER', clientSecret: 'emulator-itsme-client-secret', serviceCodes: ['EMULATOR_LOGIN'], redirectUris: b2cRedirects }
        : undefined;
    itsme = await startItsmeEmulator({ port: a.itsme.port, codeTtlSeconds: a.itsme.codeTtlSeconds, partners: partner ? [partner] : undefined, trustCa: a.command === 'all' });
    stops.push(() => itsme!.stop());
    partner ??= { clientId: itsme.partners[0]!.clientId, serviceCodes: itsme.partners[0]!.serviceCodes, clientSecret: itsme.partners[0]!.clientSecret, redirectUris: [] };
    if (lines.length) lines.push('');
    lines.push(...itsmeLines(itsme));
  }
  const caPath = graph?.caPath ?? itsme!.caPath;
  lines.push('', `CA certificate: ${caPath}   (child processes: NODE_EXTRA_CA_CERTS=${caPath}; browsers: accept it once or import it)`);
  if (graph) {
    lines.push('', 'CLI configuration (itsme-b2c.json):', JSON.stringify(cliConfig(graph, b2c ?? (loginHost ? { host: loginHost } : undefined), itsme, partner), null, 2));
    if (itsme) lines.push(`ITSME_CLIENT_SECRET=${partner!.clientSecret}`);
  }
  const requests = () => (graph?.log.length ?? 0) + (itsme?.log.filter((e) => e.kind === 'request').length ?? 0);
  return { lines, stops, requests };
}

async function main(): Promise<void> {
  let args: EmulatorArgs;
  try {
    args = parseEmulatorArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof EmulatorUsageError)) throw e;
    (e.exitCode === 0 ? console.log : console.error)(e.message);
    process.exit(e.exitCode);
  }
  const { lines, stops, requests } = await start(args);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (${requests()} requests served)`);
    for (const s of stops.reverse()) await s().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Printed only once the handlers are in place: a supervisor may signal as soon as it reads this.
  console.log([...lines, '', 'Ctrl+C to stop.'].join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
