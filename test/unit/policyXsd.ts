// Validates policy XML against the official B2C custom-policy XSD with xmllint-wasm (libxml2 in WebAssembly).
// libxml2 treats the XSD's `^…$` URL patterns literally (W3C regex has no anchors) and rejects its `\/` escape, so
// a copy is patched at test time as emulators/graph/schemas/b2c-custom-policy/README.md describes; the verbatim
// file stays untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const XSD_PATH = join(__dirname, '..', '..', 'emulators', 'graph', 'schemas', 'b2c-custom-policy', 'TrustFrameworkPolicy_0.3.0.0.xsd');

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
