// Every error the emulated itsme sends, in one table: the code (from itsme's published lists, itsme.md §6, which
// quotes https://belgianmobileid.github.io/doc/authentication/ "Handling responses"), the endpoint, when it is sent,
// how it reaches the client, the error_description the emulator sends (oidc-provider's own text where the library
// produces the error), and the source. test/conformance walks this table with real requests.

export type ItsmeEndpoint = 'authorization' | 'token' | 'userinfo';

export interface ItsmeErrorRow {
  code: string;
  endpoint: ItsmeEndpoint;
  /** When the emulator sends it. */
  when: string;
  /** page: an itsme error page (client or redirect_uri not trusted); redirect: to the partner with state; json: HTTP body. */
  answer: 'page' | 'redirect' | 'json';
  /** HTTP status of the answer (a redirect: oidc-provider's 303). */
  status: number;
  /** The error_description sent (a page shows it after the code). */
  description: string;
  source: string;
}

const S6 = 'docs/reference/itsme.md §6 (belgianmobileid.github.io/doc/authentication "Handling responses")';

export const ITSME_ERRORS: readonly ItsmeErrorRow[] = [
  {
    code: 'invalid_client_id',
    endpoint: 'authorization',
    when: 'client_id unknown, or the partner is not onboarded on this endpoint generation',
    answer: 'page',
    status: 400,
    description: 'client is invalid',
    source: `${S6}: "a bad or missing redirect_uri or client_id is shown on the itsme sign-in page"; code invalid_client_id`,
  },
  {
    code: 'invalid_redirect_uri',
    endpoint: 'authorization',
    when: 'redirect_uri not whitelisted for the partner (exact, case-sensitive match)',
    answer: 'page',
    status: 400,
    description: "redirect_uri did not match any of the client's registered redirect_uris",
    source: `${S6}; itsme.md §2 (exact match, case-sensitive)`,
  },
  {
    code: 'invalid_scope',
    endpoint: 'authorization',
    when: "no 'service:<CODE>' scope (also: no openid, two service scopes, a service code of another partner)",
    answer: 'redirect',
    status: 303,
    description: "a 'service:<SERVICE_CODE>' scope is required (the itsme service code of this partner)",
    source: `${S6}; itsme.md §3 (openid and service:<CODE> are required)`,
  },
  {
    code: 'unsupported_response_type',
    endpoint: 'authorization',
    when: 'response_type other than code (itsme supports the authorization code flow only)',
    answer: 'redirect',
    status: 303,
    description: 'unsupported response_type requested',
    source: `${S6}; itsme.md §1 ("this value MUST be code")`,
  },
  {
    code: 'unsupported_display',
    endpoint: 'authorization',
    when: 'display other than page',
    answer: 'redirect',
    status: 303,
    description: 'Only page is supported',
    source: `${S6} ("unsupported_display: Only page is supported"); itsme.md §1`,
  },
  {
    code: 'invalid_request',
    endpoint: 'authorization',
    when: 'response_mode other than query (the partner is registered with response_mode query)',
    answer: 'redirect',
    status: 303,
    description: 'requested response_mode is not allowed for this client or request',
    source: `${S6}; itsme.md §1 (responses come back in the query string)`,
  },
  {
    code: 'login_required',
    endpoint: 'authorization',
    when: 'prompt=none (itsme identifies the person on every request: there is no session to use)',
    answer: 'redirect',
    status: 303,
    description: 'End-User authentication is required',
    source: `${S6} (login_required); Assumption: no SSO session (emulators/itsme/README.md)`,
  },
  {
    code: 'access_denied',
    endpoint: 'authorization',
    when: 'the person rejects the request in the itsme app (or cancels on the itsme page)',
    answer: 'redirect',
    status: 303,
    description: 'The user rejected the request in the itsme app.',
    source: S6,
  },
  {
    code: 'invalid_client',
    endpoint: 'token',
    when: 'wrong client_secret (client_secret_post); credentials in an Authorization header get 401',
    answer: 'json',
    status: 400,
    description: 'client authentication failed',
    source: `${S6} (token endpoint: HTTP 400, invalid_client); RFC 6749 §5.2 for the 401`,
  },
  {
    code: 'invalid_grant',
    endpoint: 'token',
    when: 'code unknown, used twice, expired, from the other generation, another redirect_uri, or a wrong code_verifier',
    answer: 'json',
    status: 400,
    description: 'grant request is invalid',
    source: S6,
  },
  {
    code: 'invalid_request',
    endpoint: 'token',
    when: "a required parameter is missing (e.g. no 'code' with grant_type=authorization_code)",
    answer: 'json',
    status: 400,
    description: "missing required parameter 'code'",
    source: S6,
  },
  {
    code: 'unsupported_grant_type',
    endpoint: 'token',
    when: 'any grant_type but authorization_code (itsme issues no refresh tokens)',
    answer: 'json',
    status: 400,
    description: 'unsupported grant_type requested',
    source: `${S6} (listed with the authorization errors); RFC 6749 §5.2`,
  },
  {
    code: 'invalid_token',
    endpoint: 'userinfo',
    when: 'no or an unknown access token',
    answer: 'json',
    status: 401,
    description: 'invalid token provided',
    source: `${S6} (UserInfo endpoint: 401 invalid_token)`,
  },
];

/** itsme's name for an error oidc-provider reports under the OAuth name (itsme.md §6: `invalid_client_id` at authorize). */
export function itsmeErrorCode(route: string | undefined, code: string): string {
  return route === 'authorization' && code === 'invalid_client' ? 'invalid_client_id' : code;
}
