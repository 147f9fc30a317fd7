// The emulated ciamlogin's error table: every AADSTS code it sends, the OAuth `error` it goes with, its message (the
// documented wording, {placeholders} filled at run time) and the source that documents it. One table, so a test can
// walk it (test/emulator/ciam-errors.test.ts triggers each entry) and nobody adds a code without a source.
//
// Main source: "Microsoft Entra authentication and authorization error codes",
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (MicrosoftDocs/entra-docs
// docs/identity-platform/reference-error-codes.md). Its table gives the code and a description; where the service's
// actual message text is quoted in public issues, that text is used and the issue is cited next to it.
// The OAuth `error` values are from the protocol pages: authorize errors
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#error-codes-for-authorization-endpoint-errors,
// token errors …#error-codes-for-token-endpoint-errors.
// The emulator's own codes (External ID cases Entra documents no code for) are named EMU_CIAM_… in server.ts.

const CODES = 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes';
const AUTH_CODE = 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow';
const OIDC = 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc';

export interface CiamError {
  /** AADSTS code. */
  code: string;
  /** The OAuth 2.0 `error` sent with it (redirect or token response); page-only errors have none. */
  error?: string;
  /** Where it is answered: an error page (the app is not trusted yet), the app's redirect URI, or the token endpoint. */
  where: 'page' | 'redirect' | 'token';
  /** HTTP status of a token-endpoint answer or an error page. */
  status?: number;
  /** Message template; {name} placeholders are filled by ciamError(). */
  message: string;
  /** Where the code (and, if quoted, the message) is documented. */
  source: string;
}

export const CIAM_ERRORS = {
  tenantNotFound: {
    code: 'AADSTS90002',
    where: 'page',
    status: 400,
    message: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
    source: `${CODES} (AADSTS90002 InvalidTenantName)`,
  },
  unknownApp: {
    code: 'AADSTS700016',
    error: 'unauthorized_client',
    where: 'page',
    status: 400,
    message:
      "Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    source: `${CODES} (AADSTS700016 UnauthorizedClient_DoesNotMatchRequest)`,
  },
  redirectMismatch: {
    code: 'AADSTS50011',
    where: 'page',
    status: 400,
    message: "The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'.",
    source: `${CODES} (AADSTS50011 InvalidReplyTo)`,
  },
  missingParameter: {
    code: 'AADSTS900144',
    error: 'invalid_request',
    where: 'page',
    status: 400,
    message: "The request body must contain the following parameter: '{name}'.",
    source: `${CODES} (AADSTS900144)`,
  },
  missingRedirectParameter: {
    code: 'AADSTS900144',
    error: 'invalid_request',
    where: 'redirect',
    message: "The request body must contain the following parameter: '{name}'.",
    source: `${CODES} (AADSTS900144)`,
  },
  invalidScope: {
    code: 'AADSTS70011',
    error: 'invalid_scope',
    where: 'redirect',
    message: "The provided value for the input parameter 'scope' isn't valid. The scope '{scope}' asks for neither 'openid' nor a resource.",
    source: `${CODES} (AADSTS70011 InvalidScope); error invalid_scope: ${AUTH_CODE}#error-codes-for-token-endpoint-errors`,
  },
  missingTokenParameter: {
    code: 'AADSTS900144',
    error: 'invalid_request',
    where: 'token',
    status: 400,
    message: "The request body must contain the following parameter: '{name}'.",
    source: `${CODES} (AADSTS900144)`,
  },
  // The wording "The required field '…' is missing from the credential." is the service's, as quoted in
  // https://github.com/MyPureCloud/terraform-provider-genesyscloud/issues/2443; used for a grant-specific field
  // (code, refresh_token, redirect_uri) of a token request.
  missingField: {
    code: 'AADSTS90014',
    error: 'invalid_request',
    where: 'token',
    status: 400,
    message: "The required field '{name}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
    source: `${CODES} (AADSTS90014 MissingRequiredField); wording: github.com/MyPureCloud/terraform-provider-genesyscloud/issues/2443`,
  },
  idTokenNotEnabled: {
    code: 'AADSTS700054',
    error: 'unsupported_response_type',
    where: 'redirect',
    message: "response_type 'id_token' is not enabled for the application.",
    source: `${CODES} (AADSTS700054); ${OIDC}#enable-id-tokens`,
  },
  idTokenNeedsOpenid: {
    code: 'AADSTS70005',
    error: 'unsupported_response_type',
    where: 'redirect',
    message: "response_type 'id_token' requires the 'openid' scope.",
    source: `${CODES} (AADSTS70005 UnsupportedResponseType)`,
  },
  responseType: {
    code: 'AADSTS70005',
    error: 'unsupported_response_type',
    where: 'redirect',
    message: "The provided value for the input parameter 'response_type' is not allowed for this request: '{value}'. Supported: code, id_token, code id_token.",
    source: `${CODES} (AADSTS70005 UnsupportedResponseType); ${AUTH_CODE}#request-an-authorization-code`,
  },
  responseMode: {
    code: 'AADSTS70007',
    error: 'invalid_request',
    where: 'redirect',
    message: "'{mode}' is not a supported value of 'response_mode' when requesting {what}.",
    source: `${CODES} (AADSTS70007 UnsupportedResponseMode); ${AUTH_CODE} (response_mode: "The query parameter isn't supported when requesting an ID token")`,
  },
  // The service's wording and that it answers with an error page: github.com/AzureAD/azure-activedirectory-library-for-js/issues/678
  // (screenshot of the page), github.com/opencloud-eu/desktop/pull/918 (combined values such as "consent select_account"
  // are refused; Entra "accepts only one of login/none/consent/select_account/create").
  invalidPrompt: {
    code: 'AADSTS90023',
    error: 'invalid_request',
    where: 'page',
    status: 400,
    message: "Unsupported 'prompt' value.",
    source: `${CODES} (AADSTS90023 InvalidRequest); values: ${AUTH_CODE}#request-an-authorization-code (prompt); github.com/AzureAD/azure-activedirectory-library-for-js/issues/678, github.com/opencloud-eu/desktop/pull/918`,
  },
  noSession: {
    code: 'AADSTS50058',
    error: 'login_required',
    where: 'redirect',
    // Wording as the service sends it: github.com/AzureAD/microsoft-authentication-library-for-js/issues/5148.
    message: 'A silent sign-in request was sent but no user is signed in.',
    source: `${CODES} (AADSTS50058 UserInformationNotProvided: "returned to the application if prompt=none is specified"); error login_required: ${AUTH_CODE}#error-codes-for-authorization-endpoint-errors`,
  },
  missingNonce: {
    code: 'AADSTS900144',
    error: 'invalid_request',
    where: 'redirect',
    message: "The request body must contain the following parameter: 'nonce'.",
    source: `${CODES} (AADSTS900144); nonce "Required" for response_type id_token: ${OIDC}#send-the-sign-in-request, hybrid: ${AUTH_CODE}#request-an-id-token-as-well-or-hybrid-flow`,
  },
  pkceMethod: {
    code: 'AADSTS501491',
    error: 'invalid_request',
    where: 'redirect',
    message: "Invalid size of Code_Challenge parameter (or an unsupported code_challenge_method '{value}').",
    source: `${CODES} (AADSTS501491 InvalidCodeChallengeMethodInvalidSize)`,
  },
  getOnTokenEndpoint: {
    code: 'AADSTS900561',
    error: 'invalid_request',
    where: 'token',
    status: 400,
    message: 'The endpoint only accepts POST, OPTIONS requests. Received a {method} request.',
    source: `${CODES} (AADSTS900561 BadResourceRequestInvalidRequest)`,
  },
  grantType: {
    code: 'AADSTS70003',
    error: 'unsupported_grant_type',
    where: 'token',
    status: 400,
    message: "The app requested an unsupported grant type '{value}'.",
    source: `${CODES} (AADSTS70003 UnsupportedGrantType)`,
  },
  unknownClient: {
    code: 'AADSTS700016',
    error: 'unauthorized_client',
    where: 'token',
    status: 400,
    message: "Application with identifier '{clientId}' was not found in the directory '{tenant}'.",
    source: `${CODES} (AADSTS700016)`,
  },
  missingSecret: {
    code: 'AADSTS7000218',
    error: 'invalid_client',
    where: 'token',
    status: 401,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    source: `${CODES} (AADSTS7000218); a web redirect URI makes a confidential client: github.com/Azure/azure-sdk-for-go/issues/22386`,
  },
  wrongSecret: {
    code: 'AADSTS7000215',
    error: 'invalid_client',
    where: 'token',
    status: 401,
    message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.",
    source: `${CODES} (AADSTS7000215)`,
  },
  publicClientSecret: {
    code: 'AADSTS700025',
    error: 'invalid_client',
    where: 'token',
    status: 401,
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    source: `${CODES} (AADSTS700025 InvalidClientPublicClientWithCredential)`,
  },
  crossOriginNotSpa: {
    code: 'AADSTS9002326',
    error: 'invalid_request',
    where: 'token',
    status: 400,
    message: "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'.",
    source: `${AUTH_CODE}#redirect-uris-for-single-page-apps-spas and the note under token errors; code and wording: github.com/AzureAD/microsoft-authentication-library-for-js/issues/5196, github.com/MicrosoftDocs/azure-docs/issues/100859`,
  },
  spaWithoutOrigin: {
    code: 'AADSTS9002327',
    error: 'invalid_request',
    where: 'token',
    status: 400,
    message: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    source: `${AUTH_CODE}#redirect-uris-for-single-page-apps-spas ("returns an error if you attempt to use a spa redirect URI without an Origin header"); wording: github.com/clocked0ne/passport-outlook/issues/16`,
  },
  badCode: {
    code: 'AADSTS70008',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    source: `${CODES} (AADSTS70008 ExpiredOrRevokedGrant); codes "expire after about 10 minutes": ${AUTH_CODE}#successful-response`,
  },
  codeRedeemed: {
    code: 'AADSTS54005',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    source: `${CODES} (AADSTS54005)`,
  },
  codeRedirectMismatch: {
    code: 'AADSTS70000',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
    source: `${CODES} (AADSTS70000 InvalidGrant); "The same redirect_uri value that was used to acquire the authorization_code": ${AUTH_CODE}#request-an-access-token-with-a-client_secret`,
  },
  codeClientMismatch: {
    code: 'AADSTS70000',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'The provided authorization code or refresh token was issued to another client.',
    source: `${CODES} (AADSTS70000 InvalidGrant)`,
  },
  pkceMismatch: {
    code: 'AADSTS501481',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    source: `${CODES} (AADSTS501481); invalid_grant "The authorization code or PKCE code verifier is invalid": ${AUTH_CODE}#error-codes-for-token-endpoint-errors`,
  },
  refreshInvalid: {
    code: 'AADSTS70000',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: "Provided grant is invalid or malformed.",
    source: `${CODES} (AADSTS70000 InvalidGrant: "The refresh token isn't valid")`,
  },
  refreshExpired: {
    code: 'AADSTS700082',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'The refresh token has expired due to inactivity. The token was issued on {issued} and was inactive for {inactive}.',
    source: `${CODES} (AADSTS700082 ExpiredOrRevokedGrantInactiveToken); 90-day default: https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens#token-lifetime`,
  },
  refreshSpaExpired: {
    code: 'AADSTS700084',
    error: 'invalid_grant',
    where: 'token',
    status: 400,
    message: 'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of {lifetime}, which can\'t be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {issued}.',
    source: `${CODES} (AADSTS700084); 24 hours, carried over: https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens#token-lifetime`,
  },
} as const satisfies Record<string, CiamError>;

export type CiamErrorName = keyof typeof CIAM_ERRORS;

/** The entry's message with its {placeholders} filled, prefixed "AADSTSnnnn: " as the service writes error_description. */
export function ciamError(name: CiamErrorName, vars: Record<string, string> = {}): { code: string; error?: string; status: number; description: string } {
  const e: CiamError = CIAM_ERRORS[name];
  const text = e.message.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
  return { code: e.code, error: e.error, status: e.status ?? 400, description: `${e.code}: ${text}` };
}

/**
 * A token-endpoint error body as the service sends it: error, error_description (with trace/correlation ids and a
 * timestamp), error_codes, timestamp, trace_id, correlation_id, error_uri (shape: the sample in reference-error-codes).
 */
export function tokenErrorBody(name: CiamErrorName, vars: Record<string, string> = {}, ids: { trace: string; correlation: string } = { trace: '', correlation: '' }): Record<string, unknown> {
  const e = ciamError(name, vars);
  const ts = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  const n = Number(e.code.replace('AADSTS', ''));
  return {
    error: e.error,
    error_description: `${e.description}\r\nTrace ID: ${ids.trace}\r\nCorrelation ID: ${ids.correlation}\r\nTimestamp: ${ts}`,
    error_codes: [n],
    timestamp: ts,
    trace_id: ids.trace,
    correlation_id: ids.correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${n}`,
  };
}

/**
 * The shared protocol module (emulators/signin/protocol) reports what went wrong as a kind; this names each kind
 * with ciamlogin's code. `grant` says which grant a token-endpoint kind came from (code or refresh token), `spa`
 * whether a refresh token was a SPA's (fixed 24 h lifetime).
 */
export function ciamErrorOfKind(kind: string, ctx: { grant?: 'code' | 'refresh'; spa?: boolean; at: 'authorize' | 'token' }): CiamErrorName {
  const token = ctx.at === 'token';
  switch (kind) {
    case 'missingClientId':
    case 'missingParameter':
      return token ? 'missingTokenParameter' : ctx.at === 'authorize' && kind === 'missingClientId' ? 'missingParameter' : 'missingRedirectParameter';
    case 'missingScope':
    case 'missingResponseType':
      return 'missingRedirectParameter';
    case 'unsupportedResponseType':
      return 'responseType';
    case 'unsupportedResponseMode':
      return 'responseMode';
    case 'openidRequiredForIdToken':
      return 'idTokenNeedsOpenid';
    case 'codeScopeRequirements':
      return 'invalidScope';
    case 'missingNonce':
      return 'missingNonce';
    case 'invalidPrompt':
      return 'invalidPrompt';
    case 'unsupportedChallengeMethod':
      return 'pkceMethod';
    case 'loginRequired':
      return 'noSession';
    case 'unsupportedGrantType':
      return 'grantType';
    case 'expiredGrant':
      return ctx.grant === 'refresh' ? (ctx.spa ? 'refreshSpaExpired' : 'refreshExpired') : 'badCode';
    case 'grantClientMismatch':
      return 'codeClientMismatch';
    case 'grantRedirectMismatch':
      return 'codeRedirectMismatch';
    case 'verifierMismatch':
    case 'verifierInvalid':
      return 'pkceMismatch';
    case 'secretRequired':
      return 'missingSecret';
    case 'secretWrong':
    case 'invalidClientAuth':
      return 'wrongSecret';
    case 'publicClientSentSecret':
      return 'publicClientSecret';
    case 'unknownClient':
      return 'unknownClient';
    default: // invalidGrant, grantOtherPolicy
      return ctx.grant === 'refresh' ? 'refreshInvalid' : 'badCode';
  }
}
