// Registered partners (itsme.md §2): client id = "partner code", a static client secret, whitelisted redirect URIs
// (exact, case-sensitive, https only, no fragment) and the partner's service codes (sent as scope service:<CODE>).
export type Generation = 'v2' | 'legacy';
export const GENERATIONS: readonly Generation[] = ['v2', 'legacy'];

export interface PartnerSeed {
  /** The partner code (OIDC client_id). */
  clientId: string;
  clientSecret: string;
  /** Exact-match whitelist, e.g. https://<tenant>.b2clogin.com/<tenant>.onmicrosoft.com/oauth2/authresp. */
  redirectUris: string[];
  /** Service codes, requested as scope `service:<CODE>` (case-sensitive). */
  serviceCodes: string[];
  /** Shown on the "Identify yourself" page and in the app. Default: the client id. */
  name?: string;
  /** Endpoint generations the partner is onboarded on. Default both (v2 and the legacy csapi). */
  generations?: Generation[];
}

export type Partner = Required<PartnerSeed>;

export const DEFAULT_PARTNER_CODE = 'EMULATOR_PARTNER';
export const DEFAULT_SERVICE_CODE = 'EMULATOR_LOGIN';
export const DEFAULT_PARTNER_SECRET = 'emulator-itsme-client-secret';

/** The partner of the Graph emulator's default tenant (contosob2c), with both B2C redirect URIs (itsme.md §2). */
export function defaultPartner(): PartnerSeed {
  return {
    clientId: DEFAULT_PARTNER_CODE,
    clientSecret: DEFAULT_PARTNER_SECRET,
    name: 'Contoso (emulated B2C tenant)',
    serviceCodes: [DEFAULT_SERVICE_CODE],
    redirectUris: b2cRedirectUris('contosob2c'),
  };
}

/** The two redirect URIs itsme must whitelist for a B2C tenant (itsme.md §2). */
export function b2cRedirectUris(tenant: string, host = `${tenant}.b2clogin.com`): string[] {
  return [`https://${host}/${tenant}/oauth2/authresp`, `https://${host}/${tenant}.onmicrosoft.com/oauth2/authresp`];
}

export function normalizePartner(seed: PartnerSeed): Partner {
  const fail = (msg: string): never => {
    throw new Error(`itsme emulator: partner '${seed.clientId}': ${msg}`);
  };
  if (!seed.clientId || /\s/.test(seed.clientId)) fail('clientId must be a non-empty string without spaces');
  if (!seed.clientSecret) fail('clientSecret is required (the client-secret API, itsme.md §1)');
  if (!seed.redirectUris?.length) fail('at least one redirect URI is required');
  for (const uri of seed.redirectUris) {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return fail(`redirect URI '${uri}' is not a URL`);
    }
    // itsme.md §2: "https only, no custom schemes, no #fragment".
    if (u.protocol !== 'https:') fail(`redirect URI '${uri}' must use https`);
    if (uri.includes('#')) fail(`redirect URI '${uri}' must not have a fragment`);
  }
  if (!seed.serviceCodes?.length) fail('at least one service code is required');
  for (const code of seed.serviceCodes) if (!/^[A-Za-z0-9_.-]+$/.test(code)) fail(`service code '${code}' has invalid characters`);
  const generations = seed.generations ?? [...GENERATIONS];
  for (const g of generations) if (!GENERATIONS.includes(g)) fail(`unknown generation '${g}'`);
  return {
    clientId: seed.clientId,
    clientSecret: seed.clientSecret,
    redirectUris: [...seed.redirectUris],
    serviceCodes: [...seed.serviceCodes],
    name: seed.name ?? seed.clientId,
    generations: [...generations],
  };
}

/** oidc-provider client metadata for a partner (what the adapter returns for Client.find). */
export function clientMetadata(p: Partner, sectorIdentifierUri: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    client_id: p.clientId,
    client_secret: p.clientSecret,
    client_name: p.name,
    redirect_uris: p.redirectUris,
    response_types: ['code'],
    response_modes: ['query'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    subject_type: 'pairwise',
  };
  // oidc-provider insists on a sector identifier when a pairwise client's redirect URIs span several hosts. The
  // emulator's pairwise sub depends on the partner code only (identities.ts pairwiseSub), so this URI is a label:
  // it is never fetched (sectorIdentifierUriValidate → false).
  if (new Set(p.redirectUris.map((u) => new URL(u).host)).size > 1) metadata.sector_identifier_uri = sectorIdentifierUri;
  return metadata;
}
