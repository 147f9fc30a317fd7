// The B2C custom-policy variant against the HTTPS Graph emulator: key sets, the two policies, the app, through the
// real Graph client. Tenants are shaped through Graph itself (PUT a policy, POST a key set), never by editing state.
import assert from 'node:assert/strict';
import { applyConfiguration, type ApplyResult } from '../../src/core/apply/applyConfiguration';
import { applyPlan } from '../../src/core/apply/applyPlan';
import type { ItsmeSetupConfig } from '../../src/core/config/types';
import type { GraphPort, GraphRequest } from '../../src/core/graph/port';
import { computePlan } from '../../src/core/plan/computePlan';
import { computeDestroyPlan } from '../../src/core/plan/destroyPlan';
import { computeRotatePlan } from '../../src/core/plan/rotatePlan';
import { observe } from '../../src/core/plan/observe';
import { writesOf, type Plan, type PlanStep, type StepResource } from '../../src/core/plan/types';
import { keySetIds, policyIds } from '../../src/core/policy/generate';
import type { GraphEmulator } from '../../emulators';
import type { RequestLogEntry } from '../../emulators/graph/server';
import { DEFAULT_PERMISSIONS } from '../../emulators/graph/state';
import { graphRequests, roundTrips, ITSME_SECRET, graphFor, lastSeq, startEmulator, testConfig, writesIn } from './harness';

const NAME = 'itsme';
const IDS = policyIds(NAME);
const KEYS = keySetIds(NAME);
const XML = { 'Content-Type': 'application/xml' };

/** A configuration file with the custom-policy variant, read by the same validation as the CLI's. */
export function customPolicyConfig(customPolicy: Record<string, unknown> = {}): ItsmeSetupConfig {
  return testConfig({ variant: 'customPolicy', customPolicy: { name: NAME, ...customPolicy } });
}

const stepOf = (plan: Plan, r: StepResource): PlanStep => {
  const s = plan.steps.find((x) => x.resource === r);
  assert.ok(s, `step ${r}`);
  return s;
};
const actions = (plan: Plan): Record<string, string> => Object.fromEntries(plan.steps.map((s) => [s.resource, s.action]));

async function planFor(graph: GraphPort, config: ItsmeSetupConfig, adopt?: string[]): Promise<Plan> {
  return computePlan(config, await observe(graph, config), adopt ? { adopt: { policies: adopt } } : {});
}

/** A policy nobody generated: a claims-schema-only file (like a starter pack's base), under the given id. */
function handMadePolicy(tenant: string, id: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<TrustFrameworkPolicy xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="${tenant}" PolicyId="${id}" PublicPolicyUri="http://${tenant}/${id}">
  <BuildingBlocks>
    <ClaimsSchema>
      <ClaimType Id="objectId">
        <DisplayName>User's Object ID</DisplayName>
        <DataType>string</DataType>
      </ClaimType>
    </ClaimsSchema>
  </BuildingBlocks>
</TrustFrameworkPolicy>
`;
}

async function send(graph: GraphPort, req: GraphRequest): Promise<unknown> {
  return (await graph.send(req)).body;
}


describe('custom-policy variant (engine against the Graph emulator)', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  let graph: GraphPort;
  let tenant: string;

  before(async () => {
    // The variant's extra permissions (graph-b2c.md §9 and b2c-custom-policy.md §3).
    emu = await startEmulator({ consistencyDelayMs: 0, tenant: { grantedPermissions: [...DEFAULT_PERMISSIONS, 'Policy.ReadWrite.TrustFramework', 'TrustFrameworkKeySet.ReadWrite.All'] } });
  });
  after(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    emu.reset();
    graph = graphFor(emu);
    tenant = (await observe(graph, customPolicyConfig())).tenant.initialDomain;
  });

  const apply = (config = customPolicyConfig(), extra: Parameters<typeof applyConfiguration>[2] = {}): Promise<ApplyResult> =>
    applyConfiguration(graph, config, { secret: ITSME_SECRET, consistency: { baseDelayMs: 20, maxWaitMs: 2_000 }, ...extra });

  function assertComplete(): void {
    const tf = emu.state.trustFramework;
    const secret = tf.keySets.find((k) => k.id === KEYS.itsmeSecret);
    assert.equal(secret?.keys.length, 1, 'one itsme secret key');
    assert.equal(secret!.keys[0]!.kty, 'oct');
    assert.equal(secret!.keys[0]!.use, 'sig');
    assert.equal(secret!.keys[0]!.k, ITSME_SECRET, 'the secret reached the key set');
    for (const [id, use] of [[KEYS.tokenSigning, 'sig'], [KEYS.tokenEncryption, 'enc']] as const) {
      const ks = tf.keySets.find((k) => k.id === id);
      assert.equal(ks?.keys.length, 1, `one key in ${id}`);
      assert.equal(ks!.keys[0]!.kty, 'RSA');
      assert.equal(ks!.keys[0]!.use, use);
    }
    assert.deepEqual(tf.policies.map((p) => p.id).filter((id) => id.startsWith(`B2C_1A_${NAME}`)).sort(), [IDS.relyingParty, IDS.base].sort());
    assert.equal(tf.policies.find((p) => p.id === IDS.relyingParty)?.basePolicyId, IDS.base);
    assert.equal(emu.state.identityProviders.length, 0, 'no identity provider for the custom-policy variant');
    assert.equal(emu.state.userFlows.length, 0, 'no user flow for the custom-policy variant');
  }

  it('empty tenant: key sets, then base, then relying party, then the app; the secret only in uploadSecret; re-apply writes nothing', async () => {
    const config = customPolicyConfig();
    const plan = await planFor(graph, config);
    assert.deepEqual(actions(plan), {
      itsmeSecretKeySet: 'create',
      signingKeySet: 'create',
      encryptionKeySet: 'create',
      basePolicy: 'create',
      relyingPartyPolicy: 'create',
      application: 'create',
      servicePrincipal: 'create',
      adminConsent: 'create',
    });
    assert.equal(plan.needsSecret, true);
    assert.deepEqual(stepOf(plan, 'itsmeSecretKeySet').requests.map((r) => `${r.method} ${r.path}`), [
      'POST /trustFramework/keySets',
      `POST /trustFramework/keySets/${KEYS.itsmeSecret}/uploadSecret`,
    ]);
    assert.deepEqual(stepOf(plan, 'itsmeSecretKeySet').requests[0]!.body, { id: `${NAME}ItsmeSecret` });
    assert.deepEqual(stepOf(plan, 'relyingPartyPolicy').dependsOn, ['itsmeSecretKeySet', 'signingKeySet', 'encryptionKeySet', 'basePolicy']);
    assert.equal(stepOf(plan, 'basePolicy').requests[0]!.method, 'PUT');
    assert.equal(stepOf(plan, 'basePolicy').requests[0]!.path, `/trustFramework/policies/${IDS.base}/$value`);
    assert.equal(plan.outputs.variant, 'customPolicy');
    assert.equal(plan.outputs.customPolicy?.policyId, IDS.relyingParty);
    assert.deepEqual(plan.outputs.customPolicy?.keySets, KEYS);
    assert.deepEqual(plan.outputs.customPolicy?.expectations.claims, ['national_number']);
    assert.equal(plan.outputs.customPolicy?.expectations.assurance.claim, 'itsme_acr');
    assert.match(plan.outputs.policyDiscoveryUrl, new RegExp(`/${IDS.relyingParty}/v2\\.0/\\.well-known/openid-configuration$`));
    assert.doesNotMatch(JSON.stringify(plan), new RegExp(ITSME_SECRET));

    const mark = lastSeq(emu);
    const r = await apply(config);
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assertComplete();
    assert.match(r.outputs.runUserFlowUrl ?? '', new RegExp(`[?&]p=${IDS.relyingParty}&`));
    // Upload order: keys before policies, base before relying party.
    const writes = graphRequests(emu, mark).filter((e) => e.method !== 'GET');
    const at = (pred: (e: RequestLogEntry) => boolean): number => writes.findIndex(pred);
    const basePut = at((e) => e.method === 'PUT' && e.path.includes(IDS.base));
    const rpPut = at((e) => e.method === 'PUT' && e.path.endsWith(`/${IDS.relyingParty}/$value`));
    const lastKey = Math.max(...writes.map((e, i) => (/uploadSecret|generateKey/.test(e.path) ? i : -1)));
    assert.ok(lastKey < basePut && basePut < rpPut, 'keys, then base, then relying party');
    assert.doesNotMatch(JSON.stringify(emu.log), new RegExp(ITSME_SECRET), 'the secret is redacted from the log');

    const again = lastSeq(emu);
    const second = await apply(config);
    assert.equal(second.status, 'noChanges', JSON.stringify(second.outcomes));
    assert.equal(writesIn(emu, again), 0);
  });

  it('figures: requests and round trips of a first apply and a re-apply', async () => {
    const config = customPolicyConfig();
    // Latency makes requests in flight together overlap for sure, so the round-trip count is the logical one; it
    // must dwarf a busy machine's connection set-up (see applicationClaims.test.ts).
    emu.setLatency(250);
    let mark = lastSeq(emu);
    const first = await apply(config);
    const firstLog = graphRequests(emu, mark);
    mark = lastSeq(emu);
    const second = await apply(config);
    const secondLog = graphRequests(emu, mark);
    const fig = {
      first: { requests: firstLog.length, writes: firstLog.filter((e) => e.method !== 'GET').length, roundTrips: roundTrips(firstLog), applyRounds: first.rounds },
      reapply: { requests: secondLog.length, writes: secondLog.filter((e) => e.method !== 'GET').length, roundTrips: roundTrips(secondLog), applyRounds: second.rounds },
    };
    console.log(`      custom-policy figures: ${JSON.stringify(fig)}`);
    assert.equal(fig.reapply.writes, 0);
    // Re-apply: one round of reads, then our two policies' XML beside the grants' read.
    assert.ok(fig.reapply.roundTrips <= 2, JSON.stringify(fig));
    assert.ok(fig.first.writes <= 14, JSON.stringify(fig));
  });

  it('partial: an empty itsme secret key set (interrupted run) is completed, not created again', async () => {
    await send(graph, { method: 'POST', version: 'beta', path: '/trustFramework/keySets', body: { id: `${NAME}ItsmeSecret` } });
    const plan = await planFor(graph, customPolicyConfig());
    const step = stepOf(plan, 'itsmeSecretKeySet');
    assert.equal(step.action, 'update');
    assert.deepEqual(step.requests.map((r) => r.path), [`/trustFramework/keySets/${KEYS.itsmeSecret}/uploadSecret`]);
    assert.equal(plan.needsSecret, true);
    const r = await apply();
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assertComplete();
    assert.equal(emu.state.trustFramework.keySets.filter((k) => k.id === KEYS.itsmeSecret).length, 1);
  });

  it('partial: a complete key set needs no secret; base uploaded but no relying party → only the relying party is written', async () => {
    assert.equal((await apply()).status, 'applied');
    await send(graph, { method: 'DELETE', version: 'beta', path: `/trustFramework/policies/${IDS.relyingParty}` });
    const plan = await planFor(graph, customPolicyConfig());
    assert.equal(plan.needsSecret, false, 'the secret is asked for only when the key set is missing or empty');
    assert.deepEqual(
      plan.steps.filter((s) => s.action !== 'noop').map((s) => `${s.resource}:${s.action}`),
      ['relyingPartyPolicy:create'],
    );
    const mark = lastSeq(emu);
    const r = await applyConfiguration(graph, customPolicyConfig()); // no secret given: none needed
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.equal(writesIn(emu, mark), 1);
    assertComplete();
  });

  it('drifted: a relying party edited by hand is updated (named differences); a re-indented copy with TenantObjectId is no change', async () => {
    assert.equal((await apply()).status, 'applied');
    const stored = emu.state.trustFramework.policies.find((p) => p.id === IDS.relyingParty)!.xml;
    // Same policy, other whitespace, attribute order and a comment: not a change.
    const reformatted = stored.replace(/\n\s*/g, '\n\t\t').replace('<RelyingParty>', '<!-- edited in the portal --><RelyingParty>');
    await send(graph, { method: 'PUT', version: 'beta', path: `/trustFramework/policies/${IDS.relyingParty}/$value`, body: reformatted, headers: XML });
    assert.equal(stepOf(await planFor(graph, customPolicyConfig()), 'relyingPartyPolicy').action, 'noop');
    // A real edit: the national number's token name changed by hand.
    const edited = stored.replace('PartnerClaimType="national_number"', 'PartnerClaimType="rrn"');
    assert.notEqual(edited, stored);
    await send(graph, { method: 'PUT', version: 'beta', path: `/trustFramework/policies/${IDS.relyingParty}/$value`, body: edited, headers: XML });
    const plan = await planFor(graph, customPolicyConfig());
    const step = stepOf(plan, 'relyingPartyPolicy');
    assert.equal(step.action, 'update');
    assert.match(step.changes!.join('\n'), /"rrn" → "national_number"/);
    assert.equal(stepOf(plan, 'basePolicy').action, 'noop');
    const mark = lastSeq(emu);
    const r = await apply();
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.equal(writesIn(emu, mark), 1);
    assert.equal(stepOf(await planFor(graph, customPolicyConfig()), 'relyingPartyPolicy').action, 'noop');
  });

  it("clash: a policy with our id and someone else's content is named, never written; --adopt-policy takes it over", async () => {
    const theirs = handMadePolicy(tenant, IDS.relyingParty);
    await send(graph, { method: 'PUT', version: 'beta', path: `/trustFramework/policies/${IDS.relyingParty}/$value`, body: theirs, headers: XML });
    const plan = await planFor(graph, customPolicyConfig());
    const step = stepOf(plan, 'relyingPartyPolicy');
    assert.equal(step.action, 'manual');
    assert.equal(step.clashes?.[0]?.id, IDS.relyingParty);
    assert.match(step.clashes![0]!.differences.join('\n'), /BasePolicy: null → "B2C_1A_itsme_base"/);
    assert.match(step.clashes![0]!.differences.join('\n'), /DefaultUserJourney: null → "ItsmeSignIn"/);
    assert.match(step.manual!.text, /--adopt-policy B2C_1A_itsme/);
    const r = await apply();
    assert.equal(r.status, 'manualRemaining', JSON.stringify(r.outcomes));
    assert.equal(emu.state.trustFramework.policies.find((p) => p.id === IDS.relyingParty)!.xml, theirs, 'left untouched');

    const adopted = await planFor(graph, customPolicyConfig(), [IDS.relyingParty]);
    assert.equal(stepOf(adopted, 'relyingPartyPolicy').action, 'adopt');
    const r2 = await apply(customPolicyConfig(), { plan: { adopt: { policies: [IDS.relyingParty] } } });
    assert.equal(r2.status, 'applied', JSON.stringify(r2.outcomes));
    assertComplete();
    assert.equal((await apply()).status, 'noChanges', 'once adopted, ours');
  });

  it('hand-made: a key set with our id holding another kind of key is a clash, and the policies wait for it', async () => {
    await send(graph, { method: 'POST', version: 'beta', path: '/trustFramework/keySets', body: { id: `${NAME}ItsmeSecret` } });
    await send(graph, { method: 'POST', version: 'beta', path: `/trustFramework/keySets/${KEYS.itsmeSecret}/generateKey`, body: { use: 'enc', kty: 'RSA' } });
    const plan = await planFor(graph, customPolicyConfig());
    const step = stepOf(plan, 'itsmeSecretKeySet');
    assert.equal(step.action, 'manual');
    assert.match(step.clashes![0]!.differences[0]!, /RSA\/enc, expected oct\/sig/);
    assert.equal(stepOf(plan, 'basePolicy').action, 'manual');
    assert.equal(stepOf(plan, 'relyingPartyPolicy').action, 'manual');
    assert.equal(plan.needsSecret, false);
    const r = await apply();
    assert.equal(r.status, 'manualRemaining');
    assert.equal(emu.state.trustFramework.keySets.find((k) => k.id === KEYS.itsmeSecret)!.keys.length, 1, 'untouched');
    assert.equal(emu.state.trustFramework.policies.length, 0);
  });

  it("the service's validation error is told in plain words: the policy, the line and the line's text", async () => {
    const config = customPolicyConfig();
    const plan = await planFor(graph, config);
    // The same plan with a base file out of schema order (Protocol before DisplayName): the service refuses it.
    const broken = plan.steps.map((s) => {
      if (s.resource !== 'basePolicy') return s;
      const xml = String(s.requests[0]!.body).replace('<DisplayName>itsme</DisplayName>\n          <Protocol Name="OpenIdConnect" />', '<Protocol Name="OpenIdConnect" />\n          <DisplayName>itsme</DisplayName>');
      assert.notEqual(xml, s.requests[0]!.body);
      return { ...s, requests: [{ ...s.requests[0]!, body: xml }] };
    });
    const r = await applyPlan({ ...plan, steps: broken }, graph, { secret: ITSME_SECRET });
    const base = r.outcomes.find((o) => o.resource === 'basePolicy')!;
    assert.equal(base.status, 'failed');
    const msg = (base.error as { hint?: string }).hint ?? base.error!.message;
    assert.match(msg, /The service refused policy B2C_1A_itsme_base: 1 problem\(s\)/);
    assert.match(msg, /Line \d+, column \d+: .*\n\s+<(Protocol Name="OpenIdConnect" \/|DisplayName>itsme<\/DisplayName)>/);
    console.log(`      ${msg.split('\n').join('\n      ')}`);
    assert.doesNotMatch(msg, new RegExp(ITSME_SECRET));
    assert.equal(r.outcomes.find((o) => o.resource === 'relyingPartyPolicy')!.status, 'skipped', 'nothing after the refused base');
  });

  it('destroy removes exactly ours: a starter pack key set and another policy survive', async () => {
    await send(graph, { method: 'POST', version: 'beta', path: '/trustFramework/keySets', body: { id: 'TokenSigningKeyContainer' } });
    await send(graph, { method: 'POST', version: 'beta', path: '/trustFramework/keySets/B2C_1A_TokenSigningKeyContainer/generateKey', body: { use: 'sig', kty: 'RSA' } });
    await send(graph, { method: 'PUT', version: 'beta', path: '/trustFramework/policies/B2C_1A_HelloWorld/$value', body: handMadePolicy(tenant, 'B2C_1A_HelloWorld'), headers: XML });
    assert.equal((await apply()).status, 'applied');
    const config = customPolicyConfig();
    const plan = computeDestroyPlan(config, await observe(graph, config));
    assert.deepEqual(
      plan.steps.filter((s) => s.action === 'delete').map((s) => s.resource),
      ['relyingPartyPolicy', 'basePolicy', 'itsmeSecretKeySet', 'signingKeySet', 'encryptionKeySet', 'adminConsent', 'servicePrincipal', 'application'],
    );
    const r = await applyPlan(plan, graph);
    assert.ok(r.outcomes.every((o) => o.status === 'done'), JSON.stringify(r.outcomes));
    const tf = emu.state.trustFramework;
    assert.deepEqual(tf.policies.map((p) => p.id), ['B2C_1A_HelloWorld']);
    assert.deepEqual(tf.keySets.map((k) => k.id), ['B2C_1A_TokenSigningKeyContainer']);
    assert.equal(emu.state.applications.filter((a) => a.displayName === config.app.displayName).length, 0);
    // Nothing left: a second destroy writes nothing.
    const again = computeDestroyPlan(config, await observe(graph, config));
    assert.equal(writesOf(again), 0, JSON.stringify(again.steps.filter((s) => s.requests.length)));
  });

  it('rotate-secret uploads a new secret to our key set; the new key is the active one', async () => {
    assert.equal((await apply()).status, 'applied');
    const config = customPolicyConfig();
    const plan = computeRotatePlan(config, await observe(graph, config));
    assert.equal(plan.needsSecret, true);
    assert.deepEqual(plan.steps.map((s) => `${s.resource}:${s.action}`), ['itsmeSecretKeySet:update']);
    assert.doesNotMatch(JSON.stringify(plan), /NEW-secret/);
    const r = await applyPlan(plan, graph, { secret: 'NEW-secret-0b7e' });
    assert.equal(r.outcomes[0]!.status, 'done');
    const keys = emu.state.trustFramework.keySets.find((k) => k.id === KEYS.itsmeSecret)!.keys;
    assert.equal(keys.length, 2);
    assert.equal(keys[keys.length - 1]!.k, 'NEW-secret-0b7e');
    assert.equal((await apply()).status, 'noChanges', 'a rotated key set is still ours and complete');
  });

  it('interrupted: a key set created but its key lost, and a base uploaded but the connection dropped, are completed by the next round with no duplicates', async () => {
    // The POST of the signing key set takes effect and its answer is lost; the base PUT too.
    const a = emu.faults.add({ match: { method: 'POST', path: /\/trustFramework\/keySets$/ }, skip: 1, fault: { kind: 'dropAfterEffect' } });
    const b = emu.faults.add({ match: { method: 'PUT', path: /_base\/\$value$/ }, fault: { kind: 'dropAfterEffect' } });
    const r = await apply();
    assert.equal(a.hits, 1);
    assert.equal(b.hits, 1);
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.ok(r.rounds >= 2, 'a later round read the tenant again');
    assertComplete();
    assert.equal(emu.state.trustFramework.keySets.length, 3, 'no key set twice');
    const mark = lastSeq(emu);
    assert.equal((await apply()).status, 'noChanges');
    assert.equal(writesIn(emu, mark), 0);
  });

  describe('fault schedules converge without duplicate keys or policies', () => {
    const kinds = [{ kind: 'status', status: 429, retryAfterSeconds: 0 }, { kind: 'status', status: 503, retryAfterSeconds: 0 }, { kind: 'status', status: 500 }, 'drop', 'dropAfterEffect'] as const;
    for (let seed = 1; seed <= 25; seed++) {
      it(`seed ${seed}`, async () => {
        emu.faults.randomSchedule(seed, { rate: 0.3, kinds: kinds.map((k) => (typeof k === 'string' ? k : { ...k })) });
        let result: ApplyResult | undefined;
        for (let n = 0; n < 6; n++) {
          try {
            result = await apply();
          } catch {
            result = undefined;
            continue;
          }
          if (result.status === 'applied' || result.status === 'noChanges') break;
        }
        assert.ok(result && (result.status === 'applied' || result.status === 'noChanges'), JSON.stringify(result?.outcomes));
        emu.faults.clear();
        assertComplete();
        const mark = lastSeq(emu);
        assert.equal((await apply()).status, 'noChanges');
        assert.equal(writesIn(emu, mark), 0);
      });
    }
  });
});
