// /identity/b2cUserFlows and the link to identity providers (graph-b2c.md §2). Beta only: v1.0 has no such
// segment (§0.1), which the router answers with "Resource not found for the segment 'b2cUserFlows'.".
import { contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { GraphError, badRequest, insufficientPrivileges, segmentNotFound } from '../errors';
import { applicationClaim, attributeOf, flowApplicationClaimDefs, flowApplicationClaims } from '../application-claims';
import { parseSelect, project, refPath } from '../odata';
import { PERMS } from '../permissions';
import { unknownProperty } from '../schema';
import type { Obj, UserFlowRecord } from '../state';
import { findProvider, serializeProvider } from './identity-providers';

const TYPE = 'microsoft.graph.b2cIdentityUserFlow';
const PREFIX = 'B2C_1_';
const UNDOCUMENTED = new Set(['tokenLifetimeConfiguration', 'multifactorAuthenticationConfiguration']);

/** The undocumented types as the unmerged docs branch describes them (§2.4); they are not in any CSDL. */
/** Assumption: the portal's default for a new sign-up-or-sign-in flow is MFA off. */
const MFA_DEFAULTS = { multifactorAuthenticationState: 'off' };
const TOKEN_LIFETIME_DEFAULTS = { accessAndIdTokenLifetimeInMinutes: 60, refreshTokenLifetimeInDays: 14, rollingRefreshTokenLifetimeInDays: 90 };
const MFA_VALUES: Record<string, string[]> = {
  multifactorAuthenticationState: ['off', 'on', 'conditional'],
  multifactorAuthenticationMethod: ['email', 'phoneCallOrSms', 'phoneCall', 'phoneSms', 'authenticator'],
};

/**
 * Assumption (reference silent): in a tenant that is not B2C the cpim backend is absent, so B2C user-flow calls
 * fail. The exact answer of the real service is unknown; a 400 that says so is the plausible shape.
 */
function requireB2c(ctx: Ctx): void {
  if (ctx.state.tenantType !== 'AAD B2C') {
    throw new GraphError(400, 'BadRequest', 'This operation is only supported in an Azure AD B2C tenant.');
  }
}

function findFlow(ctx: Ctx, id: string): UserFlowRecord {
  // B2C policy ids compare case-insensitively.
  const f = ctx.state.userFlows.find((x) => x.id.toLowerCase() === id.toLowerCase());
  // Assumption: no 404 sample in the reference; Graph's generic code.
  if (!f) throw new GraphError(404, 'ResourceNotFound', `The user flow '${id}' was not found.`);
  return f;
}

function serializeFlow(ctx: Ctx, f: UserFlowRecord, expandProviders: boolean): Obj {
  const out: Obj = {
    id: f.id,
    userFlowType: f.userFlowType,
    userFlowTypeVersion: f.userFlowTypeVersion,
    isLanguageCustomizationEnabled: f.isLanguageCustomizationEnabled,
    defaultLanguageTag: f.defaultLanguageTag,
  };
  // §2.4: a service that supports the undocumented properties returns them on GET (the 2022 report read the MFA
  // method back after a portal change), with the portal defaults until they are set ('store' mode only).
  if (ctx.options.undocumentedUserFlowProps === 'store') {
    out.tokenLifetimeConfiguration = structuredClone(f.tokenLifetimeConfiguration ?? TOKEN_LIFETIME_DEFAULTS);
    out.multifactorAuthenticationConfiguration = structuredClone(f.multifactorAuthenticationConfiguration ?? MFA_DEFAULTS);
  }
  if (ctx.options.undocumentedUserFlowProps === 'storeWhenSet') {
    if (f.tokenLifetimeConfiguration) out.tokenLifetimeConfiguration = structuredClone(f.tokenLifetimeConfiguration);
    if (f.multifactorAuthenticationConfiguration) out.multifactorAuthenticationConfiguration = structuredClone(f.multifactorAuthenticationConfiguration);
  }
  if (expandProviders) {
    out.userFlowIdentityProviders = f.userFlowIdentityProviders.flatMap((id) => {
      const idp = ctx.state.identityProviders.find((p) => p.id === id);
      return idp ? [serializeProvider(ctx, idp)] : [];
    });
  }
  return out;
}

function expandsProviders(ctx: Ctx): boolean {
  const e = ctx.req.query.get('$expand');
  if (e === null) return false;
  const names = e.split(',').map((s) => s.trim());
  for (const n of names) {
    if (n !== 'userFlowIdentityProviders') throw badRequest(`Could not find a property named '${n}' on type '${TYPE}'.`);
  }
  return true;
}

/**
 * tokenLifetimeConfiguration / multifactorAuthenticationConfiguration (§2.4), per the emulator's mode:
 * 'store' validates and returns what to keep, 'ignore' accepts and drops them, 'reject' answers 400.
 */
function undocumented(ctx: Ctx, body: Obj, existing?: UserFlowRecord): Obj {
  const present = [...UNDOCUMENTED].filter((k) => k in body);
  if (present.length === 0) return {};
  const mode = ctx.options.undocumentedUserFlowProps;
  if (mode === 'reject') throw badRequest(`Invalid property '${present[0]}'.`);
  if (mode === 'ignore') return {};
  const out: Obj = {};
  if ('tokenLifetimeConfiguration' in body) {
    const v = body.tokenLifetimeConfiguration;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest("Invalid value for property 'tokenLifetimeConfiguration'.");
    for (const [k, n] of Object.entries(v)) {
      if (!(k in TOKEN_LIFETIME_DEFAULTS)) throw unknownProperty(k, 'microsoft.graph.userFlowTokenLifetimeConfiguration');
      if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`Cannot convert a primitive value to the expected type 'Edm.Int32'. See the inner exception for more details.`);
    }
    const merged = { ...TOKEN_LIFETIME_DEFAULTS, ...(existing?.tokenLifetimeConfiguration ?? {}), ...v } as Record<string, number>;
    // Portal bounds (configure-tokens.md via §2.4): access/ID 5–1440 min, refresh 1–90 days, sliding window
    // -1 (no expiry) or bounded 1–365 days and not shorter than the refresh token lifetime.
    const a = merged.accessAndIdTokenLifetimeInMinutes!;
    const r = merged.refreshTokenLifetimeInDays!;
    const s = merged.rollingRefreshTokenLifetimeInDays!;
    if (a < 5 || a > 1440) throw badRequest("Invalid value for property 'accessAndIdTokenLifetimeInMinutes': must be between 5 and 1440.");
    if (r < 1 || r > 90) throw badRequest("Invalid value for property 'refreshTokenLifetimeInDays': must be between 1 and 90.");
    if (s !== -1 && (s < 1 || s > 365 || s < r)) {
      throw badRequest("Invalid value for property 'rollingRefreshTokenLifetimeInDays': must be -1 or between the refresh token lifetime and 365.");
    }
    out.tokenLifetimeConfiguration = merged;
  }
  if ('multifactorAuthenticationConfiguration' in body) {
    const v = body.multifactorAuthenticationConfiguration;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest("Invalid value for property 'multifactorAuthenticationConfiguration'.");
    for (const [k, x] of Object.entries(v)) {
      const allowed = MFA_VALUES[k];
      if (!allowed) throw unknownProperty(k, 'microsoft.graph.multifactorAuthenticationConfiguration');
      if (typeof x !== 'string' || !allowed.includes(x)) throw badRequest(`Cannot convert the literal '${String(x)}' to the expected type '${k}'.`);
    }
    out.multifactorAuthenticationConfiguration = { ...(existing?.multifactorAuthenticationConfiguration ?? {}), ...v };
  }
  return out;
}

function create(ctx: Ctx) {
  requireB2c(ctx);
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body, { skip: UNDOCUMENTED, allowNav: new Set(['identityProviders']) });
  if (typeof body.id !== 'string' || body.id === '') throw badRequest("The property 'id' is required.");
  if (body.userFlowType === undefined) throw badRequest("The property 'userFlowType' is required.");
  if (body.userFlowTypeVersion === undefined) throw badRequest("The property 'userFlowTypeVersion' is required.");
  // Assumption: the portal's name rule (letters, digits, '_' and '-').
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(body.id)) throw badRequest(`The user flow name '${body.id}' contains characters that are not allowed.`);
  // Assumption: the three versions B2C has had (V1, V2 preview, V3 "Recommended"; §2.1).
  if (![1, 2, 3].includes(body.userFlowTypeVersion as number)) {
    throw badRequest(`The userFlowTypeVersion '${String(body.userFlowTypeVersion)}' is not supported for '${String(body.userFlowType)}'.`);
  }
  // §2.1: "The name will be pre-pended with B2C_1_ … if the prefix was not added to the name during your request".
  const id = body.id.toUpperCase().startsWith(PREFIX) ? body.id : PREFIX + body.id;
  if (ctx.state.userFlows.some((f) => f.id.toLowerCase() === id.toLowerCase())) {
    // Assumption: the reference has no sample; a duplicate is a conflict.
    throw new GraphError(409, 'Conflict', `A user flow with the name '${id}' already exists.`);
  }
  // Deprecated deep link (§2.1 "identityProviders (deprecated identityProvider collection)").
  const links: string[] = [];
  if (body.identityProviders !== undefined) {
    if (!Array.isArray(body.identityProviders)) throw badRequest("Invalid value for property 'identityProviders'.");
    for (const ref of body.identityProviders as Obj[]) links.push(findProvider(ctx, String(ref?.id)).id);
  }
  const flow: UserFlowRecord = {
    id,
    userFlowType: body.userFlowType as string,
    userFlowTypeVersion: body.userFlowTypeVersion as number,
    isLanguageCustomizationEnabled: (body.isLanguageCustomizationEnabled as boolean | undefined) ?? false,
    defaultLanguageTag: (body.defaultLanguageTag as string | undefined) ?? 'en',
    ...(body.apiConnectorConfiguration ? { apiConnectorConfiguration: structuredClone(body.apiConnectorConfiguration) } : {}),
    ...undocumented(ctx, body),
    userFlowIdentityProviders: links,
    // What the portal ticks for a new flow (GUESS switch, application-claims.ts), whoever creates it.
    applicationClaims: [...ctx.options.applicationClaims.newFlowDefault],
  };
  ctx.state.userFlows.push(flow);
  const location = `${ctx.base}/${ctx.version}/identity/b2cUserFlows/${id}`;
  return created({ '@odata.context': contextUrl(ctx, 'identity/b2cUserFlows/$entity'), ...serializeFlow(ctx, flow, false) }, { Location: location });
}

function update(ctx: Ctx) {
  requireB2c(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const body = ctx.body();
  ctx.schema.validate(ctx.version, TYPE, body, { skip: UNDOCUMENTED });
  if (body.id !== undefined && String(body.id).toLowerCase() !== flow.id.toLowerCase()) throw badRequest("The property 'id' cannot be updated.");
  // Assumption: a flow's type is fixed once created (the portal has no way to change it).
  if (body.userFlowType !== undefined && body.userFlowType !== flow.userFlowType) throw badRequest("The property 'userFlowType' cannot be updated.");
  const extra = undocumented(ctx, body, flow);
  for (const k of ['userFlowTypeVersion', 'isLanguageCustomizationEnabled', 'defaultLanguageTag', 'apiConnectorConfiguration'] as const) {
    if (body[k] !== undefined) (flow as Obj)[k] = structuredClone(body[k]);
  }
  Object.assign(flow, extra);
  return noContent();
}

/** The IdP id from an @odata.id such as https://graph.microsoft.com/beta/identity/identityProviders/<id> (§2.2). */
function providerIdFromRef(ref: unknown): string {
  const path = refPath(ref);
  const m = /identityProviders(?:\/|\(')([^/']+)'?\)?\/?$/.exec(path);
  if (!m) throw badRequest(`The '@odata.id' value '${ref}' does not reference an identity provider.`);
  return m[1]!;
}

function link(ctx: Ctx) {
  requireB2c(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const idp = findProvider(ctx, providerIdFromRef(ctx.body()['@odata.id']));
  if (flow.userFlowIdentityProviders.includes(idp.id)) {
    // Assumption: linking twice is a conflict (like other $ref collections that already hold the reference),
    // so an engine must observe before it links.
    throw new GraphError(409, 'Conflict', `The identity provider '${idp.id}' is already linked to the user flow '${flow.id}'.`);
  }
  flow.userFlowIdentityProviders.push(idp.id);
  return noContent();
}

function unlink(ctx: Ctx) {
  requireB2c(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const idpId = ctx.params[1]!;
  const i = flow.userFlowIdentityProviders.findIndex((id) => id.toLowerCase() === idpId.toLowerCase());
  if (i < 0) throw new GraphError(404, 'ResourceNotFound', `The identity provider '${idpId}' is not linked to the user flow '${flow.id}'.`);
  flow.userFlowIdentityProviders.splice(i, 1);
  return noContent();
}

/**
 * The undocumented applicationClaims relationship (application-claims.ts). 'absent': the segment is unknown to the
 * model, which Graph answers before any permission check, like every unknown segment (api.ts). 'asInDocsBranch':
 * the route exists and needs the user-flow permissions like its siblings.
 */
function claimsRoute(perms: readonly string[], handler: (ctx: Ctx) => ReturnType<RouteDef['handler']>): RouteDef['handler'] {
  return (ctx) => {
    if (ctx.options.applicationClaims.relationship === 'absent') throw segmentNotFound('applicationClaims');
    if (!perms.some((p) => ctx.roles.has(p))) throw insufficientPrivileges();
    requireB2c(ctx);
    return handler(ctx);
  };
}

/** The attribute id from an @odata.id such as https://graph.microsoft.com/beta/identity/userFlowAttributes/<id>. */
function attributeIdFromRef(ref: unknown): string {
  const path = refPath(ref);
  const m = /userFlowAttributes(?:\/|\(')([^/']+)'?\)?\/?$/i.exec(path);
  if (!m) throw badRequest(`The '@odata.id' value '${ref}' does not reference a user flow attribute.`);
  return m[1]!;
}

function addClaim(ctx: Ctx) {
  const flow = findFlow(ctx, ctx.params[0]!);
  const id = attributeIdFromRef(ctx.body()['@odata.id']);
  const def = applicationClaim(id);
  // Assumption: an attribute B2C does not have is Graph's generic not-found (the branch shows no error samples).
  if (!def || def.attributeId.toLowerCase() !== id.toLowerCase()) throw new GraphError(404, 'ResourceNotFound', `The user flow attribute '${id}' was not found.`);
  const have = flowApplicationClaims(flow, ctx.options.applicationClaims);
  // Assumption: like userFlowIdentityProviders/$ref, a reference already in the collection is a conflict.
  if (have.some((x) => x.toLowerCase() === def.attributeId.toLowerCase())) {
    throw new GraphError(409, 'Conflict', `The attribute '${def.attributeId}' is already an application claim of the user flow '${flow.id}'.`);
  }
  flow.applicationClaims = [...have, def.attributeId];
  return noContent();
}

function removeClaim(ctx: Ctx) {
  const flow = findFlow(ctx, ctx.params[0]!);
  const id = ctx.params[1]!.toLowerCase();
  const have = flowApplicationClaims(flow, ctx.options.applicationClaims);
  if (!have.some((x) => x.toLowerCase() === id)) throw new GraphError(404, 'ResourceNotFound', `The attribute '${ctx.params[1]}' is not an application claim of the user flow '${flow.id}'.`);
  flow.applicationClaims = have.filter((x) => x.toLowerCase() !== id);
  return noContent();
}

/**
 * How this request's GET shows a flow: $expand=userFlowIdentityProviders and $select as asked (read once per
 * request; an expanded property stays in a $select that does not name it).
 */
function flowView(ctx: Ctx): (f: Parameters<typeof serializeFlow>[1]) => Record<string, unknown> {
  const expand = expandsProviders(ctx);
  const select = parseSelect(ctx.req.query, ctx.schema.propNames(ctx.version, TYPE), TYPE);
  return (f) => project(serializeFlow(ctx, f, expand), select && expand ? [...select, 'userFlowIdentityProviders'] : select);
}

const V: RouteDef['versions'] = ['beta'];

export const userFlowRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'identity/b2cUserFlows',
    versions: V,
    perms: PERMS.userFlowRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const view = flowView(ctx);
      const value = ctx.state.userFlows.map(view);
      return ok({ '@odata.context': contextUrl(ctx, 'identity/b2cUserFlows'), value });
    },
  },
  { method: 'POST', path: 'identity/b2cUserFlows', versions: V, perms: PERMS.userFlowWrite, handler: create },
  {
    method: 'GET',
    path: 'identity/b2cUserFlows/:id',
    versions: V,
    perms: PERMS.userFlowRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const view = flowView(ctx);
      return ok({ '@odata.context': contextUrl(ctx, 'identity/b2cUserFlows/$entity'), ...view(findFlow(ctx, ctx.params[0]!)) });
    },
  },
  { method: 'PATCH', path: 'identity/b2cUserFlows/:id', versions: V, perms: PERMS.userFlowWrite, handler: update },
  {
    method: 'DELETE',
    path: 'identity/b2cUserFlows/:id',
    versions: V,
    perms: PERMS.userFlowWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      ctx.state.userFlows = ctx.state.userFlows.filter((f) => f !== flow);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders',
    versions: V,
    perms: PERMS.userFlowRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      return ok({
        '@odata.context': contextUrl(ctx, `identity/b2cUserFlows('${flow.id}')/userFlowIdentityProviders`),
        value: serializeFlow(ctx, flow, true).userFlowIdentityProviders,
      });
    },
  },
  {
    method: 'GET',
    path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref',
    versions: V,
    perms: PERMS.userFlowRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      return ok({
        '@odata.context': contextUrl(ctx, 'Collection($ref)'),
        value: flow.userFlowIdentityProviders.map((id) => ({ '@odata.id': `${ctx.base}/${ctx.version}/identity/identityProviders/${id}` })),
      });
    },
  },
  { method: 'POST', path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref', versions: V, perms: PERMS.userFlowWrite, handler: link },
  {
    // §2.2, issue microsoft-graph-docs-contrib#9069: the documented PATCH is refused with exactly this error.
    method: 'PATCH',
    path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref',
    versions: V,
    perms: PERMS.userFlowWrite,
    handler: () => {
      throw new GraphError(405, 'MethodNotAllowed', 'Only GET, POST, PUT, DELETE are allowed for $ref requests, but received: | PATCH');
    },
  },
  {
    // §2.2: PUT reaches the cpim backend, which has no such route; its error carries an object as "message".
    // The status is not recorded in the reference; 404 is what "No HTTP resource was found" means in ASP.NET.
    method: 'PUT',
    path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref',
    versions: V,
    perms: PERMS.userFlowWrite,
    handler: (ctx) => {
      throw new GraphError(404, 'UnknownError', {
        message: `No HTTP resource was found that matches the request URI 'https://cpim.windows.net/graph/identity/b2cUserFlows('${ctx.params[0]}')/userFlowIdentityProviders/$ref'.`,
        messageDetail: "No type was found that matches the controller named 'identity'.",
      });
    },
  },
  { method: 'DELETE', path: 'identity/b2cUserFlows/:id/userFlowIdentityProviders/:idp/$ref', versions: V, perms: PERMS.userFlowWrite, handler: unlink },
  {
    method: 'GET',
    path: 'identity/b2cUserFlows/:id/applicationClaims',
    versions: V,
    perms: 'any',
    handler: claimsRoute(PERMS.userFlowRead, (ctx) => {
      const flow = findFlow(ctx, ctx.params[0]!);
      return ok({
        '@odata.context': contextUrl(ctx, `identity/b2cUserFlows('${flow.id}')/applicationClaims`),
        value: flowApplicationClaimDefs(flow, ctx.options.applicationClaims).map(attributeOf),
      });
    }),
  },
  { method: 'POST', path: 'identity/b2cUserFlows/:id/applicationClaims/$ref', versions: V, perms: 'any', handler: claimsRoute(PERMS.userFlowWrite, addClaim) },
  { method: 'DELETE', path: 'identity/b2cUserFlows/:id/applicationClaims/:attr/$ref', versions: V, perms: 'any', handler: claimsRoute(PERMS.userFlowWrite, removeClaim) },
];
