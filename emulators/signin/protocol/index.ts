// The OAuth 2.0 / OpenID Connect protocol core shared by the emulated sign-in services (b2c/ = b2clogin,
// ciam/ = ciamlogin): authorization request parsing, response modes, authorization codes + PKCE, the token
// endpoint's client authentication, refresh tokens with a sliding window, the SSO session cookie, CORS, and a
// signing key that survives restarts. It knows no service's error codes: it reports kinds (errors.ts).
export * from './errors';
export * from './http';
export * from './response-mode';
export * from './pkce';
export * from './authorize';
export * from './codes';
export * from './token-request';
export * from './refresh';
export * from './session';
export * from './keys';
export { escapeHtml } from './html';
