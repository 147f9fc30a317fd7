// The emulated services an app team would point its app at, set up the way a person would have set up a real
// tenant (the tenant's objects are seeded or written through the emulated Graph; nothing here talks to a sign-in
// service except through the client libraries in the tests):
//   b2c:  a B2C tenant with itsme as an OpenID Connect provider, a user flow B2C_1_signin using it, a custom policy
//         set running the same federation (generated, keys made and uploaded through Graph), a web app with a client
//         secret and a public client.
//   ciam: an external tenant with itsme as an OIDC provider in a sign-up/sign-in flow linked to the same two apps.
import { startB2cLogin, type B2cLogin } from '../../emulators/b2c/server';
import { startCiamLogin, type CiamLogin } from '../../emulators/ciam';
import { DEFAULT_PERMISSIONS } from '../../emulators/graph/state';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type ItsmeEmulator } from '../../emulators';
import { generatePolicySet } from '../../src/core/policy/generate';
import { graph, tokenFor } from '../emulator/test-helpers';

export const PARTNER = 'CONFORMANCEPARTNER';
export const SERVICE = 'CONFORMANCE_LOGIN';
export const PARTNER_SECRET = 'conformance-itsme-Secret-1';
/** A confidential web app: a web redirect URI (and the page after sign-out), a client secret. */
export const WEB = {
  appId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  redirectUri: 'https://app.example/signin-oidc',
  logoutUri: 'https://app.example/signed-out',
  secret: 'conformance-web-Secret~42',
};
/** A public client (desktop / mobile): a loopback redirect URI, no secret. */
export const NATIVE = {
  appId: '4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d',
  /** MSAL's usual loopback URI. */
  redirectUri: 'http://localhost',
  /** One with a path: openid-client sends the callback URL it is given, and a bare origin gets a "/" appended by URL. */
  callback: 'http://localhost/callback',
};
/** A single-page app: a spa redirect URI; its token requests are cross-origin (Origin header). */
export const SPA = { appId: '5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e', redirectUri: 'http://localhost:3000/', origin: 'http://localhost:3000' };
/** An app without redirect URIs (B2C's AADB2C90007). */
export const BARE = { appId: '6c5d4e3f-2a1b-4c0d-8e9f-0a1b2c3d4e5f' };
/** A web API: App ID URI and a published scope `read`. */
export const API = { appId: '7d6e5f4a-3b2c-4d1e-9f0a-1b2c3d4e5f6a', uri: 'https://contosob2c.onmicrosoft.com/api', scope: 'https://contosob2c.onmicrosoft.com/api/read' };
export const USER_FLOW = 'B2C_1_signin';
/** A user flow whose identity provider cannot be reached (its metadata URL points at a closed port). */
export const BROKEN_FLOW = 'B2C_1_broken';
export const TENANT = 'contosob2c';
export const DOMAIN = `${TENANT}.onmicrosoft.com`;

const password = (secret: string) => [{ keyId: '0a0b0c0d-0e0f-4a0b-8c0d-0e0f0a0b0c0d', displayName: 'conformance', secretText: secret, hint: secret.slice(0, 3) }];

function apps(): Record<string, unknown>[] {
  return [
    {
      appId: WEB.appId,
      displayName: 'conformance web app',
      web: { redirectUris: [WEB.redirectUri, WEB.logoutUri], implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: true } },
      passwordCredentials: password(WEB.secret),
    },
    { appId: NATIVE.appId, displayName: 'conformance native app', publicClient: { redirectUris: [NATIVE.redirectUri, NATIVE.callback] }, isFallbackPublicClient: true },
    { appId: SPA.appId, displayName: 'conformance spa', spa: { redirectUris: [SPA.redirectUri] } },
    { appId: BARE.appId, displayName: 'conformance app without redirect URIs' },
    {
      appId: API.appId,
      displayName: 'conformance api',
      identifierUris: [API.uri],
      api: { oauth2PermissionScopes: [{ id: '8e7f6a5b-4c3d-4e2f-8a1b-2c3d4e5f6a7b', value: 'read', isEnabled: true, type: 'User', adminConsentDisplayName: 'Read', adminConsentDescription: 'Read' }] },
    },
  ];
}

export interface B2cStack {
  graph: GraphEmulator;
  b2c: B2cLogin;
  itsme: ItsmeEmulator;
  /** The custom policy's relying party (B2C_1A_…). */
  customPolicy: string;
  /** A Graph client of the tenant's admin, and the custom policy files as uploaded (base first). */
  g: ReturnType<typeof graph>;
  files: { id: string; xml: string }[];
  stop(): Promise<void>;
}

/** @param clock the emulated b2clogin's clock (code, refresh-token and session lifetimes are tried by moving it). */
export async function startB2cStack(clock?: () => number): Promise<B2cStack> {
  const graphEmu = await startGraphEmulator({
    tenant: {
      grantedPermissions: [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'],
      applications: apps(),
      servicePrincipals: [{ appId: WEB.appId }, { appId: NATIVE.appId }, { appId: SPA.appId }, { appId: BARE.appId }, { appId: API.appId }],
    },
  });
  const b2c = await startB2cLogin({ graph: graphEmu, ...(clock ? { now: clock } : {}) } as Parameters<typeof startB2cLogin>[0]);
  const itsme = await startItsmeEmulator({
    partners: [{ clientId: PARTNER, clientSecret: PARTNER_SECRET, serviceCodes: [SERVICE], redirectUris: [`${b2c.url}/${DOMAIN}/oauth2/authresp`, `${b2c.url}/${TENANT}/oauth2/authresp`] }],
  });
  const g = graph(graphEmu, await tokenFor(graphEmu));
  const must = async (p: Promise<{ status: number; body: any }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  // The user flow, as a person would make it through Graph (graph-b2c.md §1, §2).
  const idp = await must(
    g('POST', '/beta/identity/identityProviders', {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'itsme',
      clientId: PARTNER,
      clientSecret: PARTNER_SECRET,
      metadataUrl: itsme.metadataUrls.v2,
      scope: `openid service:${SERVICE} profile email`,
      responseType: 'code',
      responseMode: 'query',
      claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
    }),
    'identity provider',
  );
  await must(g('POST', '/beta/identity/b2cUserFlows', { id: USER_FLOW, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 }), 'user flow');
  await must(g('POST', `/beta/identity/b2cUserFlows/${USER_FLOW}/userFlowIdentityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp.id}` }), 'link');
  const broken = await must(
    g('POST', '/beta/identity/identityProviders', {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'itsme-unreachable',
      clientId: PARTNER,
      clientSecret: PARTNER_SECRET,
      metadataUrl: 'https://127.0.0.1:1/v2/.well-known/openid-configuration',
      scope: `openid service:${SERVICE}`,
      responseType: 'code',
      responseMode: 'query',
      claimsMapping: { userId: 'sub', displayName: 'name' },
    }),
    'unreachable identity provider',
  );
  await must(g('POST', '/beta/identity/b2cUserFlows', { id: BROKEN_FLOW, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 }), 'broken user flow');
  await must(g('POST', `/beta/identity/b2cUserFlows/${BROKEN_FLOW}/userFlowIdentityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${broken.id}` }), 'link');
  // The custom policy set (b2c-custom-policy.md §4) with its key sets.
  const files = generatePolicySet({
    tenant: DOMAIN,
    name: 'itsme',
    metadataUrl: itsme.metadataUrls.v2,
    partnerCode: PARTNER,
    serviceCode: SERVICE,
    claims: ['nationalNumber'],
    assurance: 'basic',
    uiLocale: 'en',
    lifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 1209600, rollingWindow: 'noExpiry' },
  });
  const keySets = [...new Set([...files.map((f) => f.xml).join('\n').matchAll(/StorageReferenceId="([^"]+)"/g)].map((m) => m[1]!))];
  for (const id of keySets) {
    await must(g('POST', '/beta/trustFramework/keySets', { id: id.replace(/^B2C_1A_/, '') }), `key set ${id}`);
    await must(
      /secret/i.test(id)
        ? g('POST', `/beta/trustFramework/keySets/${id}/uploadSecret`, { use: 'sig', k: PARTNER_SECRET })
        : g('POST', `/beta/trustFramework/keySets/${id}/generateKey`, { use: /encrypt/i.test(id) ? 'enc' : 'sig', kty: 'RSA' }),
      `key ${id}`,
    );
  }
  for (const f of files) await must(g('PUT', `/beta/trustFramework/policies/${f.id}/$value`, f.xml, { 'Content-Type': 'application/xml' }), f.id);
  return {
    graph: graphEmu,
    b2c,
    itsme,
    g,
    files,
    customPolicy: files.at(-1)!.id,
    stop: async () => {
      await Promise.all([itsme.stop(), b2c.stop(), graphEmu.stop()]);
    },
  };
}

export interface CiamStack {
  graph: GraphEmulator;
  ciam: CiamLogin;
  itsme: ItsmeEmulator;
  tenantId: string;
  stop(): Promise<void>;
}

/** @param clock the emulated ciamlogin's clock (refresh-token lifetimes are tried by moving it). */
export async function startCiamStack(clock?: () => number): Promise<CiamStack> {
  const graphEmu = await startGraphEmulator({ tenantType: 'CIAM' });
  const ciam = await startCiamLogin({ graph: graphEmu, ...(clock ? { clock } : {}) } as Parameters<typeof startCiamLogin>[0]);
  const itsme = await startItsmeEmulator({ partners: [{ clientId: PARTNER, clientSecret: PARTNER_SECRET, serviceCodes: [SERVICE], redirectUris: ciam.federationRedirectUris() }] });
  const idpId = '6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f';
  graphEmu.seed({
    tenantType: 'CIAM',
    identityProviders: [
      {
        id: idpId,
        '@odata.type': '#microsoft.graph.oidcIdentityProvider',
        displayName: 'itsme',
        clientId: PARTNER,
        issuer: itsme.issuers.v2,
        wellKnownEndpoint: itsme.metadataUrls.v2,
        responseType: 'code',
        scope: `openid service:${SERVICE} profile email`,
        clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: PARTNER_SECRET },
        inboundClaimMapping: { sub: 'sub', name: 'name', given_name: 'given_name', family_name: 'family_name', email: 'email', email_verified: 'email_verified' },
      },
    ],
    applications: apps(),
    servicePrincipals: [{ appId: WEB.appId }, { appId: NATIVE.appId }, { appId: SPA.appId }],
    authenticationEventsFlows: [{ displayName: 'itsme sign-up sign-in', identityProviderIds: ['EmailPassword-OAUTH', idpId], appIds: [WEB.appId, NATIVE.appId, SPA.appId] }],
  });
  return {
    graph: graphEmu,
    ciam,
    itsme,
    tenantId: graphEmu.state.tenantId,
    stop: async () => {
      await Promise.all([itsme.stop(), ciam.stop(), graphEmu.stop()]);
    },
  };
}
