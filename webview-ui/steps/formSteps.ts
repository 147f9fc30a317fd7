// The seven form steps: the guide's explanations around the controls the field table declares for each. Values,
// errors and what is valid all come from the host's state.
import type { WizardView } from '../../src/wizard/view';
import type { FormStepId } from '../../src/wizard/steps';
import { button, h, setDisabled, setText, show } from '../dom';
import { controlField, type FieldContext, type FieldUi } from '../formFields';
import { SECRET_AFTER } from '../../src/core/config/fields';
import { controlsOfStep } from '../../src/wizard/fields';
import { secretField, type SecretFieldUi } from '../secretField';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';
import type { TenantKind } from '../../src/wizard/tenantKind';
import { platformName, platformShort } from '../strings';

interface Extra {
  root: HTMLElement;
  update(view: WizardView): void;
}

function para(text: string): HTMLElement {
  return h('p', { class: 'intro' }, text);
}

function linkButton(ctx: StepContext, id: string, label: string, which: 'onboarding' | 'guide'): HTMLElement {
  return button(id, label, () => ctx.send({ type: 'event', event: { type: 'openUrl', which } }), { secondary: true });
}

function derivedLine(id: string, label: string, pick: (v: WizardView) => string): Extra {
  const value = h('code', { id });
  return { root: h('p', { class: 'derived' }, `${label} `, value), update: (v) => setText(value, pick(v)) };
}

function tenantCheckBox(): Extra {
  const ring = h('vscode-progress-ring', { class: 'inline-ring', 'aria-hidden': 'true' });
  const text = h('span');
  const root = h('div', { id: 'tenant-check', role: 'status', 'aria-live': 'polite' }, ring, text);
  return {
    root,
    update(view) {
      const tc = view.tenantCheck;
      root.dataset['status'] = tc.status;
      show(ring, tc.status === 'checking');
      if (tc.status === 'none') setText(text, l10n.t('Next checks the tenant (VS Code may ask you to sign in).'));
      else if (tc.status === 'checking') setText(text, l10n.t('Checking the tenant…'));
      else if (tc.status === 'ok') setText(text, l10n.t('✓ {0} is an {1} tenant. Signed in as {2}.', tc.check.initialDomain, platformName(tc.check.tenantKind), tc.check.account));
      else setText(text, tc.message);
      root.classList.toggle('error', tc.status === 'failed');
    },
  };
}

/** The step's controls, as the field table declares them; the secret (never a configuration field) after its anchor. */
function fieldsOf(ctx: StepContext & FieldContext, step: FormStepId): FieldUi[] {
  return controlsOfStep(step).flatMap((c) => (c.name === SECRET_AFTER ? [controlField(ctx, c), secretField(ctx.send, ctx.announce, ctx.onEnter)] : [controlField(ctx, c)]));
}

function isSecretField(f: FieldUi): f is SecretFieldUi {
  return f.name === 'secret';
}

/** When to choose B2C's custom policy over the user flow, in plain words, before the choice itself. */
function variantExplainer(): HTMLElement {
  return h(
    'section',
    { id: 'variant-explainer', class: 'notice' },
    h('p', {}, l10n.t('A user flow (Microsoft\'s guide) is enough when your app needs the person\'s id, name and email. Choose the custom policy when you need one of these:')),
    h(
      'ul',
      {},
      h('li', {}, l10n.t('the Belgian national number, or another itsme claim such as the birth date;')),
      h('li', {}, l10n.t('the itsme code forced at every sign-in (advanced assurance), never a fingerprint or face;')),
      h('li', {}, l10n.t('token lifetimes you set yourself, in seconds.')),
    ),
    h('p', {}, l10n.t('The tool generates, uploads and keeps the policy files and their keys. The account you signed in with needs the roles B2C IEF Policy Administrator and B2C IEF Keyset Administrator, and the management app the Graph permissions Policy.ReadWrite.TrustFramework and TrustFrameworkKeySet.ReadWrite.All.')),
  );
}

/**
 * What a step says around its controls: the guide's explanations, and lines derived from the values. `kind` is the
 * tenant's kind once the tenant check said it (before then, words that fit both).
 */
function prose(ctx: StepContext, step: FormStepId, kind: TenantKind | undefined): { intro: HTMLElement[]; extras: Extra[] } {
  const platform = platformShort(kind ?? 'b2c');
  switch (step) {
    case 'prerequisites':
      return {
        intro: [
          para(l10n.t('This wizard sets up "Log in with itsme" in your Azure AD B2C tenant or Microsoft Entra External ID tenant (external tenant), as in Microsoft\'s guide: an OpenID Connect identity provider, a sign-up and sign-in user flow, and a test app registration. You review every change before anything is written.')),
          h('h2', {}, l10n.t('What itsme gives you at onboarding')),
          h(
            'ul',
            { id: 'prerequisites-list' },
            h('li', {}, h('strong', {}, l10n.t('Partner code')), ' — ', l10n.t('the OpenID Connect client id, e.g. abcd1234.')),
            h('li', {}, h('strong', {}, l10n.t('Service code')), ' — ', l10n.t('the code of your itsme service, sent as the scope service:<CODE>.')),
            h('li', {}, h('strong', {}, l10n.t('Client secret')), ' — ', l10n.t('through a one-time link: open it only when you are ready to paste the secret here.')),
          ),
          para(l10n.t('Not onboarded yet, or the link expired? Write to onboarding@itsme-id.com. You will send itsme the two redirect URIs this wizard shows at the end.')),
          h('div', { class: 'inline' }, linkButton(ctx, 'open-onboarding', l10n.t('Email onboarding@itsme-id.com'), 'onboarding'), linkButton(ctx, 'open-guide', l10n.t('Open Microsoft\'s guide'), 'guide')),
          h('h2', {}, l10n.t('What you need in Azure')),
          para(l10n.t('An Azure AD B2C tenant or a Microsoft Entra External ID external tenant, and an account allowed to manage identity providers, user flows and app registrations in it. The wizard tells which kind it is after you sign in and asks only what applies to it.')),
        ],
        extras: [],
      };
    case 'tenant':
      return {
        intro: [para(l10n.t('The tenant to configure. The wizard reads it first and checks its kind: Azure AD B2C, or Microsoft Entra External ID (an external tenant).'))],
        extras: [tenantCheckBox()],
      };
    case 'environment':
      return {
        intro: [
          // B2C only (an external tenant has no custom policies; the choice shows once the tenant check said B2C).
          ...(kind === 'b2c' ? [variantExplainer()] : []),
          para(l10n.t('Which itsme environment {0} talks to, and which version of itsme\'s endpoints your partner account uses.', platform)),
        ],
        extras: [derivedLine('metadata-url', l10n.t('{0} will read:', platform), (v) => v.derived.metadataUrl || '—')],
      };
    case 'credentials':
      return {
        intro: [para(l10n.t('The codes itsme sent you at onboarding. The secret is stored in VS Code\'s SecretStorage, never in settings or files.'))],
        extras: [derivedLine('scope', l10n.t('Scope sent to itsme:'), (v) => v.derived.scope)],
      };
    case 'identityProvider':
      return {
        intro: [
          para(
            kind === 'external'
              ? l10n.t('How the itsme provider appears in External ID. External ID maps itsme\'s standard claims (name, given and family name, email, phone, address) itself; claims beyond those, such as the national number, need Azure AD B2C.')
              : l10n.t('How the itsme provider appears in B2C and which itsme claims fill the user\'s attributes. The defaults are the guide\'s.'),
          ),
        ],
        extras: [],
      };
    case 'userFlow':
      return {
        intro: [
          para(
            kind === 'external'
              ? l10n.t('The sign-up and sign-in user flow that offers itsme. External ID chooses the flow by the app linked to it, and has no token lifetime settings per flow.')
              : l10n.t('The "Sign up and sign in" user flow that offers itsme, with the guide\'s token settings.'),
          ),
        ],
        extras: [],
      };
    case 'customPolicy':
      return {
        intro: [para(l10n.t('The itsme-only custom policy the tool generates, uploads and keeps: which itsme claims go into the token, the assurance level, the language of itsme\'s pages and the token lifetimes.'))],
        extras: [],
      };
    case 'app':
      return {
        intro: [
          para(
            kind === 'external'
              ? l10n.t('An app registration to test the sign-in with, linked to the user flow (an app can be in one flow only). jwt.ms shows the token.')
              : l10n.t('An app registration to test the sign-in with (the guide uses jwt.ms to show the token).'),
          ),
        ],
        extras: [],
      };
  }
}

export function formStep(ctx: StepContext, step: FormStepId, kind?: TenantKind): StepUi {
  // A typed secret is stored by Next itself: the host stores it, then goes on (or refuses, showing the errors).
  const goOn = () => {
    const secret = fields.find(isSecretField);
    if (!secret?.submitWithNext()) ctx.next();
  };
  const nextButton = button('next', step === 'app' ? l10n.t('Review the plan') : step === 'prerequisites' ? l10n.t('I have them — start') : l10n.t('Next'), goOn);
  const { intro, extras } = prose(ctx, step, kind);
  const fields: FieldUi[] = fieldsOf({ ...ctx, onEnter: () => !nextButton.hasAttribute('disabled') && goOn() }, step);
  const body = h('div', { class: 'form-step', 'data-step': step }, ...intro, ...fields.map((f) => f.root), ...extras.map((e) => e.root));
  const back = button('back', l10n.t('Back'), () => ctx.send({ type: 'event', event: { type: 'back' } }), { secondary: true });
  return {
    body,
    actions: [back, nextButton],
    update(view) {
      show(back, view.derived.canGoBack);
      setDisabled(nextButton, view.tenantCheck.status === 'checking' && step === 'tenant');
      for (const f of fields) f.update(view);
      for (const e of extras) e.update(view);
    },
    focusFirstError(view) {
      const target = fields.find((f) => view.errors[f.name] !== undefined && !f.root.hidden);
      target?.focus();
      return target !== undefined;
    },
  };
}
