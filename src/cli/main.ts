// itsme-b2c: the engine from the command line, for pipelines. Results on stdout (text or --json), progress on
// stderr; everything written passes through a Redactor that knows the secrets in play.
// First: the locale picks the message bundle before any module builds a string.
import './locale';
import * as l10n from '@vscode/l10n';
import type { ItsmeSetupConfig } from '../core/config/types';
import { createGraphClient, PUBLIC_GRAPH_URL, type GraphEvent } from '../core/graph/client';
import { GraphRequestError, isCancelled } from '../core/graph/errors';
import { createCredential, CredentialConfigError, type CredentialKind } from '../core/auth/credentials';
import { observe } from '../core/plan/observe';
import { computePlan } from '../core/plan/computePlan';
import { TenantCheckError } from '../core/plan/tenant';
import { ConfigKindError } from '../core/plan/kindCheck';
import { applyConfiguration } from '../core/apply/applyConfiguration';
import { MissingSecretError, type StepOutcome } from '../core/apply/applyPlan';
import { applyDestroy, planDestroy, removals } from '../core/usecases/destroy';
import { rotateSecret } from '../core/usecases/rotateSecret';
import type { PlanRun } from '../core/usecases/runPlan';
import { accountOf, formatAccount, formatPlan, outcomeJson, planJson, portalLinkName, resourceName, statusWord, stepObject, stepSentence } from '../core/format';
import { healthOf } from '../core/health';
import type { Plan, PlanOutputs } from '../core/plan/types';
import { Redactor } from '../core/redact';
import { acquireTenantLock } from '../core/lock/tenantLock';
import type { GraphPort } from '../core/graph/port';
import { parseCli, UsageError, type CliArgs } from './args';
import { loadConfig } from './configFile';
import { EXIT } from './exitCodes';
import { runPolicyCommand } from './policyCommand';

const redactor = new Redactor();
const out = (s: string): void => void process.stdout.write(redactor.redact(s) + '\n');
const err = (s: string): void => void process.stderr.write(redactor.redact(s) + '\n');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function tenantOf(config: ItsmeSetupConfig): string | undefined {
  return config.tenant.tenant ?? process.env['AZURE_TENANT_ID'];
}

function credentialFor(args: CliArgs, config: ItsmeSetupConfig) {
  const tenantId = tenantOf(config);
  if (!tenantId) throw new UsageError(l10n.t('Which tenant? Set "tenant" in the configuration, --tenant, or AZURE_TENANT_ID.'));
  const spSecret = process.env['AZURE_CLIENT_SECRET'];
  redactor.add(spSecret);
  const kind: CredentialKind = args.auth === 'device-code' ? 'deviceCode' : args.auth === 'azure-cli' ? 'azureCli' : args.auth === 'sp' || spSecret ? 'servicePrincipal' : 'azureCli';
  return createCredential({
    kind,
    tenantId,
    clientId: args.clientId ?? process.env['AZURE_CLIENT_ID'],
    clientSecret: spSecret,
    authorityHost: args.authorityHost ?? process.env['AZURE_AUTHORITY_HOST'],
    onDeviceCode: (m) => err(m),
  });
}

function progress(o: StepOutcome): void {
  if (o.status === 'noop') return;
  err(`  ${statusWord(o.status).padEnd(12)} ${resourceName(o.resource).padEnd(17)} ${stepObject(o)}${o.detail && o.status !== 'done' ? ` — ${o.detail}` : ''}`);
}

function graphProgress(e: GraphEvent): void {
  if (e.type === 'retry') err(l10n.t('  retrying {0} {1} in {2} s ({3})', e.method, e.path.split('?')[0]!, ((e.waitMs ?? 0) / 1000).toFixed(1), e.reason ?? String(e.status ?? '')));
}

function printOutputs(o: PlanOutputs): void {
  if (o.kind === 'external') {
    if (o.runUserFlowUrl) out(l10n.t('Test sign-in: {0}', o.runUserFlowUrl));
    out(l10n.t('Redirect URIs to give itsme:'));
    for (const u of o.itsmeRedirectUris) out(`  ${u}`);
    out(l10n.t('Discovery: {0}', o.policyDiscoveryUrl));
    if (o.tokenIssuer) out(l10n.t('Tokens\' issuer: {0}', o.tokenIssuer));
    out(l10n.t('Microsoft Entra admin center:'));
    for (const [key, url] of Object.entries(o.portal)) out(`  ${portalLinkName(key)}: ${url}`);
    return;
  }
  if (o.runUserFlowUrl) out(l10n.t('Run user flow: {0}', o.runUserFlowUrl));
  out(l10n.t('Redirect URIs to give itsme:'));
  for (const u of o.itsmeRedirectUris) out(`  ${u}`);
  out(l10n.t('Policy discovery: {0}', o.policyDiscoveryUrl));
  if (o.customPolicy) {
    out(l10n.t('Custom policies (upload order): {0}', o.customPolicy.policies.map((p) => p.id).join(', ')));
    out(l10n.t('Policy keys: {0}', Object.values(o.customPolicy.keySets).join(', ')));
  }
}

/** External ID: the itsme pre-flight and the email question, said before anything is applied. */
function printBeforeApply(o: PlanOutputs, print: (s: string) => void): void {
  if (o.kind !== 'external') return;
  if (o.preflight) {
    print(o.preflight.ok ? l10n.t('Pre-flight: itsme\'s discovery document {0} has what External ID needs.', o.preflight.url) : l10n.t('Pre-flight: itsme\'s discovery document {0} does NOT have what External ID needs:', o.preflight.url));
    for (const p of o.preflight.problems) print(`  ✗ ${p}`);
  }
  if (o.emailNotice) {
    print(`${o.emailNotice.title}:`);
    for (const p of o.emailNotice.paragraphs) print(`  ${p}`);
  }
}

function manualLines(outcomes: Array<Pick<StepOutcome, 'status' | 'manual' | 'label'>>): string[] {
  return outcomes.filter((o) => o.status === 'manual' && o.manual).map((o) => `  • ${o.label}: ${o.manual!.text}${o.manual!.portalUrl ? `\n    ${o.manual!.portalUrl}` : ''}`);
}

function confirmDestroy(plan: Plan, args: CliArgs): boolean {
  if (args.yes) return true;
  err(l10n.t('Refusing to delete without --yes (this is what would be deleted):'));
  for (const s of removals(plan)) err(`  ${stepSentence(s)}`);
  return false;
}

async function run(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.command === 'policy') {
    // Offline: the same validated configuration, but no sign-in and no tenant lock.
    runPolicyCommand(args, () => loadConfig(args), out);
    return EXIT.ok;
  }
  const config = loadConfig(args);
  let secret = process.env['ITSME_CLIENT_SECRET'];
  if (args.itsmeSecretStdin) secret = await readStdin();
  redactor.add(secret);
  const graphBase = args.graphUrl ?? process.env['ITSME_B2C_GRAPH_URL'] ?? PUBLIC_GRAPH_URL;
  const graph = createGraphClient({ credential: credentialFor(args, config), baseUrl: graphBase, onEvent: graphProgress });
  const abort = new AbortController();
  process.once('SIGINT', () => {
    err(l10n.t('Cancelling after the requests in flight… (press Ctrl+C again to quit at once)'));
    abort.abort();
    process.once('SIGINT', () => process.exit(EXIT.cancelled));
  });
  const signal = abort.signal;
  // Commands that write hold the tenant's lock from their first read to their last write (a plan reads only).
  const lock = args.command === 'plan' || args.command === 'status' ? undefined : await acquireTenantLock({ tenant: tenantOf(config)!, tool: 'itsme-b2c', command: args.command, signal, releaseOnSignals: true, onWait: (m) => err(`${m} ${l10n.t('(Ctrl+C cancels.)')}`) });
  try {
    return await execute(args, config, graph, secret, signal);
  } finally {
    lock?.release();
  }
}

async function execute(args: CliArgs, config: ItsmeSetupConfig, graph: GraphPort, secret: string | undefined, signal: AbortSignal): Promise<number> {
  switch (args.command) {
    case 'plan':
    case 'status': {
      const observed = await observe(graph, config, signal);
      const plan = computePlan(config, observed, { adopt: args.adopt });
      const health = healthOf(config, observed, plan);
      if (args.json) {
        out(JSON.stringify({ command: args.command, plan: planJson(plan, graph.baseUrl), health }, null, 2));
      } else {
        out(formatPlan(plan, graph.baseUrl));
        printBeforeApply(plan.outputs, out);
        if (args.command === 'status') for (const h of health) out(`  ${h.severity === 'warning' ? '⚠' : 'ℹ'} ${h.message}`);
        printOutputs(plan.outputs);
      }
      return EXIT.ok;
    }
    case 'apply': {
      if (!args.json) err(l10n.t('Applying to {0} …', graph.baseUrl));
      const result = await applyConfiguration(graph, config, {
        secret,
        signal,
        reporter: {
          onStep: progress,
          onPlan: (p, round) => {
            if (round === 1 && !args.json) printBeforeApply(p.outputs, err);
            if (round > 1) err(l10n.t('Round {0}: the tenant was read again after a transient failure.', round));
          },
        },
        plan: { adopt: args.adopt },
      });
      // Whatever failed in whatever round, stdout ends with the account: written, not written, what to run next.
      const account = accountOf(result.outcomes, result.next);
      if (args.json) {
        out(JSON.stringify({ command: 'apply', status: result.status, writes: result.writes, rounds: result.rounds, plan: planJson(result.plan, graph.baseUrl), outcomes: result.outcomes.map(outcomeJson), account, outputs: result.outputs, ...(result.error ? { error: result.error.message } : {}) }, null, 2));
      } else {
        out(l10n.t('Apply: {0} ({1} write(s))', result.status, result.writes));
        for (const o of result.outcomes) out(`  ${statusWord(o.status).padEnd(12)} ${resourceName(o.resource).padEnd(17)} ${stepObject(o)}`);
        const manual = manualLines(result.outcomes);
        if (manual.length) out([l10n.t('Manual steps remain:'), ...manual].join('\n'));
        if (result.error) err(result.error.message);
        if (result.status !== 'applied' && result.status !== 'noChanges') out(formatAccount(accountOf(result.outcomes, result.next, 'words')).join('\n'));
        printOutputs(result.outputs);
      }
      if (result.status === 'cancelled') return EXIT.cancelled;
      if (result.status === 'failed') return result.error instanceof GraphRequestError && result.error.kind === 'auth' ? EXIT.auth : EXIT.graph;
      return result.status === 'manualRemaining' ? EXIT.manual : EXIT.ok;
    }
    case 'policy':
      // Offline, handled in run() before any sign-in; never reaches a tenant.
      return EXIT.usage;
    case 'destroy':
    case 'rotate-secret': {
      // The engine's use cases, the same ones the extension's Remove and Rotate commands run.
      let run: PlanRun;
      if (args.command === 'destroy') {
        const plan = await planDestroy(graph, config, signal);
        if (!confirmDestroy(plan, args)) return EXIT.usage;
        run = await applyDestroy(graph, plan, { signal, reporter: { onStep: progress } });
      } else {
        run = await rotateSecret(graph, config, secret, { signal, reporter: { onStep: progress } });
      }
      if (args.json) {
        out(JSON.stringify({ command: args.command, status: run.status, writes: run.writes, plan: planJson(run.plan, graph.baseUrl), outcomes: run.outcomes.map(outcomeJson), account: accountOf(run.outcomes) }, null, 2));
      } else {
        // A kept object says why it was kept (not ours, or absent): destroy accounts for what it left.
        for (const o of run.outcomes) out(`  ${statusWord(o.status).padEnd(12)} ${resourceName(o.resource).padEnd(17)} ${stepObject(o)}${o.status === 'noop' && o.detail ? ` — ${o.detail}` : ''}`);
        const manual = manualLines(run.outcomes);
        if (manual.length) out([l10n.t('Manual steps remain:'), ...manual].join('\n'));
      }
      switch (run.status) {
        case 'failed':
          err(run.error?.message ?? '');
          return EXIT.graph;
        case 'cancelled':
          return EXIT.cancelled;
        case 'manualRemaining':
          return EXIT.manual;
        default:
          return EXIT.ok;
      }
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return EXIT.usage;
    }
    if (e instanceof MissingSecretError) {
      err(e.message);
      return EXIT.usage;
    }
    if (e instanceof CredentialConfigError) {
      err(e.message);
      return EXIT.auth;
    }
    if (isCancelled(e)) {
      err(l10n.t('Cancelled. Run apply again to complete the configuration.'));
      return EXIT.cancelled;
    }
    if (e instanceof ConfigKindError) {
      err(e.message);
      return EXIT.usage;
    }
    if (e instanceof TenantCheckError) {
      err(e.message);
      return EXIT.graph;
    }
    if (e instanceof GraphRequestError) {
      err(e.message);
      return e.kind === 'auth' ? EXIT.auth : EXIT.graph;
    }
    err(l10n.t('Unexpected error: {0}', e instanceof Error ? (e.stack ?? e.message) : String(e)));
    return EXIT.unexpected;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
