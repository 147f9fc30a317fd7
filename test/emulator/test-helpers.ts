// Small helpers for the emulator's own tests: raw HTTPS calls (fetch), so each test sees exactly what the
// service returns, status and headers included.
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from '../../emulators/index';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON of unknown shape: tests read into it freely. */
  body: any;
}

/** A client-credentials token straight from the token endpoint (no MSAL: fast and explicit). */
export async function tokenFor(emu: GraphEmulator, secret = emu.management.clientSecret): Promise<string> {
  const res = await fetch(`${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emu.management.clientId,
      client_secret: secret,
      scope: `${emu.url}/.default`,
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** One Graph call. `path` includes the version (/beta/…, /v1.0/…). `token: null` sends no Authorization. */
export async function call(
  emu: GraphEmulator,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  // A caller's own Content-Type (e.g. application/xml for custom policies) wins.
  if (opts.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  const res = await fetch(emu.url + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** A Graph client bound to one emulator and token: `g('POST', '/beta/…', body)`. */
export function graph(emu: GraphEmulator, token: string) {
  return (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(emu, method, path, { token, body, headers });
}

export type GraphCaller = ReturnType<typeof graph>;

/** A Graph emulator and a caller with its management token, for a describe block's before() (stop it in after()). */
export async function startWithCaller(opts: GraphEmulatorOptions = {}): Promise<{ emu: GraphEmulator; g: GraphCaller }> {
  const emu = await startGraphEmulator(opts);
  return { emu, g: graph(emu, await tokenFor(emu)) };
}

/** The itsme OIDC provider body of graph-b2c.md §1. */
export function itsmeProvider(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
    displayName: 'itsme',
    clientId: 'PARTNER_CODE',
    clientSecret: 'itsme-secret-value',
    metadataUrl: 'https://oidc.e2e.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration',
    scope: 'openid service:TEST_LOGIN profile email',
    responseType: 'code',
    responseMode: 'query',
    claimsMapping: { userId: 'sub', displayName: 'name', givenName: 'given_name', surname: 'family_name', email: 'email' },
    ...overrides,
  };
}

/** The test app registration body of graph-b2c.md §3. */
export function testApp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    displayName: 'itsme-test-jwtms',
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    api: { requestedAccessTokenVersion: 2 },
    web: { redirectUris: ['https://jwt.ms'], implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: true } },
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [
          { id: '37f7f235-527c-4136-accd-4a02d197296e', type: 'Scope' },
          { id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', type: 'Scope' },
        ],
      },
    ],
    isFallbackPublicClient: false,
    ...overrides,
  };
}
