// Canonical policy comparison (what the service hands back vs what we generate) and the service's validation
// errors split into plain-words problems.
import assert from 'node:assert/strict';
import { GraphRequestError } from '../../src/core/graph/errors';
import { policyDifferences, policyFacts, samePolicy } from '../../src/core/policy/canonical';
import { generatePolicySet } from '../../src/core/policy/generate';
import { explainPolicyUploadError, parsePolicyValidation } from '../../src/core/policy/uploadErrors';

const [base, rp] = generatePolicySet({
  tenant: 'contosob2c.onmicrosoft.com',
  name: 'itsme',
  metadataUrl: 'https://idp.e2e.itsme.services/v2/.well-known/openid-configuration',
  partnerCode: 'abcd1234',
  serviceCode: 'MYBANK_LOGIN',
  claims: ['nationalNumber'],
  assurance: 'basic',
  lifetimes: { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 1209600, rollingWindow: 7776000 },
});

describe('custom policy: canonical comparison', () => {
  it('TenantObjectId on the root, whitespace, attribute order, comments and the declaration are not differences', () => {
    const downloaded = base!.xml
      .replace('PolicySchemaVersion="0.3.0.0" ', '')
      .replace('<TrustFrameworkPolicy ', '<TrustFrameworkPolicy PolicySchemaVersion="0.3.0.0" ')
      .replace(/>\s+</g, '>\n\t<')
      .replace(/^<\?xml[^>]*\?>\s*/, '')
      .replace('<BuildingBlocks>', '<!-- a comment --><BuildingBlocks>')
      .replace(/<TrustFrameworkPolicy\b([^>]*)>/, '<TrustFrameworkPolicy$1 TenantObjectId="0b6e3c3a-1111-2222-3333-444455556666">');
    assert.notEqual(downloaded, base!.xml);
    assert.equal(samePolicy(downloaded, base!.xml), true);
    assert.deepEqual(policyDifferences(downloaded, base!.xml), []);
  });

  it('a changed value, a TenantObjectId below the root, or a missing element is a difference, named', () => {
    const edited = base!.xml.replace('<Item Key="client_id">abcd1234</Item>', '<Item Key="client_id">other</Item>');
    assert.equal(samePolicy(edited, base!.xml), false);
    assert.match(policyDifferences(edited, base!.xml)[0]!, /TechnicalProfile\[Id=Itsme-OIDC\].*Item\[Key=client_id\]: "other" → "abcd1234"/);
    const nested = rp!.xml.replace('<TechnicalProfile Id="PolicyProfile">', '<TechnicalProfile Id="PolicyProfile" TenantObjectId="x">');
    assert.equal(samePolicy(nested, rp!.xml), false);
    const fewer = rp!.xml.replace(/\s*<OutputClaim ClaimTypeReferenceId="email" \/>/, '');
    assert.equal(samePolicy(fewer, rp!.xml), false);
    assert.equal(samePolicy('not xml <', rp!.xml), false);
  });

  it('facts for the ownership test: the itsme profile\'s client_id, the base policy and the journey', () => {
    assert.equal(policyFacts(base!.xml)?.technicalProfiles.get('Itsme-OIDC')?.get('client_id'), 'abcd1234');
    const f = policyFacts(rp!.xml)!;
    assert.equal(f.basePolicyId, 'B2C_1A_itsme_base');
    assert.equal(f.defaultUserJourney, 'ItsmeSignIn');
  });
});

describe('custom policy: upload errors in plain words', () => {
  const xml = 'line one\n  <Second attr="x">\nline three';
  it('splits the run-together messages and points schema errors at the line of our file', () => {
    const msg =
      'Validation failed: 2 validation error(s) found in policy "B2C_1A_ITSME_BASE" of tenant "contosob2c.onmicrosoft.com".' +
      'Schema validation error found at line 2 col 5 in policy "B2C_1A_ITSME_BASE" of tenant "contosob2c.onmicrosoft.com": The element \'Second\' is invalid.' +
      'Tenant "contosob2c.onmicrosoft.com" does not have CryptographicKey referenced by storageReferenceId "B2C_1A_itsmeTokenSigning".';
    const p = parsePolicyValidation(msg, xml)!;
    assert.equal(p.count, 2);
    assert.deepEqual(p.problems[0], { message: "The element 'Second' is invalid.", line: 2, col: 5, lineText: '<Second attr="x">' });
    assert.match(p.problems[1]!.message, /^Tenant .* storageReferenceId "B2C_1A_itsmeTokenSigning"\.$/);
    const e = new GraphRequestError({ kind: 'badRequest', status: 400, code: 'AADB2C', graphMessage: msg, method: 'PUT', path: '/trustFramework/policies/B2C_1A_itsme_base/$value', hint: 'x' });
    const told = explainPolicyUploadError(e, 'B2C_1A_itsme_base', xml) as GraphRequestError;
    assert.match(told.hint, /^The service refused policy B2C_1A_itsme_base: 2 problem\(s\)/);
    assert.match(told.hint, /Line 2, column 5: The element 'Second' is invalid\.\n\s+<Second attr="x">/);
    assert.match(told.hint, /storageReferenceId "B2C_1A_itsmeTokenSigning"/);
  });

  it('other errors pass through unchanged', () => {
    const e = new GraphRequestError({ kind: 'permission', status: 403, code: 'Authorization_RequestDenied', method: 'PUT', path: '/x', hint: 'h' });
    assert.equal(explainPolicyUploadError(e, 'B2C_1A_x', xml), e);
  });
});
