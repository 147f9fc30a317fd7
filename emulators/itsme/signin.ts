// The sign-in pages of one endpoint generation, at <prefix>/interaction/<uid> (oidc-provider's interaction URL):
//
//   GET  …/<uid>          "Identify yourself" (phone form) | "Confirm in your itsme app" (waiting) | finish
//   POST …/<uid>          phone number → unknown: same page with an error; known: a pending action, 303 to GET
//   GET  …/<uid>/status   {"status": "none"|"pending"|"confirmed"|"rejected"|"expired"|"cancelled"} (the page polls)
//   POST …/<uid>/restart  drop the pending action, back to the phone form
//   POST …/<uid>/cancel   finish with access_denied
//
// Once the action is confirmed, GET finishes the interaction (login + a grant of the requested scopes) and
// oidc-provider redirects to the partner with the code; once rejected, it finishes with error=access_denied.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionStore, ItsmeAction } from './actions';
import { AGE_CLAIMS, displayName, normalizePhone, SCOPE_CLAIMS, SCOPE_LABELS, type Identity } from './identities';
import { CSP, errorPage, identifyPage, waitingPage, type SignInContext } from './pages';
import type { Generation, Partner } from './partners';
import { ACR_ADVANCED, ACR_BASIC, GENERATION_PATHS, serviceScopes, SUPPORTED_SCOPES } from './provider';

export interface SignInDeps {
  generation: Generation;
  /** The current provider of the generation (it is rebuilt when a partner is added). */
  provider: any;
  actions: ActionStore;
  appUrl: string;
  findPartner: (clientId: string) => Partner | undefined;
  identities: () => Identity[];
  findIdentity: (id: string) => Identity | undefined;
  /** Adds a note to the request's log entry. */
  note: (req: IncomingMessage, fields: { error?: string; errorDescription?: string; clientId?: string; actionId?: string }) => void;
}

const CLAIM_NAMES = new Set([...Object.values(SCOPE_CLAIMS).flat(), ...AGE_CLAIMS]);

export function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(body);
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0' });
  res.end();
}

/** Handles `rest` = /interaction/<uid>[/…] under the generation's prefix; false when the path is not one of ours. */
export async function handleSignIn(
  d: SignInDeps,
  rest: string,
  req: IncomingMessage,
  res: ServerResponse,
  form: URLSearchParams,
): Promise<boolean> {
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(status|restart|cancel))?$/.exec(rest);
  if (!m) return false;
  const uid = m[1]!;
  const sub = m[2];
  const method = req.method ?? 'GET';
  const prefix = GENERATION_PATHS[d.generation].prefix;

  if (sub === 'status') {
    if (method !== 'GET') return methodNotAllowed(res);
    json(res, 200, { status: d.actions.forInteraction(d.generation, uid)?.status ?? 'none' });
    return true;
  }
  if ((sub && method !== 'POST') || (!sub && method !== 'GET' && method !== 'POST')) return methodNotAllowed(res);

  let details: any;
  try {
    details = await d.provider.interactionDetails(req, res);
  } catch {
    details = undefined;
  }
  if (!details || details.uid !== uid) {
    d.note(req, { error: 'invalid_request', errorDescription: 'interaction not found (expired, or its cookie is missing)' });
    html(
      res,
      400,
      errorPage({
        error: 'invalid_request',
        description: 'This sign-in request has expired or was started in another browser.',
        hint: 'Go back to the application and sign in again.',
      }),
    );
    return true;
  }

  const params = details.params as Record<string, string | undefined>;
  const partner = d.findPartner(params.client_id ?? '');
  const serviceCode = serviceScopes(params.scope)[0] ?? '';
  d.note(req, { clientId: params.client_id });
  if (!partner) {
    html(res, 400, errorPage({ error: 'invalid_client_id', description: 'The partner is no longer registered.' }));
    return true;
  }
  const c: SignInContext = { generation: d.generation, partner, serviceCode, action: `${prefix}/interaction/${uid}`, appUrl: d.appUrl };
  const current = d.actions.forInteraction(d.generation, uid);

  if (sub === 'cancel') {
    if (current) d.actions.cancel(current);
    return finishWithError(d, req, res, 'access_denied', 'The user cancelled the sign-in on the itsme page.');
  }
  if (sub === 'restart') {
    if (current) d.actions.cancel(current);
    redirect(res, c.action);
    return true;
  }

  if (method === 'POST') {
    const typed = form.get('phone') ?? '';
    const phone = normalizePhone(typed);
    if (!phone) {
      d.note(req, { error: 'invalid_phone', errorDescription: 'not a phone number' });
      html(res, 400, identifyPage(c, { phone: typed, error: 'Enter your mobile phone number, for example +32 470 00 00 01.' }));
      return true;
    }
    const identity = d.identities().find((i) => i.phone === phone);
    if (!identity) {
      d.note(req, { error: 'unknown_phone', errorDescription: 'no itsme account for this phone number' });
      html(res, 400, identifyPage(c, { phone: typed, error: 'This phone number is not linked to an itsme account.' }));
      return true;
    }
    const requested = new Set((params.scope ?? '').split(' '));
    const scopes = SUPPORTED_SCOPES.filter((s) => requested.has(s));
    const claims = requestedClaims(params.claims);
    const action = d.actions.create({
      phone,
      identityId: identity.id,
      displayName: displayName(identity),
      partner: { clientId: partner.clientId, name: partner.name },
      serviceCode,
      generation: d.generation,
      scopes,
      claims,
      shares: [...scopes.filter((s) => SCOPE_LABELS[s]).map((s) => SCOPE_LABELS[s]!), ...claims.filter((x) => !scopes.some((s) => SCOPE_CLAIMS[s]!.includes(x)))],
      acr: requestedAcr(params.acr_values),
      interactionUid: uid,
    });
    d.note(req, { actionId: action.id });
    redirect(res, c.action);
    return true;
  }

  // GET
  switch (current?.status) {
    case 'pending':
      html(res, 200, waitingPage(c, current));
      return true;
    case 'confirmed':
      return finishWithLogin(d, req, res, current);
    case 'rejected':
      return finishWithError(d, req, res, 'access_denied', 'The user rejected the request in the itsme app.');
    case 'expired':
      html(res, 200, identifyPage(c, { error: 'The request in your itsme app expired. Enter your number to try again.' }));
      return true;
    default: {
      const hint = params.login_hint && normalizePhone(params.login_hint) ? params.login_hint : undefined;
      html(res, 200, identifyPage(c, { phone: hint }));
      return true;
    }
  }
}

/** itsme.md §1: acr_advanced forces the itsme code; acr_basic (fingerprint or code) is the default. */
function requestedAcr(acrValues: string | undefined): string {
  return (acrValues ?? '').split(' ').includes(ACR_ADVANCED) ? ACR_ADVANCED : ACR_BASIC;
}

/** Claim names requested through the `claims` parameter that itsme knows. */
function requestedClaims(claimsParam: string | undefined): string[] {
  if (!claimsParam) return [];
  try {
    const parsed = JSON.parse(claimsParam) as Record<string, Record<string, unknown> | undefined>;
    const names = [...Object.keys(parsed.id_token ?? {}), ...Object.keys(parsed.userinfo ?? {})];
    return [...new Set(names)].filter((n) => CLAIM_NAMES.has(n) && n !== 'sub');
  } catch {
    return [];
  }
}

async function finishWithLogin(d: SignInDeps, req: IncomingMessage, res: ServerResponse, a: ItsmeAction) {
  const grant = new d.provider.Grant({ accountId: a.identityId, clientId: a.partner.clientId });
  grant.addOIDCScope([...a.scopes, `service:${a.serviceCode}`].join(' '));
  if (a.claims.length) grant.addOIDCClaims(a.claims);
  const grantId = await grant.save();
  await d.provider.interactionFinished(req, res, { login: { accountId: a.identityId, acr: a.acr }, consent: { grantId } }, { mergeWithLastSubmission: false });
  return true;
}

async function finishWithError(d: SignInDeps, req: IncomingMessage, res: ServerResponse, error: string, description: string) {
  d.note(req, { error, errorDescription: description });
  await d.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  return true;
}

function methodNotAllowed(res: ServerResponse): true {
  res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Method Not Allowed');
  return true;
}
