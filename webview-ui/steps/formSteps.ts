// The seven form steps: which controls each shows, with the guide's explanations. Values, errors and what is valid
// all come from the host's state.
import type { WizardView } from '../../src/wizard/view';
import type { FormStepId } from '../../src/wizard/steps';
import { button, h, setDisabled, setText, show } from '../dom';
import { checkboxField, radioField, textField, type FieldContext, type FieldUi } from '../formFields';
import { secretField } from '../secretField';
import type { StepContext, StepUi } from '../stepUi';
import * as l10n from '@vscode/l10n';

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
      else if (tc.status === 'ok') setText(text, l10n.t('✓ {0} is an Azure AD B2C tenant. Signed in as {1}.', tc.check.initialDomain, tc.check.account));
      else setText(text, tc.message);
      root.classList.toggle('error', tc.status === 'failed');
    },
  };
}

function build(ctx: StepContext & FieldContext, step: FormStepId): { intro: HTMLElement[]; fields: FieldUi[]; extras: Extra[] } {
  switch (step) {
    case 'prerequisites':
      return {
        intro: [
          para(l10n.t('This wizard sets up "Log in with itsme" in your Azure AD B2C tenant, as in Microsoft\'s guide: an OpenID Connect identity provider, a sign-up and sign-in user flow, and a test app registration. You review every change before anything is written.')),
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
          para(l10n.t('An Azure AD B2C tenant and an account allowed to manage identity providers, user flows and app registrations in it.')),
        ],
        fields: [],
        extras: [],
      };
    case 'tenant':
      return {
        intro: [para(l10n.t('The B2C tenant to configure. The wizard reads it first and checks that it is an Azure AD B2C tenant.'))],
        fields: [
          textField(ctx, 'tenant', { label: l10n.t('Tenant domain or id'), placeholder: 'contosob2c.onmicrosoft.com', help: l10n.t('Its <name>.onmicrosoft.com domain or its tenant id (GUID). Leave empty to use the tenant you signed in to.') }),
          textField(ctx, 'loginHost', { label: l10n.t('Custom login domain (optional)'), placeholder: 'login.contoso.com', help: l10n.t('Only if your B2C tenant uses a custom domain instead of <name>.b2clogin.com.') }),
        ],
        extras: [tenantCheckBox()],
      };
    case 'environment':
      return {
        intro: [para(l10n.t('Which itsme environment B2C talks to, and which generation of itsme\'s endpoints your partner account uses.'))],
        fields: [
          radioField(ctx, 'environment', {
            label: l10n.t('itsme environment'),
            options: [
              { value: 'e2e', label: l10n.t('e2e (test)'), help: l10n.t('itsme\'s test environment, with test identities.') },
              { value: 'prd', label: l10n.t('prd (production)'), help: l10n.t('real itsme users.') },
            ],
          }),
          radioField(ctx, 'generation', {
            label: l10n.t('Endpoint generation'),
            help: l10n.t('How to tell: the host in the URLs itsme sent you. idp.<env>.itsme.services means v2; oidc.<env>.itsme.services/clientsecret-oidc/csapi means legacy.'),
            options: [
              { value: 'v2', label: l10n.t('v2'), help: l10n.t('onboarded on or after 25 June 2025 (host idp.<env>.itsme.services).') },
              { value: 'legacy', label: l10n.t('legacy'), help: l10n.t('onboarded before 25 June 2025: the csapi URL of Microsoft\'s guide.') },
              { value: 'custom', label: l10n.t('custom URL'), help: l10n.t('a discovery URL itsme gave you.') },
            ],
          }),
          textField(ctx, 'metadataUrl', { label: l10n.t('Metadata URL'), placeholder: 'https://…/.well-known/openid-configuration', visibleWhen: (f) => f.generation === 'custom' }),
        ],
        extras: [derivedLine('metadata-url', l10n.t('B2C will read:'), (v) => v.derived.metadataUrl || '—')],
      };
    case 'credentials':
      return {
        intro: [para(l10n.t('The codes itsme sent you at onboarding. The secret is stored in VS Code\'s SecretStorage, never in settings or files.'))],
        fields: [
          textField(ctx, 'partnerCode', { label: l10n.t('Partner code (client id)'), placeholder: 'abcd1234' }),
          textField(ctx, 'serviceCode', { label: l10n.t('Service code'), placeholder: 'MYBANK_LOGIN', help: l10n.t('The code alone, without "service:".') }),
          secretField(ctx.send, ctx.announce),
          checkboxField(ctx, 'scopePhone', { label: l10n.t('Also ask for the phone number (scope phone)') }),
          checkboxField(ctx, 'scopeAddress', { label: l10n.t('Also ask for the address (scope address)') }),
        ],
        extras: [derivedLine('scope', l10n.t('Scope sent to itsme:'), (v) => v.derived.scope)],
      };
    case 'identityProvider':
      return {
        intro: [para(l10n.t('How the itsme provider appears in B2C and which itsme claims fill the user\'s attributes. The defaults are the guide\'s.'))],
        fields: [
          textField(ctx, 'idpDisplayName', { label: l10n.t('Name (the sign-in button label)'), placeholder: 'itsme' }),
          textField(ctx, 'claimUserId', { label: l10n.t('User ID claim'), placeholder: 'sub' }),
          textField(ctx, 'claimDisplayName', { label: l10n.t('Display name claim'), placeholder: 'name' }),
          textField(ctx, 'claimGivenName', { label: l10n.t('Given name claim (optional)'), placeholder: 'given_name' }),
          textField(ctx, 'claimSurname', { label: l10n.t('Surname claim (optional)'), placeholder: 'family_name' }),
          textField(ctx, 'claimEmail', { label: l10n.t('Email claim (optional)'), placeholder: 'email' }),
          textField(ctx, 'domainHint', { label: l10n.t('Domain hint (optional)'), help: l10n.t('The guide leaves it empty.') }),
        ],
        extras: [],
      };
    case 'userFlow':
      return {
        intro: [para(l10n.t('The "Sign up and sign in" user flow that offers itsme, with the guide\'s token settings.'))],
        fields: [
          textField(ctx, 'flowName', { label: l10n.t('User flow name'), placeholder: 'itsme', help: l10n.t('B2C adds the B2C_1_ prefix.') }),
          textField(ctx, 'tokenLifetimeMinutes', { label: l10n.t('Access and ID token lifetime (minutes)'), placeholder: '5', help: l10n.t('The guide uses 5 minutes (allowed: 5 to 1440).') }),
          radioField(ctx, 'slidingWindow', {
            label: l10n.t('Refresh token sliding window'),
            options: [
              { value: 'noExpiry', label: l10n.t('No expiry (the guide\'s choice)') },
              { value: 'bounded', label: l10n.t('Bounded') },
            ],
          }),
          textField(ctx, 'slidingWindowDays', { label: l10n.t('Sliding window length (days)'), placeholder: '90', visibleWhen: (f) => f.slidingWindow === 'bounded' }),
        ],
        extras: [],
      };
    case 'app':
      return {
        intro: [para(l10n.t('An app registration to test the sign-in with (the guide uses jwt.ms to show the token).'))],
        fields: [
          textField(ctx, 'appDisplayName', { label: l10n.t('App name'), placeholder: 'itsme-test-jwtms' }),
          textField(ctx, 'redirectUris', { label: l10n.t('Redirect URIs'), multiline: true, monospace: true, help: l10n.t('One per line. https://jwt.ms shows the token after "Run user flow".') }),
          checkboxField(ctx, 'implicitIdTokens', { label: l10n.t('Implicit grant: ID tokens') }),
          checkboxField(ctx, 'implicitAccessTokens', { label: l10n.t('Implicit grant: access tokens') }),
          checkboxField(ctx, 'adminConsent', { label: l10n.t('Grant admin consent for openid and offline_access') }),
        ],
        extras: [],
      };
  }
}

export function formStep(ctx: StepContext, step: FormStepId): StepUi {
  const nextButton = button('next', step === 'app' ? l10n.t('Review the plan') : step === 'prerequisites' ? l10n.t('I have them — start') : l10n.t('Next'), () => ctx.next());
  const { intro, fields, extras } = build({ ...ctx, onEnter: () => !nextButton.hasAttribute('disabled') && ctx.next() }, step);
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
