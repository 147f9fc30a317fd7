// Which user claims a user-flow token carries: exactly the flow's ticked "Application claims" (the Graph emulator's
// graph/application-claims.ts holds the set, the portal labels and the token claim names). The protocol claims
// (iss, sub, aud, exp, iat, nbf, nonce, tfp, auth_time, ver) are not application claims: server.ts always adds them.
// Custom policies do not come here: their relying party's OutputClaims decide (custom-policy.ts).
import { flowApplicationClaimDefs, type ApplicationClaimsSwitches } from '../graph/application-claims';
import type { UserFlowRecord } from '../graph/state';

type Obj = Record<string, unknown>;

/** What the sign-in knows about the user: the identity provider's claims through its claims mapping, and B2C's own. */
export interface UserFlowUser {
  /** The claims mapping's values (claimsMapping keys: displayName, givenName, surname, email); absent = not returned. */
  mapped: { displayName?: unknown; givenName?: unknown; surname?: unknown; email?: unknown };
  /** The identity provider, as the idp claim names it (its issuer). */
  idp: string;
  /** The user's object id in the tenant (also the sub). */
  objectId: string;
  /** First sign-in of this user through the tenant. */
  newUser: boolean;
}

/** The value of each token claim a user flow can return, for this user; undefined = no value (left out). */
function valueOf(tokenClaim: string, u: UserFlowUser): unknown {
  switch (tokenClaim) {
    case 'name':
      return u.mapped.displayName;
    case 'given_name':
      return u.mapped.givenName;
    case 'family_name':
      return u.mapped.surname;
    case 'emails':
      return u.mapped.email === undefined ? undefined : [u.mapped.email];
    case 'idp':
      return u.idp;
    case 'oid':
      return u.objectId;
    case 'newUser':
      // GUESS: present (true) on the first sign-in only, absent afterwards (the wellsb.com guide tests it for true).
      return u.newUser ? true : undefined;
    case 'idp_access_token':
      // "Azure AD B2C currently only supports passing the access token of OAuth 2.0 identity providers, which include
      // Facebook and Google. For all other identity providers, the claim is returned blank." (tokens-overview.md,
      // "Pass-through"): itsme is an OpenID Connect provider.
      return '';
    default:
      // City, Country/Region, Job Title, address rows: collected on a sign-up page this emulator does not show.
      return undefined;
  }
}

/** The application claims of the flow, with this user's values: exactly the ticked ones that have a value. */
export function applicationClaimsFor(flow: UserFlowRecord, switches: ApplicationClaimsSwitches, user: UserFlowUser): Obj {
  const out: Obj = {};
  for (const def of flowApplicationClaimDefs(flow, switches)) {
    const v = valueOf(def.tokenClaim, user);
    if (v !== undefined) out[def.tokenClaim] = v;
  }
  return out;
}

/** The tenant's users as far as the newUser claim needs them: the object ids that signed in before (in memory). */
export function userDirectory(): { signIn(objectId: string): { newUser: boolean } } {
  const seen = new Set<string>();
  return {
    signIn(objectId) {
      const newUser = !seen.has(objectId);
      seen.add(objectId);
      return { newUser };
    },
  };
}
