// Client secrets of app registrations (v1.0 application-addpassword / -removepassword): the secretText is returned
// once; reads show the credential without it; the emulated sign-in services check a confidential client against it.
import { strict as assert } from 'node:assert';
import { type GraphEmulator } from '../../emulators/index';
import { testApp, startWithCaller, type GraphCaller } from './test-helpers';

describe('emulator: application client secrets (addPassword / removePassword)', () => {
  let emu: GraphEmulator;
  let g: GraphCaller;
  before(async () => ({ emu, g } = await startWithCaller()));
  after(() => emu.stop());

  it('addPassword returns the secretText once; GET and list show the credential without it; removePassword deletes it', async () => {
    const app = await g('POST', '/v1.0/applications', testApp());
    const pw = await g('POST', `/v1.0/applications/${app.body.id}/addPassword`, { passwordCredential: { displayName: 'web' } });
    assert.equal(pw.status, 200, JSON.stringify(pw.body));
    assert.equal(typeof pw.body.secretText, 'string');
    assert.equal(pw.body.hint, pw.body.secretText.slice(0, 3));
    assert.equal(pw.body.displayName, 'web');
    const one = await g('GET', `/v1.0/applications/${app.body.id}`);
    assert.equal(one.body.passwordCredentials.length, 1);
    assert.equal(one.body.passwordCredentials[0].secretText, null);
    assert.equal(one.body.passwordCredentials[0].keyId, pw.body.keyId);
    const list = await g('GET', '/v1.0/applications');
    assert.equal(JSON.stringify(list.body).includes(pw.body.secretText), false);
    assert.equal((await g('POST', `/v1.0/applications/${app.body.id}/removePassword`, { keyId: pw.body.keyId })).status, 204);
    assert.deepEqual((await g('GET', `/v1.0/applications/${app.body.id}`)).body.passwordCredentials, []);
  });
});
