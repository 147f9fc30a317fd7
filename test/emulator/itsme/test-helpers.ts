// Helpers for the itsme emulator's tests: a cookie-keeping "browser" over fetch (redirects followed by hand, so each
// hop is visible), the sign-in driven headlessly (phone → action → confirm/reject via the API), the token exchange.
import { createHash, randomBytes } from 'node:crypto';
import type { Generation, ItsmeEmulator } from '../../../emulators/itsme/index';
import { DEFAULT_PARTNER_CODE, DEFAULT_PARTNER_SECRET, DEFAULT_SERVICE_CODE } from '../../../emulators/itsme/index';
import { Browser } from '../../../emulators/signin/browser';

export const REDIRECT_URI = 'https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/oauth2/authresp';

// The cookie-keeping browser lives with the emulators (the sandbox drives sign-ins with it too).
export { Browser, type Hop } from '../../../emulators/signin/browser';

export interface AuthorizeParams {
  generation?: Generation;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  extra?: Record<string, string>;
  /** Parameters to leave out (e.g. nonce, response_mode, redirect_uri). */
  omit?: readonly string[];
}

export function authorizeUrl(emu: ItsmeEmulator, p: AuthorizeParams = {}): string {
  const gen = p.generation ?? 'v2';
  const path = gen === 'v2' ? '/authorization' : '/connect/authorize';
  const q = new URLSearchParams({
    client_id: p.clientId ?? DEFAULT_PARTNER_CODE,
    redirect_uri: p.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    response_mode: 'query',
    scope: p.scope ?? `openid service:${DEFAULT_SERVICE_CODE} profile email`,
    state: p.state ?? randomBytes(8).toString('hex'),
    nonce: p.nonce ?? randomBytes(8).toString('hex'),
    ...p.extra,
  });
  for (const name of p.omit ?? []) q.delete(name);
  return `${emu.issuers[gen]}${path}?${q}`;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInResult {
  /** Where itsme sent the browser back (the partner's redirect_uri with code or error). */
  location: URL;
  browser: Browser;
  actionId: string;
}

/**
 * Drives the whole interaction like a person would, except that the app's decision is taken through the
 * emulator's API: authorize → "Identify yourself" → phone → action → confirm/reject → redirect to the partner.
 */
export async function signIn(
  emu: ItsmeEmulator,
  p: AuthorizeParams & { phone?: string; decision?: 'confirm' | 'reject'; browser?: Browser } = {},
): Promise<SignInResult> {
  const browser = p.browser ?? new Browser(emu.url);
  const page = await browser.follow(authorizeUrl(emu, p));
  if (page.location) throw new Error(`authorize redirected straight back: ${page.location}`);
  if (page.status !== 200 || !page.body.includes('Identify yourself')) throw new Error(`no identify page: ${page.status} ${page.body.slice(0, 300)}`);
  const phone = p.phone ?? '+32470000001';
  const waiting = await browser.follow(page.url, { form: { phone } });
  if (!waiting.body.includes('Confirm in your itsme app')) throw new Error(`no waiting page: ${waiting.status} ${waiting.body.slice(0, 300)}`);
  const actions = emu.pendingActions(phone);
  if (actions.length !== 1) throw new Error(`expected one pending action for ${phone}, got ${actions.length}`);
  const action = actions[0]!;
  if (p.decision === 'reject') emu.reject(action.id);
  else emu.confirm(action.id);
  const done = await browser.follow(waiting.url);
  if (!done.location) throw new Error(`no redirect back to the partner: ${done.status} ${done.body.slice(0, 300)}`);
  return { location: done.location, browser, actionId: action.id };
}

export interface TokenResponse {
  status: number;
  body: any;
}

export async function exchangeCode(
  emu: ItsmeEmulator,
  code: string,
  o: { generation?: Generation; clientId?: string; clientSecret?: string; redirectUri?: string; codeVerifier?: string; basic?: boolean } = {},
): Promise<TokenResponse> {
  const gen = o.generation ?? 'v2';
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: o.redirectUri ?? REDIRECT_URI,
  };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const clientId = o.clientId ?? DEFAULT_PARTNER_CODE;
  const secret = o.clientSecret ?? DEFAULT_PARTNER_SECRET;
  if (o.basic) headers.authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
  else Object.assign(form, { client_id: clientId, client_secret: secret });
  if (o.codeVerifier) form.code_verifier = o.codeVerifier;
  const res = await fetch(`${emu.issuers[gen]}${gen === 'v2' ? '/token' : '/connect/token'}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

/** Parses a JWT's payload without verifying it (assertions on claims; verification is tested separately). */
export function jwtPayload(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}
