// The upload checks of PUT /trustFramework/policies/{id}/$value (and POST), in the order of b2c-custom-policy.md §6
// (the order itself is a GUESS): 1 well-formed XML with the TrustFrameworkPolicy root in the cpim namespace, then
// the official XSD; 2 the root attributes (PolicyId, PolicySchemaVersion, TenantId); 3 the BasePolicy chain; then,
// on the merged chain, 4 references, 5 key sets, 6 the journey and required metadata. Steps 1–3 stop at their
// first failing step; 4–6 are reported together. Every failure is one message of the documented
// "Validation failed: N validation error(s) found in policy …" envelope (code AADB2C, step 7).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { GraphError } from './errors';
import { journeyErrors, keyErrors, metadataErrors, referenceErrors } from './trust-framework-checks';
import { loadMergedPolicy } from './trust-framework-merge';
import { findPolicy, type TrustFrameworkState, type TrustFrameworkSwitches } from './trust-framework-state';
import { schemaIssues } from './trust-framework-xsd';

export const CPIM_NS = 'http://schemas.microsoft.com/online/cpim/schemas/2013/06';
export const POLICY_PREFIX = 'B2C_1A_';
/** Service limits (§2.2): 10 levels of inheritance. */
const MAX_LEVELS = 10;

export interface ParsedPolicy {
  policyId: string;
  basePolicyId?: string;
}

export interface UploadContext {
  urlId: string;
  /** The tenant's initial domain, e.g. contosob2c.onmicrosoft.com (what TenantId must say). */
  tenantDomain: string;
  tenantId: string;
  tf: TrustFrameworkState;
  sw: TrustFrameworkSwitches;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() : typeof v === 'object' && v !== null && typeof (v as { '#text'?: unknown })['#text'] === 'string' ? String((v as { '#text': string })['#text']).trim() : undefined;

/** Validates a policy file; returns what the store needs, or throws the AADB2C error. */
export async function validatePolicyUpload(xml: string, c: UploadContext): Promise<ParsedPolicy> {
  const errors: string[] = [];
  const reportId = () => c.urlId.toUpperCase();
  const schemaError = (line: number, col: number, msg: string) =>
    `Schema validation error found at line ${line} col ${col} in policy "${reportId()}" of tenant "${c.tenantDomain}": ${msg}`;
  const fail = () =>
    new GraphError(
      c.sw.validationErrorStatus,
      'AADB2C',
      `Validation failed: ${errors.length} validation error(s) found in policy "${reportId()}" of tenant "${c.tenantDomain}".${errors.join('')}`,
    );

  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    errors.push(schemaError(wellFormed.err.line, wellFormed.err.col, wellFormed.err.msg));
    throw fail();
  }
  // Namespace prefixes are kept (removeNSPrefix would also drop the xmlns attributes the check needs).
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Record<string, unknown>;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '';
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : '';
  const el = (local: string) => (prefix ? `${prefix}:${local}` : local);
  const root = rootName === el('TrustFrameworkPolicy') ? (doc[rootName] as Record<string, unknown>) : undefined;
  if (!root || typeof root !== 'object') {
    errors.push(schemaError(1, 1, `The root element must be 'TrustFrameworkPolicy' in namespace '${CPIM_NS}'.`));
    throw fail();
  }
  if (root[prefix ? `@xmlns:${prefix}` : '@xmlns'] !== CPIM_NS) {
    errors.push(schemaError(1, 1, `The element 'TrustFrameworkPolicy' must be in namespace '${CPIM_NS}'.`));
    throw fail();
  }
  // The official XSD (patched for libxml2, see trust-framework-xsd.ts).
  for (const issue of await schemaIssues(xml)) errors.push(schemaError(issue.line, issue.col, issue.text));
  if (errors.length) throw fail();

  const policyId = String(root['@PolicyId'] ?? '');
  // Root attributes (§2.2): PolicyId "must be prefixed by B2C_1A_", PolicySchemaVersion "must be 0.3.0.0".
  // The wording of these messages is not documented (GUESS); the TenantId one is quoted from an issue.
  if (!policyId) errors.push(schemaError(1, 1, "The required attribute 'PolicyId' is missing."));
  else if (!policyId.toUpperCase().startsWith(POLICY_PREFIX)) errors.push(`The policy id '${policyId}' must be prefixed by '${POLICY_PREFIX}'.`);
  if (policyId && c.sw.policyIdMustMatchUrl && policyId.toLowerCase() !== c.urlId.toLowerCase()) {
    errors.push(`The PolicyId '${policyId}' in the policy xml does not match the policy id '${c.urlId}' in the request.`);
  }
  if (root['@PolicySchemaVersion'] !== '0.3.0.0') errors.push(schemaError(1, 1, "The 'PolicySchemaVersion' attribute must be '0.3.0.0'."));
  const tenant = String(root['@TenantId'] ?? '');
  if (tenant.toLowerCase() !== c.tenantDomain.toLowerCase()) {
    errors.push(`TenantId in the policy xml '${tenant}' is not same as the one in login tenant '${c.tenantDomain}'.`);
  }
  if (errors.length) throw fail();

  // The BasePolicy chain must resolve among the stored policies (§6 step 3; the message is from starterpack#113).
  const base = root[el('BasePolicy')] as Record<string, unknown> | undefined;
  const basePolicyId = base ? text(base[el('PolicyId')]) : undefined;
  let next = basePolicyId;
  for (let level = 1; next; level++) {
    const found = findPolicy(c.tf, next);
    if (!found) {
      errors.push(`Policy with 'policyId': ${next.toUpperCase()} cannot be found in the directory '${c.tenantId}'.`);
      break;
    }
    if (level >= MAX_LEVELS || found.id.toLowerCase() === policyId.toLowerCase()) {
      errors.push(`The policy inheritance of '${policyId}' is deeper than ${MAX_LEVELS} levels or circular.`);
      break;
    }
    next = found.basePolicyId;
  }
  if (errors.length) throw fail();

  // Steps 4–6 on the merged chain (trust-framework-merge.ts; the new file stands in for a stored one of its id).
  const merged = loadMergedPolicy(policyId, (id) => (id.toLowerCase() === policyId.toLowerCase() ? xml : findPolicy(c.tf, id)?.xml), xml);
  const cc = { policyId, tenantDomain: c.tenantDomain, tf: c.tf, sw: c.sw };
  errors.push(...referenceErrors(merged, cc), ...keyErrors(merged, cc), ...journeyErrors(merged, cc), ...metadataErrors(merged, cc));
  if (errors.length) throw fail();
  return { policyId, ...(basePolicyId ? { basePolicyId } : {}) };
}

/** GET returns the policy with TenantObjectId added to the root (§3, manage-custom-policies-powershell.md). */
export function withTenantObjectId(xml: string, tenantId: string): string {
  return xml.replace(/<((?:\w+:)?TrustFrameworkPolicy)\b([^>]*)>/, (all, name: string, attrs: string) =>
    /\bTenantObjectId\s*=/.test(attrs) ? all : `<${name}${attrs.replace(/\s*\/?$/, '')} TenantObjectId="${tenantId}"${attrs.trimEnd().endsWith('/') ? '/' : ''}>`,
  );
}
