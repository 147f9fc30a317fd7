// The sandbox's test app for app teams: an app registration a bank's developers point their own app at (MSAL Node,
// MSAL.js, any OpenID Connect client), made the way a person makes it — through Microsoft Graph on the emulated
// tenant, never by writing the emulator's state:
//   - the application, upserted by uniqueName (PATCH /applications(uniqueName='…') + Prefer: create-if-missing,
//     graph-b2c.md §3), so registering twice changes nothing; redirect URIs are added, never removed;
//     web (confidential, with a client secret) http://localhost:3000/auth/callback, and spa (MSAL.js, code + PKCE,
//     no secret) http://localhost:3000/ — the platform names of the app registration (resources/application:
//     web.redirectUris, spa.redirectUris);
//   - a client secret (POST /applications/{id}/addPassword, returned once — kept for this run);
//   - its service principal and the admin consent to openid + offline_access (the portal's "Grant admin consent"
//     checkbox; graph-b2c.md §3);
//   - External ID only: the link to the user flow (includeApplications, external-id.md §3.6) — an external tenant
//     chooses the flow by the app, so an app in no flow cannot sign in. The flow exists only after the wizard or the
//     CLI applied, so `linkTestApp` runs then (or `watchAndLink` in the UI sandbox).
import type { GraphEmulator } from '../emulators';

export const TEST_APP_UNIQUE_NAME = 'itsme-sandbox-app';
export const TEST_APP_DISPLAY_NAME = 'itsme sandbox test app';
export const DEFAULT_WEB_REDIRECT = 'http://localhost:3000/auth/callback';
export const DEFAULT_SPA_REDIRECT = 'http://localhost:3000/';
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** openid and offline_access on Microsoft Graph (graph-b2c.md §3 "Scope GUIDs"). */
const SCOPE_IDS = { openid: '37f7f235-527c-4136-accd-4a02d197296e', offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182' };

export interface TestApp {
  /** The client id. */
  appId: string;
  objectId: string;
  displayName: string;
  /** The client secret (web app). Returned once by addPassword; the sandbox keeps it for this run. */
  clientSecret: string;
  webRedirectUris: string[];
  spaRedirectUris: string[];
}

export interface RegisterOptions {
  /** Extra redirect URIs (the conformance tests add their own localhost ports). */
  webRedirectUris?: string[];
  spaRedirectUris?: string[];
  /**
   * A client secret kept from an earlier start of the sandbox (sandbox/keep.ts): reused while the app still holds a
   * password credential with its hint, so the app team's configuration stays valid; else a new one is added.
   */
  knownSecret?: { appId: string; clientSecret: string };
}

type Obj = Record<string, unknown>;

/** Secrets made in this process, by emulator + appId: Graph never shows a secret again, so a second call reuses it. */
const secrets = new WeakMap<GraphEmulator, Map<string, string>>();

/** A minimal Graph caller with the management service principal's client-credentials token. */
async function graphCaller(graph: GraphEmulator) {
  const t = await fetch(`${graph.authorityHost}/${graph.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: graph.management.clientId, client_secret: graph.management.clientSecret, scope: `${graph.url}/.default` }),
  });
  const token = ((await t.json()) as { access_token?: string }).access_token;
  if (!token) throw new Error(`test app: no Graph token (${t.status})`);
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Obj }> => {
    const r = await fetch(`${graph.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Obj) : {} };
  };
}

function must(r: { status: number; body: Obj }, what: string): Obj {
  if (r.status >= 300) throw new Error(`test app: ${what} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/** Registers (or completes) the test app through Graph; idempotent. */
export async function registerTestApp(graph: GraphEmulator, opts: RegisterOptions = {}): Promise<TestApp> {
  const g = await graphCaller(graph);
  const external = graph.state.tenantType === 'CIAM';
  const key = `/v1.0/applications(uniqueName='${TEST_APP_UNIQUE_NAME}')`;
  const existing = await g('GET', key);
  const have = existing.status === 200 ? existing.body : undefined;
  const web = union(((have?.['web'] as Obj | undefined)?.['redirectUris'] as string[] | undefined) ?? [], [DEFAULT_WEB_REDIRECT, ...(opts.webRedirectUris ?? [])]);
  const spa = union(((have?.['spa'] as Obj | undefined)?.['redirectUris'] as string[] | undefined) ?? [], [DEFAULT_SPA_REDIRECT, ...(opts.spaRedirectUris ?? [])]);
  const body: Obj = {
    displayName: TEST_APP_DISPLAY_NAME,
    // B2C: "Accounts in any identity provider or organizational directory (for authenticating users with user
    // flows)", which needs access token version 2 in the same payload; External ID: this directory only (§3, §5).
    ...(external ? { signInAudience: 'AzureADMyOrg' } : { signInAudience: 'AzureADandPersonalMicrosoftAccount', api: { requestedAccessTokenVersion: 2 } }),
    web: { redirectUris: web },
    spa: { redirectUris: spa },
    requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: SCOPE_IDS.openid, type: 'Scope' }, { id: SCOPE_IDS.offline_access, type: 'Scope' }] }],
  };
  const changed = !have || web.length !== ((have['web'] as Obj)['redirectUris'] as string[]).length || spa.length !== ((have['spa'] as Obj)['redirectUris'] as string[]).length;
  if (changed) must(await g('PATCH', key, body, { Prefer: 'create-if-missing' }), 'upsert the application');
  const app = must(await g('GET', key), 'read the application');
  const appId = String(app['appId']);
  const objectId = String(app['id']);

  const creds = (app['passwordCredentials'] as Array<{ hint?: string }> | undefined) ?? [];
  const known = opts.knownSecret?.appId === appId && creds.some((c) => c.hint === opts.knownSecret!.clientSecret.slice(0, 3)) ? opts.knownSecret.clientSecret : undefined;
  const made = secrets.get(graph) ?? new Map<string, string>();
  secrets.set(graph, made);
  let clientSecret = made.get(appId) ?? known;
  if (!clientSecret) {
    const cred = must(await g('POST', `/v1.0/applications/${objectId}/addPassword`, { passwordCredential: { displayName: 'sandbox' } }), 'add a client secret');
    clientSecret = String(cred['secretText']);
    made.set(appId, clientSecret);
  }

  // Service principal + admin consent to openid offline_access (upsert; an existing grant is left as it is).
  let sp = await g('GET', `/v1.0/servicePrincipals(appId='${appId}')?$select=id`);
  if (sp.status === 404) {
    must(await g('PATCH', `/v1.0/servicePrincipals(appId='${appId}')`, {}, { Prefer: 'create-if-missing' }), 'create the service principal');
    sp = await g('GET', `/v1.0/servicePrincipals(appId='${appId}')?$select=id`);
  }
  const spId = String(must(sp, 'read the service principal')['id']);
  const grants = must(await g('GET', `/v1.0/oauth2PermissionGrants?$filter=clientId eq '${spId}'`), 'read the grants')['value'] as Obj[];
  if (!grants.length) {
    const msGraph = String(must(await g('GET', `/v1.0/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id`), 'find Microsoft Graph')['id']);
    must(await g('POST', '/v1.0/oauth2PermissionGrants', { clientId: spId, consentType: 'AllPrincipals', resourceId: msGraph, scope: 'openid offline_access' }), 'grant admin consent');
  }
  return { appId, objectId, displayName: TEST_APP_DISPLAY_NAME, clientSecret, webRedirectUris: web, spaRedirectUris: spa };
}

/**
 * External ID: links the test app to the sandbox's user flow (by display name) when it is in no flow yet.
 * Returns the flow's display name, or undefined when there is no such flow (yet) or the tenant is not external.
 */
export async function linkTestApp(graph: GraphEmulator, appId: string, flowName: string): Promise<string | undefined> {
  if (graph.state.tenantType !== 'CIAM') return undefined;
  const flow = graph.state.authenticationEventsFlows.find((f) => f.displayName.toLowerCase() === flowName.toLowerCase());
  if (!flow) return undefined;
  const linked = graph.state.authenticationEventsFlows.find((f) => f.appIds.some((a) => a.toLowerCase() === appId.toLowerCase()));
  if (linked) return linked.displayName;
  const g = await graphCaller(graph);
  must(
    await g('POST', `/v1.0/identity/authenticationEventsFlows/${flow.id}/conditions/applications/includeApplications`, { '@odata.type': '#microsoft.graph.authenticationConditionApplication', appId }),
    'link the test app to the user flow',
  );
  return flow.displayName;
}

/**
 * The UI sandbox: the flow appears when the person runs the wizard; link the test app as soon as it does (checks
 * the emulator's state every second; the link itself goes through Graph). Returns a stop function.
 */
export function watchAndLink(graph: GraphEmulator, appId: string, flowName: string, onLinked: (flow: string) => void): () => void {
  let busy = false;
  let done = false;
  const timer = setInterval(() => {
    if (busy || done) return;
    const flow = graph.state.authenticationEventsFlows.find((f) => f.displayName.toLowerCase() === flowName.toLowerCase());
    if (!flow || flow.appIds.some((a) => a.toLowerCase() === appId.toLowerCase())) return;
    busy = true;
    linkTestApp(graph, appId, flowName)
      .then((name) => {
        if (name) {
          done = true;
          onLinked(name);
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
