// The custom-policy variant's nodes, in place of the identity provider and the user flow: our two policies and our
// three key sets, each with its health (present / differs / missing / clash) from the plan (core/customPolicyHealth).
// The relying party runs like a user flow (B2C_1A_<name> is the p= of the sign-in URL). Key sets show their id only:
// their material is write-only.
import * as vscode from 'vscode';
import { customPolicyObjects, type PolicyObject, type PolicyObjectState } from '../../core/customPolicyHealth';
import { mdCode, mdEscape, type TreeNode } from './node';
import type { Snapshot } from './tenantNodes';

type Leaf = (path: string, label: string, description: string, tooltip: string, opts?: { value?: string; field?: string }) => TreeNode;

function stateWord(state: PolicyObjectState): string {
  switch (state) {
    case 'present':
      return vscode.l10n.t('present');
    case 'differs':
      return vscode.l10n.t('differs');
    case 'missing':
      return vscode.l10n.t('missing');
    case 'clash':
      return vscode.l10n.t('clash: not ours');
  }
}

function stateIcon(o: PolicyObject): string {
  if (o.state === 'missing' || o.state === 'clash') return 'warning';
  return o.kind === 'policy' ? 'file-code' : 'key';
}

/** Whether the tenant holds any of our policies or key sets (the tree then lists them, not the welcome). */
export function hasCustomPolicyObjects(s: Snapshot): boolean {
  return customPolicyObjects(s.plan).some((o) => o.state === 'present' || o.state === 'differs');
}

export function customPolicyNodes(s: Snapshot, t: string, id: (path: string) => string, leaf: Leaf): TreeNode[] {
  const objects = customPolicyObjects(s.plan);
  if (!objects.length) return [];
  const cp = s.config.customPolicy;
  const rpId = s.plan.outputs.customPolicy?.policyId;
  const policies = objects.filter((o) => o.kind === 'policy');
  const keySets = objects.filter((o) => o.kind === 'keySet');
  const node = (o: PolicyObject, children?: TreeNode[]): TreeNode => ({
    kind: o.kind === 'policy' ? 'itsmePolicy' : 'itsmeKeySet',
    label: o.id,
    description: stateWord(o.state),
    tooltip: [
      o.kind === 'policy'
        ? o.id === rpId
          ? vscode.l10n.t('**Relying-party policy**: the page your app sends people to (p={0}). Run it from here ($(play)) to see the ID token.', mdEscape(o.id))
          : vscode.l10n.t('**Base policy**: the claims, the itsme technical profile, the token issuer and the journey.')
        : vscode.l10n.t('**Policy key set** {0}: its keys are write-only, never shown.', mdCode(o.id)),
      mdEscape(o.message),
    ].join('\n\n'),
    icon: stateIcon(o),
    tenant: t,
    id: id(`${o.kind}/${o.resource}`),
    data: { id: o.id, ...(o.kind === 'policy' ? { step: 'customPolicy' } : {}) },
    ...(children?.length ? { children } : {}),
  });
  const settings: TreeNode[] = cp
    ? [
        leaf('policy/claims', vscode.l10n.t('Claims'), cp.claims.join(', ') || vscode.l10n.t('none'), vscode.l10n.t('The extra itsme claims this policy asks for and puts in the token.'), { field: 'customPolicy.claims' }),
        leaf('policy/assurance', vscode.l10n.t('Assurance'), cp.assurance, vscode.l10n.t('basic: itsme as usual; advanced: the itsme code is forced (acr_advanced).'), { field: 'customPolicy.assurance' }),
        leaf(
          'policy/idTokenLifetime',
          vscode.l10n.t('ID token lifetime'),
          vscode.l10n.t('{0} s', cp.lifetimes.idTokenSeconds),
          vscode.l10n.t('How long an ID token from this policy stays valid (the JWT issuer\'s id_token_lifetime_secs).'),
          { value: String(cp.lifetimes.idTokenSeconds), field: 'customPolicy.tokenLifetimes.idTokenSeconds' },
        ),
      ]
    : [];
  return [
    ...policies.map((o) => node(o, o.id === rpId ? settings : undefined)),
    {
      kind: 'itsmeDetail',
      label: vscode.l10n.t('Policy keys'),
      description: keySets.every((k) => k.state === 'present') ? vscode.l10n.t('all present') : keySets.filter((k) => k.state !== 'present').map((k) => stateWord(k.state)).join(', '),
      tooltip: vscode.l10n.t('The key sets the policies use: the itsme client secret, and the token signing and encryption keys. Their material is write-only.'),
      icon: 'key',
      tenant: t,
      id: id('keySets'),
      children: keySets.map((o) => node(o)),
    },
  ];
}
