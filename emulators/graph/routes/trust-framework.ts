// /trustFramework/policies and /trustFramework/keySets (b2c-custom-policy.md §3). Beta only (none exist in
// v1.0), B2C tenants only. Policies travel as XML; key material is write-only.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { contextUrl, created, noContent, ok, type Ctx, type RouteDef } from '../api';
import { GraphError, badRequest } from '../errors';
import { header, type EmuResponse } from '../http';
import { PERMS } from '../permissions';
import { initialDomain } from '../state';
import { findKeySet, findPolicy, publicKey, type KeyRecord, type KeySetRecord, type PolicyRecord } from '../trust-framework-state';
import { POLICY_PREFIX, validatePolicyUpload, withTenantObjectId } from '../trust-framework-policy';

const beta = ['beta'] as const;
const XML = 'application/xml; charset=utf-8';

/** Assumption (as for b2cUserFlows): outside a B2C tenant the IEF backend is absent; a 400 that says so. */
function requireB2c(ctx: Ctx): void {
  if (ctx.state.tenantType !== 'AAD B2C') throw new GraphError(400, 'BadRequest', 'This operation is only supported in an Azure AD B2C tenant.');
}

// Assumption: no 404 sample in the reference; Graph's generic code.
const notFound = (what: string, id: string) => new GraphError(404, 'ResourceNotFound', `The ${what} '${id}' was not found.`);

const xmlResponse = (status: number, xml: string): EmuResponse => ({ status, body: xml, headers: { 'Content-Type': XML } });

function serializeKeySet(ks: KeySetRecord): Record<string, unknown> {
  return { id: ks.id, keys: ks.keys.map(publicKey) };
}

function keySetOr404(ctx: Ctx): KeySetRecord {
  const ks = findKeySet(ctx.state.trustFramework, ctx.params[0]!, ctx.options.trustFramework);
  if (!ks) throw notFound('key set', ctx.params[0]!);
  return ks;
}

/** nbf / exp: NumericDate seconds (int64), optional. */
function numericDate(body: Record<string, unknown>, name: 'nbf' | 'exp'): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`Cannot convert a primitive value to the expected type 'Edm.Int64'. See the inner exception for more details.`);
  return v;
}

/** A key's optional validity window, as both key-adding actions take it. */
function validity(body: Record<string, unknown>): { nbf?: number; exp?: number } {
  const nbf = numericDate(body, 'nbf');
  const exp = numericDate(body, 'exp');
  return { ...(nbf !== undefined ? { nbf } : {}), ...(exp !== undefined ? { exp } : {}) };
}

function keyUse(body: Record<string, unknown>): 'sig' | 'enc' {
  const use = body.use;
  if (use !== 'sig' && use !== 'enc') throw badRequest("Invalid value for property 'use': must be 'sig' or 'enc'.");
  return use;
}

function addKey(ks: KeySetRecord, key: KeyRecord): EmuResponse {
  if (key.nbf !== undefined && key.exp !== undefined && key.exp <= key.nbf) throw badRequest("The value of 'exp' must be later than 'nbf'.");
  ks.keys.push(key);
  return ok(publicKey(key));
}

/**
 * The checks every policy write runs (§6): Content-Type, then validatePolicyUpload. `urlId` is the id in the URL
 * (PUT); POST has none, so the XML's PolicyId is the id. Returns the record to store and the stored one it replaces.
 */
async function checkedPolicy(ctx: Ctx, urlId?: string): Promise<{ record: PolicyRecord; existing: PolicyRecord | undefined }> {
  requireB2c(ctx);
  // The docs say Content-Type application/xml is required; the refusal's shape is a GUESS.
  if (!/^(application|text)\/xml\b/i.test(header(ctx.req, 'content-type') ?? '')) {
    throw new GraphError(415, 'UnsupportedMediaType', 'The policy must be sent with Content-Type: application/xml.');
  }
  const tf = ctx.state.trustFramework;
  const xml = ctx.req.rawBody;
  const id = urlId ?? /\bPolicyId\s*=\s*"([^"]*)"/.exec(xml)?.[1] ?? '';
  const parsed = await validatePolicyUpload(xml, { urlId: id, tenantDomain: initialDomain(ctx.state), tenantId: ctx.state.tenantId, tf, sw: ctx.options.trustFramework });
  const record: PolicyRecord = { id: parsed.policyId, xml, ...(parsed.basePolicyId ? { basePolicyId: parsed.basePolicyId } : {}) };
  return { record, existing: findPolicy(tf, parsed.policyId) };
}

const policyRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'trustFramework/policies',
    versions: [...beta],
    perms: PERMS.trustFrameworkPolicyRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const value = ctx.state.trustFramework.policies.map((p) => ({ id: p.id }));
      return ok({ '@odata.context': contextUrl(ctx, 'trustFramework/policies'), value });
    },
  },
  {
    method: 'GET',
    path: 'trustFramework/policies/:id/$value',
    versions: [...beta],
    perms: PERMS.trustFrameworkPolicyRead,
    handler: (ctx) => {
      requireB2c(ctx);
      const p = findPolicy(ctx.state.trustFramework, ctx.params[0]!);
      if (!p) throw notFound('policy', ctx.params[0]!);
      return xmlResponse(200, withTenantObjectId(p.xml, ctx.state.tenantId));
    },
  },
  {
    method: 'PUT',
    path: 'trustFramework/policies/:id/$value',
    versions: [...beta],
    perms: PERMS.trustFrameworkPolicyWrite,
    handler: async (ctx) => {
      const { record, existing } = await checkedPolicy(ctx, ctx.params[0]!);
      if (existing) Object.assign(existing, record, { id: existing.id });
      else ctx.state.trustFramework.policies.push(record);
      return xmlResponse(existing ? 200 : 201, withTenantObjectId(record.xml, ctx.state.tenantId));
    },
  },
  {
    // "Create only" (trustframework-post-trustframeworkpolicy.md): 201 with a Location; the id is the XML's PolicyId.
    method: 'POST',
    path: 'trustFramework/policies',
    versions: [...beta],
    perms: PERMS.trustFrameworkPolicyWrite,
    handler: async (ctx) => {
      const { record, existing } = await checkedPolicy(ctx);
      if (existing && ctx.options.trustFramework.postExistingPolicy === 'conflict') {
        // GUESS (switch postExistingPolicy): code and wording not documented.
        throw new GraphError(409, 'Conflict', `A policy with id '${existing.id}' already exists.`);
      }
      if (existing) Object.assign(existing, record, { id: existing.id });
      else ctx.state.trustFramework.policies.push(record);
      return { ...xmlResponse(201, withTenantObjectId(record.xml, ctx.state.tenantId)), headers: { 'Content-Type': XML, Location: `${ctx.base}/beta/trustFramework/policies/${record.id}/` } };
    },
  },
  {
    method: 'DELETE',
    path: 'trustFramework/policies/:id',
    versions: [...beta],
    perms: PERMS.trustFrameworkPolicyWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const tf = ctx.state.trustFramework;
      const p = findPolicy(tf, ctx.params[0]!);
      if (!p) throw notFound('policy', ctx.params[0]!);
      const child = tf.policies.find((c) => c.basePolicyId?.toLowerCase() === p.id.toLowerCase());
      if (child && ctx.options.trustFramework.deleteBasePolicy === 'refuse') {
        // GUESS (switch deleteBasePolicy): wording not documented.
        throw badRequest(`Policy '${p.id}' cannot be deleted: it is the base policy of '${child.id}'.`);
      }
      tf.policies.splice(tf.policies.indexOf(p), 1);
      return noContent();
    },
  },
];

const keySetRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'trustFramework/keySets',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetRead,
    handler: (ctx) => {
      requireB2c(ctx);
      return ok({ '@odata.context': contextUrl(ctx, 'trustFramework/keySets'), value: ctx.state.trustFramework.keySets.map(serializeKeySet) });
    },
  },
  {
    method: 'POST',
    path: 'trustFramework/keySets',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const raw = ctx.body().id;
      if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]+$/.test(raw)) throw badRequest("Invalid value for property 'id'.");
      // "The ID can be modified by the service": keyset1 → B2C_1A_keyset1 (docs). An already-prefixed id: switch.
      const keep = raw.toUpperCase().startsWith(POLICY_PREFIX) && ctx.options.trustFramework.prefixedKeySetId === 'keep';
      const id = keep ? raw : `${POLICY_PREFIX}${raw}`;
      const tf = ctx.state.trustFramework;
      // Assumption: a duplicate id is a 409 Conflict (not documented).
      if (findKeySet(tf, id, ctx.options.trustFramework)) throw new GraphError(409, 'Conflict', `A key set with id '${id}' already exists.`);
      const ks: KeySetRecord = { id, keys: [] };
      tf.keySets.push(ks);
      return created(
        { '@odata.context': contextUrl(ctx, 'trustFramework/keySets/$entity'), ...serializeKeySet(ks) },
        { Location: `${ctx.base}/beta/trustFramework/keySets('${id}')` },
      );
    },
  },
  {
    method: 'GET',
    path: 'trustFramework/keySets/:id',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetRead,
    handler: (ctx) => {
      requireB2c(ctx);
      return ok({ '@odata.context': contextUrl(ctx, 'trustFramework/keySets/$entity'), ...serializeKeySet(keySetOr404(ctx)) });
    },
  },
  {
    method: 'DELETE',
    path: 'trustFramework/keySets/:id',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const ks = keySetOr404(ctx);
      const sets = ctx.state.trustFramework.keySets;
      sets.splice(sets.indexOf(ks), 1);
      return noContent(); // GUESS (§3): 204.
    },
  },
  {
    method: 'POST',
    path: 'trustFramework/keySets/:id/uploadSecret',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const ks = keySetOr404(ctx);
      const body = ctx.body();
      const use = keyUse(body);
      if (typeof body.k !== 'string' || body.k === '') throw badRequest("The property 'k' is required.");
      return addKey(ks, { kid: randomUUID(), use, kty: 'oct', k: body.k, ...validity(body) });
    },
  },
  {
    method: 'POST',
    path: 'trustFramework/keySets/:id/generateKey',
    versions: [...beta],
    perms: PERMS.trustFrameworkKeySetWrite,
    handler: (ctx) => {
      requireB2c(ctx);
      const ks = keySetOr404(ctx);
      const body = ctx.body();
      const use = keyUse(body);
      if (typeof body.kty !== 'string' || body.kty.toUpperCase() !== 'RSA') throw badRequest("Invalid value for property 'kty': must be 'RSA'.");
      const window = validity(body);
      const { privateKey, publicKey: pub } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = pub.export({ format: 'jwk' });
      return addKey(ks, {
        kid: randomUUID(),
        use,
        kty: 'RSA',
        privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        n: jwk.n,
        e: jwk.e,
        ...window,
      });
    },
  },
];

export const trustFrameworkRoutes: RouteDef[] = [...policyRoutes, ...keySetRoutes];
