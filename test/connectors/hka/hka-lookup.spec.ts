import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { hkaConnector } from '../../../src/connectors/hka/hka.connector-definition';
import { MemberNotFound, PartnerUnavailable } from '../../../src/connectors/sdk/connector-errors';
import { ConnectorSettingsInvalid } from '../../../src/connectors/sdk/connector-settings';
import { validateMember } from '../../../src/domain/member.validator';
import { generateWiseLibrary } from '../../../src/sandbox/wise/wise-member.generator';
import { wiseSandbox } from '../../../src/sandbox/wise/wise.sandbox-definition';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, failure, settingsFrom, signal } from './hka-sandbox';

describe('hka connector against the Wise sandbox: lookup, token, delta feed, PIN checks', () => {
  const sandbox = new WiseSandbox({ seed: 11 });
  let connector: HkaConnector;

  beforeAll(async () => sandbox.start());
  afterAll(async () => sandbox.stop());
  beforeEach(() => {
    sandbox.reset();
    connector = connectTo(sandbox.settings());
  });
  afterEach(async () => connector.close());

  const logins = (): number => sandbox.received().filter((request) => request.path === '/login').length;

  it('is made by the definition from HKA_* settings, and bad settings are refused naming the variable', async () => {
    const made = hkaConnector.create(settingsFrom(sandbox.settings()));
    expect(made.manifest).toEqual({ id: 'hka', displayName: 'OCLC Wise (uitleensysteem, voorheen HKA)', protocol: 'rest', capabilities: ['send', 'lookup', 'pull', 'circulate'] });
    await made.close?.();
    const { HKA_API_KEY: _key, ...withoutKey } = sandbox.settings();
    expect(() => settingsFrom(withoutKey)).toThrow(ConnectorSettingsInvalid);
    expect(() => settingsFrom(withoutKey)).toThrow(/HKA_API_KEY/);
    expect(() => settingsFrom(sandbox.settings(), { HKA_BASE_URL: 'ftp://wise' })).toThrow(/HKA_BASE_URL/);
  });

  it('looks a member up by card number: patron, loans, holds and fees as a valid canonical member', async () => {
    const expected = sandbox.members(3)[2];
    const member = await connector.lookup({ cardNumber: expected?.cardNumber ?? '' }, signal());
    expect(validateMember(member).ok).toBe(true);
    expect(member).toEqual(expected);
    expect(sandbox.received().map((request) => `${request.method} ${request.path}`)).toEqual(
      expect.arrayContaining([
        'POST /login',
        `GET /patron/cardnumber/${expected?.cardNumber}/library/STA`,
        `GET /patron/${expected?.memberId}/library/STA/loans`,
        `GET /patron/${expected?.memberId}/library/STA/holds`,
        `GET /patron/${expected?.memberId}/library/STA/fees`,
      ]),
    );
  });

  it("finds the patron through Wise's patron search when the card endpoint only validates the card", async () => {
    const proper = new WiseSandbox({ seed: 11, cardValidationOnly: true });
    await proper.start();
    const viaSearch = connectTo(proper.settings());
    try {
      const expected = sandbox.members(4)[3];
      expect(await viaSearch.lookup({ cardNumber: expected?.cardNumber ?? '' }, signal())).toEqual(expected);
      expect(proper.received().map((request) => request.path)).toContain(`/library/STA/patron?offset=0&limit=10&search=${expected?.cardNumber}`);
    } finally {
      await viaSearch.close();
      await proper.stop();
    }
  });

  it('looks a member up by patron id', async () => {
    const expected = sandbox.members(5)[4];
    const member = await connector.lookup({ memberId: expected?.memberId ?? '' }, signal());
    expect(member).toEqual(expected);
    expect(sandbox.received().some((request) => request.path === `/patron/${expected?.memberId}/library/STA/patroninformation`)).toBe(true);
  });

  it('serves the same generated members for the same seed, through the definition too', () => {
    const other = wiseSandbox.create({ seed: 11 }) as WiseSandbox;
    expect(other.members(10)).toEqual(sandbox.members(10));
    expect((wiseSandbox.create({ seed: 12 }) as WiseSandbox).members(10)).not.toEqual(sandbox.members(10));
    for (const member of sandbox.members(60)) expect(validateMember(member).ok).toBe(true);
  });

  it('answers an unknown card number or patron id with MemberNotFound', async () => {
    expect(await failure(connector.lookup({ cardNumber: '99999999999999' }, signal()))).toBeInstanceOf(MemberNotFound);
    expect(await failure(connector.lookup({ memberId: '424242' }, signal()))).toBeInstanceOf(MemberNotFound);
  });

  it('logs in once and keeps the token for the rest of the day', async () => {
    const [a, b] = sandbox.members(2);
    await connector.lookup({ memberId: a?.memberId ?? '' }, signal());
    await connector.lookup({ memberId: b?.memberId ?? '' }, signal());
    await connector.health(signal());
    expect(logins()).toBe(1);
    const login = sandbox.received().find((request) => request.path === '/login');
    expect(login?.headers).not.toHaveProperty('wise_key');
    expect(login?.body).toBe('[redacted]');
  });

  it('logs in again once when Wise no longer accepts the token (401), and the call succeeds', async () => {
    const [member] = sandbox.members(1);
    await connector.lookup({ memberId: member?.memberId ?? '' }, signal());
    sandbox.expireTokens();
    expect(await connector.lookup({ memberId: member?.memberId ?? '' }, signal())).toEqual(member);
    expect(logins()).toBe(2);
    expect(sandbox.received().filter((request) => request.status === 401)).toHaveLength(1);
  });

  it('renews the token before it expires, without waiting for a 401', async () => {
    // Tokens last 1 s here; the connector renews 200 ms before the end. Wise and the connector share one
    // clock, which the test moves instead of waiting.
    let clock = Date.now();
    const timed = new WiseSandbox({ seed: 11, now: () => clock });
    await timed.start();
    const renewing = connectTo(timed.settings(), {}, { renewMarginMs: 200, now: () => clock });
    const timedLogins = (): number => timed.received().filter((request) => request.path === '/login').length;
    try {
      timed.setTokenLifetime(1000);
      const [member] = timed.members(1);
      await renewing.health(signal());
      clock += 700;
      await renewing.lookup({ memberId: member?.memberId ?? '' }, signal());
      expect(timedLogins()).toBe(1);
      clock += 150;
      await renewing.lookup({ memberId: member?.memberId ?? '' }, signal());
      expect(timedLogins()).toBe(2);
      expect(timed.received().filter((request) => request.status === 401)).toHaveLength(0);
    } finally {
      await renewing.close();
      await timed.stop();
    }
  });

  it('pulls the delta feed: patron ids updated and deleted since a day', async () => {
    const generated = generateWiseLibrary(11);
    // The simulated library lives in the present: its members changed over the last 400 days, a few today.
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const delta = await connector.pullDelta(since, signal());
    expect(delta.updated).toEqual(generated.patrons.filter((patron) => patron.updatedOn >= since).map((patron) => patron.patron.patronSystemId));
    expect(delta.deleted).toEqual(generated.deleted.filter((entry) => entry.deletedOn >= since).map((entry) => entry.patronSystemId));
    expect(delta.updated.length).toBeGreaterThan(0);
    expect(delta.updated.length).toBeLessThan(generated.patrons.length);
    expect(sandbox.received().map((request) => request.path)).toEqual(
      expect.arrayContaining([`/patronmanagement/patron/library/STA/updatedpatron?date=${since}`, `/patronmanagement/patron/library/STA/deletedpatron?date=${since}`]),
    );
    await expect(connector.pullDelta('15-08-2025')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('reports health up after an authenticated call', async () => {
    expect(await connector.health(signal())).toEqual({ status: 'up' });
    expect(sandbox.received().some((request) => request.path === '/library/STA/branch')).toBe(true);
  });

  it('asks Wise whether the PIN is right, by card or by patron id, and keeps the PIN out of the recording', async () => {
    const [member] = sandbox.members(1);
    const card = member?.cardNumber as string;
    const pin = sandbox.pinOf(card) as string;
    expect(pin).toMatch(/^\d{4}$/);
    expect(await connector.verifyPin({ cardNumber: card }, pin, signal())).toBe(true);
    expect(await connector.verifyPin({ memberId: member?.memberId as string }, pin, signal())).toBe(true);
    expect(await connector.verifyPin({ cardNumber: card }, `${pin}0`, signal())).toBe(false);
    const checks = sandbox.received().filter((request) => request.path === '/library/STA/patronauthentication');
    expect(checks).toHaveLength(3);
    for (const check of checks) expect(check.body).toBe('[redacted]');
  });

  it('an unknown card is MemberNotFound, a failing Wise a transient error', async () => {
    expect(await failure(connector.verifyPin({ cardNumber: '00000000000000' }, '1234', signal()))).toBeInstanceOf(MemberNotFound);
    sandbox.setFault('error500');
    expect(await failure(connector.verifyPin({ cardNumber: '00000000000000' }, '1234', signal()))).toBeInstanceOf(PartnerUnavailable);
  });
});
