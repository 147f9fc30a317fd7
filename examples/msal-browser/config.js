// Paste the values `npm run sandbox` prints (Authority, client id); the redirect URI is the page itself.
window.config = {
  authority: 'https://127.0.0.1:PORT/contosob2c.onmicrosoft.com/B2C_1_itsme',
  clientId: '<client id of the sandbox test app>',
  redirectUri: 'http://localhost:3000/',
};
