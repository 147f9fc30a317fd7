// The itsme claims of a B2C user flow's token, told apart by cause:
// - not in the token at all: the user flow does not return it — it is not ticked under the flow's "Application
//   claims" (the documented Graph API cannot tick them, graph-b2c.md §2.3), so the fix is that portal step;
// - in the token but empty or malformed: the flow returns it, but the identity provider's claims mapping (or the
//   scopes it asks itsme for) feeds it nothing usable, so the fix is the mapping.
import * as l10n from '@vscode/l10n';
import type { JWTPayload } from 'jose';
import { wantedApplicationClaims } from '../plan/applicationClaims';
import type { ExpectedToken, TokenCheck } from './checkIdToken';

/** Present with a usable value: a non-blank string; emails a non-empty list of addresses. */
function usable(claim: string, value: unknown): boolean {
  if (claim === 'emails') return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && /\S+@\S+/.test(v));
  return typeof value === 'string' && value.trim() !== '';
}

export function userFlowClaimsCheck(payload: JWTPayload, want: ExpectedToken): TokenCheck {
  const label = l10n.t('itsme claims');
  const wanted = wantedApplicationClaims(want.claimsMapping);
  const missing = wanted.filter((c) => payload[c.tokenClaim] === undefined);
  const wrong = wanted.filter((c) => payload[c.tokenClaim] !== undefined && !usable(c.tokenClaim, payload[c.tokenClaim]));
  if (!missing.length && !wrong.length) return { id: 'claims', ok: true, label, detail: wanted.map((c) => c.tokenClaim).join(', ') };
  const detail: string[] = [];
  const fix: string[] = [];
  if (missing.length) {
    detail.push(l10n.t('Not in the token: {0}.', missing.map((c) => c.tokenClaim).join(', ')));
    fix.push(
      l10n.t(
        'In the portal, open user flow {0} → Application claims, tick {1}, then Save: a user flow returns only the claims ticked there (Microsoft Graph cannot tick them, so the setup names this as a manual step).',
        want.flowId,
        missing.map((c) => c.portalName).join(', '),
      ),
    );
  }
  if (wrong.length) {
    detail.push(l10n.t('Empty or not as mapped: {0}.', wrong.map((c) => c.tokenClaim).join(', ')));
    fix.push(l10n.t('Check the claims mapping of identity provider "{0}" (which itsme claim feeds {1}) and the scopes it asks itsme for (profile, email).', want.idpName, wrong.map((c) => c.tokenClaim).join(', ')));
  }
  return { id: 'claims', ok: false, label, detail: detail.join(' '), fix: fix.join(' ') };
}
