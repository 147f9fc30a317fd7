// Strict query options: per endpoint, the OData system query options Microsoft Graph DOCUMENTS for it (the
// "Optional query parameters" section of each API page in microsoftgraph/microsoft-graph-docs-contrib, cited per
// row). In strict mode (the default) an option that is not documented for the endpoint is IGNORED — the response
// is what the endpoint returns without it — or, with undocumentedQuery 'reject', refused with 400. Ignoring is the
// default because that is what the real service was seen to do with the one undocumented option the engine once
// relied on: `$expand=oauth2PermissionGrants` on a servicePrincipals query came back without the grants
// (docs/reference/graph-b2c.md §3 "Finding an existing grant"; msgraph-sdk-powershell#2221). An engine that
// depends on an undocumented option therefore sees, against the emulator, the silent difference it would see in
// production. Lenient mode hands every option to the handlers (the emulator's behaviour before issue 7).
//
// `expand` lists the navigation properties the docs show expanded on that endpoint AND the emulator models;
// any other $expand value is treated as an undocumented option.
import { GraphError } from './errors';

export type QueryMode = 'strict' | 'lenient';
export type UndocumentedQueryMode = 'ignore' | 'reject';

export interface EndpointQueryDoc {
  /** System query options ($select, $filter, …) the API page documents for this endpoint. */
  options: readonly string[];
  /** Navigation properties that $expand may name here (only when '$expand' is in options). */
  expand?: readonly string[];
  /** The docs-contrib page (api-reference/<version>/api/<page>.md) the row comes from, and a note. */
  source: string;
}

const DIRECTORY_LIST = ['$count', '$expand', '$filter', '$orderby', '$search', '$select', '$top'] as const;

/**
 * Keyed by "METHOD route-path" as the routes declare them (':' marks a key segment). Write methods document no
 * query options; their rows are absent and strict mode strips any system option sent with them.
 */
export const DOCUMENTED_QUERY_OPTIONS: Readonly<Record<string, EndpointQueryDoc>> = {
  'GET organization': { options: ['$select'], source: 'v1.0/organization-list: "supports only the $select OData query parameter" (§7)' },
  'GET organization/:id': { options: ['$select'], source: 'v1.0/organization-get: $select' },
  'GET identity/identityProviders': {
    options: [],
    source: 'beta/identitycontainer-list-identityproviders: no "Optional query parameters" section (§1 finds the provider by type + displayName in the list)',
  },
  'GET identity/identityProviders/availableProviderTypes': { options: [], source: 'beta/identityproviderbase-availableprovidertypes: a function, no query options' },
  'GET identity/identityProviders/:id': { options: [], source: 'beta/identityproviderbase-get: no "Optional query parameters" section' },
  'GET identity/b2cUserFlows': {
    options: ['$expand'],
    expand: ['userFlowIdentityProviders'],
    source: 'beta/identitycontainer-list-b2cuserflows: "You can use $expand to expand specific user flow properties"',
  },
  'GET identity/b2cUserFlows/:id': {
    options: ['$expand'],
    expand: ['userFlowIdentityProviders'],
    source: 'beta/b2cidentityuserflow-get: $expand of the flow\'s identity providers',
  },
  'GET identity/b2cUserFlows/:id/userFlowIdentityProviders': {
    options: [],
    source: 'beta/b2cidentityuserflow-list-userflowidentityproviders: no "Optional query parameters" section',
  },
  'GET identity/b2cUserFlows/:id/userFlowIdentityProviders/$ref': { options: [], source: 'OData $ref read of the same collection; nothing documented' },
  'GET identity/b2cUserFlows/:id/applicationClaims': {
    options: [],
    source: 'undocumented; the unmerged docs branch xumzheng/microsoft-graph-docs beta/b2cidentityuserflow-list-applicationclaims has no query options (application-claims.ts)',
  },
  'GET identity/authenticationEventsFlows': {
    options: ['$filter', '$expand', '$orderby', '$top'],
    expand: [],
    source:
      'v1.0/identitycontainer-list-authenticationeventsflows: "$filter, $expand, $orderby, $top" (external-id.md §3.3); providers, attributes and apps are inline already, so no $expand value changes the answer',
  },
  'GET identity/authenticationEventsFlows/:id': {
    options: [],
    source: 'v1.0/authenticationeventsflow-get (not read, external-id.md §3.3): assumed none',
  },
  'GET identity/authenticationEventsFlows/:id/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAuthenticationMethodLoadStart/microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp/identityProviders': {
    options: [],
    source: 'v1.0/onauthenticationmethodloadstartexternalusersselfservicesignup-list-identityproviders: no query options section',
  },
  'GET identity/authenticationEventsFlows/:id/conditions/applications/includeApplications': {
    options: [],
    source: 'v1.0 authenticationConditionApplication "List" (external-id.md §3.6): no query options documented',
  },
  'GET identity/authenticationEventsFlows/:id/conditions/applications/includeApplications/:appId': {
    options: [],
    source: 'GUESS path (external-id.md §3.6): none',
  },
  'GET applications': {
    options: DIRECTORY_LIST,
    expand: [],
    source: 'v1.0/application-list: $count, $expand, $filter, $orderby, $search, $select, $top (no navigation property of an application is emulated)',
  },
  'GET applications/:id': { options: ['$select', '$expand'], expand: [], source: 'v1.0/application-get: OData query parameters; $select' },
  'GET servicePrincipals': {
    options: DIRECTORY_LIST,
    expand: [],
    source:
      'v1.0/serviceprincipal-list: $count, $expand, $filter, $orderby, $search, $select, $top — but expanding oauth2PermissionGrants is documented nowhere and was seen to come back without the grants (graph-b2c.md §3, msgraph-sdk-powershell#2221)',
  },
  'GET servicePrincipals/:id': {
    options: ['$select', '$expand'],
    expand: [],
    source: 'v1.0/serviceprincipal-get: OData query parameters, $select; no documented expansion of oauth2PermissionGrants',
  },
  'GET servicePrincipals/:id/oauth2PermissionGrants': {
    options: ['$filter', '$select', '$top'],
    source: 'v1.0/serviceprincipal-list-oauth2permissiongrants: the documented read of a client\'s grants (by id or appId key)',
  },
  'GET oauth2PermissionGrants': {
    options: ['$filter', '$select', '$top'],
    source: 'v1.0/oauth2permissiongrant-list + resources/oauth2permissiongrant: clientId, consentType, principalId, resourceId "Supports $filter (eq only)"',
  },
  'GET oauth2PermissionGrants/:id': { options: ['$select'], source: 'v1.0/oauth2permissiongrant-get: OData query parameters' },
  // Custom policies and key sets (b2c-custom-policy.md §3): the reference records no query options for any of them.
  'GET trustFramework/policies': { options: [], source: 'beta/trustframework-list-trustframeworkpolicies: none recorded (b2c-custom-policy.md §3)' },
  'GET trustFramework/policies/:id/$value': { options: [], source: 'beta/trustframeworkpolicy-get: raw XML, none recorded' },
  'GET trustFramework/keySets': { options: [], source: 'beta/trustframework-list-keysets: none recorded' },
  'GET trustFramework/keySets/:id': { options: [], source: 'beta/trustframeworkkeyset-get: none recorded' },
};

/** The row of an endpoint, or the empty row (nothing documented) for write methods and unknown routes. */
export function documentedFor(method: string, routePath: string): EndpointQueryDoc {
  return DOCUMENTED_QUERY_OPTIONS[`${method} ${routePath}`] ?? { options: [], source: 'no query options documented for this method' };
}

export interface QueryCheck {
  /** The query the handler sees: undocumented system options removed (strict) or untouched (lenient). */
  query: URLSearchParams;
  /** What strict mode dropped, for the request log ("$expand=oauth2PermissionGrants", "$orderby"). */
  ignored: string[];
}

/**
 * Applies the endpoint's documented options to a request's query. System options are the `$`-prefixed ones;
 * other parameters (api-version and the like) are left alone. Throws 400 in 'reject' mode.
 */
export function checkQuery(
  query: URLSearchParams,
  method: string,
  routePath: string,
  mode: QueryMode,
  undocumented: UndocumentedQueryMode,
): QueryCheck {
  if (mode === 'lenient') return { query, ignored: [] };
  const doc = documentedFor(method, routePath);
  const out = new URLSearchParams();
  const ignored: string[] = [];
  for (const [key, value] of query) {
    if (!key.startsWith('$')) {
      out.append(key, value);
      continue;
    }
    const name = key.toLowerCase();
    if (!doc.options.includes(name)) {
      ignored.push(key);
      continue;
    }
    if (name === '$expand') {
      const navs = value.split(',').map((s) => s.trim()).filter(Boolean);
      const kept = navs.filter((n) => (doc.expand ?? []).includes(n));
      for (const n of navs) if (!kept.includes(n)) ignored.push(`$expand=${n}`);
      if (kept.length) out.append(key, kept.join(','));
      continue;
    }
    out.append(key, value);
  }
  if (ignored.length && undocumented === 'reject') {
    // Modelled on ASP.NET OData's refusal of a disallowed option (the wording the identityProviders list uses).
    throw new GraphError(
      400,
      'BadRequest',
      `The query specified in the URI is not valid. Query option '${ignored[0]}' is not supported for this request.`,
    );
  }
  return { query: out, ignored };
}
