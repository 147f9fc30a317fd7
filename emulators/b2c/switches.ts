// GUESS switches of the emulated b2clogin: where B2C's documents leave a behaviour open, the emulator picks a
// default (said here with its reason) and a test can flip it. Live in `b2c.switches`.

export interface B2cSwitches {
  /**
   * What one SSO session cookie covers. 'tenant' (default): B2C's user-flow session setting "Single sign-on
   * configuration" defaults to Tenant (session-behavior.md, https://learn.microsoft.com/en-us/azure/active-directory-b2c/session-behavior);
   * 'policy': one session per user flow / custom policy.
   */
  ssoScope: 'tenant' | 'policy';
  /**
   * When logout checks post_logout_redirect_uri against the app's redirect URIs. 'idTokenHint' (default): only when
   * a valid id_token_hint names the app — openid-connect.md "Secure your logout redirect": "the user is redirected
   * to the URI specified in the post_logout_redirect_uri parameter, regardless of the reply URLs … However, if a
   * valid id_token_hint is passed … Azure AD B2C verifies that the value of post_logout_redirect_uri matches one of
   * the application's configured redirect URIs". 'always': also with client_id, and refused when no app is named.
   */
  logoutRedirectCheck: 'idTokenHint' | 'always';
  /**
   * A token request without `scope`: 'grantScopes' (default, GUESS) uses the scopes of the authorization request
   * (openid-client sends none at the token endpoint); 'none' takes the documents literally ("offline_access must
   * have been used in both the authorization and token requests", openid-connect.md) and gives no refresh token.
   */
  tokenRequestWithoutScope: 'grantScopes' | 'none';
  /**
   * A user flow's "Token compatibility settings → Issuer (iss) claim" (tokens-overview.md
   * https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview): 'tenant' (default)
   * https://<domain>/<tenant id>/v2.0/, or 'tfp' https://<domain>/tfp/<tenant id>/<policy>/v2.0/ — the form whose
   * discovery URL is <issuer>.well-known/openid-configuration, which strict OIDC clients (openid-client) need.
   * A portal setting Graph cannot write, so an emulator hook (all user flows at once).
   */
  userFlowIssuer: 'tenant' | 'tfp';
}

export const B2C_SWITCH_DEFAULTS: B2cSwitches = {
  ssoScope: 'tenant',
  logoutRedirectCheck: 'idTokenHint',
  tokenRequestWithoutScope: 'grantScopes',
  userFlowIssuer: 'tenant',
};
