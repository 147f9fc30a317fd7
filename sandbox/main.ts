// npm run sandbox: the whole product offline. Starts the emulated tenant (HTTPS Microsoft Graph + token endpoint +
// its sign-in service), the emulated itsme (OpenID provider + "itsme app" page) and a real VS Code (code-server,
// installed on first run) with the extension installed and configured against them; then prints the URL to open,
// what to type in the wizard, and the test identities' phone numbers.
//   --tenant-kind b2c|external   an Azure AD B2C tenant (b2clogin sign-in; the default) or a Microsoft Entra
//                                External ID external tenant (tenantType CIAM; ciamlogin sign-in)
//   --email-step verify|refuse   external only: the email switch of the emulated sign-up (emulators/ciam, a GUESS;
//                                default verify = an email one-time-code page, refuse = sign-up refused)
//   --variant user-flow|custom-policy   B2C only: the built-in user flow (the default) or the generated custom
//                                policy (national number, itsme's advanced assurance, its own token lifetimes)
//   --cli   only the tenant + the CLI's plan/apply/apply (no VS Code); with --variant custom-policy and --once it
//           then signs in headless through the emulated itsme and checks the token (national number, itsme_acr,
//           exp − iat = the configured ID token lifetime)
//   --once  start everything, check it answers, print the figures, stop (a smoke test / bring-up timing); starts
//           from an empty tenant and keeps nothing
//   --fresh forget what the last start kept (ports, tenant, test app) and start over
// Between starts the sandbox keeps its ports, its tenant and the test app's secret (sandbox/keep.ts, one file per
// kind under .cache/sandbox/state/), so the authority, the discovery URLs and the test app's client id and secret an
// app team configured stay valid; the sign-in services keep their signing keys (.cache/sandbox/keys).
// Both modes also register a test app for the bank's app team (sandbox/testApp.ts, through Graph) and print what an
// app needs to point at the emulators: authority, discovery URLs, the test app's client id and secret, itsme, the
// test identities and how to trust the CA in Node, a browser and .NET (sandbox/appTeam.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DEFAULT_PERMISSIONS, startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../emulators';
import { startB2cLogin } from '../emulators/b2c/server';
import { signInHeadless } from '../emulators/signin/headless';
import { startCiamLogin, type EmailStep } from '../emulators/ciam';
import { startCodeServer } from './codeServer';
import { appTeamLines, endpointsOf, type AppTeamInfo } from './appTeam';
import { linkTestApp, registerTestApp, watchAndLink, type TestApp } from './testApp';
import { forgetKept, keepTenant, portOf, portsToAsk, readKept, type Kept } from './keep';

const root = join(__dirname, '..');
const started = Date.now();
const { values: args } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    cli: { type: 'boolean', default: false },
    'tenant-kind': { type: 'string', default: 'b2c' },
    'email-step': { type: 'string', default: 'verify' },
    variant: { type: 'string', default: 'user-flow' },
    fresh: { type: 'boolean', default: false },
  },
  strict: true,
});
const once = args.once;
const cliOnly = args.cli;
const kind = args['tenant-kind'];
const emailStep = args['email-step'] as EmailStep;
if (kind !== 'b2c' && kind !== 'external') usage(`--tenant-kind must be b2c or external (got '${kind}')`);
if (emailStep !== 'verify' && emailStep !== 'refuse') usage(`--email-step must be verify or refuse (got '${emailStep}')`);
if (args.variant !== 'user-flow' && args.variant !== 'custom-policy') usage(`--variant must be user-flow or custom-policy (got '${args.variant}')`);
const customPolicy = args.variant === 'custom-policy';
if (customPolicy && kind !== 'b2c') usage('--variant custom-policy exists only for --tenant-kind b2c (External ID has no custom policies)');
/** The custom-policy sandbox's settings: the national number and the birth date, the itsme code forced, 15-minute ID tokens. */
const CUSTOM_POLICY = { name: 'itsme', claims: ['nationalNumber', 'birthDate'], assurance: 'advanced', tokenLifetimes: { accessTokenSeconds: 900, idTokenSeconds: 900, rollingWindow: 'noExpiry' } } as const;
const ACR_ADVANCED = 'http://itsme.services/v2/claim/acr_advanced';
const PARTNER = { clientId: 'SANDBOXPARTNER', clientSecret: 'sandbox-itsme-secret', serviceCode: 'SANDBOX_LOGIN' };
/** The user flow the sandbox's itsme-b2c.json names (B2C: B2C_1_itsme). */
const FLOW_NAME = 'itsme';
/** What this kind of sandbox kept from its last start (sandbox/keep.ts); nothing for --once. */
const keptFile = join(root, '.cache', 'sandbox', 'state', `${kind}${customPolicy ? '-custom-policy' : ''}.json`);
if (args.fresh) forgetKept(keptFile);
const kept: Kept = once ? { ports: {} } : readKept(keptFile, (l) => console.log(l));

function usage(message: string): never {
  console.error(`sandbox: ${message}\nUsage: npm run sandbox -- [--tenant-kind b2c|external] [--variant user-flow|custom-policy] [--email-step verify|refuse] [--cli] [--once] [--fresh]`);
  process.exit(2);
}

function run(a: string[]): void {
  const r = spawnSync(process.execPath, a, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

interface Tenant {
  graph: GraphEmulator;
  /** The sign-in service's host, given as loginHost (the custom login domain) to the CLI and the extension. */
  loginHost: string;
  signInUrl: string;
  label: string;
  redirectUris: string[];
  stop(): Promise<void>;
  /** Lines for the printout about the sign-in. */
  notes: string[];
}

async function b2cTenant(ports: Record<string, number>): Promise<Tenant> {
  // The custom policy needs the Identity Experience Framework permissions too (policies and key sets).
  const grantedPermissions = customPolicy ? [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] : undefined;
  // No portal here to tick a user flow's application claims in: the setup sets them through the docs branch's
  // relationship (emulators/graph/application-claims.ts), so the sandbox's tokens carry name, emails, idp ….
  const graph = await startGraphEmulator({ port: ports['graph'], trustCa: true, applicationClaims: { relationship: 'asInDocsBranch' }, ...(grantedPermissions ? { tenant: { grantedPermissions } } : {}) });
  if (kept.tenant) graph.restore(kept.tenant);
  // Stable signing keys per sandbox: an app's cached JWKS and issued tokens stay valid across restarts.
  const b2c = await startB2cLogin({ graph, port: ports['signIn'], keysDir: join(root, '.cache', 'sandbox', 'keys') });
  const tenant = `${graph.state.tenantName}.onmicrosoft.com`;
  return {
    graph,
    loginHost: b2c.host,
    signInUrl: b2c.url,
    label: 'B2C sign-in',
    redirectUris: [`${b2c.url}/${tenant}/oauth2/authresp`, `${b2c.url}/${graph.state.tenantName}/oauth2/authresp`],
    stop: async () => {
      await b2c.stop();
      await graph.stop();
    },
    notes: [],
  };
}

async function externalTenant(ports: Record<string, number>): Promise<Tenant> {
  const graph = await startGraphEmulator({ port: ports['graph'], trustCa: true, tenantType: 'CIAM' });
  if (kept.tenant) graph.restore(kept.tenant);
  // issuerHost 'self': the tokens' issuer follows the login host, as the engine expects with a custom login domain
  // (src/core/plan/external: issuerFollowsLoginHost); the real service's is https://<tenant id>.ciamlogin.com/….
  // keysDir: the signing key survives restarts of the sandbox (an app's cached keys and tokens stay valid).
  const ciam = await startCiamLogin({ graph, port: ports['signIn'], issuerHost: 'self', emailStep, keysDir: join(root, '.cache', 'sandbox', 'keys') });
  return {
    graph,
    loginHost: ciam.host,
    signInUrl: ciam.url,
    label: 'External ID sign-in (ciamlogin)',
    redirectUris: ciam.federationRedirectUris(),
    stop: async () => {
      await ciam.stop();
      await graph.stop();
    },
    notes: [
      emailStep === 'verify'
        ? '  6. New person: itsme sends email_verified=false, so sign-up asks to verify the email; the emulated code is\n     shown on the page (--email-step refuse: sign-up is refused instead).'
        : '  6. --email-step refuse: sign-up of a new person is refused (itsme sends email_verified=false).',
    ],
  };
}

/** The app team's block (sandbox/appTeam.ts) for this sandbox. */
function appTeam(t: Tenant, itsme: ItsmeEmulator, app: TestApp, linked: boolean): string {
  return appTeamLines(appTeamInfo(t, itsme, app, linked)).join('\n');
}

/** --once: every printed discovery URL answers 200 with the same issuer (what an app team would fetch first). */
async function discoveryAnswers(info: AppTeamInfo): Promise<{ ok: boolean; detail: string }> {
  const urls = endpointsOf(info).discovery;
  const answers = await Promise.all(urls.map((u) => fetch(u).then(async (r) => ({ status: r.status, issuer: r.ok ? ((await r.json()) as { issuer?: string }).issuer : undefined })).catch((e: Error) => ({ status: 0, issuer: e.message }))));
  const ok = answers.every((a) => a.status === 200) && new Set(answers.map((a) => a.issuer)).size === 1;
  return { ok, detail: `${answers.filter((a) => a.status === 200).length}/${urls.length} discovery URLs answer${ok ? `, issuer ${answers[0]!.issuer}` : `: ${answers.map((a, i) => `${urls[i]} → ${a.status}`).join('; ')}`}` };
}

function appTeamInfo(t: Tenant, itsme: ItsmeEmulator, app: TestApp, linked: boolean): AppTeamInfo {
  const { graph } = t;
  const info: AppTeamInfo = {
    kind: kind as 'b2c' | 'external',
    signInUrl: t.signInUrl,
    tenantDomain: `${graph.state.tenantName}.onmicrosoft.com`,
    tenantId: graph.state.tenantId,
    policy: kind === 'external' ? FLOW_NAME : customPolicy ? `B2C_1A_${CUSTOM_POLICY.name}` : `B2C_1_${FLOW_NAME}`,
    app,
    itsme: { url: itsme.url, appUrl: itsme.appUrl },
    identities: itsme.identities.map((p) => ({ phone: p.phone, name: [p.givenName, p.familyName].filter(Boolean).join(' ') })),
    caPath: graph.caPath,
    linked,
  };
  return info;
}

async function main(): Promise<void> {
  const { ask, moved } = await portsToAsk(kept, ['graph', 'signIn', 'itsme']);
  const t = kind === 'external' ? await externalTenant(ask) : await b2cTenant(ask);
  const { graph } = t;
  const tenant = graph.state.verifiedDomains.find((d) => d.isInitial)!.name;
  const itsme = await startItsmeEmulator({
    port: ask['itsme'],
    partners: [{ clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, serviceCodes: [PARTNER.serviceCode], redirectUris: t.redirectUris }],
  });
  const ports = { graph: portOf(graph.url), signIn: portOf(t.signInUrl), itsme: portOf(itsme.url) };
  let testApp: Kept['testApp'];
  const keepStop = once ? undefined : keepTenant(graph, keptFile, () => ({ ports, ...(testApp ? { testApp } : {}) }));
  const keptNote = once
    ? ''
    : kept.tenant
      ? `Kept from the last start (${keptFile}): the tenant, the test app${moved.length ? `; new ports for ${moved.join(', ')}: their URLs changed` : ' and the ports'}. --fresh starts over.`
      : `The ports, the tenant and the test app are kept for the next start (${keptFile}); --fresh starts over.`;
  const registerApp = async () => {
    const app = await registerTestApp(graph, kept.testApp ? { knownSecret: kept.testApp } : {});
    testApp = { appId: app.appId, clientSecret: app.clientSecret };
    return app;
  };
  const common = {
    tenant,
    loginHost: t.loginHost,
    itsme: { environment: 'e2e', generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: PARTNER.clientId, serviceCode: PARTNER.serviceCode },
    app: { displayName: 'itsme-test-jwtms', redirectUris: ['https://jwt.ms', 'http://localhost:53117'] },
  };
  const config = customPolicy
    ? { ...common, variant: 'customPolicy', customPolicy: CUSTOM_POLICY }
    : {
        ...common,
        identityProvider: { displayName: 'itsme' },
        // Token lifetime and refresh window exist only in B2C; External ID rejects them (the kind is detected).
        userFlow: kind === 'external' ? { name: FLOW_NAME } : { name: FLOW_NAME, tokenLifetimeMinutes: 5, refreshSlidingWindow: 'noExpiry' },
      };
  const stops: Array<() => Promise<void>> = [() => itsme.stop(), () => t.stop(), async () => keepStop?.()];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  if (cliOnly) {
    run(['scripts/build.mjs']);
    const dir = kind === 'b2c' ? join(root, '.cache', 'sandbox', ...(customPolicy ? ['custom-policy'] : [])) : join(root, '.cache', 'sandbox', kind);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'itsme-b2c.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: graph.caPath, AZURE_CLIENT_ID: graph.management.clientId, AZURE_CLIENT_SECRET: graph.management.clientSecret, ITSME_CLIENT_SECRET: PARTNER.clientSecret };
    // Asynchronous on purpose: the emulators serve from this process's event loop while the CLI runs.
    const cli = (a: string[]) => new Promise<number>((res) => spawn(process.execPath, ['dist/cli.js', ...a, '-c', file, '--graph-url', graph.url, '--authority-host', graph.authorityHost], { cwd: root, stdio: 'inherit', env }).on('close', (c) => res(c ?? 1)));
    const codes = [await cli(['plan']), await cli(['apply'])];
    const before = graph.log.length;
    codes.push(await cli(['apply']));
    // The second apply must change nothing: count its writes on the emulator, not only its exit code.
    const rewrites = graph.log.slice(before).filter((e) => e.method !== 'GET' && /^\/(v1\.0|beta)\//.test(e.path)).length;
    console.log(`\nTenant: ${tenant} (${graph.state.tenantType}). Configuration: ${file}\nThe itsme client secret of the sandbox is "${PARTNER.clientSecret}" (ITSME_CLIENT_SECRET).`);
    // The app team's test app, after the applies (so it is not counted as the second apply's writes).
    const app = await registerApp();
    const linked = (await linkTestApp(graph, app.appId, FLOW_NAME)) !== undefined;
    console.log(`\n${appTeam(t, itsme, app, linked)}\n`);
    if (keptNote) console.log(`${keptNote}\n`);
    if (once) {
      const token = customPolicy && codes.every((c) => c === 0) ? await customPolicyToken(graph, t.signInUrl, itsme) : undefined;
      const discovery = await discoveryAnswers(appTeamInfo(t, itsme, app, linked));
      await stopAll();
      console.log(`sandbox --tenant-kind ${kind}${customPolicy ? ' --variant custom-policy' : ''} --cli --once: plan ${codes[0]}, apply ${codes[1]}, apply again ${codes[2]} (exit codes); writes of the second apply: ${rewrites}`);
      if (token) console.log(`custom-policy sign-in: ${token.ok ? 'ok' : 'FAILED'} — ${token.detail}`);
      console.log(`app team: ${discovery.ok ? 'ok' : 'FAILED'} — ${discovery.detail}`);
      process.exit(codes.every((c) => c === 0) && rewrites === 0 && (!customPolicy || token?.ok) && discovery.ok ? 0 : 1);
    }
  } else {
    // A real VS Code with the packaged extension, configured against the emulated tenant.
    run(['sandbox/vscode-install.mjs']);
    run(['scripts/vscode-package.mjs', '--quiet']);
    const cs = await startCodeServer({ emu: graph, vsix: join(root, 'dist', 'itsme-b2c.vsix'), name: `sandbox-${kind}`, settings: { 'itsme.loginHost': t.loginHost, 'workbench.startupEditor': 'none' } });
    stops.push(() => cs.stop());
    // The wizard prefills from the workspace's itsme-b2c.json (the same file the CLI reads).
    writeFileSync(join(cs.workspace, 'itsme-b2c.json'), JSON.stringify(config, null, 2));
    const health = await fetch(`${cs.url}/healthz`).then((r) => r.ok).catch(() => false);
    const app = await registerApp();
    // External ID: the wizard creates the flow; the test app joins it as soon as it exists.
    if (kind === 'external') {
      const stopWatching = watchAndLink(graph, app.appId, FLOW_NAME, (flow) => console.log(`The test app ${app.appId} is now in the user flow "${flow}".`));
      stops.push(async () => stopWatching());
    }
    const people = itsme.identities.map((p) => `    ${p.phone}  ${[p.givenName, p.familyName].filter(Boolean).join(' ')}`).join('\n');
    console.log(`
The itsme sandbox is up (${((Date.now() - started) / 1000).toFixed(1)} s): ${graph.state.tenantType === 'CIAM' ? 'an External ID external tenant' : 'an Azure AD B2C tenant'}.

  1. Open VS Code:            ${cs.workbenchUrl()}
  2. In the itsme view, Sign in: tenant ${tenant}, "Service principal",
       client id ${graph.management.clientId}
       secret    ${graph.management.clientSecret}
  3. Run "itsme: Set up itsme sign-in". The codes are prefilled from itsme-b2c.json; the client secret is
       ${PARTNER.clientSecret}
  4. Done page → Run user flow, or "itsme: Run user flow" → "Show the token in VS Code".
     Your browser warns about the emulators' certificate (a throwaway CA: ${graph.caPath}); accept it once for
     ${t.signInUrl} and ${itsme.url}, or import the CA.
  5. itsme asks a phone number; confirm in the itsme app page: ${itsme.appUrl}
     Test identities:
${people}
${[...t.notes, ...(customPolicy ? [`  6. Custom policy B2C_1A_${CUSTOM_POLICY.name}: the itsme app asks for the itsme code (acr_advanced); the token
     carries national_number, birthdate and itsme_acr, and lives ${CUSTOM_POLICY.tokenLifetimes.idTokenSeconds} s.`] : [])].join('\n')}

  Emulated Graph ${graph.url} · ${t.label} ${t.signInUrl} · itsme ${itsme.url}

${appTeam(t, itsme, app, false)}
${keptNote ? `\n${keptNote}\n` : ''}`);
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

/**
 * The custom-policy smoke check: signs in headless with the first test identity (the app's authorize URL with
 * p=B2C_1A_<name>, itsme's pages, the app confirms) and checks the token against the policy's own JWKS: the
 * national number, itsme_acr = acr_advanced, exp − iat = the configured ID token lifetime.
 */
async function customPolicyToken(graph: GraphEmulator, signInUrl: string, itsme: ItsmeEmulator): Promise<{ ok: boolean; detail: string }> {
  try {
    const tenant = `${graph.state.tenantName}.onmicrosoft.com`;
    const policyId = `B2C_1A_${CUSTOM_POLICY.name}`;
    const appId = graph.state.applications.find((a) => a.displayName === 'itsme-test-jwtms')?.appId;
    if (!appId) return { ok: false, detail: 'the app registration is missing' };
    const q = new URLSearchParams({ p: policyId, client_id: String(appId), nonce: 'defaultNonce', redirect_uri: 'https://jwt.ms', scope: 'openid', response_type: 'id_token', prompt: 'login' });
    const person = itsme.identities[0]!;
    const r = await signInHeadless({ authorizeUrl: `${signInUrl}/${tenant}/oauth2/v2.0/authorize?${q}`, itsme, phone: person.phone });
    const idToken = r.fragment.get('id_token');
    if (!idToken) return { ok: false, detail: `no token: ${r.fragment.get('error_description') ?? r.redirect.href}` };
    const d = (await (await fetch(`${signInUrl}/${tenant}/${policyId}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(d.jwks_uri)), { issuer: d.issuer, audience: String(appId) });
    const lifetime = payload.exp! - payload.iat!;
    const checks = [
      [payload['national_number'] === person.nationalNumber, `national_number ${String(payload['national_number'])} (${person.givenName} ${person.familyName})`],
      [payload['itsme_acr'] === ACR_ADVANCED, `itsme_acr ${String(payload['itsme_acr'])}`],
      [lifetime === CUSTOM_POLICY.tokenLifetimes.idTokenSeconds, `exp − iat ${lifetime} s (configured ${CUSTOM_POLICY.tokenLifetimes.idTokenSeconds})`],
    ] as const;
    return { ok: checks.every(([ok]) => ok), detail: checks.map(([ok, what]) => `${ok ? '✓' : '✗'} ${what}`).join(', ') };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
