// External ID user flows (externalUsersSelfServiceSignUpEventsFlow, docs/reference/external-id.md §3): type names,
// the built-in user-flow attributes, and the record a seed or a POST turns into. No HTTP here (routes/events-flows.ts).
import { newGuid } from './ids';
import type { EventsFlowRecord, Obj } from './state';

const NS = '#microsoft.graph.';
export const FLOW_TYPE = `${NS}externalUsersSelfServiceSignUpEventsFlow`;
export const HANDLER_TYPES = {
  onInteractiveAuthFlowStart: `${NS}onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp`,
  onAuthenticationMethodLoadStart: `${NS}onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp`,
  onAttributeCollection: `${NS}onAttributeCollectionExternalUsersSelfServiceSignUp`,
  onUserCreateStart: `${NS}onUserCreateStartExternalUsersSelfServiceSignUp`,
} as const;

/** The handler slots of the flow type (CSDL externalUsersSelfServiceSignUpEventsFlow), in the service's order. */
export const HANDLER_SLOTS = [
  'onAttributeCollection',
  'onAttributeCollectionStart',
  'onAttributeCollectionSubmit',
  'onAuthenticationMethodLoadStart',
  'onInteractiveAuthFlowStart',
  'onUserCreateStart',
] as const;

/**
 * Built-in user-flow attributes (identityUserFlowAttribute, userFlowAttributeType builtIn). Ids and names as the
 * External ID docs' list responses and portal show them (city, country, displayName, email, givenName, jobTitle,
 * postalCode, state, streetAddress, surname). Assumption: descriptions are short English texts (not checked).
 */
export const BUILT_IN_ATTRIBUTES: ReadonlyArray<{ id: string; displayName: string; description: string }> = [
  { id: 'city', displayName: 'City', description: 'The city in which the user is located.' },
  { id: 'country', displayName: 'Country/Region', description: 'The country/region in which the user is located.' },
  { id: 'displayName', displayName: 'Display Name', description: 'Display Name of the User.' },
  { id: 'email', displayName: 'Email Address', description: 'Email address of the user' },
  { id: 'givenName', displayName: 'Given Name', description: "The user's given name (also known as first name)." },
  { id: 'jobTitle', displayName: 'Job Title', description: "The user's job title." },
  { id: 'postalCode', displayName: 'Postal Code', description: 'The postal code of the user’s address.' },
  { id: 'state', displayName: 'State/Province', description: 'The state or province in user’s address.' },
  { id: 'streetAddress', displayName: 'Street Address', description: 'The street address where the user is located.' },
  { id: 'surname', displayName: 'Surname', description: "The user's surname (also known as family name or last name)." },
];

/** An attribute as the flow stores and lists it: a built-in is completed from the catalogue, others kept as sent. */
export function attributeRecord(input: Obj): Obj {
  const id = String(input.id ?? '');
  const builtIn = BUILT_IN_ATTRIBUTES.find((a) => a.id.toLowerCase() === id.toLowerCase());
  const base: Obj = builtIn
    ? { id: builtIn.id, displayName: builtIn.displayName, description: builtIn.description, userFlowAttributeType: 'builtIn', dataType: 'string' }
    : { id, displayName: null, description: null, userFlowAttributeType: 'custom', dataType: 'string' };
  const out: Obj = { ...base };
  for (const k of ['displayName', 'description', 'userFlowAttributeType', 'dataType']) if (input[k] !== undefined && !builtIn) out[k] = input[k];
  return out;
}

/** The attribute page an input list gets when a flow collects attributes (the docs' example inputs, §3.1). */
function defaultInput(attr: Obj): Obj {
  return {
    attribute: attr.id,
    label: attr.displayName ?? attr.id,
    inputType: 'text',
    defaultValue: null,
    hidden: attr.id === 'email',
    editable: attr.id !== 'email',
    writeToDirectory: true,
    required: attr.id === 'email',
    validationRegEx: '^.*',
    options: [],
  };
}

/**
 * A hand-made flow for a seed (as if created in the portal): sign-up allowed, member users, email + display name
 * collected, the given providers (default: Email with password) and apps linked without any check.
 */
export function seedEventsFlow(f: Obj & { displayName: string; id?: string; identityProviderIds?: string[]; appIds?: string[] }): EventsFlowRecord {
  const { identityProviderIds, appIds, attributes, ...rest } = structuredClone(f);
  const attrs = ((attributes as Obj[] | undefined) ?? [{ id: 'email' }, { id: 'displayName' }]).map(attributeRecord);
  const record: EventsFlowRecord = {
    '@odata.type': FLOW_TYPE,
    id: newGuid(),
    description: null,
    priority: 500,
    conditions: null,
    onInteractiveAuthFlowStart: { '@odata.type': HANDLER_TYPES.onInteractiveAuthFlowStart, isSignUpAllowed: true },
    onAuthenticationMethodLoadStart: { '@odata.type': HANDLER_TYPES.onAuthenticationMethodLoadStart },
    onAttributeCollection: {
      '@odata.type': HANDLER_TYPES.onAttributeCollection,
      accessPackages: [],
      attributeCollectionPage: { customStringsFileId: null, views: [{ title: null, description: null, inputs: attrs.map(defaultInput) }] },
    },
    onAttributeCollectionStart: null,
    onAttributeCollectionSubmit: null,
    onUserCreateStart: { '@odata.type': HANDLER_TYPES.onUserCreateStart, userTypeToCreate: 'member' },
    ...rest,
    displayName: f.displayName,
    identityProviderIds: [...(identityProviderIds ?? ['EmailPassword-OAUTH'])],
    appIds: [...(appIds ?? [])],
    attributes: attrs,
  };
  return record;
}
