// The emulated b2clogin's error table (emulators/b2c/errors.ts): every code it answers with is one of B2C's
// published codes, with the page's message and its source; every protocol error kind has a code.
import { strict as assert } from 'node:assert';
import { B2C_ERROR_CODES_URL, B2C_ERRORS, b2cCodeOf, b2cDescription } from '../../emulators/b2c/errors';
import type { ProtocolErrorKind } from '../../emulators/signin/protocol';

describe('emulator: B2C error table', () => {
  it('each row: an AADB2C code, a message, the published page as source', () => {
    for (const [code, row] of Object.entries(B2C_ERRORS)) {
      assert.match(code, /^AADB2C9\d{4}$/);
      assert.ok(row.message.length > 10, code);
      assert.equal(row.source, B2C_ERROR_CODES_URL);
    }
    assert.equal(b2cDescription('AADB2C90086', 'password'), 'AADB2C90086: The supplied grant_type [password] is not supported.');
  });

  it('the codes the issue found misassigned are the page\'s: client_id missing 90008, scope without openid 90110, unknown client 90018', () => {
    const kinds: ProtocolErrorKind[] = ['missingClientId', 'openidRequiredForIdToken', 'unknownClient', 'unsupportedResponseMode', 'invalidPrompt', 'loginRequired'];
    assert.deepEqual(kinds.map((kind) => b2cCodeOf({ kind, error: 'x', args: [] })), ['AADB2C90008', 'AADB2C90110', 'AADB2C90018', 'AADB2C90014', 'AADB2C90043', 'AADB2C90077']);
  });
});
