// Walks the emulated b2clogin's error table (emulators/b2c/errors.ts, B2C's published list): each code is provoked
// with a real request — an authorization request, a token request, a sign-out, or a sign-in through itsme — and the
// answer (page text, error_description of a redirect / form_post, or a token error body) must carry the code and
// its message. The custom-policy run-time codes run a copy of the conformance policy set, broken in one place, put
// in the tenant directly (as a tenant in that state would be; the Graph upload checks would refuse some of them).
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { B2C_ERRORS } from '../../emulators/b2c/errors';
import { observe, pageText, postForm, templatePattern, type Observed } from './observe';
import { API, BARE, BROKEN_FLOW, DOMAIN, NATIVE, SPA, startB2cStack, USER_FLOW, WEB, type B2cStack } from './stack';
import { UserAgent } from './user-agent';
import { walk, type Provoke } from './walk';

type App = { appId: string; redirectUri: string };

describe('conformance: error tables', function () {
  this.timeout(60_000);

  describe('b2clogin (emulators/b2c/errors.ts)', () => {
    let stack: B2cStack;
    let now = Date.now();
    let ua: UserAgent;
    before(async () => {
      stack = await startB2cStack(() => now);
      ua = new UserAgent(stack.itsme, [stack.b2c.url]);
    });
    after(() => stack?.stop());
    beforeEach(() => {
      now = Date.now();
    });

    const root = () => `${stack.b2c.url}/${DOMAIN}`;
    const authorizeUrl = (app: App, p: Record<string, string | null> = {}, policy = USER_FLOW) => {
      const q = new URLSearchParams({ client_id: app.appId, redirect_uri: app.redirectUri, response_type: 'code', scope: 'openid offline_access', state: 'st', nonce: 'n' });
      for (const [k, v] of Object.entries(p)) if (v === null) q.delete(k);
      else q.set(k, v);
      return `${root()}/${policy}/oauth2/v2.0/authorize?${q}`;
    };
    const authorize = (app: App, p: Record<string, string | null> = {}, policy = USER_FLOW) => observe(authorizeUrl(app, p, policy));
    const tokenUrl = (policy = USER_FLOW) => `${root()}/${policy}/oauth2/v2.0/token`;
    const token = (form: Record<string, string>, policy = USER_FLOW) => postForm(tokenUrl(policy), form);
    const secretOf = (app: App): Record<string, string> => (app === WEB ? { client_secret: WEB.secret } : {});

    /** A real code from a sign-in through itsme (the B2C session makes the later ones quick). */
    async function codeFor(app: App, policy = USER_FLOW) {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const landing = await ua.open(authorizeUrl(app, { code_challenge: challenge, code_challenge_method: 'S256' }, policy));
      assert.equal(landing.kind, 'redirect', JSON.stringify(landing).slice(0, 500));
      const code = (landing as { url: URL }).url.searchParams.get('code');
      assert.ok(code, (landing as { url: URL }).url.href);
      return { code, verifier };
    }
    const redeem = (app: App, c: { code: string; verifier: string }, extra: Record<string, string> = {}, policy = USER_FLOW) =>
      token({ grant_type: 'authorization_code', client_id: app.appId, code: c.code, redirect_uri: app.redirectUri, code_verifier: c.verifier, scope: 'openid offline_access', ...secretOf(app), ...extra }, policy);
    /** A sign-in whose outcome is an error sent to the app (fresh agent: no session). */
    async function signInError(url: string, decision: 'confirm' | 'reject' = 'confirm'): Promise<Observed> {
      const landing = await new UserAgent(stack.itsme, [stack.b2c.url]).open(url, { decision });
      if (landing.kind === 'page') return { status: landing.status, description: pageText(landing.body), answer: 'page' };
      if (landing.kind === 'form_post') return { status: 200, error: landing.fields.get('error') ?? undefined, description: landing.fields.get('error_description') ?? '', answer: 'form_post' };
      const p = landing.url.hash.length > 1 ? new URLSearchParams(landing.url.hash.slice(1)) : landing.url.searchParams;
      return { status: 302, error: p.get('error') ?? undefined, description: p.get('error_description') ?? '', answer: 'redirect' };
    }

    /** A copy of the conformance policy set under a new id, broken by `edit` (base XML, RP XML). */
    let copies = 0;
    function brokenPolicy(edit: (base: string, rp: string) => [string, string]): string {
      const n = ++copies;
      const [baseFile, rpFile] = [stack.files[0]!, stack.files.at(-1)!];
      const baseId = `${baseFile.id}_broken${n}`;
      const rpId = `B2C_1A_broken${n}`;
      const base = baseFile.xml.replace(`PolicyId="${baseFile.id}"`, `PolicyId="${baseId}"`).replace(`/${baseFile.id}"`, `/${baseId}"`);
      const rp = rpFile.xml
        .replace(`PolicyId="${rpFile.id}"`, `PolicyId="${rpId}"`)
        .replace(`/${rpFile.id}"`, `/${rpId}"`)
        .replace(`<PolicyId>${baseFile.id}</PolicyId>`, `<PolicyId>${baseId}</PolicyId>`);
      const [b, r] = edit(base, rp);
      assert.ok(b !== base || r !== rp, 'the edit changed nothing');
      stack.graph.state.trustFramework.policies.push({ id: baseId, xml: b }, { id: rpId, xml: r, basePolicyId: baseId });
      return rpId;
    }
    const journeyError = (edit: (base: string, rp: string) => [string, string]) => signInError(authorizeUrl(WEB, { response_type: 'id_token', scope: 'openid' }, brokenPolicy(edit)));

    const provocations: Record<string, Provoke> = {
      AADB2C90006: () => authorize(WEB, { redirect_uri: 'https://evil.example/cb' }),
      AADB2C90007: () => authorize({ appId: BARE.appId, redirectUri: 'https://app.example/none' }),
      AADB2C90008: () => authorize(WEB, { client_id: null }),
      AADB2C90010: () => authorize(WEB, { scope: null }),
      AADB2C90013: () => authorize(WEB, { response_type: 'bogus' }),
      AADB2C90014: () => authorize(WEB, { response_mode: 'bogus' }),
      AADB2C90018: () => authorize({ appId: '00000000-0000-4000-8000-000000000000', redirectUri: WEB.redirectUri }),
      AADB2C90019: () => journeyError((base, rp) => [base.replace('StorageReferenceId="B2C_1A_itsmeTokenSigning"', 'StorageReferenceId="B2C_1A_NoSuchKeySet"'), rp]),
      AADB2C90021: () => journeyError((base, rp) => [base.replace('TechnicalProfileReferenceId="Itsme-OIDC"', 'TechnicalProfileReferenceId="No-Such-Profile"'), rp]),
      AADB2C90022: () => authorize(WEB, {}, 'B2C_1_no_such_flow'),
      AADB2C90023: () => journeyError((base, rp) => [base.replace(/<Item Key="client_id">[^<]*<\/Item>/, ''), rp]),
      AADB2C90031: () => journeyError((base, rp) => [base, rp.replace(/<DefaultUserJourney[^>]*\/>/, '')]),
      AADB2C90040: () => journeyError((base, rp) => [base.replace(/<OrchestrationStep Order="3" Type="SendClaims"[^>]*\/>/, ''), rp]),
      AADB2C90043: () => authorize(WEB, { prompt: 'bogus' }),
      AADB2C90051: () => journeyError((base, rp) => [base.replace(/<ClaimsExchanges>[\s\S]*?<\/ClaimsExchanges>/, '<ClaimsExchanges></ClaimsExchanges>'), rp]),
      AADB2C90055: () => authorize(WEB, { response_type: 'token', scope: 'openid' }),
      AADB2C90057: () => authorize(NATIVE, { response_type: 'id_token', scope: 'openid' }),
      AADB2C90067: () => observe(`${root()}/${USER_FLOW}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('not a url')}`),
      AADB2C90077: () => authorize(WEB, { prompt: 'none' }),
      AADB2C90079: async () => redeem(WEB, await codeFor(WEB), { client_secret: '' }),
      AADB2C90080: async () => {
        const c = await codeFor(WEB);
        now += 60 * 60 * 1000;
        return redeem(WEB, c);
      },
      AADB2C90081: async () => redeem(WEB, await codeFor(WEB), { client_secret: 'not-the-secret' }),
      AADB2C90083: () => token({ grant_type: 'authorization_code', client_id: WEB.appId, client_secret: WEB.secret, redirect_uri: WEB.redirectUri }),
      AADB2C90084: async () => redeem(NATIVE, await codeFor(NATIVE), { client_secret: 'a-secret' }),
      AADB2C90086: () => token({ grant_type: 'urn:example:bogus', client_id: WEB.appId, client_secret: WEB.secret }),
      AADB2C90088: async () => redeem(WEB, await codeFor(WEB), {}, stack.customPolicy),
      AADB2C90090: () => token({ grant_type: 'authorization_code', client_id: WEB.appId, client_secret: WEB.secret, code: 'not-a-code', redirect_uri: WEB.redirectUri }),
      AADB2C90110: () => authorize(WEB, { response_type: 'id_token', scope: 'profile' }),
      AADB2C90115: () => authorize(WEB, { scope: 'profile' }),
      AADB2C90117: () => authorize(WEB, { scope: 'openid https://example.com/other.read' }),
      AADB2C90146: () => authorize(WEB, { scope: `openid ${WEB.appId} ${API.scope}` }),
      AADB2C90182: async () => redeem(WEB, await codeFor(WEB), { code_verifier: randomBytes(32).toString('base64url') }),
      AADB2C90183: async () => redeem(WEB, await codeFor(WEB), { code_verifier: 'short' }),
      AADB2C90184: () => authorize(WEB, { code_challenge: 'x'.repeat(43), code_challenge_method: 'bogus' }),
      AADB2C90273: () => signInError(authorizeUrl(WEB), 'reject'),
      AADB2C90279: async () => redeem(NATIVE, await codeFor(WEB)),
      AADB2C90289: () => signInError(authorizeUrl(WEB, {}, BROKEN_FLOW)),
      AADB2C99059: () => authorize(SPA),
    };
    // A row that no request can provoke, with the reason (kept visible here rather than skipped silently).
    const UNPROVOKABLE: Record<string, string> = {
      AADB2C90085: "the token endpoint's fallback for an unexpected failure while minting tokens; every known failure has its own code",
    };
    const rows = () => Object.entries(B2C_ERRORS as Record<string, { message: string }>).filter(([k]) => !UNPROVOKABLE[k]);
    walk(
      'b2clogin',
      rows,
      provocations,
      (row, seen) => {
        const code = rows().find(([, r]) => r === row)![0];
        assert.ok(seen.description.includes(code), `${code} not in ${seen.answer} ${seen.status}: ${seen.description.slice(0, 400)}`);
        assert.match(seen.description, templatePattern(row.message), `${code} message: ${seen.description.slice(0, 500)}`);
        if (seen.answer !== 'page') assert.ok(seen.error, 'an OAuth error comes with it');
      },
      Object.keys(B2C_ERRORS).filter((k) => !UNPROVOKABLE[k]),
    );
    it('b2clogin: the unprovokable rows are still in the table', () => {
      for (const k of Object.keys(UNPROVOKABLE)) assert.ok(k in B2C_ERRORS, k);
    });
  });
});
