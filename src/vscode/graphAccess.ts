// Sign-in credential + Graph client for the session, bundled apart as dist/vscode/graph.js: @azure/identity, MSAL
// and the Graph client are most of the extension's code, and the wizard's first step needs none of them.
import type { SetupVariant } from '../core/config/types';
import { createGraphClient } from '../core/graph/client';
import type { GraphPort } from '../core/graph/port';
import { credentialFor } from './auth';
import type { Log } from './log';
import type { Secrets } from './secrets';
import type { Settings } from './settings';

export async function createSessionGraph(s: Settings, secrets: Secrets, interactive: boolean, log: Log, variant: SetupVariant = 'userFlow'): Promise<GraphPort> {
  const credential = await credentialFor(s, secrets, interactive, variant);
  return createGraphClient({
    credential,
    baseUrl: s.graphEndpoint,
    signIn: { tenant: s.tenant, clientId: s.signInMethod === 'azureCli' ? undefined : s.clientId },
    onEvent: (e) => {
      if (e.type === 'retry') log.warn(`retry ${e.method} ${e.path.split('?')[0]} in ${e.waitMs} ms (${e.reason ?? e.status})`);
      else if (e.type === 'response') log.info(`${e.method} ${e.path.split('?')[0]} → ${e.status}`);
    },
  });
}
