// B2C's published error codes, the ones the emulated b2clogin answers with: code → message template → source.
// Source of every row: "Error codes: Azure Active Directory B2C",
// https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes (MicrosoftDocs/azure-docs,
// articles/active-directory-b2c/error-codes.md). Messages are the page's text; {0}, {1} … are filled in order.
// A row marked `guess` uses a published code for a case the page does not name exactly (the comment says why).
import type { ProtocolError, ProtocolErrorKind } from '../signin/protocol';

export const B2C_ERROR_CODES_URL = 'https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes';

export interface B2cErrorRow {
  message: string;
  source: string;
  /** Why a published code stands for a case the page does not spell out. */
  guess?: string;
}

const row = (message: string, guess?: string): B2cErrorRow => ({ message, source: B2C_ERROR_CODES_URL, ...(guess ? { guess } : {}) });

export const B2C_ERRORS = {
  AADB2C90006: row("The redirect URI '{0}' provided in the request is not registered for the client ID '{1}'."),
  AADB2C90007: row("The application associated with client ID '{0}' has no registered redirect URIs."),
  AADB2C90008: row('The request does not contain a client ID parameter.'),
  AADB2C90010: row('The request does not contain a scope parameter.'),
  AADB2C90013: row("The requested response type '{0}' provided in the request is not supported."),
  AADB2C90014: row("The requested response mode '{0}' provided in the request is not supported."),
  AADB2C90018: row("The client ID '{0}' specified in the request is not registered in tenant '{1}'."),
  AADB2C90019: row("The key container with ID '{0}' in tenant '{1}' does not have a valid key. Reason: {2}."),
  AADB2C90021: row("The technical profile '{0}' does not exist in the policy '{1}' of tenant '{2}'."),
  AADB2C90022: row("Unable to return metadata for the policy '{0}' in tenant '{1}'.", 'also for the authorize request of a policy that does not exist (the page has no "unknown policy" row)'),
  AADB2C90023: row("Profile '{0}' does not contain the required metadata key '{1}'."),
  AADB2C90031: row("Policy '{0}' does not specify a default user journey. Ensure that the policy or it's parents specify a default user journey as part of a relying party section."),
  AADB2C90040: row("User journey '{0}' does not contain a send claims step."),
  AADB2C90043: row("The prompt included in the request contains invalid values. Expected 'none', 'login', 'consent' or 'select_account'."),
  AADB2C90051: row('No suitable claims providers were found.'),
  AADB2C90055: row("The scope '{0}' provided in request must specify a resource, such as 'https://example.com/calendar.read'."),
  AADB2C90057: row('The provided application is not configured to allow the OAuth Implicit flow.'),
  AADB2C90067: row("The post logout redirect URI '{0}' has an invalid format. Specify an https based URL such as 'https://example.com/return' or for native clients use the IETF native client URI 'urn:ietf:wg:oauth:2.0:oob'."),
  AADB2C90077: row("User does not have an existing session and request prompt parameter has a value of '{0}'."),
  AADB2C90079: row('Clients must send a client_secret when redeeming a confidential grant.'),
  AADB2C90080: row('The provided grant has expired. Please re-authenticate and try again. Current time: {0}, Grant issued time: {1}, Grant sliding window expiration time: {2}.'),
  AADB2C90081: row('The specified client_secret does not match the expected value for this client. Please correct the client_secret and try again.'),
  AADB2C90083: row('The request is missing required parameter: {0}.'),
  AADB2C90084: row('Public clients should not send a client_secret when redeeming a publicly acquired grant.'),
  AADB2C90085: row('The service has encountered an internal error. Please reauthenticate and try again.'),
  AADB2C90086: row('The supplied grant_type [{0}] is not supported.'),
  AADB2C90088: row('The provided grant has not been issued for this endpoint. Actual Value : {0} and Expected Value : {1}'),
  AADB2C90090: row('The provided JWE is not a valid 5 segment token.', 'for a code or refresh token the emulator never issued (the page has no "unknown grant" row; real grants are JWEs)'),
  AADB2C90110: row("The scope parameter must include 'openid' when requesting a response_type that includes 'id_token'."),
  AADB2C90115: row("When requesting the 'code' response_type, the scope parameter must include a resource or client ID for access tokens, and 'openid' for ID tokens. Additionally include 'offline_access' for refresh tokens."),
  AADB2C90117: row("The scope '{0}' provided in the request is not supported."),
  AADB2C90146: row("The scope '{0}' provided in request specifies more than one resource for an access token, which is not supported."),
  AADB2C90182: row('The supplied code_verifier does not match associated code_challenge'),
  AADB2C90183: row('The supplied code_verifier is invalid'),
  AADB2C90184: row('The supplied code_challenge_method is not supported. Supported values are plain or S256'),
  AADB2C90273: row("An invalid response was received : '{0}'"),
  AADB2C90279: row("The provided client ID '{0}' does not match the client ID that issued the grant."),
  AADB2C90289: row('We encountered an error connecting to the identity provider. Please try again later.'),
  AADB2C99059: row('The supplied request must present a code_challenge. Required for single-page apps using the authorization code flow.'),
} as const satisfies Record<string, B2cErrorRow>;

export type B2cErrorCode = keyof typeof B2C_ERRORS;

/** The message of a code with its placeholders filled. */
export function b2cMessage(code: B2cErrorCode, ...args: string[]): string {
  return B2C_ERRORS[code].message.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

/** "AADB2C90110: The scope parameter must include 'openid' …" — the error_description B2C sends. */
export const b2cDescription = (code: B2cErrorCode, ...args: string[]): string => `${code}: ${b2cMessage(code, ...args)}`;

/** The B2C code for each protocol error kind (signin/protocol/errors.ts). */
const BY_KIND: Record<ProtocolErrorKind, B2cErrorCode> = {
  missingClientId: 'AADB2C90008',
  missingRedirectUri: 'AADB2C90006',
  missingScope: 'AADB2C90010',
  missingResponseType: 'AADB2C90083',
  unsupportedResponseType: 'AADB2C90013',
  unsupportedResponseMode: 'AADB2C90014',
  openidRequiredForIdToken: 'AADB2C90110',
  codeScopeRequirements: 'AADB2C90115',
  // GUESS: the page has no "nonce missing" row; B2C's openid-connect.md marks nonce "Required", so the
  // generic missing-parameter code.
  missingNonce: 'AADB2C90083',
  invalidPrompt: 'AADB2C90043',
  unsupportedChallengeMethod: 'AADB2C90184',
  loginRequired: 'AADB2C90077',
  missingParameter: 'AADB2C90083',
  unsupportedGrantType: 'AADB2C90086',
  invalidGrant: 'AADB2C90090',
  expiredGrant: 'AADB2C90080',
  grantClientMismatch: 'AADB2C90279',
  grantRedirectMismatch: 'AADB2C90006',
  grantOtherPolicy: 'AADB2C90088',
  verifierMismatch: 'AADB2C90182',
  verifierInvalid: 'AADB2C90183',
  secretRequired: 'AADB2C90079',
  secretWrong: 'AADB2C90081',
  publicClientSentSecret: 'AADB2C90084',
  unknownClient: 'AADB2C90018',
  invalidClientAuth: 'AADB2C90081',
};

export function b2cCodeOf(e: ProtocolError): B2cErrorCode {
  return BY_KIND[e.kind];
}

/** error_description for a protocol error (the kind's code and its message with the error's arguments). */
export function describeProtocolError(e: ProtocolError, extraArgs: string[] = []): string {
  return b2cDescription(b2cCodeOf(e), ...(e.args.length ? e.args : extraArgs));
}
