// The OIDC scope string B2C sends to itsme: `openid service:<CODE> profile email [phone] [address]`
// (Microsoft's guide and itsme's authorization_request.md; openid and service:<CODE> are required by itsme).

/** A service code is one scope token: letters, digits, '_', '-', '.' only, so it can never inject another scope. */
export const SERVICE_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export function buildScope(serviceCode: string, optional: { phone: boolean; address: boolean }): string {
  const parts = ['openid', `service:${serviceCode}`, 'profile', 'email'];
  if (optional.phone) parts.push('phone');
  if (optional.address) parts.push('address');
  return parts.join(' ');
}

/** Reads a scope string back from the tenant (for health checks and drift reporting). */
export function parseScope(scope: string): { serviceCodes: string[]; hasOpenId: boolean; tokens: string[] } {
  const tokens = scope.split(/\s+/).filter(Boolean);
  return {
    tokens,
    hasOpenId: tokens.includes('openid'),
    serviceCodes: tokens.filter((s) => s.startsWith('service:')).map((s) => s.slice('service:'.length)),
  };
}
