// /identity/authenticationEventsFlows: External ID user flows (docs/reference/external-id.md §3), their identity
// providers ($ref, §3.5) and their applications (includeApplications, §3.6). External tenants only; v1.0 and beta.
//
// Shapes follow the docs' examples: POST echoes the quirky §3.2 shape (no providers, no attributes, conditions
// reduced to includeAllApplications), GET/LIST the §3.3 shape (providers, attributes and apps inline).
// Every GUESS is a switch in ../external-switches.ts; other silent points are marked "Assumption:".
import { contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { GraphError, badRequest } from '../errors';
import { attributeRecord, FLOW_TYPE, HANDLER_SLOTS } from '../external-flows';
import { newGuid } from '../ids';
import { refPath } from '../odata';
import { PERMS } from '../permissions';
import { deepMerge, type EventsFlowRecord, type Obj } from '../state';
import { serializeProvider } from './identity-providers';

const BASE = 'microsoft.graph.authenticationEventsFlow';
const FLOW = FLOW_TYPE.slice(1);
const AML = 'microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp';
const FLOWS = 'identity/authenticationEventsFlows';
/** §3.5: the documented path of a flow's providers (two type casts). */
const IDPS = `${FLOWS}/:id/${FLOW}/onAuthenticationMethodLoadStart/${AML}`;
const APPS = `${FLOWS}/:id/conditions/applications/includeApplications`;
const CREATE_NAV = new Set(['includeApplications', 'identityProviders', 'attributes']);
/** Assumption: on PATCH only attributes travel with onAttributeCollection; providers and apps have their own calls. */
const PATCH_NAV = new Set(['attributes']);

function requireExternal(ctx: Ctx): void {
  if (ctx.state.tenantType === 'CIAM') return;
  // GUESS switch wrongTenantStatus (§7: "Calling these APIs in a non-CIAM tenant: 400 or 403").
  const status = ctx.options.external.wrongTenantStatus;
  throw new GraphError(status, status === 403 ? 'Forbidden' : 'BadRequest', `authenticationEventsFlows are available in external tenants only (this tenant's type is '${ctx.state.tenantType}').`);
}

function findFlow(ctx: Ctx, id: string): EventsFlowRecord {
  const f = ctx.state.authenticationEventsFlows.find((x) => x.id.toLowerCase() === id.toLowerCase());
  // Assumption (§7 lists ResourceNotFound or Request_ResourceNotFound): Graph's generic code.
  if (!f) throw new GraphError(404, 'ResourceNotFound', `The authentication events flow '${id}' was not found.`);
  return f;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Case-insensitive type names and enum values → CSDL spelling (GUESS switch typeNames). */
function canonical(ctx: Ctx, body: Obj, declared: string): Obj {
  if (ctx.options.external.typeNames !== 'caseInsensitive') return body;
  return ctx.schema.canonicalize(ctx.version, declared, body, { types: true, enums: true });
}

/** The flow type named by @odata.type (required: the base type is abstract, §3.1, §3.4). */
function flowTypeOf(ctx: Ctx, body: Obj): string {
  const sent = body['@odata.type'];
  if (typeof sent !== 'string' || sent === '') throw badRequest("The '@odata.type' property is required: name the user flow type (#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow).");
  const t = ctx.schema.type(ctx.version, sent);
  if (!t) throw badRequest(`A type named '${sent.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
  if (t.name !== FLOW) throw badRequest(`A resource of type '${t.name}' cannot be created in the 'authenticationEventsFlows' collection.`);
  return t.name;
}

function checkPriority(v: unknown): void {
  // priority is not in the v1.0 CSDL; the type is open and the docs send and echo it (§3.1).
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) throw badRequest("Cannot convert the literal for 'priority' to the expected type 'Edm.Int32'.");
}

function checkUniqueName(ctx: Ctx, name: unknown, selfId?: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' is required.");
  const clash = ctx.state.authenticationEventsFlows.find((f) => f.id !== selfId && f.displayName.toLowerCase() === name.toLowerCase());
  if (clash) {
    // GUESS switch duplicateFlowNameStatus (§3.1 "Must be unique"; §7: 400 or 409).
    const status = ctx.options.external.duplicateFlowNameStatus;
    throw new GraphError(status, status === 409 ? 'Conflict' : 'BadRequest', `A user flow with the display name '${name}' already exists.`);
  }
}

function unknownProvider(ctx: Ctx, id: string): GraphError {
  // GUESS switch unknownProviderRefStatus (§3.5: "an unknown id gives 400 or 404").
  const status = ctx.options.external.unknownProviderRefStatus;
  return new GraphError(status, status === 404 ? 'ResourceNotFound' : 'BadRequest', `The identity provider '${id}' does not exist in this tenant.`);
}

function providerId(ctx: Ctx, id: string): string {
  const p = ctx.state.identityProviders.find((x) => sameId(x.id, id));
  if (!p) throw unknownProvider(ctx, id);
  return p.id;
}

/** §3.6: the app needs a service principal, and an app is in one flow only. */
function checkAppLink(ctx: Ctx, appId: unknown, linking: EventsFlowRecord | undefined): string {
  if (typeof appId !== 'string' || appId === '') throw badRequest("The property 'appId' is required.");
  if (!ctx.state.servicePrincipals.some((sp) => sameId(sp.appId, appId))) {
    throw badRequest(`The application '${appId}' has no service principal in this tenant. Create the service principal first.`);
  }
  const other = ctx.state.authenticationEventsFlows.find((f) => f.appIds.some((a) => sameId(a, appId)));
  if (other) {
    // GUESS switch appInAnotherFlowStatus (§3.6: 400 or 409). Also when it is this flow: the key exists.
    const status = ctx.options.external.appInAnotherFlowStatus;
    const where = other === linking ? 'this user flow' : `the user flow '${other.displayName}'`;
    throw new GraphError(status, status === 409 ? 'Conflict' : 'BadRequest', `The application '${appId}' is already linked to ${where}. An application can only be linked to one user flow.`);
  }
  const sp = ctx.state.servicePrincipals.find((x) => sameId(x.appId, appId))!;
  return sp.appId;
}

function attributesOf(ctx: Ctx, list: unknown): Obj[] {
  return ((list ?? []) as Obj[]).map((a) => {
    const id = String(a.id ?? '');
    const rec = attributeRecord(a);
    // Assumption: only built-in attributes and custom (extension_…) ones exist; anything else is unknown.
    if (rec.userFlowAttributeType !== 'builtIn' && !/^extension_[0-9a-f]{32}_\w+$/i.test(id)) throw badRequest(`The user flow attribute '${id}' does not exist.`);
    void ctx;
    return rec;
  });
}

/** Handler values as stored: the docs' echo adds defaults (accessPackages, customStringsFileId, input defaults). */
function storeAttributeCollection(h: Obj): Obj {
  const { attributes: _a, ...rest } = structuredClone(h);
  const page = (rest.attributeCollectionPage ?? null) as Obj | null;
  return {
    ...rest,
    accessPackages: rest.accessPackages ?? [],
    attributeCollectionPage: page
      ? {
          customStringsFileId: null,
          ...page,
          views: ((page.views ?? []) as Obj[]).map((v) => ({
            ...v,
            inputs: ((v.inputs ?? []) as Obj[]).map((i) => ({ defaultValue: null, options: [], ...i })),
          })),
        }
      : null,
  };
}

function create(ctx: Ctx) {
  requireExternal(ctx);
  const body = canonical(ctx, ctx.body(), BASE);
  const type = flowTypeOf(ctx, body);
  ctx.schema.validate(ctx.version, type, body, { skip: new Set(['priority']), allowNav: CREATE_NAV });
  checkPriority(body.priority);
  checkUniqueName(ctx, body.displayName);
  const aml = (body.onAuthenticationMethodLoadStart ?? null) as Obj | null;
  const idps = ((aml?.identityProviders ?? []) as Obj[]).map((p) => providerId(ctx, String(p.id ?? '')));
  // GUESS switch requireProviderAtCreate (§3.1: "Must have at least one identity provider linked" at update).
  if (ctx.options.external.requireProviderAtCreate && idps.length === 0) {
    throw badRequest("onAuthenticationMethodLoadStart must have at least one identity provider linked (for example 'EmailPassword-OAUTH').");
  }
  const flow: EventsFlowRecord = {
    '@odata.type': FLOW_TYPE,
    id: newGuid(),
    displayName: String(body.displayName),
    description: (body.description as string | null | undefined) ?? null,
    priority: (body.priority as number | undefined) ?? 500,
    identityProviderIds: [...new Set(idps)],
    appIds: [],
    attributes: [],
    onInteractiveAuthFlowStart: null,
    onAuthenticationMethodLoadStart: null,
    onAttributeCollection: null,
    onAttributeCollectionStart: null,
    onAttributeCollectionSubmit: null,
    onUserCreateStart: null,
  };
  for (const slot of HANDLER_SLOTS) {
    const h = body[slot] as Obj | null | undefined;
    if (!h) continue;
    if (slot === 'onAuthenticationMethodLoadStart') flow[slot] = { '@odata.type': h['@odata.type'] };
    else if (slot === 'onAttributeCollection') {
      flow.attributes = attributesOf(ctx, h.attributes);
      flow[slot] = storeAttributeCollection(h);
    } else flow[slot] = structuredClone(h);
  }
  const conditions = (body.conditions ?? null) as Obj | null;
  const apps = ((((conditions?.applications ?? {}) as Obj).includeApplications ?? []) as Obj[]).map((a) => checkAppLink(ctx, a.appId, undefined));
  if (new Set(apps.map((a) => a.toLowerCase())).size !== apps.length) throw badRequest('An application is listed twice in includeApplications.');
  flow.appIds = apps;
  flow.conditions = conditions ? { applications: { includeAllApplications: false } } : null;
  ctx.state.authenticationEventsFlows.push(flow);
  return created({ '@odata.context': contextUrl(ctx, `${FLOWS}/$entity`), ...createdEcho(flow) });
}

/** §3.2: what POST returns. */
function createdEcho(f: EventsFlowRecord): Obj {
  return {
    '@odata.type': FLOW_TYPE,
    id: f.id,
    displayName: f.displayName,
    description: f.description,
    priority: f.priority,
    conditions: structuredClone(f.conditions ?? null),
    onAttributeCollection: structuredClone(f.onAttributeCollection),
    onAttributeCollectionStart: structuredClone(f.onAttributeCollectionStart),
    onAttributeCollectionSubmit: structuredClone(f.onAttributeCollectionSubmit),
    onAuthenticationMethodLoadStart: f.onAuthenticationMethodLoadStart ? { '@odata.type': f.onAuthenticationMethodLoadStart['@odata.type'] } : null,
    onInteractiveAuthFlowStart: structuredClone(f.onInteractiveAuthFlowStart),
    onUserCreateStart: structuredClone(f.onUserCreateStart),
  };
}

/** §3.3: a flow in GET and LIST, with providers, attributes and applications inline. */
function serializeFlow(ctx: Ctx, f: EventsFlowRecord): Obj {
  const self = `${FLOWS}('${f.id}')/${FLOW}`;
  const providers = f.identityProviderIds.flatMap((id) => {
    const p = ctx.state.identityProviders.find((x) => sameId(x.id, id));
    return p ? [serializeProvider(ctx, p)] : [];
  });
  return {
    '@odata.type': FLOW_TYPE,
    id: f.id,
    displayName: f.displayName,
    description: f.description,
    priority: f.priority,
    conditions: {
      applications: {
        includeAllApplications: false,
        'includeApplications@odata.context': contextUrl(ctx, `${self}/conditions/applications/includeApplications`),
        includeApplications: f.appIds.map((appId) => ({ appId })),
      },
    },
    onAttributeCollection: f.onAttributeCollection
      ? { ...structuredClone(f.onAttributeCollection), 'attributes@odata.context': contextUrl(ctx, `${self}/onAttributeCollection/microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp/attributes`), attributes: structuredClone(f.attributes) }
      : null,
    onAttributeCollectionStart: structuredClone(f.onAttributeCollectionStart),
    onAttributeCollectionSubmit: structuredClone(f.onAttributeCollectionSubmit),
    onAuthenticationMethodLoadStart: {
      '@odata.type': `#${AML}`,
      'identityProviders@odata.context': contextUrl(ctx, `${self}/onAuthenticationMethodLoadStart/${AML}/identityProviders`),
      identityProviders: providers,
    },
    onInteractiveAuthFlowStart: structuredClone(f.onInteractiveAuthFlowStart),
    onUserCreateStart: structuredClone(f.onUserCreateStart),
  };
}

/**
 * §3.3: the three documented any() filters, plus displayName eq (GUESS: not shown in the docs, standard OData).
 * Type-cast prefixes are required as the docs write them; anything else is refused.
 */
function filterFlows(ctx: Ctx, flows: EventsFlowRecord[], filter: string): EventsFlowRecord[] {
  const f = filter.trim();
  const eq = /^displayName\s+eq\s+'((?:[^']|'')*)'$/i.exec(f);
  if (eq) {
    const v = eq[1]!.replace(/''/g, "'");
    return flows.filter((x) => x.displayName.toLowerCase() === v.toLowerCase());
  }
  const any = /^(.+)\/any\(\s*(\w+)\s*:\s*\2\/(\w+)\s+eq\s+'((?:[^']|'')*)'\s*\)$/.exec(f);
  if (any) {
    const path = any[1]!.replace(/\s+/g, '');
    const prop = any[3]!;
    const v = any[4]!.replace(/''/g, "'");
    if (path === `${FLOW}/onAuthenticationMethodLoadStart/${AML}/identityProviders` && prop === 'id') {
      return flows.filter((x) => x.identityProviderIds.some((id) => sameId(id, v)));
    }
    if (path === `${FLOW}/onAttributeCollection/microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp/attributes` && prop === 'id') {
      return flows.filter((x) => x.attributes.some((a) => sameId(String(a.id), v)));
    }
    if (path === `${FLOW}/conditions/applications/includeApplications` && prop === 'appId') {
      return flows.filter((x) => x.appIds.some((a) => sameId(a, v)));
    }
  }
  void ctx;
  throw badRequest(`Invalid filter clause: the filter '${filter}' is not supported on authenticationEventsFlows.`);
}

function list(ctx: Ctx) {
  requireExternal(ctx);
  let flows = [...ctx.state.authenticationEventsFlows];
  const filter = ctx.req.query.get('$filter');
  if (filter !== null) flows = filterFlows(ctx, flows, filter);
  const orderby = ctx.req.query.get('$orderby');
  if (orderby !== null) {
    const m = /^(displayName|priority|id)(\s+(asc|desc))?$/i.exec(orderby.trim());
    if (!m) throw badRequest(`The $orderby value '${orderby}' is not supported.`);
    const key = (['displayName', 'priority', 'id'] as const).find((k) => k.toLowerCase() === m[1]!.toLowerCase())!;
    const dir = m[3]?.toLowerCase() === 'desc' ? -1 : 1;
    flows.sort((a, b) => (a[key] < b[key] ? -dir : a[key] > b[key] ? dir : 0));
  }
  const top = ctx.req.query.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid value '${top}' for $top.`);
    flows = flows.slice(0, n);
  }
  return ok({ '@odata.context': contextUrl(ctx, FLOWS), value: flows.map((f) => serializeFlow(ctx, f)) });
}

function update(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const body = canonical(ctx, ctx.body(), BASE);
  // §3.4: "must include @odata.type".
  const type = flowTypeOf(ctx, body);
  ctx.schema.validate(ctx.version, type, body, { skip: new Set(['priority']), allowNav: PATCH_NAV });
  checkPriority(body.priority);
  if (body.id !== undefined && !sameId(String(body.id), flow.id)) throw badRequest("The property 'id' cannot be updated.");
  if (body.displayName !== undefined) checkUniqueName(ctx, body.displayName, flow.id);
  const aml = body.onAuthenticationMethodLoadStart as Obj | null | undefined;
  if (aml === null || (aml && 'identityProviders' in aml)) {
    throw badRequest("Identity providers of a user flow are changed with POST/DELETE …/onAuthenticationMethodLoadStart/…/identityProviders/$ref.");
  }
  const next: Obj = {};
  for (const k of ['displayName', 'description', 'priority'] as const) if (body[k] !== undefined) next[k] = body[k];
  for (const slot of HANDLER_SLOTS) {
    const h = body[slot] as Obj | null | undefined;
    if (h === undefined || slot === 'onAuthenticationMethodLoadStart') continue;
    if (slot === 'onAttributeCollection') {
      // §3.4: onAttributeCollection can be updated only "if it was configured during user flow creation".
      if (!flow.onAttributeCollection) throw badRequest('onAttributeCollection can only be updated if it was configured when the user flow was created.');
      if (h === null) throw badRequest("onAttributeCollection cannot be removed.");
      if (h.attributes !== undefined) next.attributes = attributesOf(ctx, h.attributes);
      // Sending views/inputs replaces them (§3.4 Examples 2–3): deepMerge replaces arrays.
      next[slot] = deepMerge(flow.onAttributeCollection, storeAttributeCollection({ ...h, accessPackages: h.accessPackages ?? (flow.onAttributeCollection.accessPackages as unknown) }));
      continue;
    }
    next[slot] = h === null ? null : deepMerge((flow[slot] as Obj | null) ?? {}, h);
  }
  Object.assign(flow, next);
  return noContent();
}

function remove(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  // §3.4: deleting "also removes or unlinks all applications from the flow" (they go with the record).
  ctx.state.authenticationEventsFlows = ctx.state.authenticationEventsFlows.filter((f) => f !== flow);
  return noContent();
}

// ---- §3.5 identity providers of a flow -------------------------------------------------------------------------

/**
 * The provider id of an @odata.id (GUESS §3.5: the docs show https://graph.microsoft.com/beta/identityProviders/
 * Google-OAUTH; …/v1.0|beta/identity/identityProviders/{id}, any host, and the key form identityProviders('{id}')
 * are accepted too — the last segment names the provider).
 */
function refId(ref: unknown): string {
  const path = refPath(ref);
  const m = /(?:^|\/)identityProviders(?:\/([^/()]+)|\('((?:[^']|'')+)'\))\/?$/.exec(path);
  if (!m) throw badRequest(`The '@odata.id' value '${ref}' does not reference an identity provider.`);
  return m[1] ?? m[2]!.replace(/''/g, "'");
}

function listProviders(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const value = flow.identityProviderIds.flatMap((id) => {
    const p = ctx.state.identityProviders.find((x) => sameId(x.id, id));
    return p ? [serializeProvider(ctx, p)] : [];
  });
  return ok({ '@odata.context': contextUrl(ctx, 'Collection(microsoft.graph.identityProviderBase)'), value });
}

function linkProvider(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const id = providerId(ctx, refId(ctx.body()['@odata.id']));
  if (flow.identityProviderIds.some((x) => sameId(x, id))) {
    // Assumption: like B2C's $ref (graph-b2c.md), linking twice is a conflict; engines observe before linking.
    throw new GraphError(409, 'Conflict', `The identity provider '${id}' is already linked to the user flow '${flow.displayName}'.`);
  }
  flow.identityProviderIds.push(id);
  flow.onAuthenticationMethodLoadStart ??= { '@odata.type': `#${AML}` };
  return noContent();
}

function unlinkProvider(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const id = ctx.params[1]!;
  const i = flow.identityProviderIds.findIndex((x) => sameId(x, id));
  if (i < 0) throw new GraphError(404, 'ResourceNotFound', `The identity provider '${id}' is not linked to the user flow '${flow.displayName}'.`);
  // GUESS switch removeLastProvider (§3.5: "at least one identity provider").
  if (flow.identityProviderIds.length === 1 && ctx.options.external.removeLastProvider === 'refuse') {
    throw badRequest('A user flow must have at least one identity provider: link another one before removing this one.');
  }
  flow.identityProviderIds.splice(i, 1);
  return noContent();
}

// ---- §3.6 applications of a flow -------------------------------------------------------------------------------

function appsContext(ctx: Ctx, flow: EventsFlowRecord): string {
  return contextUrl(ctx, `${FLOWS}('${flow.id}')/conditions/applications/includeApplications`);
}

function linkApp(ctx: Ctx) {
  requireExternal(ctx);
  const flow = findFlow(ctx, ctx.params[0]!);
  const body = canonical(ctx, ctx.body(), 'microsoft.graph.authenticationConditionApplication');
  ctx.schema.validate(ctx.version, 'microsoft.graph.authenticationConditionApplication', body);
  const appId = checkAppLink(ctx, body.appId, flow);
  flow.appIds.push(appId);
  return created({ '@odata.context': `${appsContext(ctx, flow)}/$entity`, appId });
}

function findLinkedApp(ctx: Ctx, flow: EventsFlowRecord, appId: string): number {
  const i = flow.appIds.findIndex((a) => sameId(a, appId));
  if (i < 0) throw new GraphError(404, 'ResourceNotFound', `The application '${appId}' is not linked to the user flow '${flow.displayName}'.`);
  return i;
}

export const eventsFlowRoutes: RouteDef[] = [
  { method: 'GET', path: FLOWS, perms: PERMS.eventsFlowRead, handler: list },
  { method: 'POST', path: FLOWS, perms: PERMS.eventsFlowWrite, handler: create },
  {
    method: 'GET',
    path: `${FLOWS}/:id`,
    perms: PERMS.eventsFlowRead,
    handler: (ctx) => {
      requireExternal(ctx);
      // GUESS (§3.3: the get page was not read): the same shape as a list item.
      return ok({ '@odata.context': contextUrl(ctx, `${FLOWS}/$entity`), ...serializeFlow(ctx, findFlow(ctx, ctx.params[0]!)) });
    },
  },
  { method: 'PATCH', path: `${FLOWS}/:id`, perms: PERMS.eventsFlowWrite, handler: update },
  { method: 'DELETE', path: `${FLOWS}/:id`, perms: PERMS.eventsFlowWrite, handler: remove },
  { method: 'GET', path: `${IDPS}/identityProviders`, perms: PERMS.eventsFlowRead, handler: listProviders },
  { method: 'POST', path: `${IDPS}/identityProviders/$ref`, perms: PERMS.eventsFlowWrite, handler: linkProvider },
  // §3.5: the documented DELETE path omits /identityProviders/; the OData-correct one has it. Both are accepted.
  { method: 'DELETE', path: `${IDPS}/identityProviders/:idp/$ref`, perms: PERMS.eventsFlowWrite, handler: unlinkProvider },
  { method: 'DELETE', path: `${IDPS}/:idp/$ref`, perms: PERMS.eventsFlowWrite, handler: unlinkProvider },
  {
    method: 'GET',
    path: APPS,
    perms: PERMS.eventsFlowRead,
    handler: (ctx) => {
      requireExternal(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      return ok({ '@odata.context': appsContext(ctx, flow), value: flow.appIds.map((appId) => ({ appId })) });
    },
  },
  { method: 'POST', path: APPS, perms: PERMS.eventsFlowWrite, handler: linkApp },
  {
    method: 'GET',
    path: `${APPS}/:appId`,
    perms: PERMS.eventsFlowRead,
    handler: (ctx) => {
      requireExternal(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      const appId = flow.appIds[findLinkedApp(ctx, flow, ctx.params[1]!)]!;
      return ok({ '@odata.context': `${appsContext(ctx, flow)}/$entity`, appId });
    },
  },
  {
    method: 'DELETE',
    path: `${APPS}/:appId`,
    perms: PERMS.eventsFlowWrite,
    // GUESS (§3.6): the removal path is …/includeApplications/{appId} → 204 (the resource page lists "Remove").
    handler: (ctx) => {
      requireExternal(ctx);
      const flow = findFlow(ctx, ctx.params[0]!);
      flow.appIds.splice(findLinkedApp(ctx, flow, ctx.params[1]!), 1);
      return noContent();
    },
  },
];


