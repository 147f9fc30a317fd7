// Validates policy XML against the official B2C custom-policy XSD with xmllint-wasm (libxml2 in WebAssembly): the
// first upload check of the emulator (b2c-custom-policy.md §6 step 1) and the generator's tests.
// libxml2 treats the XSD's `^…$` URL patterns literally (W3C regex has no anchors) and rejects its `\/` escape, so
// a copy is patched in memory as emulators/graph/schemas/b2c-custom-policy/README.md describes; the verbatim file
// stays untouched.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const XSD_PATH = join(__dirname, 'schemas', 'b2c-custom-policy', 'TrustFrameworkPolicy_0.3.0.0.xsd');

let patched: string | undefined;
export function patchedXsd(): string {
  patched ??= readFileSync(XSD_PATH, 'utf8')
    .replace(/\\\//g, '/')
    .replace(/<xs:pattern value="\^/g, '<xs:pattern value="')
    .replace(/\$" \/>/g, '" />');
  return patched;
}

export async function validatePolicyXml(files: Array<{ id: string; xml: string }>): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({ xml: files.map((f) => ({ fileName: `${f.id}.xml`, contents: f.xml })), schema: [{ fileName: 'tfp.xsd', contents: patchedXsd() }] });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

export interface SchemaIssue {
  line: number;
  col: number;
  text: string;
}

/**
 * One file's schema errors with a line and column. libxml2 reports lines only, so the column is where the named
 * element (or attribute) starts on that line, else 1. The text is libxml2's (the service's own .NET wording is not
 * documented), without the file name and the "Schemas validity error :" prefix, namespaces shortened to the local name.
 */
export async function schemaIssues(xml: string): Promise<SchemaIssue[]> {
  // xmllint-wasm starts a worker and compiles the 156 KB schema on every call (~0.3 s); engine tests upload the
  // same generated files again and again, so results are remembered by content.
  const key = createHash('sha256').update(xml).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  const issues = await validate(xml);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, issues);
  return issues;
}

const CACHE_SIZE = 256;
const cache = new Map<string, SchemaIssue[]>();

async function validate(xml: string): Promise<SchemaIssue[]> {
  const r = await validateXML({ xml: [{ fileName: 'policy.xml', contents: xml }], schema: [{ fileName: 'tfp.xsd', contents: patchedXsd() }] });
  const lines = xml.split(/\r?\n/);
  return r.errors.map((e) => {
    const line = e.loc?.lineNumber ?? 1;
    const text = e.message.replace(/^Schemas validity error\s*:\s*/, '').replace(/\{[^}]*\}/g, '').trim();
    const source = lines[line - 1] ?? '';
    const element = /Element '([^']+)'/.exec(text)?.[1];
    const attribute = /attribute '([^']+)'/.exec(text)?.[1];
    let idx = attribute ? source.search(new RegExp(`\\b${attribute}\\s*=`)) : -1;
    if (idx < 0 && element) idx = source.search(new RegExp(`<(\\w+:)?${element}\\b`));
    return { line, col: idx < 0 ? 1 : idx + 1, text };
  });
}
