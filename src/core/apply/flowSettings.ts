// Did the tenant keep the undocumented token-lifetime / MFA properties? Compared on what was read back,
// so the result never claims a setting the tenant did not store.
import type { GraphUserFlow, TokenLifetimeConfiguration } from '../graph/model';

export function desiredFlowSettingsMatch(
  have: GraphUserFlow | undefined,
  want: { tokenLifetimeConfiguration: TokenLifetimeConfiguration; multifactorAuthenticationConfiguration: { multifactorAuthenticationState: string } } | undefined,
): boolean {
  if (!have || !want) return false;
  const tl = have.tokenLifetimeConfiguration;
  if (!tl) return false;
  const w = want.tokenLifetimeConfiguration;
  if (tl.accessAndIdTokenLifetimeInMinutes !== w.accessAndIdTokenLifetimeInMinutes) return false;
  if (tl.rollingRefreshTokenLifetimeInDays !== w.rollingRefreshTokenLifetimeInDays) return false;
  const mfa = have.multifactorAuthenticationConfiguration?.multifactorAuthenticationState;
  return mfa === undefined || mfa === want.multifactorAuthenticationConfiguration.multifactorAuthenticationState;
}
