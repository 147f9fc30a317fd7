// `itsme-b2c policy -c file --out DIR`: writes the generated custom-policy files for review or for a team's own
// deployment pipeline. It reads only the file's customPolicy section (with the tenant and itsme codes as
// fallbacks), never signs in and never touches a tenant.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { generatePolicySet, keySetIds } from '../core/policy/generate';
import { resolveCustomPolicyOptions } from '../core/policy/options';
import { UsageError, type CliArgs } from './args';

export function runPolicyCommand(args: CliArgs, out: (s: string) => void): void {
  if (!args.configPath) throw new UsageError(l10n.t('policy needs the configuration file: -c <file>.'));
  if (!args.outDir) throw new UsageError(l10n.t('policy needs the output directory: --out <dir>.'));
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(args.configPath, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code ? l10n.t('Cannot read the configuration file {0}: {1}', args.configPath, code) : l10n.t('The configuration file {0} is not valid JSON: {1}', args.configPath, (e as Error).message));
  }
  const r = resolveCustomPolicyOptions(file);
  if (!r.ok) throw new UsageError([l10n.t('The configuration has {0} problem(s):', r.issues.length), ...r.issues.map((i) => `  ${i.field}: ${i.message}`)].join('\n'));
  const dir = resolve(args.outDir);
  mkdirSync(dir, { recursive: true });
  const written = generatePolicySet(r.options).map((p) => {
    const path = join(dir, `${p.id}.xml`);
    writeFileSync(path, p.xml, 'utf8');
    return { id: p.id, path };
  });
  const keySets = Object.values(keySetIds(r.options.name));
  if (args.json) {
    out(JSON.stringify({ command: 'policy', files: written, uploadOrder: written.map((w) => w.id), keySets }, null, 2));
    return;
  }
  out(l10n.t('Wrote {0} policy file(s), to upload in this order:', written.length));
  for (const w of written) out(`  ${w.id}  ${w.path}`);
  out(l10n.t('The policies expect these key sets in the tenant: {0}.', keySets.join(', ')));
}
