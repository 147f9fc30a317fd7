// What the sandbox prints for a bank's app team: everything needed to point an app (MSAL Node, MSAL.js, any OpenID
// Connect client, .NET) at the emulated B2C / External ID and the emulated itsme. Printed in both sandbox modes (UI
// and --cli). Pure: the lines come from the values given, so a unit test can read them.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TestApp } from './testApp';

export interface AppTeamInfo {
  kind: 'b2c' | 'external';
  /** https://127.0.0.1:PORT of the sign-in service (stands in for <tenant>.b2clogin.com / <sub>.ciamlogin.com). */
  signInUrl: string;
  /** contosob2c.onmicrosoft.com */
  tenantDomain: string;
  tenantId: string;
  /** B2C: the user flow or custom policy (B2C_1_itsme, B2C_1A_itsme). External ID: the user flow's name. */
  policy: string;
  app: TestApp;
  itsme: { url: string; appUrl: string };
  identities: Array<{ phone: string; name: string }>;
  caPath: string;
  /** External ID: true once the test app is in the user flow (false: it will be linked when the flow exists). */
  linked?: boolean;
}

/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list value. */
export function spkiHash(caPem: string): string {
  const der = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** The authority an MSAL app is configured with, and the discovery URLs (every form the emulator serves). */
export function endpointsOf(i: Pick<AppTeamInfo, 'kind' | 'signInUrl' | 'tenantDomain' | 'tenantId' | 'policy'>): { authority: string; knownAuthority: string; discovery: string[] } {
  const host = new URL(i.signInUrl).host;
  if (i.kind === 'b2c') {
    // B2C: https://<host>/<tenant>.onmicrosoft.com/<policy> (MSAL's B2C authority; graph-b2c.md §6), each policy its
    // own discovery document: the path form, the ?p= form and the /tfp/ form.
    const authority = `${i.signInUrl}/${i.tenantDomain}/${i.policy}`;
    return {
      authority,
      knownAuthority: host,
      discovery: [
        `${authority}/v2.0/.well-known/openid-configuration`,
        `${i.signInUrl}/${i.tenantDomain}/v2.0/.well-known/openid-configuration?p=${i.policy}`,
        `${i.signInUrl}/tfp/${i.tenantDomain}/${i.policy}/v2.0/.well-known/openid-configuration`,
      ],
    };
  }
  // External ID: https://<host>/<tenant id>/ (external-id.md §1); the flow is chosen by the app, not the URL.
  return {
    authority: `${i.signInUrl}/${i.tenantId}/`,
    knownAuthority: host,
    discovery: [`${i.signInUrl}/${i.tenantId}/v2.0/.well-known/openid-configuration`, `${i.signInUrl}/${i.tenantDomain}/v2.0/.well-known/openid-configuration`],
  };
}

export function appTeamLines(i: AppTeamInfo): string[] {
  const e = endpointsOf(i);
  const spki = spkiHash(readFileSync(i.caPath, 'utf8'));
  const what = i.kind === 'b2c' ? `the emulated Azure AD B2C (${i.policy.startsWith('B2C_1A_') ? 'custom policy' : 'user flow'} ${i.policy})` : `the emulated Entra External ID (user flow "${i.policy}")`;
  const pad = (label: string) => `  ${label.padEnd(17)}`;
  const more = (s: string) => `  ${' '.repeat(17)}${s}`;
  return [
    `For your own app (README "Develop your app against the sandbox"): point it at ${what}.`,
    `${pad('Authority')}${e.authority}`,
    more(`MSAL: knownAuthorities ['${e.knownAuthority}']${i.kind === 'external' ? ' (the tenant id form; the ciamlogin.com subdomain form needs a real host)' : ''}`),
    `${pad('Discovery')}${e.discovery[0]}`,
    ...e.discovery.slice(1).map(more),
    `${pad('Test app')}${i.app.displayName}, client id ${i.app.appId}`,
    more(`client secret ${i.app.clientSecret}   (web app: authorization code + PKCE + this secret)`),
    more(`web redirect URI ${i.app.webRedirectUris.join(', ')}`),
    more(`SPA redirect URI ${i.app.spaRedirectUris.join(', ')}   (MSAL.js: code + PKCE, no secret)`),
    more(`scopes: openid offline_access (a refresh token)${i.kind === 'external' ? (i.linked ? `; linked to the user flow "${i.policy}"` : `; linked to the user flow "${i.policy}" as soon as it exists`) : ''}`),
    `${pad('itsme')}${i.itsme.url}   "itsme app" page (confirm the sign-in there): ${i.itsme.appUrl}`,
    `${pad('Test identities')}${i.identities.map((p) => `${p.phone} ${p.name}`).join(' · ')}`,
    `${pad('CA certificate')}${i.caPath}   (a throwaway CA of this checkout; every emulator's certificate is signed by it)`,
    more(`Node:    NODE_EXTRA_CA_CERTS=${i.caPath} node app.js   (https://nodejs.org/api/cli.html#node_extra_ca_certsfile)`),
    more(`Browser: chromium --user-data-dir=/tmp/itsme-sandbox-profile --ignore-certificate-errors-spki-list=${spki}`),
    more(`         or import the CA under Authorities: Chromium Settings → Privacy and security → Security → Manage`),
    more(`         certificates; Firefox Settings → Privacy & Security → Certificates → View Certificates → Authorities`),
    more(`.NET:    Linux: SSL_CERT_FILE=${i.caPath} dotnet run (OpenSSL's trust file: that process trusts only the sandbox),`),
    more(`         or the system store: sudo cp ${i.caPath} /usr/local/share/ca-certificates/itsme-sandbox.crt && sudo update-ca-certificates`),
    more(`         (learn.microsoft.com/aspnet/core/security/enforcing-ssl#trust-https-certificate-on-linux);`),
    more(`         Windows: certutil -user -addstore Root ${i.caPath}`),
    `${pad('Examples')}examples/msal-node (web app) and examples/msal-browser (SPA), run by the conformance tests`,
  ];
}
