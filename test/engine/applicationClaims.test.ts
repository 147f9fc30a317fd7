// The user flow's application claims against the Graph emulator, in both GUESS positions of its switch
// (emulators/graph/application-claims.ts): the documented API ('absent', the default) leaves a named manual portal
// step and writes nothing it cannot read back; the docs branch's relationship ('asInDocsBranch') gets the missing
// claims added, read back, and nothing written on re-apply. Assertions read the emulator's state.
import assert from 'node:assert/strict';
import { applyConfiguration } from '../../src/core/apply/applyConfiguration';
import type { GraphEmulator } from '../../emulators';
import { ITSME_SECRET, graphFor, graphRequests, lastSeq, roundTrips, startEmulator, testConfig } from './harness';

const FLOW = 'B2C_1_itsme';
const WANTED = ['Display Name', 'Email Addresses', 'Given Name', 'Identity Provider', 'Surname'];
const PORTAL_STEP = 'In the portal, open user flow B2C_1_itsme → Application claims: tick Display Name, Given Name, Surname, Email Addresses, Identity Provider; then Save.';

describe('engine: the user flow\'s application claims', function () {
  this.timeout(60_000);
  let emu: GraphEmulator;
  afterEach(async () => {
    await emu?.stop();
  });

  const writesSince = (mark: number) => emu.log.filter((e) => e.seq > mark && e.method !== 'GET' && !e.path.includes('/oauth2/')).map((e) => `${e.method} ${e.path}`);

  it("'absent' (documented API): the named portal step with its link, nothing claimed; re-apply writes nothing", async () => {
    emu = await startEmulator({ applicationClaims: { relationship: 'absent' } });
    const graph = graphFor(emu);
    const config = testConfig();
    const first = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(first.status, 'manualRemaining', JSON.stringify(first.outcomes));
    const manual = first.outcomes.filter((o) => o.status === 'manual');
    assert.deepEqual(manual.map((o) => o.resource), ['userFlowClaims'], 'the only step left is the application claims');
    assert.equal(manual[0]!.manual!.text, PORTAL_STEP);
    assert.match(manual[0]!.manual!.portalUrl!, /^https:\/\/portal\.azure\.com\/contosob2c\.onmicrosoft\.com#view\/Microsoft_AAD_B2CAdmin\/UserJourneyMenuBlade\/.*B2C_1_itsme$/);
    assert.match(manual[0]!.detail!, /does not offer/);
    assert.deepEqual(emu.applicationClaims(FLOW), [], 'nothing ticked, and none claimed');

    const mark = lastSeq(emu);
    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'manualRemaining');
    assert.deepEqual(writesSince(mark), [], 'the observed refusal means no write at all');
    const step = again.plan.steps.find((s) => s.resource === 'userFlowClaims')!;
    assert.equal(step.action, 'manual');
    assert.equal(step.manual!.text, PORTAL_STEP);
  });

  it("'asInDocsBranch': the claims are added and read back; re-apply: 0 writes", async () => {
    emu = await startEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
    const graph = graphFor(emu);
    const config = testConfig();
    const first = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(first.status, 'applied', JSON.stringify(first.outcomes));
    const o = first.outcomes.find((x) => x.resource === 'userFlowClaims')!;
    assert.equal(o.status, 'done');
    assert.match(o.detail!, /checked/);
    assert.deepEqual(emu.applicationClaims(FLOW).sort(), WANTED);

    const mark = lastSeq(emu);
    const again = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(again.status, 'noChanges');
    assert.deepEqual(writesSince(mark), []);
  });

  it("'asInDocsBranch', some ticked by hand: only the missing ones are added, the others left ticked", async () => {
    emu = await startEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
    const graph = graphFor(emu);
    const config = testConfig();
    await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    emu.setApplicationClaims(FLOW, ['Display Name', "User's Object ID", 'Surname']);
    const mark = lastSeq(emu);
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    assert.deepEqual(
      writesSince(mark),
      Array(3).fill(`POST /beta/identity/b2cUserFlows/${FLOW}/applicationClaims/$ref`),
      'Given Name, Email Addresses, Identity Provider',
    );
    assert.deepEqual(emu.applicationClaims(FLOW).sort(), [...WANTED, "User's Object ID"].sort());
  });

  it("the relationship refused after it was read (switched off mid-apply): the named portal step, not a failure", async () => {
    emu = await startEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
    const graph = graphFor(emu);
    const config = testConfig();
    await applyConfiguration(graph, config, { secret: ITSME_SECRET });
    emu.setApplicationClaims(FLOW, []);
    // The observe round reads the relationship; once planned, the tenant answers as the documented API (unknown
    // segment, 400) to the writes.
    const off = () => void (emu.options.applicationClaims.relationship = 'absent');
    const r = await applyConfiguration(graph, config, { secret: ITSME_SECRET, reporter: { onPlan: off } });
    assert.equal(r.status, 'manualRemaining', JSON.stringify(r.outcomes));
    const o = r.outcomes.find((x) => x.resource === 'userFlowClaims')!;
    assert.equal(o.status, 'manual');
    assert.equal(o.manual!.text, PORTAL_STEP);
    assert.deepEqual(emu.applicationClaims(FLOW), []);
  });

  it("a first apply with the relationship stays within 4 sequential round trips: the claims go in one round, then one read-back", async () => {
    emu = await startEmulator({ applicationClaims: { relationship: 'asInDocsBranch' } });
    // Latency makes requests sent together overlap for sure, so the count is the logical one (as in the bench). It
    // must dwarf what delays a request's arrival on a busy machine (a new TLS connection per parallel request): with
    // 40 ms, 2 runs in 10 under load counted a fifth round.
    emu.setLatency(250);
    const mark = lastSeq(emu);
    const r = await applyConfiguration(graphFor(emu), testConfig(), { secret: ITSME_SECRET });
    assert.equal(r.status, 'applied', JSON.stringify(r.outcomes));
    const log = graphRequests(emu, mark);
    const claims = log.filter((e) => e.method === 'POST' && e.path.endsWith('/applicationClaims/$ref'));
    assert.equal(claims.length, 5);
    // The five adds were in flight together: each started before any of them was answered.
    const firstAnswer = Math.min(...claims.map((e) => e.endedAt));
    assert.ok(claims.every((e) => e.startedAt < firstAnswer), 'the claims are added in one round');
    // observe, the user flow, the claims, the read-back (the app, its service principal and consent run beside them).
    assert.ok(roundTrips(log) <= 4, `${roundTrips(log)} round trips: ${log.map((e) => `${e.method} ${e.path}`).join(', ')}`);
  });
});
