// The walkthrough's "Copy the permissions" (itsme.copyPermissions): the clipboard holds the permissions every B2C
// setup needs; the notification adds, in words, External ID's EventListener.ReadWrite.All and the custom-policy
// permissions — the latter as needed only for custom policies, so a user-flow setup does not grant them.
import assert from 'node:assert/strict';
import { CUSTOM_POLICY_SCOPES, GRAPH_SCOPES } from '../../src/core/auth/scopes';
import { permissionsToCopy } from '../../src/vscode/permissionsText';

describe('Copy the permissions', () => {
  it('copies the five common permissions only, one a line', () => {
    for (const method of ['microsoft', 'servicePrincipal', 'azureCli'] as const) {
      assert.deepEqual(permissionsToCopy(method).text.split('\n'), GRAPH_SCOPES);
      for (const s of CUSTOM_POLICY_SCOPES) assert.ok(!permissionsToCopy(method).text.includes(s), `${s} is not copied`);
    }
  });

  it('the notification names the custom-policy permissions as needed only for custom policies', () => {
    const { message } = permissionsToCopy('microsoft');
    for (const s of CUSTOM_POLICY_SCOPES) assert.ok(message.includes(s), `${s} in: ${message}`);
    const sentence = message.split(/(?<=\.) /).find((x) => x.includes('Policy.ReadWrite.TrustFramework'))!;
    assert.match(sentence, /only/i);
    assert.match(sentence, /custom polic/i);
    assert.ok(sentence.includes('TrustFrameworkKeySet.ReadWrite.All'), 'both in the same sentence');
  });

  it('keeps saying which kind of permission to add for the sign-in method, and External ID\'s extra permission', () => {
    assert.match(permissionsToCopy('servicePrincipal').message, /application permissions/);
    assert.match(permissionsToCopy('microsoft').message, /delegated permissions/);
    assert.match(permissionsToCopy('microsoft').message, /EventListener\.ReadWrite\.All/);
    assert.match(permissionsToCopy('microsoft').message, /^Copied 5 permissions: IdentityProvider\.ReadWrite\.All/);
  });
});
