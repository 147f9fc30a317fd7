// itsme.runUserFlow: open the user flow's authorize URL, to a registered redirect URI (jwt.ms by default) or to
// VS Code itself: a loopback receiver takes the ID token and the token view shows it with its checks.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { withTenantLock } from '../../core/lock/tenantLock';
import { applyConfiguration } from '../../core/apply/applyConfiguration';
import { findApplication } from '../../core/plan/computePlan';
import { flowDisplayName } from '../../core/plan/external/desired';
import { checkIdToken, type ExpectedToken } from '../../core/token/checkIdToken';
import { localDateTime, tokenViewModel, type TimeFormat } from '../../core/token/tokenViewModel';
import { readSettings } from '../settings';
import { loopbackRedirectUri, receiveOnLoopback } from '../token/loopback';
import type { Snapshot } from '../tree';
import type { Command, CommandContext } from './context';

export interface RunArgs {
  /** 'vscode' = the loopback receiver; otherwise a registered redirect URI. Asked when absent. */
  target?: string;
}

/** Adds the loopback redirect to the app through the engine (the saved configuration grows by that URI). */
async function registerLoopback(ctx: CommandContext, snap: Snapshot, uri: string): Promise<void> {
  const config = structuredClone(snap.config);
  config.app.redirectUris = [...config.app.redirectUris, uri];
  const tenant = ctx.session.tenantOf(config.tenant.tenant);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Adding {0} to the app registration…', uri) }, async () =>
    withTenantLock({ tenant, tool: 'vscode', command: 'apply', onWait: (m) => ctx.session.lockWait(m) }, async () =>
      applyConfiguration(await ctx.session.graphPort(true, tenant), config, { secret: await ctx.secrets.itsmeSecret(tenant) }),
    ),
  );
  if (result.status === 'failed' || result.status === 'cancelled') throw result.error ?? new Error(vscode.l10n.t('Could not add the redirect URI.'));
  await ctx.session.configs.save(ctx.session.withTenant(config));
}

/**
 * What the token must be, from the plan's outputs: B2C's policy discovery document and configured lifetime; External
 * ID's tenant discovery document and documented issuer (https://<tenant id>.ciamlogin.com/<tenant id>/v2.0), with
 * no lifetime setting to compare against.
 */
export function expectedToken(snap: Snapshot, clientId: string, nonce: string): ExpectedToken {
  const outputs = snap.plan.outputs;
  const external = outputs.kind === 'external';
  const custom = outputs.customPolicy;
  if (custom) {
    // B2C custom policy: the plan says what its tokens carry (extra claims, itsme_acr, lifetimes in seconds).
    return {
      tenantKind: 'b2c',
      discoveryUrl: outputs.policyDiscoveryUrl,
      clientId,
      nonce,
      claimsMapping: snap.config.identityProvider.claimsMapping,
      flowId: custom.policyId,
      idpName: 'itsme',
      customPolicy: { policyId: custom.policyId, expectations: custom.expectations },
    };
  }
  return {
    tenantKind: external ? 'external' : 'b2c',
    discoveryUrl: outputs.policyDiscoveryUrl,
    ...(external && outputs.tokenIssuer ? { issuer: outputs.tokenIssuer } : {}),
    clientId,
    nonce,
    ...(external ? {} : { lifetimeMinutes: snap.config.userFlow.accessAndIdTokenLifetimeMinutes }),
    claimsMapping: snap.config.identityProvider.claimsMapping,
    flowId: external ? flowDisplayName(snap.config) : snap.config.userFlow.id,
    idpName: snap.config.identityProvider.displayName,
  };
}

/**
 * The run whose receiver is listening (one loopback port, so one at a time). Another Run user flow to VS Code while
 * it waits joins it: the same sign-in page opens again and both get its one token view. Starting a second receiver
 * would fail on the port in use and say "set itsme.loopbackPort", which is not the fix; a new state would leave the
 * first tab's sign-in refused.
 */
let waiting: { tenant: string; url: string; result: Promise<unknown> } | undefined;

export const runUserFlow = {
  id: 'itsme.runUserFlow',
  async run(ctx, raw) {
    const args = (raw as RunArgs | undefined) ?? {};
    const snap = await ctx.tenant.fresh();
    const app = findApplication(snap.config, snap.observed).match;
    if (!snap.plan.outputs.runUserFlowUrl || !app) throw new Error(vscode.l10n.t('There is no app registration to run the user flow with: run itsme: Set Up Sign-In.'));
    const loopback = loopbackRedirectUri(readSettings().loopbackPort);
    const registered = (app.web?.redirectUris ?? []).filter((u) => u !== loopback);
    type Choice = vscode.QuickPickItem & { uri: string };
    const choices: Choice[] = [
      ...registered.map((u) => ({ uri: u, label: u === 'https://jwt.ms' ? vscode.l10n.t('jwt.ms (default)') : u, detail: vscode.l10n.t('Opens the user flow; the token is shown at {0}', u) })),
      { uri: loopback, label: vscode.l10n.t('Show the token in VS Code'), detail: vscode.l10n.t('Receives it on {0} and checks it{1}', loopback, app.web?.redirectUris?.includes(loopback) ? '' : vscode.l10n.t(' (adds this redirect URI to the app first)')) },
    ];
    const target = args.target === 'vscode' ? loopback : args.target ?? (await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Where should the token go?'), ignoreFocusOut: true }))?.uri;
    if (!target) return undefined;
    const url = new URL(snap.plan.outputs.runUserFlowUrl);
    url.searchParams.set('redirect_uri', target);
    if (target !== loopback) {
      ctx.log.info(`run user flow: ${url.toString()}`);
      await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
      return url.toString();
    }
    if (waiting) {
      const joined = waiting;
      if (joined.tenant.toLowerCase() !== (snap.config.tenant.tenant ?? '').toLowerCase()) {
        // Another tenant's run holds the port: opening its page would not be what was asked for.
        void vscode.window.showWarningMessage(vscode.l10n.t('A user flow of {0} is still waiting for its sign-in on {1}. Cancel that wait (Cancel on its notification), then run this one.', joined.tenant, loopback));
        return undefined;
      }
      ctx.log.info('run user flow: the sign-in of this tenant is still waiting; opening it again');
      await vscode.env.openExternal(vscode.Uri.parse(joined.url, true));
      // The first run says how it ended (an error once, not once per click).
      return joined.result.catch(() => undefined);
    }
    if (!app.web?.redirectUris?.includes(loopback)) {
      const add = vscode.l10n.t('Add and run');
      const ok = args.target === 'vscode' ? add : await vscode.window.showInformationMessage(vscode.l10n.t('The app registration has no {0} redirect URI yet. Add it?', loopback), { modal: true }, add);
      if (ok !== add) return undefined;
    }
    // Taken before the first await that follows, so a run started meanwhile joins this one.
    const nonce = randomBytes(16).toString('hex');
    const state = randomBytes(16).toString('hex');
    url.searchParams.set('nonce', nonce);
    url.searchParams.set('state', state);
    const run = { tenant: snap.config.tenant.tenant ?? '', url: url.toString(), result: Promise.resolve<unknown>(undefined) };
    waiting = run;
    run.result = (async () => {
      if (!app.web?.redirectUris?.includes(loopback)) await registerLoopback(ctx, snap, loopback);
      return receiveAndShow(ctx, snap, app.appId, url, state, nonce);
    })();
    try {
      return await run.result;
    } finally {
      if (waiting === run) waiting = undefined;
    }
  },
} satisfies Command;

/** Listens on the loopback port, opens the sign-in, and shows the token it receives with its checks. */
async function receiveAndShow(ctx: CommandContext, snap: Snapshot, clientId: string, url: URL, state: string, nonce: string): Promise<unknown> {
  ctx.log.info(`run user flow (token to VS Code): ${url.toString()}`);
  const params = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for the sign-in in your browser…'), cancellable: true },
    async (_p, cancel) => {
      const pending = receiveOnLoopback(readSettings().loopbackPort, state, cancel);
      await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
      return pending;
    },
  );
  const error = params.get('error');
  if (error) throw new Error(vscode.l10n.t('The user flow returned {0}: {1}', error, params.get('error_description') ?? ''));
  const idToken = params.get('id_token');
  if (!idToken) throw new Error(vscode.l10n.t('The user flow returned neither a token nor an error.'));
  // Not a secret of ours, but it identifies a person: never in the log, even by accident.
  ctx.log.redactor.add(idToken);
  const receivedAt = Date.now();
  // Local times in VS Code's display language and this machine's time zone.
  const time: TimeFormat = { locale: vscode.env.language };
  const want = expectedToken(snap, clientId, nonce);
  const report = await checkIdToken(idToken, want, receivedAt, (s) => localDateTime(s, time));
  ctx.log.info(`id token checks: ${report.checks.map((c) => `${c.id}=${c.ok ? 'ok' : 'FAILED'}`).join(' ')}`);
  ctx.tokenView.show(report, idToken, tokenViewModel(report, { ...time, policy: want.flowId, receivedAt }));
  return report;
}
