// A single-page app that signs in with itsme through Azure AD B2C (or Entra External ID) using MSAL.js: loginRedirect
// (authorization code + PKCE, no secret: the redirect URI is registered as a single-page application), then the
// account and the ID token's claims on the page.
// #region readme
const msalInstance = new msal.PublicClientApplication({
  auth: {
    clientId: config.clientId,
    authority: config.authority,
    // A B2C (or custom-domain) authority is not a Microsoft Entra cloud MSAL knows: name its host.
    knownAuthorities: [new URL(config.authority).host],
    redirectUri: config.redirectUri,
  },
  cache: { cacheLocation: 'sessionStorage' },
});

async function main() {
  await msalInstance.initialize();
  // Back from the sign-in: MSAL redeems the code (with the PKCE verifier) at the token endpoint.
  const result = await msalInstance.handleRedirectPromise();
  const account = result?.account ?? msalInstance.getAllAccounts()[0];
  const login = document.getElementById('login');
  const logout = document.getElementById('logout');
  if (account) {
    document.getElementById('account').textContent = `Signed in as ${account.name ?? account.username}`;
    document.getElementById('claims').textContent = JSON.stringify(account.idTokenClaims, null, 2);
    logout.hidden = false;
    logout.onclick = () => msalInstance.logoutRedirect({ account, postLogoutRedirectUri: config.redirectUri });
  } else {
    login.hidden = false;
    login.onclick = () => msalInstance.loginRedirect({ scopes: ['openid', 'offline_access'] });
  }
}
// #endregion readme

main().catch((e) => {
  document.getElementById('account').textContent = `Error: ${e.errorCode ?? ''} ${e.message}`;
});
