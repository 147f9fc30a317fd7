// A web app that signs in with itsme through Azure AD B2C (or Entra External ID) using MSAL Node: authorization code
// + PKCE with the app's client secret, the ID token's claims on the home page, a refresh with the refresh token.
// Against the sandbox: `npm run sandbox -- --cli`, then
//   NODE_EXTRA_CA_CERTS=<CA path> AUTHORITY=<Authority> CLIENT_ID=<client id> CLIENT_SECRET=<secret> node examples/msal-node/app.mjs
// and open http://localhost:3000. Against a real tenant: the same, with its authority (no NODE_EXTRA_CA_CERTS).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';

const SCOPES = ['openid', 'offline_access'];

/** The app's request handler; `config`: authority, clientId, clientSecret, redirectUri (…/auth/callback). */
export function createApp(config) {
  // #region readme
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      clientSecret: config.clientSecret,
      // A B2C (or custom-domain) authority is not a Microsoft Entra cloud MSAL knows: name its host.
      knownAuthorities: [new URL(config.authority).host],
    },
  });
  const pkce = new CryptoProvider();
  const sessions = new Map(); // session id → { state, verifier, account }

  const handler = async (req, res) => {
    const url = new URL(req.url, config.redirectUri);
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    let session = sid && sessions.get(sid);
    if (!session) {
      session = {};
      const id = randomUUID();
      sessions.set(id, session);
      res.setHeader('Set-Cookie', `sid=${id}; HttpOnly; SameSite=Lax; Path=/`);
    }
    const redirect = (to) => res.writeHead(302, { Location: to }).end();
    const page = (html) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8"><title>MSAL Node + itsme</title>${html}`);
    const claims = (r) => `<pre id="claims">${escape(JSON.stringify(r.idTokenClaims, null, 2))}</pre>`;

    if (url.pathname === '/login') {
      const { verifier, challenge } = await pkce.generatePkceCodes();
      session.state = randomUUID();
      session.verifier = verifier;
      return redirect(await msal.getAuthCodeUrl({ scopes: SCOPES, redirectUri: config.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state: session.state }));
    }
    if (url.pathname === new URL(config.redirectUri).pathname) {
      const error = url.searchParams.get('error');
      if (error) return page(`<p id="error">${escape(`${error}: ${url.searchParams.get('error_description') ?? ''}`)}</p>`);
      if (!session.state || url.searchParams.get('state') !== session.state) return page('<p id="error">Unexpected state: start again at <a href="/login">/login</a>.</p>');
      const result = await msal.acquireTokenByCode({ code: url.searchParams.get('code'), scopes: SCOPES, redirectUri: config.redirectUri, codeVerifier: session.verifier });
      session.state = session.verifier = undefined;
      session.account = result.account;
      return redirect('/');
    }
    if (url.pathname === '/refresh' && session.account) {
      // forceRefresh: skip the cached ID token and redeem the refresh token at the token endpoint.
      const result = await msal.acquireTokenSilent({ account: session.account, scopes: SCOPES, forceRefresh: true });
      return page(`<p id="refreshed">Refreshed: a new ID token, issued at ${result.idTokenClaims.iat}.</p>${claims(result)}<p><a href="/">Home</a></p>`);
    }
    // #endregion readme
    if (url.pathname === '/logout' && session.account) {
      await msal.getTokenCache().removeAccount(session.account);
      session.account = undefined;
      const logout = new URL(`${config.authority.replace(/\/$/, '')}/oauth2/v2.0/logout`);
      logout.searchParams.set('post_logout_redirect_uri', new URL('/', config.redirectUri).href);
      return redirect(logout.href);
    }
    if (session.account) {
      const result = await msal.acquireTokenSilent({ account: session.account, scopes: SCOPES });
      return page(`<p id="account">Signed in as ${escape(session.account.name ?? session.account.username)}</p>${claims(result)}<p><a href="/refresh">Refresh the token</a> · <a href="/logout">Sign out</a></p>`);
    }
    return page('<p><a id="login" href="/login">Sign in with itsme</a></p>');
  };
  return {
    msal,
    handler: (req, res) =>
      handler(req, res).catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e?.errorMessage ?? e?.message ?? e));
      }),
  };
}

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// `node app.mjs`: the app on http://localhost:3000 (the sandbox test app's web redirect URI).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const redirectUri = process.env.REDIRECT_URI ?? 'http://localhost:3000/auth/callback';
  const { handler } = createApp({ authority: process.env.AUTHORITY, clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET, redirectUri });
  http.createServer(handler).listen(Number(new URL(redirectUri).port || 80), () => console.log(`Open ${new URL('/', redirectUri).href}`));
}
