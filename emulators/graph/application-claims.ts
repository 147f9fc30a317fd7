// A B2C user flow's "Application claims": which user attributes its tokens carry (the portal's user flow →
// Application claims blade, one tick per claim). The documented Graph API cannot read or set them
// (docs/reference/graph-b2c.md §2.3); an unmerged docs branch adds an `applicationClaims` relationship (§2.4). Both
// worlds are here, behind one GUESS switch:
//
// - 'absent' (default): the documented API. The b2cIdentityUserFlow type has no such segment, so Graph's OData layer
//   answers what it answers for any segment its model does not know: 400 BadRequest "Resource not found for the
//   segment 'applicationClaims'." (the same answer as b2cUserFlows under v1.0, §0.1).
// - 'asInDocsBranch': the shape of the docs branch (fork xumzheng/microsoft-graph-docs, PR
//   microsoftgraph/microsoft-graph-docs#17529, "do not merge"). Its resources/b2cidentityuserflow.md lists the
//   relationship "applicationClaims | identityUserFlowAttribute collection | Attributes that will be returned as
//   claims in the token to the resource application ('relying party')" and three methods: "Add application claims"
//   (b2cidentityuserflow-update-applicationclaims.md, not in the branch as stored), "List application claims"
//   (b2cidentityuserflow-list-applicationclaims.md) and "Remove application claims"
//   (b2cidentityuserflow-remove-applicationclaims.md). The bodies of those two pages are unfinished copies of the
//   identity-provider link page (PATCH …/userflowIdentityProviders/$ref → 204), so the requests below are a GUESS:
//   the OData $ref convention the same flow documents for userFlowIdentityProviders (§2.2):
//     GET    /beta/identity/b2cUserFlows/{id}/applicationClaims           → 200, identityUserFlowAttribute collection
//     POST   /beta/identity/b2cUserFlows/{id}/applicationClaims/$ref      {"@odata.id": "…/identity/userFlowAttributes/{attr}"} → 204
//     DELETE /beta/identity/b2cUserFlows/{id}/applicationClaims/{attr}/$ref → 204
//
// Whatever the switch, each flow HAS a set of application claims (the sign-in emulator issues exactly those), set
// at creation to the new-flow default and changed through the emulator's hook as a person ticks them in the portal
// (GraphEmulator.setApplicationClaims).
import type { Obj, UserFlowRecord } from './state';

export type ApplicationClaimsRelationship = 'absent' | 'asInDocsBranch';

export interface ApplicationClaimsSwitches {
  /** GUESS: 'absent' (the documented API, default) or 'asInDocsBranch' (the unmerged docs branch's relationship). */
  relationship: ApplicationClaimsRelationship;
  /**
   * GUESS: the application claims a new sign-up-or-sign-in flow has ticked (attribute ids). Default: none. B2C's
   * docs do not say: add-sign-up-and-sign-in-policy.md (MicrosoftDocs/azure-docs, "Create a sign-up and sign-in
   * user flow") has the creator "choose … the claims you want returned in the token" and lists no preselection;
   * the guides that set flows up tick them after creation ("go to Application claims. Here, make sure that email
   * addresses, Given name, surname, display name and User's Object ID are selected",
   * https://kantega-sso.atlassian.net/wiki/spaces/KSE/pages/1173192705; "be sure 'User is new' is checked",
   * https://wellsb.com/csharp/aspnet/azure-ad-b2c-onticketreceived-newuser-claim/). A flow created through Graph
   * is assumed to start the same way. The protocol claims (iss, sub, aud, exp, iat, nbf, nonce, tfp, auth_time,
   * ver) are always there: they are not application claims.
   */
  newFlowDefault: string[];
}

export const APPLICATION_CLAIMS_SWITCH_DEFAULTS: ApplicationClaimsSwitches = { relationship: 'absent', newFlowDefault: [] };

export interface ApplicationClaimDef {
  /** The label of the claim's row under user flow → Application claims. */
  portalName: string;
  /**
   * The identityUserFlowAttribute id. Built-ins as Graph lists them (external-flows.ts BUILT_IN_ATTRIBUTES;
   * identityuserflowattribute-list); GUESS for the claim-only rows (emails, identityProvider, objectId, newUser,
   * identityProviderAccessToken), which no document lists.
   */
  attributeId: string;
  /** The claim name in a user flow's token. */
  tokenClaim: string;
  dataType: string;
}

/**
 * Portal claim names → token claim names. Sources: the "Return claim" list and the claims of a B2C profile in
 * https://authjs.dev/reference/core/providers_azure-ad-b2c (Display Name → name, Email Addresses → emails,
 * Identity Provider → idp, User's Object ID → oid, Country/Region → country, Postal Code → postalCode); MSAL.js's
 * IdTokenClaims (https://azuread.github.io/microsoft-authentication-library-for-js/ref/types/_azure_msal_browser.IdTokenClaims.html:
 * emails, idp, oid, name, tfp); "User is new" → newUser (https://wellsb.com/csharp/aspnet/azure-ad-b2c-onticketreceived-newuser-claim/);
 * Identity Provider Access Token → idp_access_token (MicrosoftDocs/azure-docs idp-pass-through-user-flow.md);
 * given_name / family_name for Given Name / Surname as B2C's user flows emit them (B2C_CLAIM_OF in
 * src/core/token/checkIdToken.ts; itsme's azureB2C.md token sample). The other address rows keep the attribute name.
 */
export const APPLICATION_CLAIMS: readonly ApplicationClaimDef[] = [
  { portalName: 'City', attributeId: 'city', tokenClaim: 'city', dataType: 'string' },
  { portalName: 'Country/Region', attributeId: 'country', tokenClaim: 'country', dataType: 'string' },
  { portalName: 'Display Name', attributeId: 'displayName', tokenClaim: 'name', dataType: 'string' },
  { portalName: 'Email Addresses', attributeId: 'emails', tokenClaim: 'emails', dataType: 'stringCollection' },
  { portalName: 'Given Name', attributeId: 'givenName', tokenClaim: 'given_name', dataType: 'string' },
  { portalName: 'Identity Provider', attributeId: 'identityProvider', tokenClaim: 'idp', dataType: 'string' },
  { portalName: 'Identity Provider Access Token', attributeId: 'identityProviderAccessToken', tokenClaim: 'idp_access_token', dataType: 'string' },
  { portalName: 'Job Title', attributeId: 'jobTitle', tokenClaim: 'jobTitle', dataType: 'string' },
  { portalName: 'Postal Code', attributeId: 'postalCode', tokenClaim: 'postalCode', dataType: 'string' },
  { portalName: 'State/Province', attributeId: 'state', tokenClaim: 'state', dataType: 'string' },
  { portalName: 'Street Address', attributeId: 'streetAddress', tokenClaim: 'streetAddress', dataType: 'string' },
  { portalName: 'Surname', attributeId: 'surname', tokenClaim: 'family_name', dataType: 'string' },
  { portalName: 'User is new', attributeId: 'newUser', tokenClaim: 'newUser', dataType: 'boolean' },
  { portalName: "User's Object ID", attributeId: 'objectId', tokenClaim: 'oid', dataType: 'string' },
];

/** A claim by its portal label or attribute id (case-insensitive); undefined when B2C has no such claim. */
export function applicationClaim(nameOrId: string): ApplicationClaimDef | undefined {
  const x = nameOrId.toLowerCase();
  return APPLICATION_CLAIMS.find((c) => c.portalName.toLowerCase() === x || c.attributeId.toLowerCase() === x);
}

/** The flow's ticked claims (attribute ids); a seeded flow that never had any set has the new-flow default. */
export function flowApplicationClaims(flow: UserFlowRecord, switches: ApplicationClaimsSwitches): string[] {
  return [...(flow.applicationClaims ?? switches.newFlowDefault)];
}

/** The flow's ticked claims as their definitions, in the portal's order. */
export function flowApplicationClaimDefs(flow: UserFlowRecord, switches: ApplicationClaimsSwitches): ApplicationClaimDef[] {
  const ids = new Set(flowApplicationClaims(flow, switches).map((id) => id.toLowerCase()));
  return APPLICATION_CLAIMS.filter((c) => ids.has(c.attributeId.toLowerCase()));
}

/** An identityUserFlowAttribute as the docs branch's list returns it (resources/identityuserflowattribute.md). */
export function attributeOf(def: ApplicationClaimDef): Obj {
  return { id: def.attributeId, displayName: def.portalName, description: def.portalName, userFlowAttributeType: 'builtIn', dataType: def.dataType };
}

/**
 * The hook: what a person does on the portal's Application claims blade — tick these rows, untick the others, Save.
 * Unknown labels throw (a test typo must not pass as "nothing ticked").
 */
export function tickApplicationClaims(flow: UserFlowRecord, portalNames: readonly string[]): void {
  const ids = portalNames.map((n) => {
    const def = applicationClaim(n);
    if (!def) throw new Error(`B2C has no application claim "${n}" (known: ${APPLICATION_CLAIMS.map((c) => c.portalName).join(', ')})`);
    return def.attributeId;
  });
  flow.applicationClaims = [...new Set(ids)];
}
