// The custom-policy claims and assurance levels of the itsme emulator: the `eid` scope and the `claims` parameter
// release the national number (and the other string/boolean claims a custom policy may map), `acr_values` is
// honoured (acr_advanced forces the itsme code; itsme's default is acr_basic), and the "itsme app" says which
// level was asked.
import { strict as assert } from 'node:assert';
import { ITSME_CLAIM, startItsmeEmulator, type ItsmeEmulator } from '../../../emulators/itsme/index';
import { authorizeUrl, Browser, exchangeCode, jwtPayload, signIn } from './test-helpers';
import { DEFAULT_SERVICE_CODE } from '../../../emulators/itsme/index';

const ACR = (level: 'basic' | 'advanced') => `${ITSME_CLAIM}acr_${level}`;

/** Modulo-97 check of a Belgian national number (born before or after 2000). */
function validNationalNumber(nn: string): boolean {
  if (!/^\d{11}$/.test(nn)) return false;
  const check = Number(nn.slice(9));
  const base = BigInt(nn.slice(0, 9));
  return 97n - (base % 97n) === BigInt(check) || 97n - (BigInt('2' + nn.slice(0, 9)) % 97n) === BigInt(check);
}

describe('itsme emulator: eid claims and assurance levels', function () {
  let emu: ItsmeEmulator;
  before(async () => {
    emu = await startItsmeEmulator();
  });
  after(() => emu?.stop());

  async function idToken(extra: Record<string, string>, scope = `openid service:${DEFAULT_SERVICE_CODE}`, phone?: string): Promise<Record<string, any>> {
    const { location } = await signIn(emu, { scope, extra, phone });
    const code = location.searchParams.get('code');
    assert.ok(code, location.href);
    const token = await exchangeCode(emu, code);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    return jwtPayload(token.body.id_token);
  }

  it('every test identity has a national number with valid modulo-97 check digits', () => {
    for (const i of emu.identities) assert.ok(i.nationalNumber && validNationalNumber(i.nationalNumber), `${i.id}: ${i.nationalNumber}`);
  });

  it('the eid scope releases BENationalNumber and BEeidSn', async () => {
    const p = await idToken({}, `openid service:${DEFAULT_SERVICE_CODE} eid`);
    assert.equal(p[`${ITSME_CLAIM}BENationalNumber`], emu.identities[0]!.nationalNumber);
    assert.equal(p[`${ITSME_CLAIM}BEeidSn`], emu.identities[0]!.eidSerial);
  });

  it('the claims parameter alone releases the custom-policy claims, the age booleans included', async () => {
    const names = [`${ITSME_CLAIM}BENationalNumber`, `${ITSME_CLAIM}BEeidSn`, 'birthdate', 'gender', 'phone_number', 'phone_number_verified', 'age_gte_18', 'age_gte_21'];
    const claims = JSON.stringify({ id_token: Object.fromEntries(names.map((n) => [n, null])) });
    const p = await idToken({ claims }, `openid service:${DEFAULT_SERVICE_CODE}`, '+32470000002');
    const marie = emu.identities.find((i) => i.phone === '+32470000002')!;
    assert.equal(p[`${ITSME_CLAIM}BENationalNumber`], marie.nationalNumber);
    assert.equal(p.birthdate, '1990-07-02');
    assert.equal(p.gender, 'female');
    assert.equal(p.phone_number, '+32 470000002');
    assert.equal(p.phone_number_verified, true);
    assert.equal(p.age_gte_18, true);
    assert.equal(p.age_gte_21, true);
    assert.equal(p.name, undefined, 'only what was asked');
  });

  it('acr: acr_basic by default, acr_advanced when asked', async () => {
    assert.equal((await idToken({})).acr, ACR('basic'));
    assert.equal((await idToken({ acr_values: ACR('basic') })).acr, ACR('basic'));
    assert.equal((await idToken({ acr_values: ACR('advanced') })).acr, ACR('advanced'));
  });

  it('the itsme app says which level was asked: the itsme code for acr_advanced, fingerprint allowed otherwise', async () => {
    for (const [level, want, not] of [
      ['advanced', /with your itsme code/, /fingerprint/i],
      ['basic', /fingerprint/i, /only with your itsme code/],
    ] as const) {
      const browser = new Browser(emu.url);
      const page = await browser.follow(authorizeUrl(emu, { extra: { acr_values: ACR(level) } }));
      await browser.follow(page.url, { form: { phone: '+32470000003' } });
      const app = await (await fetch(`${emu.appUrl}?phone=${encodeURIComponent('+32470000003')}`)).text();
      assert.match(app, want, level);
      assert.doesNotMatch(app, not, level);
      assert.equal(emu.pendingActions('+32470000003')[0]!.acr, ACR(level));
      emu.reject(emu.pendingActions('+32470000003')[0]!.id);
    }
  });
});
