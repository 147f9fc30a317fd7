// The protocol module reports WHAT went wrong as a kind; each service (b2c/, ciam/) turns a kind into its own
// published code and message (B2C: AADB2C…, b2c/errors.ts; Entra External ID: AADSTS…). The `error` field is the
// OAuth 2.0 error the answer carries (RFC 6749 §4.1.2.1, §5.2).
export type ProtocolErrorKind =
  // authorize
  | 'missingClientId'
  | 'missingRedirectUri'
  | 'missingScope'
  | 'missingResponseType'
  | 'unsupportedResponseType'
  | 'unsupportedResponseMode'
  | 'openidRequiredForIdToken'
  | 'codeScopeRequirements'
  | 'missingNonce'
  | 'invalidPrompt'
  | 'unsupportedChallengeMethod'
  | 'loginRequired'
  // token endpoint
  | 'missingParameter'
  | 'unsupportedGrantType'
  | 'invalidGrant'
  | 'expiredGrant'
  | 'grantClientMismatch'
  | 'grantRedirectMismatch'
  | 'grantOtherPolicy'
  | 'verifierMismatch'
  | 'verifierInvalid'
  | 'secretRequired'
  | 'secretWrong'
  | 'publicClientSentSecret'
  | 'unknownClient'
  | 'invalidClientAuth';

export interface ProtocolError {
  kind: ProtocolErrorKind;
  /** The OAuth 2.0 `error` value. */
  error: string;
  /** Values for the service's message template, in order ({0}, {1} …). */
  args: string[];
}

export const protocolError = (kind: ProtocolErrorKind, error: string, ...args: string[]): ProtocolError => ({ kind, error, args });

export const isProtocolError = (x: unknown): x is ProtocolError => typeof x === 'object' && x !== null && 'kind' in x && 'error' in x && 'args' in x;
