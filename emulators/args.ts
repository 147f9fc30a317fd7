// Command line of the one emulator entry point (main.ts), on node:util parseArgs like the product's CLI
// (src/cli/args.ts). Pure: returns what to start or throws EmulatorUsageError with a message naming the bad flag.
import { parseArgs } from 'node:util';
import type { DuplicateGrantStatus, UndocumentedMode } from './graph/api';
import type { QueryMode, UndocumentedQueryMode } from './graph/query-options';

export const EMULATOR_COMMANDS = ['graph', 'itsme', 'b2c', 'all'] as const;
export type EmulatorCommand = (typeof EMULATOR_COMMANDS)[number];

export class EmulatorUsageError extends Error {
  constructor(
    message: string,
    /** 0 for --help (usage on stdout), 2 for a usage error. */
    readonly exitCode: 0 | 2 = 2,
  ) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}

export const EMULATOR_USAGE = `npm run emulator -- <graph|itsme|b2c|all> [options]

  graph   HTTPS Microsoft Graph (B2C subset) + token endpoint, one emulated tenant
  b2c     graph + the emulated B2C sign-in service (b2clogin paths) that runs its user flows
  itsme   the itsme-like OpenID provider and its "itsme app" page
  all     graph + b2c + itsme, wired together (the sandbox's servers, without VS Code)

Graph (graph, b2c, all):
  --port <n>                    Graph port (default: a free one); with 'itsme', the itsme port
  --tenant-type <B2C|AAD|CIAM>  tenant type (default B2C); CIAM = an Entra External ID external tenant
  --tenant-kind <b2c|external>  the same, in the CLI's words (external = CIAM)
  --latency <ms>                added to every response
  --consistency-delay <ms>      service-principal replication delay: POST /servicePrincipals answers
                                400 NoBackingApplicationObject until <ms> after POST /applications
  --undocumented <store|ignore|reject>   user-flow token lifetime / MFA properties (default store)
  --lenient-query               honour every query option (default: strict, only those Graph documents)
  --reject-undocumented-query   strict mode answers an undocumented query option with 400 (default: ignore it)
  --duplicate-grant <409|400>   status of a duplicate oauth2PermissionGrant POST (default 409)
  --application-claims <absent|asInDocsBranch>   user flows' undocumented applicationClaims relationship
                                (default absent: Graph's unknown segment; asInDocsBranch: list/add/remove)
B2C sign-in (b2c, all):
  --b2c-port <n>
  --keys-dir <dir>              keep the sign-in service's signing key in <dir>, so it survives a restart (an
                                app's cached keys and tokens stay valid); default: a new key per start
itsme (itsme, all):
  --itsme-port <n>              (with 'itsme', --port works too)
  --code-ttl <s>                authorization code lifetime (default 180)
  --partner <code> [--secret <s>] [--service <code>]... [--redirect-uri <uri>]...   the partner to onboard
  -h, --help                    this text`;

export interface EmulatorArgs {
  command: EmulatorCommand;
  graph: {
    port?: number;
    tenantType: 'AAD' | 'AAD B2C' | 'CIAM';
    latencyMs?: number;
    consistencyDelayMs?: number;
    undocumentedUserFlowProps: UndocumentedMode;
    query: QueryMode;
    undocumentedQuery: UndocumentedQueryMode;
    duplicateGrant: DuplicateGrantStatus;
    applicationClaims: 'absent' | 'asInDocsBranch';
  };
  b2cPort?: number;
  /** Where the sign-in service keeps its signing key (--keys-dir). */
  keysDir?: string;
  itsme: {
    port?: number;
    codeTtlSeconds?: number;
    partner?: { clientId: string; clientSecret?: string; serviceCodes: string[]; redirectUris: string[] };
  };
}

const OPTIONS = {
  port: { type: 'string' },
  'tenant-type': { type: 'string' },
  'tenant-kind': { type: 'string' },
  latency: { type: 'string' },
  'consistency-delay': { type: 'string' },
  undocumented: { type: 'string' },
  'lenient-query': { type: 'boolean' },
  'reject-undocumented-query': { type: 'boolean' },
  'duplicate-grant': { type: 'string' },
  'application-claims': { type: 'string' },
  'b2c-port': { type: 'string' },
  'keys-dir': { type: 'string' },
  'itsme-port': { type: 'string' },
  'code-ttl': { type: 'string' },
  partner: { type: 'string' },
  secret: { type: 'string' },
  service: { type: 'string', multiple: true },
  'redirect-uri': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flag = keyof typeof OPTIONS;

/** Which commands each flag applies to; a flag given to another command is a usage error naming it. */
const APPLIES: Record<Flag, readonly EmulatorCommand[]> = {
  port: EMULATOR_COMMANDS,
  'tenant-type': ['graph', 'b2c', 'all'],
  'tenant-kind': ['graph', 'b2c', 'all'],
  latency: ['graph', 'b2c', 'all'],
  'consistency-delay': ['graph', 'b2c', 'all'],
  undocumented: ['graph', 'b2c', 'all'],
  'lenient-query': ['graph', 'b2c', 'all'],
  'reject-undocumented-query': ['graph', 'b2c', 'all'],
  'duplicate-grant': ['graph', 'b2c', 'all'],
  'application-claims': ['graph', 'b2c', 'all'],
  'b2c-port': ['b2c', 'all'],
  'keys-dir': ['b2c', 'all'],
  'itsme-port': ['itsme', 'all'],
  'code-ttl': ['itsme', 'all'],
  partner: ['itsme', 'all'],
  secret: ['itsme', 'all'],
  service: ['itsme', 'all'],
  'redirect-uri': ['itsme', 'all'],
  help: EMULATOR_COMMANDS,
};

function usage(message: string): EmulatorUsageError {
  return new EmulatorUsageError(`${message}\nRun 'npm run emulator -- --help' for the options.`);
}

function count(flag: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw usage(`--${flag} expects a non-negative ${integer ? 'integer' : 'number'}, got '${v}'.`);
  }
  return n;
}

function port(flag: string, v: string | undefined): number | undefined {
  const n = count(flag, v, true);
  if (n !== undefined && n > 65535) throw usage(`--${flag} expects a port (0–65535), got '${v}'.`);
  return n;
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw usage(`--${flag} must be one of ${allowed.join(', ')}; got '${v}'.`);
  return v as T;
}

export function parseEmulatorArgs(argv: string[]): EmulatorArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs names the flag ("Unknown option '--frob'", "Option '--port <value>' argument missing").
    throw usage((e as Error).message.split('. To specify a positional')[0]!.replace(/\.?$/, '.'));
  }
  const { values: v, positionals } = parsed;
  if (v.help) throw new EmulatorUsageError(EMULATOR_USAGE, 0);
  if (positionals.length === 0) throw usage(`Which emulator? Name one of: ${EMULATOR_COMMANDS.join(', ')}.`);
  const command = positionals[0] as EmulatorCommand;
  if (!EMULATOR_COMMANDS.includes(command)) throw usage(`Unknown emulator '${positionals[0]}'. Use one of: ${EMULATOR_COMMANDS.join(', ')}.`);
  if (positionals.length > 1) throw usage(`One emulator per run: unexpected '${positionals[1]}'.`);
  for (const flag of Object.keys(v) as Flag[]) {
    if (!APPLIES[flag].includes(command)) throw usage(`--${flag} does not apply to '${command}' (it applies to: ${APPLIES[flag].join(', ')}).`);
  }
  for (const flag of ['secret', 'service', 'redirect-uri'] as const) {
    if (v[flag] !== undefined && v.partner === undefined) throw usage(`--${flag} describes the partner: give --partner <code> with it.`);
  }
  if (v['lenient-query'] && v['reject-undocumented-query']) throw usage(`--reject-undocumented-query is a strict-mode setting: drop --lenient-query or it.`);
  if (v['tenant-type'] !== undefined && v['tenant-kind'] !== undefined) throw usage(`--tenant-type and --tenant-kind both name the tenant type: give one.`);
  const kind = oneOf('tenant-kind', v['tenant-kind'], ['b2c', 'external'] as const, 'b2c');
  const tenantType = oneOf('tenant-type', v['tenant-type'], ['B2C', 'AAD', 'CIAM'] as const, kind === 'external' ? 'CIAM' : 'B2C');
  const duplicate = oneOf('duplicate-grant', v['duplicate-grant'], ['409', '400'] as const, '409');
  const itsmePort = command === 'itsme' ? port('port', v.port) ?? port('itsme-port', v['itsme-port']) : port('itsme-port', v['itsme-port']);
  if (command === 'itsme' && v.port !== undefined && v['itsme-port'] !== undefined) throw usage(`--port and --itsme-port both name the itsme port: give one.`);
  return {
    command,
    graph: {
      port: command === 'itsme' ? undefined : port('port', v.port),
      tenantType: tenantType === 'B2C' ? 'AAD B2C' : tenantType,
      latencyMs: count('latency', v.latency),
      consistencyDelayMs: count('consistency-delay', v['consistency-delay']),
      undocumentedUserFlowProps: oneOf('undocumented', v.undocumented, ['store', 'ignore', 'reject'] as const, 'store'),
      query: v['lenient-query'] ? 'lenient' : 'strict',
      undocumentedQuery: v['reject-undocumented-query'] ? 'reject' : 'ignore',
      duplicateGrant: duplicate === '400' ? 400 : 409,
      applicationClaims: oneOf('application-claims', v['application-claims'], ['absent', 'asInDocsBranch'] as const, 'absent'),
    },
    b2cPort: port('b2c-port', v['b2c-port']),
    ...(v['keys-dir'] !== undefined ? { keysDir: v['keys-dir'] } : {}),
    itsme: {
      port: itsmePort,
      codeTtlSeconds: count('code-ttl', v['code-ttl'], true),
      partner: v.partner === undefined ? undefined : { clientId: v.partner, clientSecret: v.secret, serviceCodes: v.service ?? [], redirectUris: v['redirect-uri'] ?? [] },
    },
  };
}
