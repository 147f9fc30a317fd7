// /applications: the test app registration (graph-b2c.md §3), with its two service-side rules:
//   - signInAudience AzureADandPersonalMicrosoftAccount requires api.requestedAccessTokenVersion = 2;
//   - eventual consistency right after creation (see ../consistency.ts).
import { alternateKey, contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { randomBytes, randomUUID } from 'node:crypto';
import { startReplication, stillReplicating } from '../consistency';
import { GraphError, badRequest, directoryNotFound, invalidDirectoryValue } from '../errors';
import { applyFilterAndTop, parseSelect, project } from '../odata';
import { PERMS } from '../permissions';
import { deepMerge, normalizeApplication, type ApplicationRecord, type Obj } from '../state';

const TYPE = 'microsoft.graph.application';
/** Set by the service; ignored when a client sends them. */
const READ_ONLY = ['id', 'appId', 'createdDateTime', 'publisherDomain', 'deletedDateTime'];
const AUDIENCES = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];
const FILTERABLE = ['id', 'appId', 'displayName', 'uniqueName', 'signInAudience', 'publisherDomain', 'createdDateTime'];

function withoutReadOnly(body: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k) && !k.startsWith('@')) out[k] = v;
  return out;
}

/** The service's checks on a complete application (after defaults on create, after merge on update). */
function checkRules(ctx: Ctx, app: Obj, selfId?: string): void {
  if (!AUDIENCES.includes(String(app.signInAudience))) throw invalidDirectoryValue('signInAudience', 'Application');
  // GUESS switch otherSignInAudiences (external-id.md §5): an external tenant's apps are "Accounts in this
  // organizational directory only"; other audiences are assumed refused.
  if (ctx.state.tenantType === 'CIAM' && app.signInAudience !== 'AzureADMyOrg' && ctx.options.external.otherSignInAudiences === 'reject') {
    throw new GraphError(400, 'Request_BadRequest', `The signInAudience '${String(app.signInAudience)}' is not supported in an external tenant: use 'AzureADMyOrg'.`);
  }
  const api = (app.api ?? {}) as Obj;
  const version = api.requestedAccessTokenVersion;
  if (version !== null && version !== undefined && version !== 1 && version !== 2) {
    throw new GraphError(400, 'InvalidAccessTokenVersion', 'Property api.requestedAccessTokenVersion is invalid.');
  }
  // §3: "For AzureADandPersonalMicrosoftAccount, api.requestedAccessTokenVersion must be 2. Without it the call
  // fails: InvalidAccessTokenVersion / Property api.requestedAccessTokenVersion is invalid."
  if ((app.signInAudience === 'AzureADandPersonalMicrosoftAccount' || app.signInAudience === 'PersonalMicrosoftAccount') && version !== 2) {
    throw new GraphError(400, 'InvalidAccessTokenVersion', 'Property api.requestedAccessTokenVersion is invalid.');
  }
  for (const rra of (app.requiredResourceAccess ?? []) as Obj[]) {
    for (const ra of (rra.resourceAccess ?? []) as Obj[]) {
      if (ra.type !== 'Scope' && ra.type !== 'Role') throw invalidDirectoryValue('requiredResourceAccess.resourceAccess.type', 'Application');
    }
  }
  // Redirect URIs must be absolute; plain http only for localhost (the Entra rule for web/public clients).
  for (const where of ['web', 'spa', 'publicClient']) {
    for (const uri of (((app[where] ?? {}) as Obj).redirectUris ?? []) as string[]) {
      let u: URL | undefined;
      try {
        u = new URL(uri);
      } catch {
        u = undefined;
      }
      const insecure = u?.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
      if (!u || (where !== 'publicClient' && insecure)) throw invalidDirectoryValue(`${where}.redirectUris`, 'Application');
    }
  }
  if (typeof app.uniqueName === 'string') {
    const clash = ctx.state.applications.find((a) => a.id !== selfId && String(a.uniqueName ?? '').toLowerCase() === String(app.uniqueName).toLowerCase());
    if (clash) {
      throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property uniqueName already exists.');
    }
  }
}

/** By object id or alternate key appId='…' / uniqueName='…'. Replicating applications are not found yet (§3). */
function lookup(ctx: Ctx, segment: string): ApplicationRecord | undefined {
  const alt = alternateKey(segment);
  if (alt && alt.prop !== 'appId' && alt.prop !== 'uniqueName') throw badRequest(`'${alt.prop}' is not an alternate key of '${TYPE}'.`);
  const app = alt
    ? ctx.state.applications.find((a) => String(a[alt.prop] ?? '').toLowerCase() === alt.value.toLowerCase())
    : ctx.state.applications.find((a) => a.id.toLowerCase() === segment.toLowerCase());
  if (app && stillReplicating(ctx.state, { objectId: app.id })) return undefined;
  return app;
}

function find(ctx: Ctx): ApplicationRecord {
  const app = lookup(ctx, ctx.params[0]!);
  if (!app) throw directoryNotFound(alternateKey(ctx.params[0]!)?.value ?? ctx.params[0]!);
  return app;
}

function insert(ctx: Ctx, input: Obj): ApplicationRecord {
  const app = normalizeApplication(input, ctx.state);
  checkRules(ctx, app);
  ctx.state.applications.push(app);
  startReplication(ctx.state, app.id, app.appId, ctx.options.consistency);
  return app;
}

function create(ctx: Ctx) {
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
    throw new GraphError(400, 'Request_BadRequest', "A value is required for property 'displayName' of resource 'Application'.");
  }
  const app = insert(ctx, withoutReadOnly(body));
  return created({ '@odata.context': contextUrl(ctx, 'applications/$entity'), ...app });
}

function update(ctx: Ctx) {
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  const app = lookup(ctx, ctx.params[0]!);
  if (!app) {
    // Upsert (§3): PATCH /applications(uniqueName='…') with "Prefer: create-if-missing" creates the app → 201.
    const alt = alternateKey(ctx.params[0]!);
    const prefer = String(ctx.req.headers['prefer'] ?? '').toLowerCase();
    if (alt?.prop === 'uniqueName' && prefer.includes('create-if-missing')) {
      if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
        throw new GraphError(400, 'Request_BadRequest', "A value is required for property 'displayName' of resource 'Application'.");
      }
      const createdApp = insert(ctx, { ...withoutReadOnly(body), uniqueName: alt.value });
      return created({ '@odata.context': contextUrl(ctx, 'applications/$entity'), ...createdApp });
    }
    throw directoryNotFound(alt?.value ?? ctx.params[0]!);
  }
  const merged = deepMerge(app, withoutReadOnly(body)) as ApplicationRecord;
  checkRules(ctx, merged, app.id);
  Object.assign(app, merged);
  return noContent();
}

function remove(ctx: Ctx) {
  const app = find(ctx);
  const s = ctx.state;
  s.applications = s.applications.filter((a) => a !== app);
  delete s.replication[app.id];
  // Deleting an app registration also removes its service principal in the home tenant, and with it the
  // permission grants made to that service principal.
  const sps = s.servicePrincipals.filter((sp) => sp.appId === app.appId).map((sp) => sp.id);
  s.servicePrincipals = s.servicePrincipals.filter((sp) => !sps.includes(sp.id));
  s.oauth2PermissionGrants = s.oauth2PermissionGrants.filter((g) => !sps.includes(g.clientId) && !sps.includes(g.resourceId));
  // Assumption: a deleted app no longer appears in an External ID flow's includeApplications.
  for (const f of s.authenticationEventsFlows) f.appIds = f.appIds.filter((a) => a.toLowerCase() !== app.appId.toLowerCase());
  return noContent();
}

/**
 * The secretText of a client secret is returned once, by addPassword; reads show the credential without it
 * (passwordCredential resource: "secretText … Only returned on creation"). The state keeps it, so the emulated
 * sign-in services can check a confidential client's secret.
 */
function withoutSecrets(app: ApplicationRecord): ApplicationRecord {
  const creds = app['passwordCredentials'];
  if (!Array.isArray(creds) || !creds.length) return app;
  return { ...app, passwordCredentials: (creds as Obj[]).map((c) => ({ ...c, secretText: null })) };
}

/**
 * POST /applications/{id}/addPassword (v1.0 application-addpassword): a generated secret, returned once → 200 with
 * the passwordCredential (hint = its first 3 characters; default end two years ahead, as the portal proposes).
 */
function addPassword(ctx: Ctx) {
  const app = find(ctx);
  const body = ctx.body();
  const input = ((body.passwordCredential ?? {}) as Obj) ?? {};
  const secretText = `${randomBytes(30).toString('base64url').replace(/[-_]/g, '~').slice(0, 40)}`;
  const start = typeof input.startDateTime === 'string' ? input.startDateTime : new Date().toISOString();
  const end = typeof input.endDateTime === 'string' ? input.endDateTime : new Date(Date.parse(start) + 2 * 365 * 86400_000).toISOString();
  const cred: Obj = {
    customKeyIdentifier: null,
    displayName: typeof input.displayName === 'string' ? input.displayName : null,
    endDateTime: end,
    hint: secretText.slice(0, 3),
    keyId: randomUUID(),
    secretText,
    startDateTime: start,
  };
  app['passwordCredentials'] = [...((app['passwordCredentials'] ?? []) as Obj[]), cred];
  return ok({ '@odata.context': contextUrl(ctx, 'microsoft.graph.passwordCredential'), ...cred });
}

/** POST /applications/{id}/removePassword {keyId} (v1.0 application-removepassword) → 204. */
function removePassword(ctx: Ctx) {
  const app = find(ctx);
  const keyId = String(ctx.body().keyId ?? '');
  const creds = (app['passwordCredentials'] ?? []) as Obj[];
  if (!creds.some((c) => c.keyId === keyId)) throw badRequest(`No password credential found with keyId '${keyId}'.`);
  app['passwordCredentials'] = creds.filter((c) => c.keyId !== keyId);
  return noContent();
}

export const applicationRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'applications',
    perms: PERMS.applicationRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
      const items = applyFilterAndTop(ctx.state.applications, ctx.req.query, FILTERABLE, 'Application');
      return ok({ '@odata.context': contextUrl(ctx, select ? `applications(${select.join(',')})` : 'applications'), value: items.map((a) => project(withoutSecrets(a), select)) });
    },
  },
  { method: 'POST', path: 'applications', perms: PERMS.applicationWrite, handler: create },
  {
    method: 'GET',
    path: 'applications/:id',
    perms: PERMS.applicationRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
      return ok({ '@odata.context': contextUrl(ctx, 'applications/$entity'), ...project(withoutSecrets(find(ctx)), select) });
    },
  },
  { method: 'PATCH', path: 'applications/:id', perms: PERMS.applicationWrite, handler: update },
  { method: 'DELETE', path: 'applications/:id', perms: PERMS.applicationWrite, handler: remove },
  { method: 'POST', path: 'applications/:id/addPassword', perms: PERMS.applicationWrite, handler: addPassword },
  { method: 'POST', path: 'applications/:id/removePassword', perms: PERMS.applicationWrite, handler: removePassword },
];
