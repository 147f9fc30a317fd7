// Plan resources and actions in words (issue 8, finding 5): QuickPick rows, the portal picker, the Remove dialog
// and the CLI's text output name objects as people do; --json keeps the resource keys.
import assert from 'node:assert/strict';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import type { StepResource } from '../../src/core/plan/types';
import { accountOf, formatPlan, planJson } from '../../src/core/format';
import { actionName, portalLinkName, resourceName, stepSentence } from '../../src/core/plan/labels';
import { config, configuredTenant, emptyTenant } from './fixtures';

const RESOURCES: StepResource[] = ['identityProvider', 'userFlow', 'userFlowLink', 'userFlowSettings', 'application', 'servicePrincipal', 'adminConsent', 'duplicates'];
const KEYS = /\b(identityProvider|userFlowLink|userFlowSettings|adminConsent|servicePrincipal|userFlowProperties|appRegistrations?|identityProviders|removeDuplicate)\b/;

describe('plan labels in words', () => {
  it('names every resource in words', () => {
    const names = RESOURCES.map(resourceName);
    assert.deepEqual(names.slice(0, 7), ['Identity provider', 'User flow', 'User flow link', 'Token lifetimes', 'App registration', 'Service principal', 'Admin consent']);
    for (const n of names) assert.doesNotMatch(n, /[a-z][A-Z]/, `no camelCase: ${n}`);
    assert.equal(new Set(names).size, names.length);
  });

  it('names every action as a capitalised verb', () => {
    for (const a of ['create', 'update', 'link', 'noop', 'manual', 'delete', 'unlink', 'adopt', 'removeDuplicate'] as const) assert.match(actionName(a), /^[A-Z][a-z]/);
    assert.equal(actionName('removeDuplicate'), 'Remove copy');
  });

  it('says each removal as a sentence: "Delete admin consent for openid, offline_access"', () => {
    const plan = computeDestroyPlan(config(), configuredTenant(config()));
    const sentences = plan.steps.filter((s) => s.action !== 'noop').map(stepSentence);
    assert.ok(sentences.includes('Delete admin consent for openid, offline_access'), sentences.join('\n'));
    assert.ok(sentences.some((s) => /^Delete identity provider itsme$/.test(s)), sentences.join('\n'));
    for (const s of sentences) assert.doesNotMatch(s, KEYS, s);
  });

  it('a user-flow link or its settings are never called an app registration', () => {
    const link = stepSentence({ resource: 'userFlowLink', action: 'unlink', label: 'itsme → B2C_1_itsme' });
    const settings = stepSentence({ resource: 'userFlowSettings', action: 'update', label: 'B2C_1_itsme token lifetimes and MFA' });
    assert.equal(link, 'Unlink itsme → B2C_1_itsme');
    assert.equal(settings, 'Update B2C_1_itsme token lifetimes and MFA');
  });

  it('names every portal link', () => {
    for (const k of ['identityProviders', 'userFlows', 'userFlowProperties', 'appRegistration', 'appRegistrations']) {
      assert.doesNotMatch(portalLinkName(k), KEYS);
      assert.match(portalLinkName(k), /^[A-Z]/);
    }
    assert.equal(portalLinkName('somethingNew'), 'somethingNew', 'an unknown key is shown as it is, not dropped');
  });

  it('the CLI text plan and account use words; --json keeps the keys', () => {
    const plan = computePlan(config(), emptyTenant());
    const text = formatPlan(plan, 'https://graph.microsoft.com');
    const words = text.split('\n').filter((l) => !/https:\/\//.test(l)).join('\n'); // request URLs are exact
    assert.doesNotMatch(words, KEYS, words);
    assert.match(text, /Admin consent/);
    const json = JSON.stringify(planJson(plan, 'https://graph.microsoft.com'));
    assert.match(json, /"resource":"adminConsent"/);
    const outcomes = plan.steps.map((s) => ({ resource: s.resource, action: s.action, label: s.label, status: 'done' as const }));
    const account = accountOf(outcomes, undefined, 'words');
    for (const line of account.written) assert.doesNotMatch(line, KEYS, line);
    assert.ok(account.written.includes('Admin consent: openid, offline_access'), account.written.join('\n'));
    assert.ok(accountOf(outcomes).written.some((l) => l.startsWith('adminConsent: ')), 'the --json account keeps the keys');
  });
});
