// /oauth2PermissionGrants: admin consent to openid + offline_access (graph-b2c.md §3).
// clientId and resourceId are service-principal OBJECT ids (not appIds); principalId must be absent for
// consentType AllPrincipals.
import { contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { GraphError, badRequest, directoryNotFound, invalidDirectoryValue } from '../errors';
import { applyFilterAndTop, parseSelect, project } from '../odata';
import { PERMS } from '../permissions';
import { normalizeGrant, type Obj, type PermissionGrantRecord } from '../state';

const TYPE = 'microsoft.graph.oAuth2PermissionGrant';
const RESOURCE = 'OAuth2PermissionGrant';
const FILTERABLE = ['id', 'clientId', 'resourceId', 'consentType', 'principalId'];

function spExists(ctx: Ctx, id: unknown): boolean {
  return typeof id === 'string' && ctx.state.servicePrincipals.some((sp) => sp.id.toLowerCase() === id.toLowerCase());
}

function checkGrant(ctx: Ctx, g: Obj): void {
  if (!spExists(ctx, g.clientId)) throw invalidDirectoryValue('clientId', RESOURCE);
  if (!spExists(ctx, g.resourceId)) throw invalidDirectoryValue('resourceId', RESOURCE);
  if (g.consentType !== 'AllPrincipals' && g.consentType !== 'Principal') throw invalidDirectoryValue('consentType', RESOURCE);
  // §3: "principalId must be null/absent for AllPrincipals"; a Principal grant names its user.
  if (g.consentType === 'AllPrincipals' && g.principalId != null) throw invalidDirectoryValue('principalId', RESOURCE);
  if (g.consentType === 'Principal' && (typeof g.principalId !== 'string' || g.principalId === '')) {
    throw invalidDirectoryValue('principalId', RESOURCE);
  }
  // The scope values are not checked against the resource's oauth2PermissionScopes: the directory stores the
  // string as given (token issuance ignores unknown values).
}

function find(ctx: Ctx): PermissionGrantRecord {
  const g = ctx.state.oauth2PermissionGrants.find((x) => x.id === ctx.params[0]);
  if (!g) throw directoryNotFound(ctx.params[0]!);
  return g;
}

function create(ctx: Ctx) {
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  const { id: _id, ...input } = body;
  for (const k of Object.keys(input)) if (k.startsWith('@')) delete input[k];
  const grant = normalizeGrant(input);
  checkGrant(ctx, grant);
  const dup = ctx.state.oauth2PermissionGrants.find(
    (g) => g.clientId === grant.clientId && g.resourceId === grant.resourceId && g.consentType === grant.consentType && (g.principalId ?? null) === (grant.principalId ?? null),
  );
  // §3: a second POST of the same grant is refused; "409 or 400 'Permission entry already exists' are both
  // reported in the wild" — the status is the emulator option duplicateGrant (409 by default).
  if (dup) {
    if (ctx.options.duplicateGrant === 400) throw new GraphError(400, 'Request_BadRequest', 'Permission entry already exists.');
    throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Permission entry already exists.');
  }
  ctx.state.oauth2PermissionGrants.push(grant);
  return created({ '@odata.context': contextUrl(ctx, 'oauth2PermissionGrants/$entity'), ...grant });
}

function update(ctx: Ctx) {
  const grant = find(ctx);
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body);
  // Only the scope (and, in beta, the ignored start/expiry times) can change on an existing grant.
  for (const k of ['clientId', 'resourceId', 'consentType', 'principalId'] as const) {
    if (k in body && body[k] !== grant[k]) throw badRequest(`Property '${k}' is read-only and cannot be set.`);
  }
  if (typeof body.scope === 'string') grant.scope = body.scope;
  return noContent();
}

/** A grant collection answered with the documented $filter / $select / $top (the list and the SP's navigation). */
export function grantCollection(ctx: Ctx, items: PermissionGrantRecord[], context: string) {
  const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
  const value = applyFilterAndTop(items, ctx.req.query, FILTERABLE, RESOURCE).map((g) => project(g, select));
  return ok({ '@odata.context': contextUrl(ctx, context), value });
}

export const permissionGrantRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'oauth2PermissionGrants',
    perms: PERMS.grantRead,
    handler: (ctx) => grantCollection(ctx, ctx.state.oauth2PermissionGrants, 'oauth2PermissionGrants'),
  },
  { method: 'POST', path: 'oauth2PermissionGrants', perms: PERMS.grantWrite, handler: create },
  {
    method: 'GET',
    path: 'oauth2PermissionGrants/:id',
    perms: PERMS.grantRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
      return ok({ '@odata.context': contextUrl(ctx, 'oauth2PermissionGrants/$entity'), ...project(find(ctx), select) });
    },
  },
  { method: 'PATCH', path: 'oauth2PermissionGrants/:id', perms: PERMS.grantWrite, handler: update },
  {
    method: 'DELETE',
    path: 'oauth2PermissionGrants/:id',
    perms: PERMS.grantWrite,
    handler: (ctx) => {
      const grant = find(ctx);
      ctx.state.oauth2PermissionGrants = ctx.state.oauth2PermissionGrants.filter((g) => g !== grant);
      return noContent();
    },
  },
];
