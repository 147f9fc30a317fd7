// The service-side rules for External ID's oidcIdentityProvider (docs/reference/external-id.md §2.4), applied to
// the complete object after create or merge. The schema check (CSDL) has already run: types, enums, nullability
// of what was sent. These are the rules the CSDL cannot express.
import type { Ctx } from '../api';
import { GraphError, badRequest } from '../errors';
import type { Obj } from '../state';

const SECRET = 'microsoft.graph.oidcClientSecretAuthentication';
const PRIVATE_JWT = 'microsoft.graph.oidcPrivateJwtKeyClientAuthentication';

/**
 * §2.4: "client_secret_basic is not supported". No CSDL type carries it, so a body that names it (a made-up
 * …ClientSecretBasicAuthentication type, or a method property) gets the documented refusal rather than OData's
 * "could not be resolved".
 */
export function refuseBasicAuth(body: Obj): void {
  const auth = body.clientAuthentication as Obj | undefined;
  if (!auth || typeof auth !== 'object') return;
  if (/basic/i.test(String(auth['@odata.type'] ?? '')) || Object.values(auth).some((v) => v === 'client_secret_basic')) {
    throw badRequest("The client authentication method 'client_secret_basic' is not supported. Use client_secret_post, client_secret_jwt or private_key_jwt.");
  }
}

function httpsUrl(v: unknown): URL | undefined {
  try {
    const u = new URL(String(v));
    return u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

export function checkExternalOidc(ctx: Ctx, idp: Obj): void {
  const sw = ctx.options.external;
  const required = ['clientId', 'issuer', 'responseType', 'scope', 'clientAuthentication'];
  // GUESS switch requireWellKnownEndpoint (§2.1).
  if (sw.requireWellKnownEndpoint) required.push('wellKnownEndpoint');
  for (const p of required) {
    if (idp[p] === undefined || idp[p] === null || idp[p] === '') throw badRequest(`The property '${p}' is required for an OpenID Connect identity provider.`);
  }
  // §2.4: "a case-sensitive URL using https scheme … no query or fragment components"; microsoftonline.com "is not accepted".
  const issuer = String(idp.issuer);
  const url = httpsUrl(issuer);
  if (!url || issuer.includes('?') || issuer.includes('#')) {
    throw badRequest(`The issuer '${issuer}' is not valid: it must be an https URL without query or fragment.`);
  }
  if (/(^|\.)microsoftonline\.com$/i.test(url.hostname)) throw badRequest(`The issuer '${issuer}' is not valid: the microsoftonline.com domain is not accepted.`);
  if (idp.wellKnownEndpoint !== undefined && idp.wellKnownEndpoint !== null && !httpsUrl(idp.wellKnownEndpoint)) {
    throw badRequest(`The wellKnownEndpoint '${String(idp.wellKnownEndpoint)}' is not valid: it must be an absolute https URL.`);
  }
  // §2.4: only code; id_token and token are "not supported at the moment".
  if (String(idp.responseType) !== 'code') throw badRequest(`The response type '${String(idp.responseType)}' is not supported: use 'code'.`);
  // §2.4 (ED how-to): the scope must contain openid.
  if (!String(idp.scope).split(/\s+/).includes('openid')) throw badRequest("The scope must contain 'openid'.");
  const auth = idp.clientAuthentication as Obj;
  const t = String(auth['@odata.type'] ?? '').replace(/^#/, '');
  if (t === SECRET) {
    if (typeof auth.clientSecret !== 'string' || auth.clientSecret === '') throw badRequest("The property 'clientSecret' of 'clientAuthentication' is required.");
  } else if (t !== PRIVATE_JWT) {
    throw badRequest(`The client authentication type '${t}' is not supported.`);
  }
  // GUESS switch requireEmailMapping (§2.6): email is "required" in the claims mapping.
  const mapping = (idp.inboundClaimMapping ?? null) as Obj | null;
  if (sw.requireEmailMapping && (!mapping || typeof mapping.email !== 'string' || mapping.email === '')) {
    throw new GraphError(400, 'BadRequest', "The claim mapping 'email' is required (inboundClaimMapping.email).");
  }
}
