// Request-body validation against the official Graph schema (CSDL) excerpts in ./schemas/ (provenance: schemas/PROVENANCE.md).
//
// Why parse the CSDL instead of listing properties by hand: the emulator must reject exactly what the real service's
// model rejects (unknown property, wrong enum value, wrong primitive type), and the model is the source of truth.
// The files are excerpts, so a few gaps are filled here, each one explained:
//   - graph.entity / graph.directoryObject (base types of everything) are not in the excerpts: defined below.
//   - The beta excerpt (2021) only has the B2C types. For types it lacks (application, oAuth2PermissionGrant, …)
//     beta falls back to the v1.0 definition, plus the property *names* that beta-current-property-lists.json
//     (2026) adds, typed "unknown" (accepted without a type check).
//   - Types referenced but not excerpted (graph.appRole, graph.keyCredential, …) are accepted without deep checks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { GraphError, badRequest } from './errors';
import { GUID_RE } from './ids';

export type ApiVersion = 'v1.0' | 'beta';

export interface PropDef {
  name: string;
  /** Full name: 'Edm.String', 'microsoft.graph.claimsMapping', or 'unknown' (no type information). */
  type: string;
  collection: boolean;
  nullable: boolean;
}

export interface StructuredType {
  kind: 'entity' | 'complex';
  name: string; // full name, microsoft.graph.x
  baseType?: string;
  abstract: boolean;
  open: boolean;
  props: Map<string, PropDef>;
  nav: Map<string, { type: string; collection: boolean }>;
}

export interface EnumDef {
  name: string;
  flags: boolean;
  members: string[];
}

interface Model {
  types: Map<string, StructuredType>;
  enums: Map<string, EnumDef>;
}

const NS = 'microsoft.graph.';

/** Where the reference files live: emulators/graph/schemas, copied into the project with their provenance (schemas/PROVENANCE.md). */
export function schemaDir(): string {
  return process.env.ITSME_GRAPH_SCHEMA_DIR || path.resolve(__dirname, 'schemas');
}

function parseCsdl(file: string): Model {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['EnumType', 'Member', 'ComplexType', 'EntityType', 'Property', 'NavigationProperty'].includes(n),
  });
  const schema = parser.parse(fs.readFileSync(file, 'utf8')).Schema as Record<string, unknown>;
  const full = (t: string) => t.replace(/^graph\./, NS).replace(/^Collection\(graph\./, `Collection(${NS}`);
  const model: Model = { types: new Map(), enums: new Map() };
  type Xml = Record<string, string | Xml[] | undefined>;
  for (const e of (schema.EnumType ?? []) as Xml[]) {
    model.enums.set(NS + e.Name, {
      name: NS + e.Name,
      flags: e.IsFlags === 'true',
      members: ((e.Member ?? []) as Xml[]).map((m) => m.Name as string),
    });
  }
  const addTypes = (list: Xml[] | undefined, kind: 'entity' | 'complex') => {
    for (const t of list ?? []) {
      const st: StructuredType = {
        kind,
        name: NS + t.Name,
        baseType: typeof t.BaseType === 'string' ? full(t.BaseType) : undefined,
        abstract: t.Abstract === 'true',
        open: t.OpenType === 'true',
        props: new Map(),
        nav: new Map(),
      };
      for (const p of (t.Property ?? []) as Xml[]) {
        const raw = full(p.Type as string);
        const collection = raw.startsWith('Collection(');
        st.props.set(p.Name as string, {
          name: p.Name as string,
          type: collection ? raw.slice(11, -1) : raw,
          collection,
          nullable: p.Nullable !== 'false',
        });
      }
      for (const n of (t.NavigationProperty ?? []) as Xml[]) {
        const raw = full(n.Type as string);
        const collection = raw.startsWith('Collection(');
        st.nav.set(n.Name as string, { type: collection ? raw.slice(11, -1) : raw, collection });
      }
      model.types.set(st.name, st);
    }
  };
  addTypes(schema.EntityType as Xml[], 'entity');
  addTypes(schema.ComplexType as Xml[], 'complex');
  return model;
}

/** The OData base types every entity derives from; the excerpts reference but do not contain them. */
function baseTypes(): StructuredType[] {
  const prop = (name: string, type: string): [string, PropDef] => [name, { name, type, collection: false, nullable: true }];
  return [
    { kind: 'entity', name: NS + 'entity', abstract: true, open: false, props: new Map([prop('id', 'Edm.String')]), nav: new Map() },
    {
      kind: 'entity',
      name: NS + 'directoryObject',
      baseType: NS + 'entity',
      abstract: false,
      open: false,
      props: new Map([prop('deletedDateTime', 'Edm.DateTimeOffset')]),
      nav: new Map(),
    },
  ];
}

export class GraphSchema {
  private readonly models: Record<ApiVersion, Model>;

  constructor(dir = schemaDir()) {
    const v1 = parseCsdl(path.join(dir, 'v1.0-identity-and-apps.csdl.xml'));
    // External ID (external-id.md): oidcIdentityProvider's complex types, authenticationEventsFlow and its
    // handlers. Same CSDL commit; types both files hold are identical, the first file's copy is kept.
    const ext = parseCsdl(path.join(dir, 'v1.0-external-id.csdl.xml'));
    for (const [name, t] of ext.types) if (!v1.types.has(name)) v1.types.set(name, t);
    for (const [name, e] of ext.enums) if (!v1.enums.has(name)) v1.enums.set(name, e);
    const beta = parseCsdl(path.join(dir, 'beta-b2c-identity.csdl.xml'));
    for (const m of [v1, beta]) for (const t of baseTypes()) m.types.set(t.name, t);
    // beta fallback: v1.0 types the beta excerpt lacks, widened with the 2026 beta property names.
    const lists = JSON.parse(fs.readFileSync(path.join(dir, 'beta-current-property-lists.json'), 'utf8')) as {
      entityTypes: Record<string, { properties: string[]; navigationProperties: string[] }>;
      complexTypes: Record<string, { properties: string[]; navigationProperties: string[] }>;
    };
    for (const [name, t] of v1.types) {
      if (beta.types.has(name)) continue;
      const copy: StructuredType = { ...t, props: new Map(t.props), nav: new Map(t.nav) };
      const extra = lists.entityTypes[name.slice(NS.length)] ?? lists.complexTypes[name.slice(NS.length)];
      for (const p of extra?.properties ?? []) {
        if (!this.hasProp(v1, copy, p)) copy.props.set(p, { name: p, type: 'unknown', collection: false, nullable: true });
      }
      for (const n of extra?.navigationProperties ?? []) {
        if (!copy.nav.has(n)) copy.nav.set(n, { type: 'unknown', collection: true });
      }
      beta.types.set(name, copy);
    }
    for (const [name, e] of v1.enums) if (!beta.enums.has(name)) beta.enums.set(name, e);
    this.models = { 'v1.0': v1, beta };
  }

  private hasProp(m: Model, t: StructuredType, p: string): boolean {
    for (let c: StructuredType | undefined = t; c; c = c.baseType ? m.types.get(c.baseType) : undefined) {
      if (c.props.has(p)) return true;
    }
    return false;
  }

  /** The type by full or short name ('microsoft.graph.x', '#microsoft.graph.x' or 'x'), if the version has it. */
  type(version: ApiVersion, name: string): StructuredType | undefined {
    const n = name.replace(/^#/, '');
    return this.models[version].types.get(n.startsWith(NS) ? n : NS + n);
  }

  /**
   * The CSDL spelling of a type name matched case-insensitively ('#microsoft.graph.OidcIdentityProvider' →
   * 'microsoft.graph.oidcIdentityProvider'), or undefined. The docs' own examples spell External ID types with
   * other casing (external-id.md §2.1); whether the service accepts them is a GUESS (the typeNames switch).
   */
  resolveTypeName(version: ApiVersion, name: string): string | undefined {
    const n = name.replace(/^#/, '');
    const full = (n.toLowerCase().startsWith(NS) ? NS + n.slice(NS.length) : NS + n).toLowerCase();
    for (const k of this.models[version].types.keys()) if (k.toLowerCase() === full) return k;
    return undefined;
  }

  /**
   * A deep copy of `body` with every `@odata.type` and every enum value in CSDL spelling when it matches one
   * case-insensitively (the 'caseInsensitive' switches); anything that matches nothing is left for validate() to
   * refuse. `typeName` is the declared type of `body`.
   */
  canonicalize(version: ApiVersion, typeName: string, body: Record<string, unknown>, opts: { types: boolean; enums: boolean }): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let actual = typeName;
    const sent = body['@odata.type'];
    if (typeof sent === 'string') {
      const resolved = opts.types ? this.resolveTypeName(version, sent) : this.type(version, sent)?.name;
      if (resolved) actual = resolved;
    }
    for (const [key, value] of Object.entries(body)) {
      if (key === '@odata.type' && typeof value === 'string') {
        const resolved = opts.types ? this.resolveTypeName(version, value) : undefined;
        out[key] = resolved ? `#${resolved}` : value;
        continue;
      }
      const p = this.prop(version, actual, key);
      const nav = p ? undefined : this.navProp(version, actual, key);
      const itemType = p?.type ?? nav?.type;
      const fix = (v: unknown): unknown => {
        if (!itemType || v === null || v === undefined) return v;
        const en = this.enumType(version, itemType);
        if (en && typeof v === 'string' && opts.enums) {
          const parts = en.flags ? v.split(',').map((x) => x.trim()) : [v];
          return parts.map((x) => en.members.find((m) => m.toLowerCase() === x.toLowerCase()) ?? x).join(',');
        }
        if (typeof v === 'object' && !Array.isArray(v) && this.type(version, itemType)) {
          return this.canonicalize(version, itemType, v as Record<string, unknown>, opts);
        }
        return v;
      };
      out[key] = Array.isArray(value) ? value.map(fix) : fix(value);
    }
    return out;
  }

  enumType(version: ApiVersion, name: string): EnumDef | undefined {
    return this.models[version].enums.get(name);
  }

  /** True when `name` is `base` or derives from it. */
  derivesFrom(version: ApiVersion, name: string, base: string): boolean {
    const target = base.startsWith(NS) ? base : NS + base;
    for (let t = this.type(version, name); t; t = t.baseType ? this.type(version, t.baseType) : undefined) {
      if (t.name === target) return true;
    }
    return false;
  }

  /** A structural property, looked up through the base types. */
  prop(version: ApiVersion, typeName: string, prop: string): PropDef | undefined {
    for (let t = this.type(version, typeName); t; t = t.baseType ? this.type(version, t.baseType) : undefined) {
      const p = t.props.get(prop);
      if (p) return p;
    }
    return undefined;
  }

  navProp(version: ApiVersion, typeName: string, prop: string) {
    for (let t = this.type(version, typeName); t; t = t.baseType ? this.type(version, t.baseType) : undefined) {
      const p = t.nav.get(prop);
      if (p) return p;
    }
    return undefined;
  }

  /** All structural property names of a type, inherited ones first (id, displayName, … then the derived ones). */
  propNames(version: ApiVersion, typeName: string): string[] {
    const chain: string[][] = [];
    for (let t = this.type(version, typeName); t; t = t.baseType ? this.type(version, t.baseType) : undefined) {
      chain.unshift([...t.props.keys()]);
    }
    return chain.flat();
  }

  /**
   * Validates a JSON request body for `typeName`. Throws a 400 GraphError at the first problem.
   * - `skip`: property names the caller handles itself (e.g. the undocumented user-flow properties).
   * - `allowNav`: navigation properties accepted in the body (deep insert/bind the handler supports).
   * Instance annotations (`@odata.type`, `@odata.id`, `prop@odata.type`) are left to the caller.
   */
  validate(
    version: ApiVersion,
    typeName: string,
    body: Record<string, unknown>,
    opts: { skip?: ReadonlySet<string>; allowNav?: ReadonlySet<string> } = {},
  ): void {
    const type = this.type(version, typeName);
    if (!type) throw new Error(`schema: no type ${typeName} in ${version}`);
    for (const [key, value] of Object.entries(body)) {
      if (key.includes('@')) continue; // instance/property annotations
      if (opts.skip?.has(key)) continue;
      const p = this.prop(version, type.name, key);
      if (p) {
        this.checkValue(version, key, p, value, opts.allowNav);
        continue;
      }
      const nav = this.navProp(version, type.name, key);
      if (nav) {
        if (opts.allowNav?.has(key)) {
          // Deep insert / bind: each item must at least be an object (the handler checks what it names).
          for (const item of nav.collection && Array.isArray(value) ? value : [value]) {
            if (typeof item !== 'object' || item === null || Array.isArray(item)) throw cannotConvert(item, nav.type);
          }
          if (nav.collection && !Array.isArray(value)) throw cannotConvert(value, `Collection(${nav.type})`);
          continue;
        }
        throw badRequest(`Navigation property '${key}' cannot be set in the body of this request.`);
      }
      if (this.isOpen(version, type) && this.dynamicAllowed(type, key)) continue;
      throw unknownProperty(key, type.name);
    }
  }

  private isOpen(version: ApiVersion, type: StructuredType): boolean {
    for (let t: StructuredType | undefined = type; t; t = t.baseType ? this.type(version, t.baseType) : undefined) {
      if (t.open) return true;
    }
    return false;
  }

  /**
   * Open types accept dynamic properties in OData. For directory entities (application, servicePrincipal,
   * organization) the only dynamic properties the directory stores are extension attributes
   * (extension_<appId without dashes>_<name>), so anything else is rejected like on a closed type (assumption: the
   * reference does not say; rejecting typos is the useful behaviour for tests). Open complex types
   * (claimsMapping) accept any extra property: B2C maps additional claims that way.
   */
  private dynamicAllowed(type: StructuredType, key: string): boolean {
    if (type.kind === 'complex') return true;
    return /^extension_[0-9a-f]{32}_\w+$/i.test(key);
  }

  private checkValue(version: ApiVersion, name: string, p: PropDef, value: unknown, allowNav?: ReadonlySet<string>): void {
    const shown = p.collection ? `Collection(${p.type})` : p.type;
    if (value === null) {
      // A collection itself is never null in the JSON format; Nullable applies to a single value.
      if (!p.nullable || p.collection) {
        throw badRequest(
          `A null value was found for the property named '${name}', which has the expected type '${shown}[Nullable=False]'. ` +
            `The expected type '${shown}[Nullable=False]' does not allow null values.`,
        );
      }
      return;
    }
    if (p.collection) {
      if (!Array.isArray(value)) throw cannotConvert(value, shown);
      for (const item of value) {
        if (item === null) throw cannotConvert(item, p.type);
        this.checkSingle(version, name, p.type, item, allowNav);
      }
      return;
    }
    this.checkSingle(version, name, p.type, value, allowNav);
  }

  private checkSingle(version: ApiVersion, name: string, type: string, value: unknown, allowNav?: ReadonlySet<string>): void {
    if (type === 'unknown') return;
    if (type.startsWith('Edm.')) return checkPrimitive(type, value);
    const en = this.enumType(version, type);
    if (en) {
      if (typeof value !== 'string') throw cannotConvert(value, type);
      const parts = en.flags ? value.split(',').map((s) => s.trim()) : [value];
      if (parts.some((s) => !en.members.includes(s))) throw cannotConvert(value, type);
      return;
    }
    const st = this.type(version, type);
    if (!st) {
      // Referenced but not excerpted (graph.appRole, graph.keyCredential, …): only its JSON shape is checked.
      if (typeof value !== 'object' || Array.isArray(value)) throw cannotConvert(value, type);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw cannotConvert(value, type);
    // OData polymorphism: a nested value may name a derived type with @odata.type; an abstract declared type
    // (the flow's handlers, oidcClientAuthentication) must be given a concrete one.
    let actual = st;
    const sent = (value as Record<string, unknown>)['@odata.type'];
    if (typeof sent === 'string') {
      const t = this.type(version, sent);
      if (!t) throw badRequest(`A type named '${sent.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
      if (!this.derivesFrom(version, t.name, st.name)) {
        throw badRequest(`A value of type '${t.name}' was found where a value of type '${st.name}' was expected.`);
      }
      actual = t;
    }
    if (actual.abstract) {
      throw badRequest(`The property '${name}' has the abstract type '${actual.name}': name a derived type with '@odata.type'.`);
    }
    this.validate(version, actual.name, value as Record<string, unknown>, { allowNav });
  }
}

function checkPrimitive(type: string, v: unknown): void {
  const fail = () => {
    throw new GraphError(400, 'BadRequest', `Cannot convert a primitive value to the expected type '${type}'. See the inner exception for more details.`);
  };
  switch (type) {
    case 'Edm.String':
      if (typeof v !== 'string') fail();
      return;
    case 'Edm.Boolean':
      if (typeof v !== 'boolean') fail();
      return;
    case 'Edm.Int32':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) fail();
      return;
    case 'Edm.Int16':
    case 'Edm.Byte':
    case 'Edm.SByte':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail();
      return;
    case 'Edm.Int64':
      // IEEE754Compatible=false: a JSON number; a numeric string is accepted too.
      if (!(typeof v === 'number' && Number.isInteger(v)) && !(typeof v === 'string' && /^-?\d+$/.test(v))) fail();
      return;
    case 'Edm.Single':
    case 'Edm.Double':
    case 'Edm.Decimal':
      if (typeof v !== 'number' && !(typeof v === 'string' && ['INF', '-INF', 'NaN'].includes(v))) fail();
      return;
    case 'Edm.Guid':
      if (typeof v !== 'string' || !GUID_RE.test(v)) fail();
      return;
    case 'Edm.DateTimeOffset':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) fail();
      return;
    case 'Edm.Binary':
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) fail();
      return;
    case 'Edm.Stream':
      // Streams (application.logo) are written with PUT …/logo, never inside a JSON body.
      fail();
      return;
    default:
      if (typeof v === 'object') fail();
  }
}

function cannotConvert(value: unknown, type: string): GraphError {
  const literal = typeof value === 'string' ? value : JSON.stringify(value);
  return badRequest(`Cannot convert the literal '${literal}' to the expected type '${type}'.`);
}

/** The message the brief specifies for unknown properties (OData's own wording adds a hint about open types). */
export function unknownProperty(key: string, typeName: string): GraphError {
  return badRequest(`Property '${key}' does not exist on type '${typeName}'.`);
}

let shared: GraphSchema | undefined;
/** Parsed once per process: the files are static. */
export function graphSchema(): GraphSchema {
  return (shared ??= new GraphSchema());
}
