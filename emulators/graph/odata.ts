// The OData query options the emulator understands: $select, $filter (eq / in / startswith joined by `and`), $top.
// Anything beyond that answers like the directory does for unsupported queries, so engines do not come to rely on
// an emulator-only feature.
import { GraphError, badRequest } from './errors';
import type { Obj } from './state';

type Clause =
  | { op: 'eq'; prop: string; value: unknown }
  | { op: 'in'; prop: string; values: unknown[] }
  | { op: 'startswith'; prop: string; value: string };

const unsupported = () => new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');

/** Splits on whitespace outside single-quoted literals; '' inside a literal is an escaped quote. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      if (quoted && s[i + 1] === "'") {
        cur += "''";
        i++;
        continue;
      }
      quoted = !quoted;
      cur += c;
    } else if (/\s/.test(c) && !quoted) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw badRequest(`Syntax error: unterminated string literal at position ${s.length} in '${s}'.`);
  if (cur) out.push(cur);
  return out;
}

function literal(tok: string): unknown {
  if (/^'.*'$/s.test(tok)) return tok.slice(1, -1).replace(/''/g, "'");
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  throw unsupported();
}

export function parseFilter(filter: string): Clause[] {
  const toks = tokenize(filter.trim());
  const clauses: Clause[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    const sw = /^startswith\((\w+),('.*')\)$/is.exec(t);
    if (sw) {
      clauses.push({ op: 'startswith', prop: sw[1]!, value: literal(sw[2]!) as string });
      i += 1;
    } else if (toks[i + 1]?.toLowerCase() === 'eq' && toks[i + 2] !== undefined) {
      clauses.push({ op: 'eq', prop: t, value: literal(toks[i + 2]!) });
      i += 3;
    } else if (toks[i + 1]?.toLowerCase() === 'in' && toks[i + 2] !== undefined) {
      // "appId in ('a', 'b')": re-join the rest of the list (tokenize split on the spaces after commas).
      let list = '';
      let j = i + 2;
      for (; j < toks.length; j++) {
        list += toks[j];
        if (toks[j]!.endsWith(')')) break;
      }
      const inner = /^\((.*)\)$/s.exec(list);
      if (!inner) throw unsupported();
      const values = inner[1]!.match(/'(?:[^']|'')*'|[^,]+/g)?.map((v) => literal(v.trim())) ?? [];
      clauses.push({ op: 'in', prop: t, values });
      i = j + 1;
    } else throw unsupported();
    if (i < toks.length) {
      if (toks[i]!.toLowerCase() !== 'and') throw unsupported();
      i++;
      if (i >= toks.length) throw unsupported();
    }
  }
  return clauses;
}

/**
 * Applies $filter and $top to a collection. `filterable` lists the properties the real service lets you filter on
 * for this resource; others get the directory's "Unsupported or invalid query filter clause" error.
 */
export function applyFilterAndTop<T extends Obj>(items: T[], query: URLSearchParams, filterable: readonly string[], resource: string): T[] {
  let out = items;
  const filter = query.get('$filter');
  if (filter !== null) {
    const clauses = parseFilter(filter);
    for (const c of clauses) {
      if (!filterable.includes(c.prop)) {
        throw new GraphError(
          400,
          'Request_UnsupportedQuery',
          `Unsupported or invalid query filter clause specified for property '${c.prop}' of resource '${resource}'.`,
        );
      }
    }
    // Directory string comparisons are case-insensitive.
    const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
    out = out.filter((item) =>
      clauses.every((c) => {
        const v = item[c.prop];
        if (c.op === 'eq') return norm(v) === norm(c.value);
        if (c.op === 'in') return c.values.some((x) => norm(x) === norm(v));
        return typeof v === 'string' && v.toLowerCase().startsWith(c.value.toLowerCase());
      }),
    );
  }
  const top = query.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > 999) {
      throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
    }
    out = out.slice(0, n);
  }
  return out;
}

/** Parses $select against the properties a type has; unknown names get OData's "Could not find a property" error. */
export function parseSelect(query: URLSearchParams, known: readonly string[], typeName: string): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!known.includes(n)) throw badRequest(`Could not find a property named '${n}' on type '${typeName}'.`);
  }
  return names;
}

/** Keeps only the selected properties (and @odata.type, which Graph keeps for derived types). */
export function project(obj: Obj, select: string[] | undefined): Obj {
  if (!select) return obj;
  const out: Obj = {};
  if ('@odata.type' in obj) out['@odata.type'] = obj['@odata.type'];
  for (const s of select) if (s in obj) out[s] = obj[s];
  return out;
}

/**
 * The decoded path of a `$ref` body's @odata.id (any host; a relative reference as it is), for the caller to match
 * its last segment against the entity set it expects. A missing or empty reference is Graph's 400.
 */
export function refPath(ref: unknown): string {
  if (typeof ref !== 'string' || ref === '') throw badRequest("The request body must contain an '@odata.id' reference.");
  let path: string;
  try {
    path = new URL(ref).pathname;
  } catch {
    path = ref; // relative reference
  }
  return decodeURIComponent(path);
}
