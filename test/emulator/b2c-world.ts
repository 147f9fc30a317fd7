// A B2C tenant with a user flow that signs in through the emulated itsme, and the app registrations a relying
// party would have: a confidential web app (client secret), a SPA (public, PKCE), an implicit-flow app (jwt.ms, as
// the extension's "Run user flow" uses) and a web API publishing a scope. Used by the b2c-*.test.ts protocol tests.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { startGraphEmulator, startItsmeEmulator, type GraphEmulator, type GraphEmulatorOptions, type ItsmeEmulator } from '../../emulators/index';
import { startB2cLogin, type B2cLogin, type B2cLoginOptions } from '../../emulators/b2c/server';
import { signInHeadless, type HeadlessSignIn } from '../../emulators/signin/headless';
import { Browser } from '../../emulators/signin/browser';
import { graph, itsmeProvider, testApp, tokenFor, type GraphCaller } from './test-helpers';

export const TENANT = 'contosob2c.onmicrosoft.com';
export const FLOW = 'B2C_1_itsme';
const PARTNER = 'B2CPROTO1';
const SERVICE = 'PROTO_LOGIN';
const PARTNER_SECRET = 'itsme-partner-secret-proto';
export const WEB_REDIRECT = 'https://app.example/signin-oidc';
export const SPA_REDIRECT = 'http://localhost:3000/';
export const API_SCOPE = 'https://contosob2c.onmicrosoft.com/api/tasks.read';

export interface B2cWorld {
  graph: GraphEmulator;
  b2c: B2cLogin;
  itsme: ItsmeEmulator;
  web: string;
  /** The web app's client secret (addPassword's secretText). */
  webSecret: string;
  spa: string;
  implicit: string;
  api: string;
  /** The clock the B2C emulator reads; move it with `advance`. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export interface B2cServices {
  emu: GraphEmulator;
  b2c: B2cLogin;
  itsme: ItsmeEmulator;
  /** Graph with the management app's token. */
  g: GraphCaller;
  stop(): Promise<void>;
}

/** A Graph emulator, b2clogin on it, and itsme with one partner onboarded for the tenant's b2clogin redirect URI. */
export async function startB2cServices(o: { partner: { clientId: string; clientSecret: string; service: string }; graph?: GraphEmulatorOptions; b2c?: Partial<B2cLoginOptions> }): Promise<B2cServices> {
  const emu = await startGraphEmulator(o.graph);
  const b2c = await startB2cLogin({ graph: emu, ...o.b2c });
  const itsme = await startItsmeEmulator({
    partners: [{ clientId: o.partner.clientId, clientSecret: o.partner.clientSecret, serviceCodes: [o.partner.service], redirectUris: [`${b2c.url}/${TENANT}/oauth2/authresp`] }],
  });
  const g = graph(emu, await tokenFor(emu));
  return { emu, b2c, itsme, g, stop: async () => void (await Promise.all([itsme.stop(), b2c.stop(), emu.stop()])) };
}

export async function startB2cWorld(o: Partial<B2cLoginOptions> = {}): Promise<B2cWorld> {
  let offset = 0;
  const { emu, b2c, itsme, g } = await startB2cServices({ partner: { clientId: PARTNER, clientSecret: PARTNER_SECRET, service: SERVICE }, b2c: { now: () => Date.now() + offset, ...o } });
  const idp = await g('POST', '/beta/identity/identityProviders', itsmeProvider({ clientId: PARTNER, clientSecret: PARTNER_SECRET, metadataUrl: itsme.metadataUrls.v2, scope: `openid service:${SERVICE} profile email` }));
  assert.equal(idp.status, 201, JSON.stringify(idp.body));
  const flow = await g('POST', '/beta/identity/b2cUserFlows', { id: 'itsme', userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 3 });
  assert.equal(flow.status, 201, JSON.stringify(flow.body));
  const link = await g('POST', `/beta/identity/b2cUserFlows/${FLOW}/userFlowIdentityProviders/$ref`, { '@odata.id': `https://graph.microsoft.com/beta/identity/identityProviders/${idp.body.id}` });
  assert.equal(link.status, 204);
  const app = async (body: Record<string, unknown>) => {
    const r = await g('POST', '/v1.0/applications', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; appId: string };
  };
  const web = await app(testApp({ displayName: 'web', web: { redirectUris: [WEB_REDIRECT], implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } } }));
  const pw = await g('POST', `/v1.0/applications/${web.id}/addPassword`, { passwordCredential: { displayName: 'test' } });
  assert.equal(pw.status, 200, JSON.stringify(pw.body));
  const spa = await app(testApp({ displayName: 'spa', web: { redirectUris: [], implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } }, spa: { redirectUris: [SPA_REDIRECT] } }));
  const implicit = await app(testApp({ displayName: 'jwtms' }));
  const api = await app(testApp({
    displayName: 'api',
    identifierUris: ['https://contosob2c.onmicrosoft.com/api'],
    api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [{ id: '5b7a8e3c-1d2f-4a6b-9c8d-0e1f2a3b4c5d', value: 'tasks.read', type: 'Admin', isEnabled: true, adminConsentDisplayName: 'Read tasks', adminConsentDescription: 'Read tasks' }] },
    web: { redirectUris: [] },
  }));
  return {
    graph: emu,
    b2c,
    itsme,
    web: web.appId,
    webSecret: String(pw.body.secretText),
    spa: spa.appId,
    implicit: implicit.appId,
    api: api.appId,
    advance: (ms) => {
      offset += ms;
    },
    stop: async () => {
      await Promise.all([itsme.stop(), b2c.stop(), emu.stop()]);
    },
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorize URL (path form unless `form` says otherwise). */
export function authorizeUrl(w: B2cWorld, params: Record<string, string>, form: 'path' | 'query' | 'tfp' = 'path'): string {
  const q = new URLSearchParams(params);
  if (form === 'query') {
    q.set('p', FLOW);
    return `${w.b2c.url}/${TENANT}/oauth2/v2.0/authorize?${q}`;
  }
  return `${w.b2c.url}/${form === 'tfp' ? 'tfp/' : ''}${TENANT}/${FLOW}/oauth2/v2.0/authorize?${q}`;
}

export const tokenUrl = (w: B2cWorld, form: 'path' | 'query' | 'tfp' = 'path'): string =>
  form === 'query' ? `${w.b2c.url}/${TENANT}/oauth2/v2.0/token?p=${FLOW}` : `${w.b2c.url}/${form === 'tfp' ? 'tfp/' : ''}${TENANT}/${FLOW}/oauth2/v2.0/token`;

/** A whole sign-in through itsme (or silently, with a session in `browser`). */
export function signIn(w: B2cWorld, url: string, browser?: Browser): Promise<HeadlessSignIn> {
  return signInHeadless({ authorizeUrl: url, itsme: w.itsme, ...(browser ? { browser } : {}) });
}

export const newBrowser = (w: B2cWorld): Browser => new Browser(w.b2c.url);

export async function postToken(w: B2cWorld, form: Record<string, string>, o: { basic?: [string, string]; url?: string } = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (o.basic) headers['authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(o.basic[0])}:${encodeURIComponent(o.basic[1])}`).toString('base64')}`;
  const r = await fetch(o.url ?? tokenUrl(w), { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
}

export const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
