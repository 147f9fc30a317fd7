// The sandbox as an app team meets it, for the example tests: the emulated tenant (B2C or External ID) configured by
// the engine with itsme (as `npm run sandbox -- --cli` does), the emulated itsme, and the sandbox's test app
// registered through Graph (sandbox/testApp.ts) with the test's own localhost redirect URIs. What the examples get
// is what the sandbox prints (sandbox/appTeam.ts endpointsOf): the authority, the client id and the secret.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import { startB2cLogin } from '../../emulators/b2c/server';
import { startCiamLogin } from '../../emulators/ciam';
import { startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { signInHeadless } from '../../emulators/signin/headless';
import { endpointsOf } from '../../sandbox/appTeam';
import { runCiamSignIn } from '../emulator/ciam-helpers';
import { linkTestApp, registerTestApp, type RegisterOptions, type TestApp } from '../../sandbox/testApp';
import { graphFor, startEmulator, testConfig } from '../engine/harness';

const PARTNER = { clientId: 'SANDBOXPARTNER', clientSecret: 'sandbox-itsme-secret', serviceCode: 'SANDBOX_LOGIN' };

export interface AppSandbox {
  kind: 'b2c' | 'external';
  graph: GraphEmulator;
  itsme: ItsmeEmulator;
  /** The sign-in service's origin (b2clogin / ciamlogin stand-in). */
  signInUrl: string;
  authority: string;
  discoveryUrl: string;
  register(opts: RegisterOptions): Promise<TestApp>;
  /**
   * A person at a browser, headless (emulators/signin): the authorization URL the app sent → the sign-in page's
   * itsme button → itsme's pages (phone number, confirmed in the "itsme app") → [External ID: the email step] →
   * where the service sends the browser back to the app.
   */
  signIn(authorizeUrl: string): Promise<URL>;
  stop(): Promise<void>;
}

export async function startAppSandbox(kind: 'b2c' | 'external'): Promise<AppSandbox> {
  const graph = await startEmulator(kind === 'external' ? { tenantType: 'CIAM' } : {});
  // External ID: the issuer follows the login host, as the engine expects with loginHost set (the sandbox's way).
  const signIn = kind === 'external' ? await startCiamLogin({ graph, issuerHost: 'self' }) : await startB2cLogin({ graph });
  const domain = `${graph.state.tenantName}.onmicrosoft.com`;
  const redirectUris =
    kind === 'external' ? (signIn as Awaited<ReturnType<typeof startCiamLogin>>).federationRedirectUris() : [`${signIn.url}/${domain}/oauth2/authresp`, `${signIn.url}/${graph.state.tenantName}/oauth2/authresp`];
  const itsme = await startItsmeEmulator({ partners: [{ clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, serviceCodes: [PARTNER.serviceCode], redirectUris }] });
  const config = testConfig({
    tenant: domain,
    loginHost: signIn.host,
    itsme: { generation: 'custom', metadataUrl: itsme.metadataUrls.v2, partnerCode: PARTNER.clientId, serviceCode: PARTNER.serviceCode },
    userFlow: { name: 'itsme' },
  });
  const r = await applyConfiguration(graphFor(graph), config, { secret: PARTNER.clientSecret });
  assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
  const policy = kind === 'external' ? 'itsme' : graph.state.userFlows[0]!.id;
  const e = endpointsOf({ kind, signInUrl: signIn.url, tenantDomain: domain, tenantId: graph.state.tenantId, policy });
  return {
    kind,
    graph,
    itsme,
    signInUrl: signIn.url,
    authority: e.authority,
    discoveryUrl: e.discovery[0]!,
    async register(opts) {
      const app = await registerTestApp(graph, opts);
      if (kind === 'external') assert.ok(await linkTestApp(graph, app.appId, 'itsme'), 'the test app joins the user flow');
      return app;
    },
    async signIn(url) {
      if (kind === 'b2c') return (await signInHeadless({ authorizeUrl: url, itsme })).redirect;
      const r = await runCiamSignIn(signIn as Awaited<ReturnType<typeof startCiamLogin>>, itsme, url, { email: 'jan.peeters@example.com' });
      assert.equal(r.kind, 'redirect', r.kind === 'page' ? r.body.slice(0, 400) : '');
      return (r as { redirect: URL }).redirect;
    },
    async stop() {
      await Promise.all([itsme.stop(), signIn.stop(), graph.stop()]);
    },
  };
}
