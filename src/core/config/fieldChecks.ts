// The field-specific rules of the configuration table (fields.ts): each takes the value and the field's name as
// people read it ("Partner code (itsme.partnerCode)") and returns a message that says how to fix it, or undefined.
// Pure (no Node, no vscode): the webview bundle imports the table.
import * as l10n from '@vscode/l10n';
import { SERVICE_CODE_PATTERN } from '../itsme/scopes';

const PARTNER_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const FLOW_NAME_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;
export const CLAIM_NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,100}$/;
const DOMAIN_HINT_PATTERN = /^[A-Za-z0-9.-]{1,64}$/;
const HOSTNAME_PATTERN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL_CHARS = /[\u0000-\u001f]/;

export type Check = (value: string, ref: string) => string | undefined;

export const checkTenant: Check = (v, ref) =>
  GUID_PATTERN.test(v) || HOSTNAME_PATTERN.test(v) ? undefined : l10n.t('{0} must be the tenant id (a GUID) or its domain, e.g. contosob2c.onmicrosoft.com.', ref);

/** A host name (or address) with an optional port, nothing else: what goes between https:// and the path. */
function isHostWithOptionalPort(v: string): boolean {
  try {
    const u = new URL(`https://${v}`);
    return u.host === v.toLowerCase() && u.pathname === '/' && !u.username && !u.search;
  } catch {
    return false;
  }
}

export const checkLoginHost: Check = (v, ref) =>
  isHostWithOptionalPort(v) ? undefined : l10n.t('{0} must be a host name such as login.contoso.com (no https://, no path). Leave it out to use <tenant>.b2clogin.com.', ref);

export const checkMetadataUrl: Check = (url, ref) => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return l10n.t('{0} is not a valid URL.', ref);
  }
  if (u.protocol !== 'https:') return l10n.t('{0} must use https.', ref);
  if (u.search || u.hash) return l10n.t('{0} must not have a query string or fragment: B2C rejects them.', ref);
  if (!u.pathname.endsWith('/.well-known/openid-configuration')) return l10n.t('{0} must end with /.well-known/openid-configuration.', ref);
  return undefined;
};

export const checkPartnerCode: Check = (v, ref) =>
  PARTNER_CODE_PATTERN.test(v) ? undefined : l10n.t('{0} may only hold letters, digits, "_", "-" and "." (no spaces), at most 64 characters: copy it exactly as itsme sent it.', ref);

export const checkServiceCode: Check = (v, ref) => {
  if (v.toLowerCase().startsWith('service:')) return l10n.t('{0} must be the code alone, without the "service:" prefix; the scope adds it.', ref);
  if (!SERVICE_CODE_PATTERN.test(v)) return l10n.t('{0} may only hold letters, digits, "_", "-" and "." (no spaces or other characters, which would add scopes), at most 64 characters.', ref);
  return undefined;
};

export const checkIdpName: Check = (v, ref) =>
  v.length <= 100 && !CONTROL_CHARS.test(v) ? undefined : l10n.t('{0} is the sign-in button label: at most 100 printable characters.', ref);

export const checkClaim: Check = (v, ref) =>
  CLAIM_NAME_PATTERN.test(v) ? undefined : l10n.t('{0} must be an itsme claim name such as sub, name, given_name, family_name or email.', ref);

export const checkDomainHint: Check = (v, ref) =>
  DOMAIN_HINT_PATTERN.test(v) ? undefined : l10n.t('{0} may only hold letters, digits, "." and "-"; leave it out unless you need it (the guide leaves it empty).', ref);

export const checkFlowName: Check = (v, ref) =>
  FLOW_NAME_PATTERN.test(v) ? undefined : l10n.t('{0} may only hold letters, digits, "_" and "-", at most 50 characters (the B2C_1_ prefix is optional).', ref);

/**
 * One file serves both kinds, so the file's flow name is checked loosely (a B2C flow id or an External ID flow's
 * display name, which may hold spaces: GUESS, at most 100 printable characters); the kind's own rule (B2C's id
 * characters) is applied once the tenant is known (fields.ts kindCheck).
 */
export const checkFlowNameAnyKind: Check = (v, ref) =>
  FLOW_NAME_PATTERN.test(v) || (v.length <= 100 && !CONTROL_CHARS.test(v) && v.trim() === v)
    ? undefined
    : l10n.t('{0} must be a user flow name: in Azure AD B2C letters, digits, "_" and "-" (at most 50); in External ID the flow\'s display name (at most 100 printable characters).', ref);

export const checkAppName: Check = (v, ref) =>
  v.length <= 120 && !CONTROL_CHARS.test(v) ? undefined : l10n.t('{0} must be at most 120 printable characters.', ref);

const POLICY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** The custom policy's name without B2C_1A_: the files become B2C_1A_<name>_base and B2C_1A_<name>. */
export const checkPolicyName: Check = (v, ref) =>
  POLICY_NAME_PATTERN.test(v) ? undefined : l10n.t('{0} may only hold letters, digits, "_" and "-", at most 40 characters, starting with a letter or digit (the B2C_1A_ prefix is optional: the service adds it).', ref);
