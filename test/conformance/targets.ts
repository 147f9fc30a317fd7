// The three emulated authorities the conformance suite signs in to, each as an app team would configure a client
// library for the real service:
//   B2C user flow      https://<host>/<tenant>.onmicrosoft.com/<policy>   (MSAL: knownAuthorities [<host>])
//   B2C custom policy  the same with the B2C_1A_ relying party
//   External ID        https://<host>/<tenant id>/                        (MSAL: knownAuthorities [<host>])
// Discovery URLs as the services document them: B2C "https://<tenant>.b2clogin.com/<tenant>.onmicrosoft.com/<policy>/
// v2.0/.well-known/openid-configuration" (learn.microsoft.com/azure/active-directory-b2c/openid-connect, "Validate
// the ID token"), External ID "https://<tenant>.ciamlogin.com/<tenant id>/v2.0/.well-known/openid-configuration"
// (docs/reference/external-id.md §1).
import { DOMAIN, startB2cStack, startCiamStack, USER_FLOW, type B2cStack, type CiamStack } from './stack';
import type { ItsmeEmulator } from '../../emulators/itsme';

export interface Target {
  name: string;
  kind: 'b2c' | 'ciam';
  /** The authority a library is given. */
  authority: string;
  /** host[:port] for MSAL's knownAuthorities. */
  host: string;
  discoveryUrl: string;
  /** Origins of the emulated sign-in service (the user agent stays on them and itsme). */
  origins: string[];
  itsme: ItsmeEmulator;
}

export interface Targets {
  all: Target[];
  b2c: B2cStack;
  ciam: CiamStack;
  stop(): Promise<void>;
}

export async function startTargets(): Promise<Targets> {
  const [b2c, ciam] = await Promise.all([startB2cStack(), startCiamStack()]);
  const b2cTarget = (name: string, policy: string): Target => ({
    name,
    kind: 'b2c',
    authority: `${b2c.b2c.url}/${DOMAIN}/${policy}`,
    host: b2c.b2c.host,
    discoveryUrl: `${b2c.b2c.url}/${DOMAIN}/${policy}/v2.0/.well-known/openid-configuration`,
    origins: [b2c.b2c.url],
    itsme: b2c.itsme,
  });
  return {
    all: [
      b2cTarget('B2C user flow', USER_FLOW),
      b2cTarget('B2C custom policy', b2c.customPolicy),
      {
        name: 'External ID',
        kind: 'ciam',
        authority: `${ciam.ciam.url}/${ciam.tenantId}/`,
        host: ciam.ciam.host,
        discoveryUrl: `${ciam.ciam.url}/${ciam.tenantId}/v2.0/.well-known/openid-configuration`,
        origins: [ciam.ciam.url],
        itsme: ciam.itsme,
      },
    ],
    b2c,
    ciam,
    stop: async () => {
      await Promise.all([b2c.stop(), ciam.stop()]);
    },
  };
}

/** The three emulated services, by the names the conformance suites give their describe blocks. */
export const TARGET_NAMES = ['B2C user flow', 'B2C custom policy', 'External ID'] as const;

/**
 * Starts the targets once for the calling describe block (stopped after it) and adds a describe per target. `t` is
 * that target, filled in before its tests run: read its fields inside hooks and tests, not while defining them
 * (`name` is there for that).
 */
export function describeEachTarget(body: (t: Target, name: (typeof TARGET_NAMES)[number]) => void): void {
  let targets: Targets | undefined;
  before(async () => {
    targets = await startTargets();
  });
  after(() => targets?.stop());
  for (const name of TARGET_NAMES) {
    describe(name, () => {
      const t = {} as Target;
      before(() => {
        Object.assign(t, targets!.all.find((x) => x.name === name)!);
      });
      body(t, name);
    });
  }
}
