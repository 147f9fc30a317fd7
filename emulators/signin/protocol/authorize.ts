// The authorization request's parameters, checked in the order a real service checks them: the client and its
// redirect URI first (the service does that: only then may an error go back to the app), then the rest here.
// What a service supports comes in as AuthorizeRules; the answer is a parsed request or a ProtocolError kind that
// the service names with its own code (b2c/errors.ts).
import { protocolError, type ProtocolError } from './errors';
import type { ChallengeMethod } from './pkce';
import { defaultResponseMode, RESPONSE_MODES, returnsTokens, type ResponseMode } from './response-mode';

export interface AuthorizeRules {
  /** Response types served, each as its sorted space-separated parts ('code', 'id_token', 'code id_token' …). */
  responseTypes: readonly string[];
  challengeMethods: readonly ChallengeMethod[];
  /** Accepted prompt values (B2C: none, login, consent, select_account — error-codes.md AADB2C90043). */
  prompts: readonly string[];
  /** An id_token in the authorization response needs a nonce (B2C openid-connect.md: nonce "Required"). */
  nonceRequiredForIdToken: boolean;
  /** The query mode is refused for responses that carry tokens (multiple-response-types §2.1). */
  refuseQueryWithTokens: boolean;
  /** `code` alone needs openid or a resource scope (B2C AADB2C90115); a callback decides what a resource scope is. */
  isResourceScope?: (scope: string) => boolean;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** The response type's parts, sorted ('code', 'id_token', 'token'). */
  responseTypes: string[];
  responseMode: ResponseMode;
  scopes: string[];
  state?: string;
  nonce?: string;
  prompt?: string;
  codeChallenge?: string;
  codeChallengeMethod?: ChallengeMethod;
  loginHint?: string;
  domainHint?: string;
  maxAge?: number;
}

/** Normalises a response_type value: its parts, sorted ("id_token code" = "code id_token", OAuth 2.0 §3.1.1). */
export const responseTypeParts = (v: string): string[] => v.split(/\s+/).filter(Boolean).sort();

/** client_id and redirect_uri, before anything else is read. */
export function clientOf(q: URLSearchParams): { clientId: string; redirectUri: string } | ProtocolError {
  const clientId = q.get('client_id') ?? '';
  if (!clientId) return protocolError('missingClientId', 'invalid_request');
  return { clientId, redirectUri: q.get('redirect_uri') ?? '' };
}

/**
 * The rest of the request, once the client and its redirect URI are trusted. On an error, `mode` is the response
 * mode to answer the app in (the asked one when valid, else the response type's default).
 */
export function parseAuthorize(q: URLSearchParams, client: { clientId: string; redirectUri: string }, rules: AuthorizeRules): AuthorizeRequest | { error: ProtocolError; mode: ResponseMode; state?: string } {
  const state = q.get('state') ?? undefined;
  const rawType = q.get('response_type') ?? '';
  const types = responseTypeParts(rawType);
  const askedMode = q.get('response_mode') ?? '';
  const validMode = (RESPONSE_MODES as readonly string[]).includes(askedMode) ? (askedMode as ResponseMode) : undefined;
  const fail = (error: ProtocolError) => ({ error, mode: validMode ?? defaultResponseMode(types), state });
  if (!rawType) return fail(protocolError('missingResponseType', 'invalid_request', 'response_type'));
  if (!rules.responseTypes.includes(types.join(' '))) return fail(protocolError('unsupportedResponseType', 'unsupported_response_type', rawType));
  if (askedMode && !validMode) return fail(protocolError('unsupportedResponseMode', 'invalid_request', askedMode));
  if (validMode === 'query' && rules.refuseQueryWithTokens && returnsTokens(types)) {
    return { error: protocolError('unsupportedResponseMode', 'invalid_request', askedMode), mode: defaultResponseMode(types), state };
  }
  const mode = validMode ?? defaultResponseMode(types);
  const rawScope = q.get('scope');
  if (rawScope === null || !rawScope.trim()) return fail(protocolError('missingScope', 'invalid_request'));
  const scopes = rawScope.split(/\s+/).filter(Boolean);
  if (types.includes('id_token') && !scopes.includes('openid')) return fail(protocolError('openidRequiredForIdToken', 'invalid_request'));
  if (types.length === 1 && types[0] === 'code' && !scopes.includes('openid') && !scopes.some((s) => rules.isResourceScope?.(s))) {
    return fail(protocolError('codeScopeRequirements', 'invalid_request'));
  }
  const nonce = q.get('nonce') || undefined;
  if (types.includes('id_token') && rules.nonceRequiredForIdToken && !nonce) return fail(protocolError('missingNonce', 'invalid_request', 'nonce'));
  const prompt = q.get('prompt') || undefined;
  if (prompt && !prompt.split(/\s+/).every((p) => rules.prompts.includes(p))) return fail(protocolError('invalidPrompt', 'invalid_request', prompt));
  const codeChallenge = q.get('code_challenge') || undefined;
  const rawMethod = q.get('code_challenge_method') || undefined;
  // RFC 7636 §4.3: without code_challenge_method the method is plain.
  const method = (rawMethod ?? (codeChallenge ? 'plain' : undefined)) as ChallengeMethod | undefined;
  if (method && !rules.challengeMethods.includes(method)) return fail(protocolError('unsupportedChallengeMethod', 'invalid_request', method));
  if (rawMethod && !codeChallenge) return fail(protocolError('missingParameter', 'invalid_request', 'code_challenge'));
  const maxAge = q.get('max_age');
  return {
    ...client,
    responseTypes: types,
    responseMode: mode,
    scopes,
    ...(state !== undefined ? { state } : {}),
    ...(nonce ? { nonce } : {}),
    ...(prompt ? { prompt } : {}),
    ...(codeChallenge ? { codeChallenge, codeChallengeMethod: method } : {}),
    ...(q.get('login_hint') ? { loginHint: q.get('login_hint')! } : {}),
    ...(q.get('domain_hint') ? { domainHint: q.get('domain_hint')! } : {}),
    ...(maxAge !== null && /^\d+$/.test(maxAge) ? { maxAge: Number(maxAge) } : {}),
  };
}
