// The webview is untrusted input: every message is checked at the host boundary, rebuilt from its checked fields,
// and anything malformed is dropped with a reason that never contains the values.
import assert from 'node:assert/strict';
import { checkWebviewMessage, isHostMessage, isWebviewMessage, parseWebviewMessage } from '../../src/protocol/guards';
import { MAX_SECRET_LENGTH, type WebviewMessage } from '../../src/protocol/messages';
import { toView } from '../../src/wizard/view';
import { initialState } from '../../src/wizard/initial';

const SECRET = 'Very-Secret-Value-42';

const GOOD: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'clearSecret' },
  { type: 'storeSecret', value: SECRET },
  { type: 'event', event: { type: 'next' } },
  { type: 'event', event: { type: 'back' } },
  { type: 'event', event: { type: 'apply' } },
  { type: 'event', event: { type: 'cancel' } },
  { type: 'event', event: { type: 'restart' } },
  { type: 'event', event: { type: 'runUserFlow' } },
  { type: 'event', event: { type: 'goto', step: 'tenant' } },
  { type: 'event', event: { type: 'edit', field: 'partnerCode', value: 'abcd1234' } },
  { type: 'event', event: { type: 'edit', field: 'scopePhone', value: true } },
  { type: 'event', event: { type: 'edit', field: 'environment', value: 'prd' } },
  { type: 'event', event: { type: 'edit', field: 'partnerCode', value: 'ab cd' } }, // invalid for the engine, fine for the protocol
  { type: 'event', event: { type: 'copy', which: 'redirect-0' } },
  { type: 'event', event: { type: 'copy', which: 'redirect-1' } },
  { type: 'event', event: { type: 'openUrl', which: 'onboarding' } },
  { type: 'event', event: { type: 'openUrl', which: 'manual:userFlowSettings' } },
  { type: 'event', event: { type: 'openUrl', which: 'portal:appRegistration' } },
  // Issue 8: the secret stored by Next, the mail draft, "try it" in VS Code, sign in, the failure page's fix.
  { type: 'storeSecret', value: SECRET, next: true },
  { type: 'event', event: { type: 'openUrl', which: 'mailItsme' } },
  { type: 'event', event: { type: 'runUserFlow', target: 'vscode' } },
  { type: 'event', event: { type: 'runUserFlow', target: 'jwt' } },
  { type: 'event', event: { type: 'signIn' } },
  { type: 'event', event: { type: 'fix' } },
  { type: 'event', event: { type: 'copy', which: 'redirectUris' } },
];

const BAD: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'ready'],
  ['a number', 7],
  ['an array', [{ type: 'ready' }]],
  ['no type', {}],
  ['unknown type', { type: 'hello' }],
  ['type not a string', { type: 1 }],
  ['ready with extra keys', { type: 'ready', now: true }],
  ['class instance', new (class X { type = 'ready'; })()],
  ['storeSecret without value', { type: 'storeSecret' }],
  ['storeSecret with a number', { type: 'storeSecret', value: 1234 }],
  ['storeSecret with an object', { type: 'storeSecret', value: { secret: SECRET } }],
  ['storeSecret too long', { type: 'storeSecret', value: 'x'.repeat(MAX_SECRET_LENGTH + 1) }],
  ['storeSecret with extra key', { type: 'storeSecret', value: SECRET, echo: SECRET }],
  ['storeSecret with next not true', { type: 'storeSecret', value: SECRET, next: 'review' }],
  ['runUserFlow to a URL', { type: 'event', event: { type: 'runUserFlow', target: 'https://evil.example' } }],
  ['fix with a command', { type: 'event', event: { type: 'fix', command: 'workbench.action.terminal.new' } }],
  ['signedIn from the page', { type: 'event', event: { type: 'signedIn', tenant: 'x' } }],
  ['event without event', { type: 'event' }],
  ['event not an object', { type: 'event', event: 'next' }],
  ['event of unknown type', { type: 'event', event: { type: 'deleteTenant' } }],
  ['event from the host side', { type: 'event', event: { type: 'secretStored', stored: true } }],
  ['event planComputed smuggled in', { type: 'event', event: { type: 'planComputed', requestId: 1, plan: {} } }],
  ['next with extra keys', { type: 'event', event: { type: 'next', step: 'done' } }],
  ['goto unknown step', { type: 'event', event: { type: 'goto', step: 'nowhere' } }],
  ['goto without step', { type: 'event', event: { type: 'goto' } }],
  ['edit unknown field', { type: 'event', event: { type: 'edit', field: 'clientSecret', value: SECRET } }],
  ['edit prototype field', { type: 'event', event: { type: 'edit', field: '__proto__', value: 'x' } }],
  ['edit string field with boolean', { type: 'event', event: { type: 'edit', field: 'partnerCode', value: true } }],
  ['edit boolean field with string', { type: 'event', event: { type: 'edit', field: 'scopePhone', value: 'true' } }],
  ['edit option field with unknown option', { type: 'event', event: { type: 'edit', field: 'environment', value: 'staging' } }],
  ['edit with huge value', { type: 'event', event: { type: 'edit', field: 'tenant', value: 'a'.repeat(100_000) } }],
  ['edit without value', { type: 'event', event: { type: 'edit', field: 'tenant' } }],
  ['edit with extra key', { type: 'event', event: { type: 'edit', field: 'tenant', value: 'a', secret: SECRET } }],
  ['copy unknown target', { type: 'event', event: { type: 'copy', which: 'secret' } }],
  ['copy arbitrary text', { type: 'event', event: { type: 'copy', which: 'redirect-0', text: 'evil' } }],
  ['openUrl with a URL', { type: 'event', event: { type: 'openUrl', which: 'https://evil.example' } }],
  ['openUrl with a command URI', { type: 'event', event: { type: 'openUrl', which: 'command:workbench.action.terminal.new' } }],
  ['openUrl portal with a URL', { type: 'event', event: { type: 'openUrl', which: 'portal:https://evil' } }],
  ['openUrl without which', { type: 'event', event: { type: 'openUrl' } }],
];

describe('protocol: webview → host guards', () => {
  for (const msg of GOOD) {
    it(`accepts ${JSON.stringify(msg).replace(SECRET, '<secret>')}`, () => {
      const r = checkWebviewMessage(structuredClone(msg));
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepEqual(r.value, msg);
      assert.ok(isWebviewMessage(msg));
    });
  }

  for (const [name, raw] of BAD) {
    it(`drops ${name}, and says why without the values`, () => {
      const reasons: string[] = [];
      assert.equal(parseWebviewMessage(raw, (r) => reasons.push(r)), undefined);
      assert.equal(isWebviewMessage(raw), false);
      assert.equal(reasons.length, 1);
      assert.match(reasons[0]!, /^dropped a malformed webview message: /);
      assert.ok(!reasons[0]!.includes(SECRET), reasons[0]);
      assert.ok(!reasons[0]!.includes('evil'), reasons[0]);
      assert.ok(reasons[0]!.length < 300, 'short');
    });
  }

  it('rebuilds the message: the result is a fresh object with exactly the checked keys', () => {
    const raw = { type: 'event', event: { type: 'edit', field: 'tenant', value: 'a.onmicrosoft.com' } };
    const r = parseWebviewMessage(raw, () => assert.fail('not dropped'));
    assert.ok(r && r.type === 'event');
    assert.notEqual(r, raw);
    assert.notEqual(r.event, raw.event);
    assert.deepEqual(Object.keys(r.event).sort(), ['field', 'type', 'value']);
  });

  it('does not log the value of a malformed secret message', () => {
    const reasons: string[] = [];
    parseWebviewMessage({ type: 'storeSecret', value: SECRET, extra: 1 }, (r) => reasons.push(r));
    parseWebviewMessage({ type: SECRET }, (r) => reasons.push(r));
    parseWebviewMessage({ type: 'event', event: { type: 'edit', field: SECRET, value: 'x' } }, (r) => reasons.push(r));
    assert.equal(reasons.length, 3);
    assert.ok(reasons.every((r) => !r.includes(SECRET)), reasons.join('\n'));
  });
});

describe('protocol: host → webview guard', () => {
  it('accepts init and state messages', () => {
    assert.ok(isHostMessage({ type: 'init' }));
    assert.ok(isHostMessage({ type: 'init', l10n: { Next: 'Volgende' } }));
    assert.ok(isHostMessage(structuredClone({ type: 'state', view: toView(initialState()) })));
  });

  it('refuses anything else', () => {
    for (const bad of [null, {}, { type: 'state' }, { type: 'state', view: { step: 'nowhere', form: {}, derived: {}, errors: {} } }, { type: 'init', l10n: { a: 1 } }, { type: 'secret', value: 'x' }]) {
      assert.equal(isHostMessage(bad), false, JSON.stringify(bad));
    }
  });
});
