// The External ID objects a configuration asks for, as request bodies (external-id.md §2.1, §3.1, §5).
import { FLOW_PREFIX } from '../../config/defaults';
import type { ItsmeSetupConfig } from '../../config/types';
import { metadataUrlOf } from '../../config/validate';
import { buildScope } from '../../itsme/scopes';
import { CLIENT_SECRET_AUTH_ODATA_TYPE, EVENTS_FLOW_ODATA_TYPE, EXTERNAL_OIDC_ODATA_TYPE, type OidcClaimMapping } from '../../graph/model';
import { SECRET_MARKER } from '../desired';
import { EXTERNAL_GUESSES, FLOW_TAG } from './guesses';

/** The flow's display name: the configured name (External ID adds no B2C_1_ prefix). */
export function flowDisplayName(config: ItsmeSetupConfig): string {
  return config.userFlow.id.startsWith(FLOW_PREFIX) ? config.userFlow.id.slice(FLOW_PREFIX.length) : config.userFlow.id;
}

/** itsme's standard claims to the slots External ID has (§2.5); the configured claim names where the file sets them. */
export function desiredClaimMapping(config: ItsmeSetupConfig): OidcClaimMapping {
  const m = config.identityProvider.claimsMapping;
  return {
    sub: m.userId,
    name: m.displayName,
    ...(m.givenName ? { given_name: m.givenName } : {}),
    ...(m.surname ? { family_name: m.surname } : {}),
    ...(m.email ? { email: m.email } : {}),
    email_verified: 'email_verified',
    phone_number: 'phone_number',
    phone_number_verified: 'phone_number_verified',
    address: { street_address: 'street_address', locality: 'locality', region: 'region', postal_code: 'postal_code', country: 'country' },
  };
}

export interface DesiredOidcProvider {
  '@odata.type': string;
  displayName: string;
  clientId: string;
  issuer: string;
  wellKnownEndpoint: string;
  responseType: 'code';
  scope: string;
  inboundClaimMapping: OidcClaimMapping;
}

/** The provider without its secret (what is compared); `issuer` comes from itsme's discovery document. */
export function desiredOidcProvider(config: ItsmeSetupConfig, issuer: string): DesiredOidcProvider {
  return {
    '@odata.type': EXTERNAL_OIDC_ODATA_TYPE,
    displayName: config.identityProvider.displayName,
    clientId: config.itsme.partnerCode,
    issuer,
    wellKnownEndpoint: metadataUrlOf(config),
    responseType: 'code',
    scope: buildScope(config.itsme.serviceCode, config.itsme.scopes),
    inboundClaimMapping: desiredClaimMapping(config),
  };
}

/** The client-secret authentication (client_secret_post), with the secret marker replaced only when sent. */
export function clientSecretAuthentication(): Record<string, string> {
  return { '@odata.type': CLIENT_SECRET_AUTH_ODATA_TYPE, clientSecret: SECRET_MARKER };
}

const attribute = (id: string, displayName: string) => ({ id, displayName, userFlowAttributeType: 'builtIn', dataType: 'string' });
const input = (attr: string, label: string, required: boolean) => ({ attribute: attr, label, inputType: 'text', hidden: false, editable: true, writeToDirectory: true, required });

/**
 * The sign-up/sign-in flow (§3.1): sign-up allowed, member users, the attributes itsme fills (email, display
 * name, given name, surname). itsme itself is linked by $ref afterwards (GUESS in guesses.ts).
 */
export function desiredEventsFlow(config: ItsmeSetupConfig): Record<string, unknown> {
  return {
    '@odata.type': EVENTS_FLOW_ODATA_TYPE,
    displayName: flowDisplayName(config),
    description: FLOW_TAG,
    onInteractiveAuthFlowStart: { '@odata.type': '#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp', isSignUpAllowed: true },
    onAuthenticationMethodLoadStart: {
      '@odata.type': '#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp',
      identityProviders: EXTERNAL_GUESSES.flowCreateProviders.map((id) => ({ id })),
    },
    onAttributeCollection: {
      '@odata.type': '#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp',
      attributes: [attribute('email', 'Email Address'), attribute('displayName', 'Display Name'), attribute('givenName', 'Given Name'), attribute('surname', 'Surname')],
      attributeCollectionPage: {
        views: [{ inputs: [{ ...input('email', 'Email Address', true), hidden: true, editable: false }, input('displayName', 'Display Name', false), input('givenName', 'Given Name', false), input('surname', 'Surname', false)] }],
      },
    },
    onUserCreateStart: { '@odata.type': '#microsoft.graph.onUserCreateStartExternalUsersSelfServiceSignUp', userTypeToCreate: 'member' },
  };
}
