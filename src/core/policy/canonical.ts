// Policy XML compared by meaning, not by bytes: the service hands a policy back with a TenantObjectId attribute
// added to the root (b2c-custom-policy.md §3) and may re-indent it (GUESS), so whitespace between elements,
// attribute order, comments and the XML declaration are ignored, and the root's TenantObjectId is dropped. Element
// order and every value stay significant (the schema fixes the order; a changed value is a real change).
import { XMLParser } from 'fast-xml-parser';

export interface CanonicalElement {
  name: string;
  /** Attributes sorted by name. */
  attrs: Array<[string, string]>;
  children: CanonicalNode[];
}

export type CanonicalNode = CanonicalElement | string;

/** Added by the service on download; never in what we upload. */
const SERVICE_ROOT_ATTRIBUTES = new Set(['TenantObjectId']);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Raw = Record<string, unknown>;

function toNode(raw: Raw, isRoot: boolean): CanonicalNode | undefined {
  if ('#text' in raw) {
    const t = String(raw['#text']).trim();
    return t ? t : undefined;
  }
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name.startsWith('?') || name === '#comment') return undefined;
  const attrsRaw = (raw[':@'] ?? {}) as Record<string, unknown>;
  const attrs = Object.entries(attrsRaw)
    .filter(([k]) => !(isRoot && SERVICE_ROOT_ATTRIBUTES.has(k)))
    .map(([k, v]) => [k, String(v)] as [string, string])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const kids = Array.isArray(raw[name]) ? (raw[name] as Raw[]) : [];
  return { name, attrs, children: kids.map((k) => toNode(k, false)).filter((n): n is CanonicalNode => n !== undefined) };
}

/** The root element in canonical form, or undefined when the text is not a policy-shaped XML document. */
export function canonicalPolicy(xml: string): CanonicalElement | undefined {
  let doc: Raw[];
  try {
    doc = parser.parse(xml) as Raw[];
  } catch {
    return undefined;
  }
  for (const raw of doc) {
    const n = toNode(raw, true);
    if (n && typeof n !== 'string') return n;
  }
  return undefined;
}

/** One line per element, attribute and text, indented by depth: the form two policies are compared in. */
export function canonicalLines(node: CanonicalNode, depth = 0, out: string[] = []): string[] {
  const pad = '  '.repeat(depth);
  if (typeof node === 'string') {
    out.push(`${pad}"${node}"`);
    return out;
  }
  out.push(`${pad}<${node.name}${node.attrs.map(([k, v]) => ` ${k}="${v}"`).join('')}>`);
  for (const c of node.children) canonicalLines(c, depth + 1, out);
  return out;
}

/** True when both texts are the same policy once canonicalised (false when either is not XML). */
export function samePolicy(a: string, b: string): boolean {
  const x = canonicalPolicy(a);
  const y = canonicalPolicy(b);
  if (!x || !y) return false;
  return canonicalLines(x).join('\n') === canonicalLines(y).join('\n');
}

/**
 * Where `have` first differs from `want`, in words short enough for a plan ("…<Item Key="scope"> "openid x" →
 * "openid y""), with the path of elements that leads there. Empty when they are the same.
 */
export function policyDifferences(have: string, want: string, max = 3): string[] {
  const h = canonicalPolicy(have);
  const w = canonicalPolicy(want);
  if (!h) return ['the stored policy is not well-formed XML'];
  if (!w) return ['the generated policy is not well-formed XML'];
  const out: string[] = [];
  diffNodes(h, w, [], out, max);
  return out;
}

const label = (n: CanonicalElement): string => {
  const id = n.attrs.find(([k]) => k === 'Id' || k === 'Key' || k === 'ClaimTypeReferenceId' || k === 'ReferenceId' || k === 'Order');
  return id ? `${n.name}[${id[0]}=${id[1]}]` : n.name;
};

const show = (n: CanonicalNode | undefined): string => (n === undefined ? '(nothing)' : typeof n === 'string' ? JSON.stringify(n) : `<${label(n)}>`);

function diffNodes(h: CanonicalNode, w: CanonicalNode, path: string[], out: string[], max: number): void {
  if (out.length >= max) return;
  const where = path.join('/');
  if (typeof h === 'string' || typeof w === 'string') {
    if (h !== w) out.push(`${where}: ${show(h)} → ${show(w)}`);
    return;
  }
  if (h.name !== w.name) {
    out.push(`${where}: ${show(h)} → ${show(w)}`);
    return;
  }
  const here = [...path, label(w)];
  const ha = new Map(h.attrs);
  const wa = new Map(w.attrs);
  for (const k of new Set([...ha.keys(), ...wa.keys()])) {
    if (ha.get(k) !== wa.get(k) && out.length < max) out.push(`${here.join('/')} @${k}: ${JSON.stringify(ha.get(k) ?? null)} → ${JSON.stringify(wa.get(k) ?? null)}`);
  }
  const n = Math.max(h.children.length, w.children.length);
  for (let i = 0; i < n && out.length < max; i++) {
    const hc = h.children[i];
    const wc = w.children[i];
    if (hc === undefined || wc === undefined) {
      out.push(`${here.join('/')}: ${show(hc)} → ${show(wc)}`);
      return;
    }
    diffNodes(hc, wc, here, out, max);
  }
}

// ---- Facts the ownership test reads (README "Ownership"; HELPERS10 decisions) ----

export function childrenNamed(n: CanonicalElement, name: string): CanonicalElement[] {
  return n.children.filter((c): c is CanonicalElement => typeof c !== 'string' && localName(c.name) === name);
}

const localName = (name: string): string => (name.includes(':') ? name.slice(name.indexOf(':') + 1) : name);
const attr = (n: CanonicalElement, k: string): string | undefined => n.attrs.find(([a]) => a === k)?.[1];
const textOf = (n: CanonicalElement | undefined): string | undefined => {
  const t = n?.children.find((c): c is string => typeof c === 'string');
  return t?.trim();
};

export interface PolicyFacts {
  policyId?: string;
  /** <BasePolicy><PolicyId> */
  basePolicyId?: string;
  /** <RelyingParty><DefaultUserJourney ReferenceId> */
  defaultUserJourney?: string;
  /** Metadata of each technical profile, by Id (only what the ownership test needs). */
  technicalProfiles: Map<string, Map<string, string>>;
}

export function policyFacts(xml: string): PolicyFacts | undefined {
  const root = canonicalPolicy(xml);
  if (!root || localName(root.name) !== 'TrustFrameworkPolicy') return undefined;
  const facts: PolicyFacts = { policyId: attr(root, 'PolicyId'), technicalProfiles: new Map() };
  const base = childrenNamed(root, 'BasePolicy')[0];
  if (base) facts.basePolicyId = textOf(childrenNamed(base, 'PolicyId')[0]);
  const rp = childrenNamed(root, 'RelyingParty')[0];
  if (rp) facts.defaultUserJourney = attr(childrenNamed(rp, 'DefaultUserJourney')[0] ?? { name: '', attrs: [], children: [] }, 'ReferenceId');
  for (const cps of childrenNamed(root, 'ClaimsProviders')) {
    for (const cp of childrenNamed(cps, 'ClaimsProvider')) {
      for (const tps of childrenNamed(cp, 'TechnicalProfiles')) {
        for (const tp of childrenNamed(tps, 'TechnicalProfile')) {
          const id = attr(tp, 'Id');
          if (!id) continue;
          const items = new Map<string, string>();
          for (const md of childrenNamed(tp, 'Metadata')) for (const item of childrenNamed(md, 'Item')) items.set(attr(item, 'Key') ?? '', textOf(item) ?? '');
          facts.technicalProfiles.set(id, items);
        }
      }
    }
  }
  return facts;
}
