// The nodes of one tenant: what the engine's observe() read, projected (design.md principle 6: errors are nodes).
// Labels are short; descriptions hold the value in a form that fits the default sidebar width; the tooltip says
// what the value means and gives it whole. Health warnings come from core/health.
import * as vscode from 'vscode';
import type { ItsmeSetupConfig } from '../../core/config/types';
import { healthOf, type HealthItem } from '../../core/health';
import { classifyMetadataUrl } from '../../core/itsme/endpoints';
import { computePlan } from '../../core/plan/computePlan';
import type { ObservedTenant } from '../../core/plan/observe';
import type { Plan } from '../../core/plan/types';
import type { TenantEntry } from '../tenants';
import { mdCode, mdEscape, type TreeNode } from './node';
import { treeObjects, type TreeObjects } from './objects';
import { customPolicyNodes, hasCustomPolicyObjects } from './policyNodes';

export interface Snapshot {
  config: ItsmeSetupConfig;
  observed: ObservedTenant;
  plan: Plan;
  health: HealthItem[];
  /** The itsme objects found, for either kind of tenant (B2C or External ID). */
  objects: TreeObjects;
}

export function snapshotOf(config: ItsmeSetupConfig, observed: ObservedTenant): Snapshot {
  const plan = computePlan(config, observed);
  const objects = treeObjects(config, observed);
  return { config, observed, plan, health: healthOf(config, observed, plan), objects };
}

/** True when the tenant holds any object of the configuration (else the "nothing configured" welcome shows). */
export function isConfigured(s: Snapshot): boolean {
  return !!(s.objects.idp || s.objects.flow || s.objects.app) || hasCustomPolicyObjects(s);
}

/** The platform in words, for tooltips. */
function platformWords(s: Snapshot | undefined): string {
  return s?.objects.kind === 'external' ? vscode.l10n.t('Microsoft Entra External ID') : vscode.l10n.t('Azure AD B2C');
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return url ?? '';
  }
}

const MISSING = new Set(['idpMissing', 'flowMissing', 'appMissing']);

/** itsme's environment in words, for tooltips. */
function environmentWords(env: string): string {
  return env === 'prd' ? vscode.l10n.t('production (prd): real people, real identities') : vscode.l10n.t('test (e2e): itsme\'s test environment with test identities');
}

/**
 * The environment as the tree shows it everywhere: e2e or prd, with the endpoint generation; for custom
 * endpoints the configured environment and the host the metadata URL is on.
 */
export function environmentOf(config: ItsmeSetupConfig, metadataUrl?: string): { short: string; env: string; host: string; generation: string } {
  const cls = classifyMetadataUrl(metadataUrl ?? '');
  const env = cls.environment ?? config.itsme.environment;
  const host = hostOf(metadataUrl);
  if (metadataUrl && cls.generation === 'custom') return { short: `${env} · ${host}`, env, host, generation: 'custom' };
  return { short: `${env} · ${cls.environment ? cls.generation : config.itsme.generation}`, env, host, generation: cls.environment ? cls.generation : config.itsme.generation };
}

/**
 * The scope in short words: what is asked beyond `openid` and the service (which has its own line), so it fits
 * the sidebar (profile, email, phone …); the tooltip and Copy have it whole.
 */
function shortScope(scope: string): string {
  const words = scope.split(/\s+/).filter((w) => w && w !== 'openid' && !w.startsWith('service:'));
  return words.length ? words.join(', ') : 'openid';
}

function lifetimeWords(days: number | undefined): string {
  if (days === -1) return vscode.l10n.t('no expiry');
  return days === undefined ? '?' : vscode.l10n.t('{0} days', days);
}

export interface TenantView {
  entry: TenantEntry;
  signedIn: boolean;
  /** What was read, when it could be read. */
  snapshot?: Snapshot;
  /** Whether the configuration was saved by a setup in VS Code (else found from the tenant, or the defaults). */
  saved?: 'saved' | 'found' | 'defaults';
  /** A failure reading the tenant, already redacted. */
  error?: string;
}

const methodWords = (e: TenantEntry): string =>
  e.signInMethod === 'servicePrincipal' ? vscode.l10n.t('service principal {0}', e.clientId) : e.signInMethod === 'azureCli' ? vscode.l10n.t('Azure CLI login') : vscode.l10n.t('Microsoft account (app {0})', e.clientId);

export function tenantNode(v: TenantView): TreeNode {
  const t = v.entry.tenant;
  const id = (path: string): string => `${t.toLowerCase()}/${path}`;
  const s = v.snapshot;
  const env = s ? environmentOf(s.config, s.objects.metadataUrl) : undefined;
  const lines = [
    `**${mdEscape(s?.observed.tenant.initialDomain ?? t)}** — ${v.signedIn ? vscode.l10n.t('signed in with {0}', mdEscape(methodWords(v.entry))) : vscode.l10n.t('signed out')}`,
  ];
  if (s?.observed.tenant.id) lines.push(vscode.l10n.t('Tenant id: {0}', mdCode(s.observed.tenant.id)) + ` · ${mdEscape(platformWords(s))}` + (s.observed.tenant.tenantType ? ` (${mdEscape(s.observed.tenant.tenantType)})` : ''));
  if (v.entry.graphEndpoint) lines.push(vscode.l10n.t('Microsoft Graph: {0}', mdCode(v.entry.graphEndpoint)));
  if (env) lines.push(vscode.l10n.t('itsme environment: {0}', environmentWords(env.env)));
  if (v.saved === 'found') lines.push(vscode.l10n.t('Configuration: found in the tenant (not set up from this VS Code)'));
  if (v.saved === 'defaults' && v.signedIn) lines.push(vscode.l10n.t('Configuration: none saved yet: the guide\'s defaults are looked for'));
  const warnings = s ? s.health.filter((h) => h.severity === 'warning').length : 0;
  if (s) lines.push(warnings ? vscode.l10n.t('$(warning) {0} thing(s) to fix, listed below', warnings) : vscode.l10n.t('$(pass) No problems found'));
  const base: TreeNode = {
    kind: v.signedIn ? 'itsmeTenant' : 'itsmeTenantSignedOut',
    label: s?.observed.tenant.initialDomain ?? t,
    // Only the environment (and a custom host): it must stay visible beside a long domain at the default width.
    description: env ? (env.generation === 'custom' ? `${env.env} · ${env.host}` : env.env) : v.signedIn ? undefined : vscode.l10n.t('signed out'),
    tooltip: lines.join('\n\n'),
    icon: v.signedIn ? 'organization' : 'circle-slash',
    tenant: t,
    id: id(''),
  };
  if (!v.signedIn) {
    return { ...base, children: [{ kind: 'itsmeAction', label: vscode.l10n.t('Sign in…'), icon: 'sign-in', tenant: t, id: id('signIn'), tooltip: vscode.l10n.t('Sign in to {0} with {1}.', mdEscape(t), mdEscape(methodWords(v.entry))), command: { command: 'itsme.signIn', title: vscode.l10n.t('Sign in'), arguments: [{ tenant: t }] } }] };
  }
  if (v.error) return { ...base, icon: 'error', children: [{ kind: 'itsmeError', label: v.error, icon: 'error', tenant: t, id: id('error'), tooltip: `${mdEscape(v.error)}\n\n${vscode.l10n.t('The whole message is in the log (itsme: Show log).')}` }] };
  if (!s || !isConfigured(s)) {
    return { ...base, children: [{ kind: 'itsmeAction', label: vscode.l10n.t('Set up itsme sign-in…'), icon: 'rocket', tenant: t, id: id('setup'), tooltip: vscode.l10n.t('This tenant has no itsme sign-in yet. Opens the setup wizard for {0}.', mdEscape(t)), command: { command: 'itsme.setup', title: vscode.l10n.t('Set up itsme sign-in'), arguments: [{ tenant: t }] } }] };
  }
  return { ...base, children: objectNodes(s, t, id) };
}

function objectNodes(s: Snapshot, t: string, id: (path: string) => string): TreeNode[] {
  const { config, plan, health, objects } = s;
  const external = objects.kind === 'external';
  const warn = (h: HealthItem): TreeNode => ({ kind: 'itsmeWarning', label: h.message, icon: h.severity === 'warning' ? 'warning' : 'info', tenant: t, id: id(`health/${h.id}`), tooltip: `${mdEscape(h.message)}\n\n${vscode.l10n.t('Run the setup again to repair it (Edit… on the object).')}` });
  const area = (h: HealthItem): string => (h.resource === 'userFlowLink' || h.resource === 'userFlowSettings' || h.resource === 'userFlowClaims' || h.resource === 'appFlowLink' ? 'userFlow' : h.resource);
  const warnings = (resource: string): TreeNode[] => health.filter((h) => !MISSING.has(h.id) && area(h) === resource).map(warn);
  /** A value leaf: Copy copies `value` (default: the description); `field` makes it editable in the wizard. */
  const leaf = (path: string, label: string, description: string, tooltip: string, opts: { value?: string; field?: string } = {}): TreeNode => ({
    kind: opts.field ? 'itsmeValueEditable' : 'itsmeValue',
    label,
    description,
    tooltip,
    tenant: t,
    id: id(path),
    data: { value: opts.value ?? description, ...(opts.field ? { field: opts.field } : {}) },
  });
  const children: TreeNode[] = [];

  // 1. What to send to itsme: sign-in fails until itsme has allow-listed both (exact match).
  const uris = plan.outputs.itsmeRedirectUris;
  children.push({
    kind: 'itsmeRedirectUris',
    label: vscode.l10n.t('Redirect URIs for itsme'),
    tooltip: vscode.l10n.t('itsme accepts a sign-in only on redirect URIs it has allow-listed, exactly as written. Send both to onboarding@itsme-id.com with your partner code; a real sign-in fails until itsme confirms.'),
    icon: 'mail',
    tenant: t,
    id: id('redirectUris'),
    data: { value: uris.join('\n') },
    children: uris.map((u, i) =>
      leaf(
        `redirectUris/${i}`,
        u,
        '',
        external
          ? vscode.l10n.t('External ID receives itsme\'s answer here ({0}). Copy it into the mail to itsme.', i === 0 ? vscode.l10n.t('tenant id form') : vscode.l10n.t('domain form'))
          : vscode.l10n.t('B2C receives itsme\'s answer here ({0}). Copy it into the mail to itsme.', i === 0 ? vscode.l10n.t('tenant name form') : vscode.l10n.t('domain form')),
        { value: u },
      ),
    ),
  });

  // B2C custom policy: its policies and key sets take the place of the identity provider and the user flow.
  children.push(...customPolicyNodes(s, t, id, leaf));
  const idp = objects.idp;
  if (idp) {
    const metadataUrl = objects.metadataUrl;
    const env = environmentOf(config, metadataUrl);
    const flows = objects.flow?.offersItsme ? objects.flow.label : vscode.l10n.t('no user flow');
    const scope = idp.scope ?? '';
    const service = /(?:^|\s)service:(\S+)/.exec(scope)?.[1];
    children.push({
      kind: 'itsmeIdentityProvider',
      label: idp.displayName ?? idp.id,
      description: env.short,
      tooltip: [
        external
          ? vscode.l10n.t('**OpenID Connect identity provider** in External ID, pointing at itsme {0}.', environmentWords(env.env))
          : vscode.l10n.t('**OpenID Connect identity provider** in B2C, pointing at itsme {0}.', environmentWords(env.env)),
        vscode.l10n.t('Metadata: {0}', mdCode(metadataUrl ?? '')),
        ...(external && idp.issuer ? [vscode.l10n.t('Issuer: {0}', mdCode(idp.issuer))] : []),
        vscode.l10n.t('Object id: {0}', mdCode(idp.id)),
      ].join('\n\n'),
      icon: 'key',
      tenant: t,
      id: id('idp'),
      data: { id: idp.id, step: 'identityProvider' },
      children: [
        leaf('idp/environment', vscode.l10n.t('Environment'), env.generation === 'custom' ? `${env.env} · ${env.host}` : env.env, vscode.l10n.t('itsme {0}. Your onboarding mail from itsme says which environment your codes are for.', environmentWords(env.env)), { value: env.env, field: 'itsme.environment' }),
        leaf(
          'idp/endpoints',
          vscode.l10n.t('Endpoints'),
          env.generation === 'custom' ? `custom · ${env.host}` : env.generation,
          external ? vscode.l10n.t('Where External ID reads itsme\'s OpenID configuration: {0}', mdCode(metadataUrl ?? '')) : vscode.l10n.t('Where B2C reads itsme\'s OpenID configuration: {0}', mdCode(metadataUrl ?? '')),
          { value: metadataUrl ?? '', field: 'itsme.generation' },
        ),
        leaf('idp/partnerCode', vscode.l10n.t('Partner code'), idp.clientId ?? '', vscode.l10n.t('itsme\'s partner code, used as the OpenID Connect client id. The client secret that goes with it is kept in the tenant (and in VS Code\'s SecretStorage), never shown.'), { field: 'itsme.partnerCode' }),
        ...(service ? [leaf('idp/serviceCode', vscode.l10n.t('Service code'), service, vscode.l10n.t('The itsme service this sign-in asks for, sent as the scope {0}.', mdCode(`service:${service}`)), { field: 'itsme.serviceCode' })] : []),
        leaf('idp/scope', vscode.l10n.t('Scopes'), shortScope(scope), external ? vscode.l10n.t('What External ID asks itsme for. Whole scope: {0}', mdCode(scope)) : vscode.l10n.t('What B2C asks itsme for. Whole scope: {0}', mdCode(scope)), { value: scope, field: 'itsme.scopes.phone' }),
        leaf('idp/usedBy', vscode.l10n.t('Used by'), flows, vscode.l10n.t('The user flow that offers this provider on its sign-in page.')),
        ...warnings('identityProvider'),
      ],
    });
  }
  const app = objects.app;
  if (external && objects.flow) children.push(externalFlowNode(s, t, id, leaf, warnings('userFlow')));
  const flow = external ? undefined : s.observed.userFlow;
  if (flow) {
    const settings = plan.steps.find((x) => x.resource === 'userFlowSettings');
    const tl = flow.tokenLifetimeConfiguration;
    const linked = objects.flow?.providers ?? [];
    const minutes = tl?.accessAndIdTokenLifetimeInMinutes;
    const unreadable = vscode.l10n.t('not readable through Graph');
    const outstanding = settings?.action === 'manual';
    children.push({
      kind: 'itsmeUserFlow',
      label: flow.id,
      description: linked.length ? linked.join(', ') : vscode.l10n.t('no identity provider'),
      tooltip: [
        vscode.l10n.t('**Sign up and sign in** user flow (version {0}): the page your app sends people to.', String(flow.userFlowTypeVersion ?? '?')),
        vscode.l10n.t('Run it from here ($(play)) to see the ID token.'),
      ].join('\n\n'),
      icon: 'play-circle',
      tenant: t,
      id: id('flow'),
      data: { flowId: flow.id, step: 'userFlow' },
      children: [
        leaf('flow/providers', vscode.l10n.t('Identity providers'), linked.join(', ') || vscode.l10n.t('none'), vscode.l10n.t('The sign-in options this flow offers.')),
        leaf(
          'flow/tokenLifetime',
          vscode.l10n.t('Token lifetime'),
          tl ? vscode.l10n.t('{0} min', minutes ?? '?') : unreadable,
          [vscode.l10n.t('How long the access and ID tokens this flow issues stay valid: {0} minutes.', String(minutes ?? '?')), outstanding ? vscode.l10n.t('$(warning) A portal step is outstanding: {0}', mdEscape(settings?.manual?.text ?? '')) : ''].filter(Boolean).join('\n\n'),
          { value: String(minutes ?? ''), field: 'userFlow.tokenLifetimeMinutes' },
        ),
        leaf(
          'flow/refresh',
          vscode.l10n.t('Refresh window'),
          tl ? lifetimeWords(tl.rollingRefreshTokenLifetimeInDays) : unreadable,
          vscode.l10n.t('How long a refresh token can keep being renewed (sliding window): {0}.', tl ? lifetimeWords(tl.rollingRefreshTokenLifetimeInDays) : unreadable),
          { field: 'userFlow.refreshSlidingWindow' },
        ),
        ...warnings('userFlow'),
      ],
    });
  }
  if (app) {
    const ig = app.web?.implicitGrantSettings;
    const sp = s.observed.servicePrincipals.find((x) => x.appId === app.appId);
    const consent = sp?.oauth2PermissionGrants?.find((g) => g.resourceId === s.observed.graphServicePrincipalId && g.consentType === 'AllPrincipals');
    const grant = [ig?.enableIdTokenIssuance ? vscode.l10n.t('ID') : '', ig?.enableAccessTokenIssuance ? vscode.l10n.t('access') : ''].filter(Boolean);
    children.push({
      kind: 'itsmeApplication',
      label: app.displayName ?? app.appId,
      description: vscode.l10n.t('test app'),
      tooltip: [vscode.l10n.t('**App registration** to try the user flow with (jwt.ms shows the token).'), vscode.l10n.t('Application (client) id: {0}', mdCode(app.appId)), vscode.l10n.t('Object id: {0}', mdCode(app.id))].join('\n\n'),
      icon: 'window',
      tenant: t,
      id: id('app'),
      data: { appId: app.appId, step: 'app' },
      children: [
        leaf('app/appId', vscode.l10n.t('Client id'), app.appId, vscode.l10n.t('The application (client) id: the `client_id` of the user flow\'s authorize URL.')),
        ...(app.web?.redirectUris ?? []).map((u, i) => leaf(`app/redirectUri/${i}`, vscode.l10n.t('Redirect URI'), u, vscode.l10n.t('Where the user flow may send the token. {0}', u.startsWith('http://localhost') ? vscode.l10n.t('This one is VS Code\'s own receiver, for "Show the token in VS Code".') : mdCode(u)), { field: 'app.redirectUris' })),
        leaf(
          'app/implicit',
          vscode.l10n.t('Implicit grant'),
          grant.length ? grant.join(' + ') : vscode.l10n.t('off'),
          vscode.l10n.t('Tokens the authorize endpoint may return directly (ID tokens: {0}; access tokens: {1}). jwt.ms needs them to show the token; a production app uses the code flow instead.', ig?.enableIdTokenIssuance ? vscode.l10n.t('on') : vscode.l10n.t('off'), ig?.enableAccessTokenIssuance ? vscode.l10n.t('on') : vscode.l10n.t('off')),
          { value: grant.join(' + '), field: 'app.implicitGrant.idTokens' },
        ),
        leaf('app/consent', vscode.l10n.t('Admin consent'), consent ? vscode.l10n.t('granted') : vscode.l10n.t('not granted'), consent ? vscode.l10n.t('Granted for everyone in the tenant: {0}', mdCode(consent.scope ?? '')) : vscode.l10n.t('Without admin consent the user flow asks each person to consent.'), { value: consent?.scope ?? '', field: 'app.adminConsent' }),
        ...warnings('application'),
      ],
    });
  }
  // Missing objects are said once, at the tenant level.
  for (const h of health.filter((x) => MISSING.has(x.id))) children.push(warn(h));
  return children;
}

type Leaf = (path: string, label: string, description: string, tooltip: string, opts?: { value?: string; field?: string }) => TreeNode;

/**
 * External ID's sign-up/sign-in user flow: the providers it offers, the apps linked to it (the app picks the flow:
 * no p= parameter), whether people can sign up. No token lifetime: External ID has no such setting per flow.
 */
function externalFlowNode(s: Snapshot, t: string, id: (path: string) => string, leaf: Leaf, warnings: TreeNode[]): TreeNode {
  const flow = s.objects.flow!;
  const appNames = (flow.appIds ?? []).map((a) => s.observed.applications.find((x) => x.appId === a)?.displayName ?? a);
  return {
    kind: 'itsmeUserFlow',
    label: flow.label,
    description: flow.providers.length ? flow.providers.join(', ') : vscode.l10n.t('no identity provider'),
    tooltip: [
      vscode.l10n.t('**Sign-up and sign-in** user flow of External ID: the page the apps linked to it send people to.'),
      vscode.l10n.t('Object id: {0}', mdCode(flow.id)),
      vscode.l10n.t('Run it from here ($(play)) to see the ID token.'),
    ].join('\n\n'),
    icon: 'play-circle',
    tenant: t,
    id: id('flow'),
    data: { flowId: flow.id, step: 'userFlow' },
    children: [
      leaf('flow/providers', vscode.l10n.t('Identity providers'), flow.providers.join(', ') || vscode.l10n.t('none'), vscode.l10n.t('The sign-in options this flow offers.')),
      leaf('flow/apps', vscode.l10n.t('Apps'), appNames.join(', ') || vscode.l10n.t('none'), vscode.l10n.t('The apps linked to this flow: External ID runs this flow for them (an app can be in one flow only).')),
      leaf('flow/signUp', vscode.l10n.t('Sign-up'), flow.signUpAllowed ? vscode.l10n.t('allowed') : vscode.l10n.t('not allowed'), vscode.l10n.t('Whether people without an account can create one with itsme in this flow.')),
      ...warnings,
    ],
  };
}
