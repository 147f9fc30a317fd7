// `itsme-b2c policy -c file --out DIR`: writes the generated custom-policy files for review or for a team's own
// deployment pipeline. It reads the same validated configuration as apply (a file with "variant": "customPolicy";
// flags override it), never signs in and never touches a tenant — so the tenant must be given by its domain, which
// the policies name as their TenantId.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { fieldRef, rowOf, VARIANT_FIELD } from '../core/config/fields';
import type { ItsmeSetupConfig } from '../core/config/types';
import { generatePolicySet, keySetIds } from '../core/policy/generate';
import { policyOptionsOf } from '../core/policy/options';
import { UsageError, type CliArgs } from './args';

/** The B2C tenant's domain as the policy schema's TenantId takes it. */
const TENANT_DOMAIN = /^[A-Za-z0-9-]{1,27}\.onmicrosoft\.com$/i;

/** `load` reads and validates the configuration (file and flags), once the command's own arguments are there. */
export function runPolicyCommand(args: CliArgs, load: () => ItsmeSetupConfig, out: (s: string) => void): void {
  if (!args.configPath) throw new UsageError(l10n.t('policy needs the configuration file: -c <file>.'));
  if (!args.outDir) throw new UsageError(l10n.t('policy needs the output directory: --out <dir>.'));
  const config = load();
  if (config.variant !== 'customPolicy') {
    const row = rowOf(VARIANT_FIELD)!;
    throw new UsageError(l10n.t('{0}: policy writes the files of the custom-policy variant. Set "{1}": "customPolicy" in the configuration, or add --{2} customPolicy.', fieldRef(row), row.path, row.cli!.flag));
  }
  const tenant = config.tenant.tenant;
  if (!tenant || !TENANT_DOMAIN.test(tenant)) {
    const row = rowOf('tenant')!;
    throw new UsageError(l10n.t('{0}: policy needs the B2C tenant\'s domain, e.g. contosob2c.onmicrosoft.com (not its id): the policies name it as their TenantId.', fieldRef(row)));
  }
  const options = policyOptionsOf(config, tenant);
  const dir = resolve(args.outDir);
  mkdirSync(dir, { recursive: true });
  const written = generatePolicySet(options).map((p) => {
    const path = join(dir, `${p.id}.xml`);
    writeFileSync(path, p.xml, 'utf8');
    return { id: p.id, path };
  });
  const keySets = Object.values(keySetIds(options.name));
  if (args.json) {
    out(JSON.stringify({ command: 'policy', files: written, uploadOrder: written.map((w) => w.id), keySets }, null, 2));
    return;
  }
  out(l10n.t('Wrote {0} policy file(s), to upload in this order:', written.length));
  for (const w of written) out(`  ${w.id}  ${w.path}`);
  out(l10n.t('The policies expect these key sets in the tenant: {0}.', keySets.join(', ')));
}
