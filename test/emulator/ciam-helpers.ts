// Helpers for the emulated External ID sign-in (ciamlogin) tests: an external tenant seeded as the engine would
// leave it (itsme provider, flow, linked app), and the sign-in driven like a person — the itsme button, the phone
// number, the app's decision, and the email step per the switch.
import assert from 'node:assert/strict';
import type { CiamLogin } from '../../emulators/ciam';
import type { ItsmeEmulator, TenantSeed } from '../../emulators';
import { Browser } from './itsme/test-helpers';
export { Browser };

export const PARTNER = 'CIAMPARTNER1';
export const SERVICE = 'CIAM_LOGIN';
export const PARTNER_SECRET = 'itsme-ciam-partner-Secret-123';
export const IDP_ID = '2b7d9c1e-4f6a-4e3b-8d2c-0a1b2c3d4e5f';
export const APP_ID = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
/** A confidential web app (web redirect URI, a client secret), a SPA (spa redirect URI), a public client (mobile/desktop). */
export const WEB_APP = { appId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', redirectUri: 'https://app.example/signin-oidc', logoutUri: 'https://app.example/signed-out', secret: 'web-app-Secret~123' };
export const SPA_APP = { appId: '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e', redirectUri: 'http://localhost:3000/', origin: 'http://localhost:3000' };
export const NATIVE_APP = { appId: '9c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f', redirectUri: 'http://localhost' };

/** The itsme partner registration for a ciamlogin emulator: both federation redirect URIs whitelisted. */
export function ciamPartner(ciam: CiamLogin) {
  return { clientId: PARTNER, clientSecret: PARTNER_SECRET, serviceCodes: [SERVICE], redirectUris: ciam.federationRedirectUris() };
}

/** An external tenant with itsme configured by hand as the engine would: provider, flow (email required), app. */
export function externalSeed(itsme: ItsmeEmulator, o: { linkApp?: boolean; scope?: string; secret?: string; signUp?: boolean; apps?: boolean } = {}): TenantSeed {
  return {
    tenantType: 'CIAM',
    identityProviders: [
      {
        id: IDP_ID,
        '@odata.type': '#microsoft.graph.oidcIdentityProvider',
        displayName: 'itsme',
        clientId: PARTNER,
        issuer: itsme.issuers.v2,
        wellKnownEndpoint: itsme.metadataUrls.v2,
        responseType: 'code',
        scope: o.scope ?? `openid service:${SERVICE} profile email`,
        clientAuthentication: { '@odata.type': '#microsoft.graph.oidcClientSecretAuthentication', clientSecret: o.secret ?? PARTNER_SECRET },
        inboundClaimMapping: { sub: 'sub', name: 'name', given_name: 'given_name', family_name: 'family_name', email: 'email', email_verified: 'email_verified' },
      },
    ],
    applications: [
      { appId: APP_ID, displayName: 'itsme-test-jwtms', web: { redirectUris: ['https://jwt.ms'], implicitGrantSettings: { enableIdTokenIssuance: true } } },
      ...(o.apps
        ? [
            {
              appId: WEB_APP.appId,
              displayName: 'web app',
              web: { redirectUris: [WEB_APP.redirectUri, WEB_APP.logoutUri], implicitGrantSettings: { enableIdTokenIssuance: true } },
              passwordCredentials: [{ keyId: '0f0e0d0c-0b0a-4909-8807-060504030201', displayName: 'test', secretText: WEB_APP.secret, hint: WEB_APP.secret.slice(0, 3) }],
            },
            { appId: SPA_APP.appId, displayName: 'spa', spa: { redirectUris: [SPA_APP.redirectUri] } },
            { appId: NATIVE_APP.appId, displayName: 'native', publicClient: { redirectUris: [NATIVE_APP.redirectUri] } },
          ]
        : []),
    ],
    servicePrincipals: [{ appId: APP_ID }, ...(o.apps ? [{ appId: WEB_APP.appId }, { appId: SPA_APP.appId }, { appId: NATIVE_APP.appId }] : [])],
    authenticationEventsFlows: [
      {
        displayName: 'itsme sign-up sign-in',
        identityProviderIds: ['EmailPassword-OAUTH', IDP_ID],
        appIds: o.linkApp === false ? [] : [APP_ID, ...(o.apps ? [WEB_APP.appId, SPA_APP.appId, NATIVE_APP.appId] : [])],
        ...(o.signUp === false ? { onInteractiveAuthFlowStart: { '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp', isSignUpAllowed: false } } : {}),
      },
    ],
  };
}

export function authorizeUrl(ciam: CiamLogin, tenantSeg: string, clientId = APP_ID, redirectUri = 'https://jwt.ms'): string {
  const q = new URLSearchParams({ client_id: clientId, response_type: 'id_token', redirect_uri: redirectUri, scope: 'openid', nonce: 'defaultNonce', response_mode: 'fragment', state: 's1' });
  return `${ciam.url}/${tenantSeg}/oauth2/v2.0/authorize?${q}`;
}

export type SignInOutcome =
  /** The browser was sent to the app's redirect URI. */
  | { kind: 'redirect'; redirect: URL; fragment: URLSearchParams; steps: string[] }
  /** The sign-in stopped on a ciamlogin page (an error page). */
  | { kind: 'page'; status: number; body: string; steps: string[] }
  /** response_mode=form_post: the page that POSTs the response to the app. */
  | { kind: 'form_post'; action: string; fields: URLSearchParams; steps: string[] };

export interface SignInOptions {
  phone?: string;
  decision?: 'confirm' | 'reject';
  /** For the email step: the email to enter when itsme sent none. */
  email?: string;
  /** Enter a wrong code first (checks the retry). */
  wrongCodeFirst?: boolean;
  /** The ciamlogin browser (its cookie jar carries the session between sign-ins). */
  browser?: Browser;
}

/** Reads an auto-submitting form_post page (hidden inputs) — independent of the emulator's own reader. */
export function parseFormPost(html: string): { action: string; fields: URLSearchParams } | undefined {
  if (!/onload="document\.forms\[0\]\.submit\(\)"/.test(html)) return undefined;
  const un = (x: string) => x.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) fields.set(un(m[1]!), un(m[2]!));
  return { action: un(action), fields };
}

/** Outcome of a hop that left the sign-in pages: a redirect to the app, a form_post page, or another page. */
export function outcomeOf(hop: { status: number; body: string; location?: URL }, steps: string[]): SignInOutcome {
  if (hop.location) return { kind: 'redirect', redirect: hop.location, fragment: new URLSearchParams(hop.location.hash.slice(1)), steps };
  const fp = parseFormPost(hop.body);
  if (fp) return { kind: 'form_post', ...fp, steps };
  return { kind: 'page', status: hop.status, body: hop.body, steps };
}

/**
 * Runs the sign-in like a person: authorize URL → "Sign in with itsme" → itsme (phone, app decision) → back to
 * ciamlogin → the email step when asked (email entry, one-time code read from the page) → the app.
 */
export async function runCiamSignIn(ciam: CiamLogin, itsme: ItsmeEmulator, url: string, o: SignInOptions = {}): Promise<SignInOutcome> {
  const steps: string[] = [];
  const b = o.browser ?? new Browser(ciam.url);
  const page = await b.follow(url);
  assert.equal(page.status, 200, page.body.slice(0, 400));
  const href = /id="idp-itsme" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(href, `the sign-in page offers itsme: ${page.body.slice(0, 400)}`);
  steps.push('signInPage');
  const toItsme = await b.follow(href);
  assert.ok(toItsme.location?.origin === itsme.url, `ciamlogin sends the browser to itsme: ${toItsme.body.slice(0, 300)}`);
  const phone = o.phone ?? '+32470000001';
  const ib = new Browser(itsme.url);
  const identify = await ib.follow(toItsme.location.href);
  assert.ok(identify.body.includes('Identify yourself'), identify.body.slice(0, 300));
  const waiting = await ib.follow(identify.url, { form: { phone } });
  const [action] = itsme.pendingActions(phone);
  assert.ok(action, 'an action waits in the itsme app');
  if ((o.decision ?? 'confirm') === 'confirm') itsme.confirm(action.id);
  else itsme.reject(action.id);
  steps.push('itsme');
  const back = await ib.follow(waiting.url);
  assert.ok(back.location?.origin === ciam.url, 'itsme sends the browser back to ciamlogin');
  let hop = await b.follow(back.location.href);
  for (let i = 0; i < 5 && !hop.location && hop.status === 200; i++) {
    const action = (/<form method="post" action="([^"]+)"/.exec(hop.body)?.[1] ?? '').replace(/&amp;/g, '&');
    const tx = /name="tx" value="([^"]+)"/.exec(hop.body)?.[1] ?? '';
    if (hop.body.includes('id="send-code"')) {
      steps.push('emailEntry');
      hop = await b.follow(action, { form: { tx, email: o.email ?? 'someone@example.be' } });
    } else if (hop.body.includes('id="emulated-email-code"')) {
      steps.push('emailCode');
      const code = /id="emulated-email-code">(\d{6})</.exec(hop.body)?.[1];
      assert.ok(code, 'the code page shows the emulated email code');
      if (o.wrongCodeFirst && !steps.includes('wrongCode')) {
        steps.push('wrongCode');
        hop = await b.follow(action, { form: { tx, code: code === '000000' ? '111111' : '000000' } });
        assert.ok(hop.body.includes('id="code-error"'), 'a wrong code is said so');
        continue;
      }
      hop = await b.follow(action, { form: { tx, code } });
    } else break;
  }
  return outcomeOf(hop, steps);
}
