// /identity/identityProviders: the itsme OpenID Connect provider lives here (graph-b2c.md §1).
//
// B2C's openIdConnectIdentityProvider is a beta-only type (§0.1): in v1.0 the type cannot be resolved, which the
// schema check below turns into the OData error, with no special case.
import { contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { GraphError, badRequest } from '../errors';
import { newGuid, newOidcProviderId } from '../ids';
import { checkExternalOidc, refuseBasicAuth } from './oidc-provider';
import { parseSelect, project } from '../odata';
import { PERMS } from '../permissions';
import type { IdentityProviderRecord, Obj } from '../state';

const BASE = 'microsoft.graph.identityProviderBase';
const OIDC = 'microsoft.graph.openIdConnectIdentityProvider';
/** External ID's OIDC provider (external-id.md §2): v1.0 (and beta); only in external tenants. */
const EXT_OIDC = 'microsoft.graph.oidcIdentityProvider';
const SOCIAL = 'microsoft.graph.socialIdentityProvider';
const APPLE = 'microsoft.graph.appleManagedIdentityProvider';

/** §1 availableProviderTypes, B2C vs a plain Entra tenant. */
const B2C_PROVIDER_TYPES = ['Microsoft', 'Google', 'Facebook', 'Amazon', 'LinkedIn', 'Weibo', 'QQ', 'WeChat', 'Twitter', 'GitHub', 'AppleManaged', 'OpenIdConnect'];
const AAD_PROVIDER_TYPES = ['MicrosoftAccount', 'EmailOTP', 'Facebook', 'Google'];
/** Assumption (external-id.md §2.3: the list in a CIAM tenant is undocumented): the portal's choices. */
const CIAM_PROVIDER_TYPES = ['EmailPassword', 'EmailOTP', 'Facebook', 'Google', 'Apple', 'OpenIDConnect'];
/** The social identityProviderType values a B2C tenant accepts (the social entries of the list above). */
const B2C_SOCIAL_TYPES = B2C_PROVIDER_TYPES.filter((t) => t !== 'AppleManaged' && t !== 'OpenIdConnect');
const AAD_SOCIAL_TYPES = ['Facebook', 'Google'];

/** "#microsoft.graph.x" or "microsoft.graph.x": both forms appear in official examples (§1). */
const typeName = (t: unknown) => (typeof t === 'string' ? t.replace(/^#/, '') : undefined);

/** The provider as Graph returns it: the secret is write-only, reads return "****" (§1). */
export function serializeProvider(ctx: Ctx, idp: IdentityProviderRecord): Obj {
  const name = typeName(idp['@odata.type'])!;
  if (!ctx.schema.type(ctx.version, name)) {
    // A provider whose type this version's model does not know (a B2C OIDC provider read through v1.0) can only be
    // serialized as the base type. Assumption: the reference does not say what v1.0 shows for such providers.
    return { '@odata.type': `#${BASE}`, id: idp.id, displayName: idp.displayName };
  }
  const out: Obj = { '@odata.type': `#${name}` };
  for (const p of ctx.schema.propNames(ctx.version, name)) {
    out[p] = p in idp ? structuredClone(idp[p]) : null;
  }
  if ('clientSecret' in out) out.clientSecret = '****';
  // External ID: the secret inside clientAuthentication comes back as asterisks (§2.2 shows "*****").
  const auth = out.clientAuthentication as Obj | null | undefined;
  if (auth && typeof auth === 'object' && 'clientSecret' in auth) out.clientAuthentication = { ...auth, clientSecret: '*****' };
  return out;
}

export function findProvider(ctx: Ctx, id: string): IdentityProviderRecord {
  const idp = ctx.state.identityProviders.find((p) => p.id.toLowerCase() === id.toLowerCase());
  // Assumption: the reference has no 404 sample for identity providers; Graph's generic code is used.
  if (!idp) throw new GraphError(404, 'ResourceNotFound', `The identity provider '${id}' was not found.`);
  return idp;
}

/** Providers the tenant's model can hold in this version, for $select. */
function selectableProps(ctx: Ctx): string[] {
  const names = new Set<string>();
  for (const t of [BASE, OIDC, EXT_OIDC, SOCIAL, APPLE, 'microsoft.graph.builtInIdentityProvider']) {
    if (ctx.schema.type(ctx.version, t)) for (const p of ctx.schema.propNames(ctx.version, t)) names.add(p);
  }
  return [...names];
}

function rejectFilter(ctx: Ctx): void {
  // Assumption: the identityProviders list does not support $filter (the reference finds the IdP "by @odata.type
  // plus displayName in the list", §1), so it is refused like ASP.NET OData refuses a disallowed option.
  if (ctx.req.query.has('$filter')) {
    throw badRequest(
      "The query specified in the URI is not valid. Query option 'Filter' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
    );
  }
}

/** The B2C rules for an OIDC provider (§1), applied to the full object after create or merge. */
function checkOidc(ctx: Ctx, idp: Obj): void {
  const required = ['displayName', 'clientId', 'metadataUrl', 'scope', 'responseType', 'responseMode', 'claimsMapping'];
  for (const p of required) {
    if (idp[p] === undefined || idp[p] === null || idp[p] === '') throw badRequest(`The property '${p}' is required for an OpenID Connect identity provider.`);
  }
  let url: URL | undefined;
  try {
    url = new URL(String(idp.metadataUrl));
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') throw badRequest(`The metadata URL '${String(idp.metadataUrl)}' is not valid: it must be an absolute https URL.`);
  const responseTypes = String(idp.responseType).split(',').map((s) => s.trim());
  // §1: "token ... (This value is not supported by Azure AD B2C at the moment)".
  if (ctx.state.tenantType === 'AAD B2C' && responseTypes.includes('token')) {
    throw badRequest("The response type 'token' is not supported by Azure AD B2C.");
  }
  // §1: "clientSecret is required when responseType is code".
  if (responseTypes.includes('code') && (typeof idp.clientSecret !== 'string' || idp.clientSecret === '')) {
    throw badRequest("The property 'clientSecret' is required when 'responseType' is 'code'.");
  }
  // §1: "userId and displayname are the two required fields" of claimsMapping.
  const cm = idp.claimsMapping as Obj;
  for (const p of ['userId', 'displayName']) {
    if (typeof cm[p] !== 'string' || cm[p] === '') throw badRequest(`The claims mapping property '${p}' is required.`);
  }
}

/**
 * Assumption (reference silent): the B2C portal refuses a second provider with the same name, so the API answers
 * 409 as well. Names compare case-insensitively, as B2C names do.
 */
function checkUniqueName(ctx: Ctx, name: unknown, selfId?: string): void {
  if (typeof name !== 'string') return;
  const clash = ctx.state.identityProviders.find(
    (p) => p.id !== selfId && typeName(p['@odata.type']) === OIDC && String(p.displayName).toLowerCase() === name.toLowerCase(),
  );
  if (clash) throw new GraphError(409, 'Conflict', 'An identity provider with the same name already exists.');
}

function create(ctx: Ctx) {
  const ciam = ctx.state.tenantType === 'CIAM';
  let body = ctx.body();
  if (ciam) {
    refuseBasicAuth(body);
    if (ctx.options.external.typeNames === 'caseInsensitive') body = ctx.schema.canonicalize(ctx.version, BASE, body, { types: true, enums: true });
  }
  const t = typeName(body['@odata.type']);
  if (!t) {
    throw badRequest(`The '@odata.type' property is required: '${BASE}' is abstract, name the provider type.`);
  }
  if (!ctx.schema.type(ctx.version, t)) {
    throw badRequest(`A type named '${t}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
  }
  if (!ctx.schema.derivesFrom(ctx.version, t, BASE) || t === BASE) {
    throw badRequest(`A resource of type '${t}' cannot be created in the 'identityProviders' collection.`);
  }
  ctx.schema.validate(ctx.version, t, body);
  const { '@odata.type': _ignored, id: _id, ...props } = body;
  const b2c = ctx.state.tenantType === 'AAD B2C';
  let id: string;
  switch (t) {
    case EXT_OIDC:
      // external-id.md §7: oidcIdentityProvider is "NotSupported" in workforce and B2C tenants.
      if (!ciam) throw new GraphError(400, 'NotSupported', `The identity provider type '${EXT_OIDC}' is not supported in this tenant (tenantType '${ctx.state.tenantType}'): it is available in external tenants only.`);
      checkExternalOidc(ctx, props);
      id = newGuid(); // §2.2: a GUID, not B2C's OIDC-V1-<name>-<guid>
      break;
    case OIDC:
      // Assumption: a plain Entra tenant cannot host B2C OIDC providers (its availableProviderTypes lacks it, §1);
      // nor can an external tenant, whose OIDC type is oidcIdentityProvider (external-id.md §2).
      if (ciam) throw new GraphError(400, 'NotSupported', `The identity provider type '${OIDC}' is not supported in an external tenant: use '${EXT_OIDC}'.`);
      if (!b2c) throw badRequest("The identity provider type 'OpenIdConnect' is not supported in this tenant.");
      checkOidc(ctx, props);
      checkUniqueName(ctx, props.displayName);
      id = newOidcProviderId(String(props.displayName));
      break;
    case SOCIAL: {
      const kinds = b2c ? B2C_SOCIAL_TYPES : AAD_SOCIAL_TYPES;
      const kind = kinds.find((k) => k.toLowerCase() === String(props.identityProviderType ?? '').toLowerCase());
      if (!kind) throw badRequest(`The identityProviderType '${String(props.identityProviderType)}' is not supported in this tenant.`);
      for (const p of ['clientId', 'clientSecret']) if (!props[p]) throw badRequest(`The property '${p}' is required.`);
      id = `${kind}-OAUTH`; // §1: Amazon-OAUTH, Google-OAUTH, Facebook-OAUTH
      props.identityProviderType = kind;
      if (ctx.state.identityProviders.some((p) => p.id.toLowerCase() === id.toLowerCase())) {
        throw new GraphError(409, 'Conflict', `An identity provider of type '${kind}' already exists.`);
      }
      break;
    }
    case APPLE:
      if (!b2c) throw badRequest("The identity provider type 'AppleManaged' is not supported in this tenant.");
      for (const p of ['developerId', 'serviceId', 'keyId', 'certificateData']) if (!props[p]) throw badRequest(`The property '${p}' is required.`);
      id = 'Apple-Managed-OIDC';
      if (ctx.state.identityProviders.some((p) => p.id === id)) throw new GraphError(409, 'Conflict', 'An Apple identity provider already exists.');
      break;
    default:
      // builtInIdentityProvider, External ID's oidcIdentityProvider, …: not creatable in a B2C tenant (§0.1).
      throw badRequest(`Creating an identity provider of type '${t}' is not supported in this tenant.`);
  }
  const record = { '@odata.type': `#${t}`, id, ...structuredClone(props) } as IdentityProviderRecord;
  ctx.state.identityProviders.push(record);
  return created({ '@odata.context': contextUrl(ctx, 'identity/identityProviders/$entity'), ...serializeProvider(ctx, record) });
}

function update(ctx: Ctx) {
  const idp = findProvider(ctx, ctx.params[0]!);
  let body = ctx.body();
  if (ctx.state.tenantType === 'CIAM') {
    refuseBasicAuth(body);
    if (ctx.options.external.typeNames === 'caseInsensitive') body = ctx.schema.canonicalize(ctx.version, typeName(idp['@odata.type'])!, body, { types: true, enums: true });
  }
  const t = typeName(idp['@odata.type'])!;
  const sent = typeName(body['@odata.type']);
  if (sent && sent !== t) throw badRequest(`The type '${sent}' does not match the type '${t}' of the identity provider.`);
  if (!ctx.schema.type(ctx.version, t)) {
    throw badRequest(`A type named '${t}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
  }
  ctx.schema.validate(ctx.version, t, body);
  const { '@odata.type': _t, id, ...props } = body;
  if (id !== undefined && id !== idp.id) throw badRequest("The property 'id' cannot be updated.");
  // Note: a client that PATCHes back what it read sends clientSecret "****", and the service stores exactly that.
  // The emulator does the same (the secret is whatever was last written), which is why engines must never
  // round-trip a read object.
  const merged = { ...idp, ...structuredClone(props) } as IdentityProviderRecord;
  if (t === OIDC) {
    // OData PATCH replaces a complex value (claimsMapping) as a whole.
    checkOidc(ctx, merged);
    checkUniqueName(ctx, merged.displayName, idp.id);
  }
  // PATCH replaces a complex value as a whole: a new clientAuthentication needs its @odata.type (§2.3 GUESS) —
  // the schema check above already refuses the abstract type.
  if (t === EXT_OIDC) checkExternalOidc(ctx, merged);
  Object.assign(idp, merged);
  return noContent();
}

function remove(ctx: Ctx) {
  const idp = findProvider(ctx, ctx.params[0]!);
  const usedBy = ctx.state.authenticationEventsFlows.filter((f) => f.identityProviderIds.some((x) => x.toLowerCase() === idp.id.toLowerCase()));
  if (usedBy.length && ctx.options.external.deleteLinkedProvider === 'refuse') {
    // GUESS switch deleteLinkedProvider (external-id.md §2.3: undocumented whether delete is refused while linked).
    throw badRequest(`The identity provider '${idp.id}' is used by the user flow '${usedBy[0]!.displayName}'. Remove it from the user flow first.`);
  }
  for (const f of usedBy) f.identityProviderIds = f.identityProviderIds.filter((x) => x.toLowerCase() !== idp.id.toLowerCase());
  ctx.state.identityProviders = ctx.state.identityProviders.filter((p) => p !== idp);
  // Assumption: deleting a provider also unlinks it from the user flows that use it.
  for (const f of ctx.state.userFlows) f.userFlowIdentityProviders = f.userFlowIdentityProviders.filter((id) => id !== idp.id);
  return noContent();
}

export const identityProviderRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'identity/identityProviders',
    perms: PERMS.identityProviderRead,
    handler: (ctx) => {
      rejectFilter(ctx);
      const select = parseSelect(ctx.req.query, selectableProps(ctx), BASE);
      const value = ctx.state.identityProviders.map((p) => project(serializeProvider(ctx, p), select));
      return ok({ '@odata.context': contextUrl(ctx, `Collection(${BASE})`), value });
    },
  },
  { method: 'POST', path: 'identity/identityProviders', perms: PERMS.identityProviderWrite, handler: create },
  {
    method: 'GET',
    path: 'identity/identityProviders/availableProviderTypes',
    perms: PERMS.identityProviderRead,
    handler: (ctx) =>
      ok({
        '@odata.context': contextUrl(ctx, 'Collection(Edm.String)'),
        value: ctx.state.tenantType === 'AAD B2C' ? B2C_PROVIDER_TYPES : ctx.state.tenantType === 'CIAM' ? CIAM_PROVIDER_TYPES : AAD_PROVIDER_TYPES,
      }),
  },
  {
    method: 'GET',
    path: 'identity/identityProviders/:id',
    perms: PERMS.identityProviderRead,
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, selectableProps(ctx), BASE);
      const idp = findProvider(ctx, ctx.params[0]!);
      return ok({ '@odata.context': contextUrl(ctx, 'identity/identityProviders/$entity'), ...project(serializeProvider(ctx, idp), select) });
    },
  },
  { method: 'PATCH', path: 'identity/identityProviders/:id', perms: PERMS.identityProviderWrite, handler: update },
  { method: 'DELETE', path: 'identity/identityProviders/:id', perms: PERMS.identityProviderWrite, handler: remove },
];
