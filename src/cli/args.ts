// Command-line parsing for itsme-b2c. Secrets are refused here on purpose: argv is visible to every process on
// the machine and lands in shell history and CI logs. The configuration's flags come from the field table
// (src/core/config/fields.ts): a row with a `cli` flag is a flag here, in the usage text and in the overrides.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as l10n from '@vscode/l10n';
import { CONFIG_FIELDS, fieldRef, type FieldRow } from '../core/config/fields';
import { setPath } from '../core/config/validate';

export const COMMANDS = ['plan', 'apply', 'status', 'destroy', 'rotate-secret', 'policy'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  configPath?: string;
  overrides: Record<string, unknown>;
  auth?: 'sp' | 'device-code' | 'azure-cli';
  clientId?: string;
  graphUrl?: string;
  authorityHost?: string;
  itsmeSecretStdin: boolean;
  json: boolean;
  yes: boolean;
  /** policy: the directory the generated custom-policy files are written to. */
  outDir?: string;
  /** Explicit adoptions of objects with our name that fail the ownership test (plan and apply). */
  adopt: { identityProvider?: string; application?: string; policies?: string[] };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The configuration fields that have a flag, in the table's order. */
export const FIELD_FLAGS: ReadonlyArray<{ flag: string; row: FieldRow }> = (CONFIG_FIELDS as readonly FieldRow[]).flatMap((row) => (row.cli ? [{ flag: row.cli.flag, row }] : []));

function fieldOption(row: FieldRow): NonNullable<ParseArgsConfig['options']>[string] {
  if (row.type === 'flag') return { type: 'boolean' };
  return row.type === 'urlList' || row.type === 'choiceList' ? { type: 'string', multiple: true } : { type: 'string' };
}

/** A flag's value in the file's shape: a boolean flag sets true, a number is a number, a list stays a list. */
function fileValueOf(row: FieldRow, value: string | boolean | string[]): unknown {
  if (row.type === 'flag') return value === true ? true : undefined;
  if (row.type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return value;
}

export function usage(): string {
  const synopsis = FIELD_FLAGS.map(({ flag, row }) => `--${flag}${row.cli?.arg ? ` ${row.cli.arg}` : ''}`);
  const width = Math.max(...synopsis.map((s) => s.length)) + 2;
  const fields = FIELD_FLAGS.map(({ row }, i) => `      ${synopsis[i]!.padEnd(width)}${fieldRef(row)}${row.type === 'urlList' || row.type === 'choiceList' ? ', repeatable' : ''}`);
  return `itsme-b2c <plan|apply|status|destroy|rotate-secret> [options]
  itsme-b2c policy -c <file> --out <dir>   write the custom-policy files ("variant": "customPolicy") without touching a tenant

  -c, --config <file>                configuration JSON (itsme, identityProvider, userFlow or customPolicy, app sections)
  Configuration fields (override the file's):
${fields.join('\n')}
  Sign-in and output:
      --auth <sp|device-code|azure-cli>   sign-in (default: sp when AZURE_CLIENT_SECRET is set, else azure-cli)
      --client-id <id>       management app / service principal client id (or AZURE_CLIENT_ID)
      --graph-url <url>      Microsoft Graph root (national clouds; default https://graph.microsoft.com)
      --authority-host <url> sign-in authority (default https://login.microsoftonline.com)
      --itsme-secret-stdin   read the itsme client secret from standard input
      --adopt-identity-provider <id>   take over a same-named provider that is not ours (gets our partner code and secret)
      --adopt-app <object id>          take over a same-named app registration not made by this tool (tags it)
      --adopt-policy <policy id>       custom policy: replace a policy with our id that is not ours (B2C_1A_…), repeatable
      --json                 machine-readable output on stdout (progress stays on stderr)
      --yes                  confirm destroy without asking

Secrets never go on the command line: the itsme client secret comes from ITSME_CLIENT_SECRET or
--itsme-secret-stdin, a service principal's secret from AZURE_CLIENT_SECRET.

Exit codes: 0 success, 2 invalid input, 3 sign-in failed, 4 Graph or tenant failure,
5 done but manual steps remain, 130 cancelled.`;
}

export function parseCli(argv: string[]): CliArgs {
  const secretFlag = argv.find((a) => /^--?[^=]*(secret|password)/i.test(a) && a !== '--itsme-secret-stdin');
  if (secretFlag) {
    throw new UsageError(l10n.t('{0}: secrets are never accepted on the command line. Set ITSME_CLIENT_SECRET (itsme) or AZURE_CLIENT_SECRET (service principal), or use --itsme-secret-stdin.', secretFlag.split('=')[0]!));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        ...Object.fromEntries(FIELD_FLAGS.map(({ flag, row }) => [flag, fieldOption(row)])),
        auth: { type: 'string' },
        'client-id': { type: 'string' },
        'graph-url': { type: 'string' },
        'authority-host': { type: 'string' },
        'itsme-secret-stdin': { type: 'boolean' },
        json: { type: 'boolean' },
        'adopt-identity-provider': { type: 'string' },
        'adopt-app': { type: 'string' },
        'adopt-policy': { type: 'string', multiple: true },
        yes: { type: 'boolean', short: 'y' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage()}`);
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) throw new UsageError(usage());
  const command = positionals[0] as Command;
  if (!COMMANDS.includes(command) || positionals.length > 1) {
    throw new UsageError(l10n.t('Unknown command "{0}". Use one of: {1}.', positionals.join(' '), COMMANDS.join(', ')));
  }
  const auth = v.auth as CliArgs['auth'];
  if (auth && !['sp', 'device-code', 'azure-cli'].includes(auth)) {
    throw new UsageError(l10n.t('--auth must be sp, device-code or azure-cli.'));
  }
  // Flags override the file, field by field, in the file's own shape (validated together afterwards).
  const overrides: Record<string, unknown> = {};
  for (const { flag, row } of FIELD_FLAGS) {
    const value = (v as Record<string, string | boolean | string[] | undefined>)[flag];
    if (value !== undefined) setPath(overrides, row.path, fileValueOf(row, value));
  }
  return {
    command,
    configPath: v.config,
    overrides,
    auth,
    clientId: v['client-id'],
    graphUrl: v['graph-url'],
    authorityHost: v['authority-host'],
    itsmeSecretStdin: !!v['itsme-secret-stdin'],
    json: !!v.json,
    yes: !!v.yes,
    ...(v.out !== undefined ? { outDir: v.out } : {}),
    adopt: {
      ...(v['adopt-identity-provider'] ? { identityProvider: v['adopt-identity-provider'] } : {}),
      ...(v['adopt-app'] ? { application: v['adopt-app'] } : {}),
      ...(v['adopt-policy']?.length ? { policies: adoptedPolicies(v['adopt-policy']) } : {}),
    },
  };
}

/** --adopt-policy ids: the full id as the tenant shows it (B2C_1A_…); a bare name is a mistake worth saying. */
function adoptedPolicies(ids: string[]): string[] {
  const bad = ids.find((id) => !/^B2C_1A_[A-Za-z0-9_-]+$/i.test(id.trim()));
  if (bad !== undefined) throw new UsageError(l10n.t('--adopt-policy {0}: give the policy\'s full id as the tenant shows it, e.g. B2C_1A_itsme or B2C_1A_itsme_base.', bad));
  return [...new Set(ids.map((id) => id.trim()))];
}

/** Deep-merges flag overrides into the file's content (objects merge, everything else replaces). */
export function mergeConfig(base: unknown, overrides: Record<string, unknown>): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return overrides;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overrides)) {
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur) ? mergeConfig(cur, v as Record<string, unknown>) : v;
  }
  return out;
}
