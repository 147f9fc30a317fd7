// /servicePrincipals: needed before admin consent (graph-b2c.md §3). The Microsoft Graph service principal
// (appId 00000003-0000-0000-c000-000000000000) exists in every tenant.
import { alternateKey, contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { stillReplicating } from '../consistency';
import { GraphError, badRequest, directoryNotFound, insufficientPrivileges } from '../errors';
import { applyFilterAndTop, parseSelect, project } from '../odata';
import { PERMS } from '../permissions';
import { grantCollection } from './permission-grants';
import { deepMerge, MICROSOFT_GRAPH_APP_ID, normalizeServicePrincipal, type Obj, type ServicePrincipalRecord } from '../state';

const TYPE = 'microsoft.graph.servicePrincipal';
const READ_ONLY = ['id', 'appId', 'createdDateTime', 'deletedDateTime', 'appOwnerOrganizationId', 'appDisplayName'];
const FILTERABLE = ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled'];

/**
 * §3: "400 Request_BadRequest 'The appId '…' of the service principal does not reference a valid application
 * object.' (PropertyErrorCode: NoBackingApplicationObject)". Azure AD Graph carried the property code in
 * "values" [{item: PropertyName, value: appId}, {item: PropertyErrorCode, value: NoBackingApplicationObject}];
 * Microsoft Graph surfaces such property errors as `details` entries ({code, message, target}).
 */
function noBackingApplication(appId: string): GraphError {
  const message = `The appId '${appId}' of the service principal does not reference a valid application object.`;
  return new GraphError(400, 'Request_BadRequest', message, {
    details: [{ code: 'NoBackingApplicationObject', message, target: 'appId' }],
  });
}

function lookup(ctx: Ctx, segment: string): ServicePrincipalRecord | undefined {
  const alt = alternateKey(segment);
  if (alt && alt.prop !== 'appId') throw badRequest(`'${alt.prop}' is not an alternate key of '${TYPE}'.`);
  return alt
    ? ctx.state.servicePrincipals.find((sp) => sp.appId.toLowerCase() === alt.value.toLowerCase())
    : ctx.state.servicePrincipals.find((sp) => sp.id.toLowerCase() === segment.toLowerCase());
}

function find(ctx: Ctx): ServicePrincipalRecord {
  const sp = lookup(ctx, ctx.params[0]!);
  if (!sp) throw directoryNotFound(alternateKey(ctx.params[0]!)?.value ?? ctx.params[0]!);
  return sp;
}

function withoutReadOnly(body: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k) && !k.startsWith('@')) out[k] = v;
  return out;
}

/** Creates the service principal of an application of this tenant; the checks run in the real service's order. */
function insert(ctx: Ctx, appId: string, rest: Obj): ServicePrincipalRecord {
  if (ctx.state.servicePrincipals.some((sp) => sp.appId.toLowerCase() === appId.toLowerCase())) {
    throw new GraphError(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
    );
  }
  const app = ctx.state.applications.find((a) => a.appId.toLowerCase() === appId.toLowerCase());
  if (!app || stillReplicating(ctx.state, { appId })) throw noBackingApplication(appId);
  const sp = normalizeServicePrincipal({ ...rest, appId: app.appId }, ctx.state);
  ctx.state.servicePrincipals.push(sp);
  return sp;
}

function create(ctx: Ctx) {
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  if (typeof body.appId !== 'string' || body.appId === '') {
    throw new GraphError(400, 'Request_BadRequest', "A value is required for property 'appId' of resource 'ServicePrincipal'.");
  }
  const sp = insert(ctx, body.appId, withoutReadOnly(body));
  return created({ '@odata.context': contextUrl(ctx, 'servicePrincipals/$entity'), ...sp });
}

function update(ctx: Ctx) {
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  const sp = lookup(ctx, ctx.params[0]!);
  if (!sp) {
    // Upsert (§3): PATCH /servicePrincipals(appId='…') with "Prefer: create-if-missing" → 201.
    const alt = alternateKey(ctx.params[0]!);
    const prefer = String(ctx.req.headers['prefer'] ?? '').toLowerCase();
    if (alt?.prop === 'appId' && prefer.includes('create-if-missing')) {
      const createdSp = insert(ctx, alt.value, withoutReadOnly(body));
      return created({ '@odata.context': contextUrl(ctx, 'servicePrincipals/$entity'), ...createdSp });
    }
    throw directoryNotFound(alt?.value ?? ctx.params[0]!);
  }
  Object.assign(sp, deepMerge(sp, withoutReadOnly(body)));
  return noContent();
}

function remove(ctx: Ctx) {
  const sp = find(ctx);
  // Assumption: first-party service principals (Microsoft Graph) cannot be deleted by a tenant app.
  if (sp.appId === MICROSOFT_GRAPH_APP_ID) throw insufficientPrivileges();
  const s = ctx.state;
  s.servicePrincipals = s.servicePrincipals.filter((x) => x !== sp);
  s.oauth2PermissionGrants = s.oauth2PermissionGrants.filter((g) => g.clientId !== sp.id && g.resourceId !== sp.id);
  return noContent();
}

/**
 * $expand=oauth2PermissionGrants (lenient mode only — strict mode removes it before the handler, query-options.ts):
 * the navigation property of the delegated grants whose client is this service principal (v1.0 CSDL). Other
 * navigation properties are not emulated and are refused as Graph refuses unknown ones.
 */
function expandGrants(ctx: Ctx): boolean {
  const e = ctx.req.query.get('$expand');
  if (!e) return false;
  for (const nav of e.split(',').map((x) => x.trim())) {
    if (nav !== 'oauth2PermissionGrants') throw badRequest(`Could not find a property named '${nav}' on type '${TYPE}'.`);
  }
  return true;
}

function withGrants(ctx: Ctx, sp: Obj, expand: boolean): Obj {
  if (!expand) return sp;
  return { ...sp, oauth2PermissionGrants: ctx.state.oauth2PermissionGrants.filter((g) => g.clientId === sp['id']).map((g) => ({ ...g })) };
}

export const servicePrincipalRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'servicePrincipals',
    perms: PERMS.applicationRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
      const items = applyFilterAndTop(ctx.state.servicePrincipals, ctx.req.query, FILTERABLE, 'ServicePrincipal');
      return ok({
        '@odata.context': contextUrl(ctx, select ? `servicePrincipals(${select.join(',')})` : 'servicePrincipals'),
        value: items.map((sp) => withGrants(ctx, project(sp, select), expandGrants(ctx))),
      });
    },
  },
  { method: 'POST', path: 'servicePrincipals', perms: PERMS.applicationWrite, handler: create },
  {
    method: 'GET',
    path: 'servicePrincipals/:id',
    perms: PERMS.applicationRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
      return ok({ '@odata.context': contextUrl(ctx, 'servicePrincipals/$entity'), ...withGrants(ctx, project(find(ctx), select), expandGrants(ctx)) });
    },
  },
  {
    // The documented read of a client's delegated grants (graph-b2c.md §3, serviceprincipal-list-oauth2permissiongrants):
    // the grants whose clientId is this service principal's OBJECT id; the SP may be named by id or appId key.
    method: 'GET',
    path: 'servicePrincipals/:id/oauth2PermissionGrants',
    perms: PERMS.grantRead,
    handler: (ctx) => {
      const sp = find(ctx);
      const mine = ctx.state.oauth2PermissionGrants.filter((g) => g.clientId.toLowerCase() === sp.id.toLowerCase());
      return grantCollection(ctx, mine, `servicePrincipals('${sp.id}')/oauth2PermissionGrants`);
    },
  },
  { method: 'PATCH', path: 'servicePrincipals/:id', perms: PERMS.applicationWrite, handler: update },
  { method: 'DELETE', path: 'servicePrincipals/:id', perms: PERMS.applicationWrite, handler: remove },
];
