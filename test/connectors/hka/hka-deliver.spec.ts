import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { MappingFailed, MemberNotFound } from '../../../src/connectors/sdk/connector-errors';
import { prepareForPartner } from '../../../src/connectors/sdk/sendable';
import { Member, ValidMember } from '../../../src/domain/member';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, failure, release, signal, withFees } from './hka-sandbox';

describe('hka connector against the Wise sandbox: deliveries', () => {
  const sandbox = new WiseSandbox({ seed: 31 });
  let connector: HkaConnector;
  let member: ValidMember;

  beforeAll(async () => sandbox.start());
  afterAll(async () => sandbox.stop());
  beforeEach(() => {
    sandbox.reset();
    connector = connectTo(sandbox.settings());
    member = withFees(sandbox.members(60));
  });
  afterEach(async () => connector.close());

  /** The member after paying every open fee at a terminal. */
  function paid(): Member {
    return { ...member, fees: (member.fees ?? []).map((fee) => (fee.status === 'open' ? { ...fee, status: 'paid' as const } : fee)), balanceCents: 0 };
  }

  it('delivers a payment: exactly the prepared bytes arrive, with the Idempotency-Key, and Wise books the fees', async () => {
    const message = prepareForPartner(connector, release(paid(), 'payments'));
    expect(message.route).toEqual({ method: 'POST', path: '/patron/{patronSystemId}/library/STA/payment' });
    const receipt = await connector.deliver(message, { deliveryId: 'delivery-0001', signal: signal() });
    expect(receipt.partnerReference).toMatch(/^PAY-\d{6}$/);

    const arrived = sandbox.received().filter((request) => request.method === 'POST' && request.path !== '/login');
    expect(arrived).toHaveLength(1);
    const [payment] = arrived;
    expect(payment?.path).toBe(`/patron/${member.memberId}/library/STA/payment`);
    expect(payment?.bytes.equals(Buffer.from(message.body, 'utf8'))).toBe(true);
    expect(payment?.body).toBe(message.body);
    expect(payment?.headers['idempotency-key']).toBe('delivery-0001');
    expect(payment?.headers['content-type']).toBe('application/json');
    expect(payment?.headers).not.toHaveProperty('authorization');
    expect(payment?.headers).not.toHaveProperty('wise_key');

    const after = await connector.lookup({ memberId: member.memberId }, signal());
    expect(after.fees?.filter((fee) => fee.status === 'open')).toEqual([]);
    expect(after.balanceCents).toBe(0);
  });

  it('sends only what the payments purpose releases', async () => {
    const message = prepareForPartner(connector, release(paid(), 'payments'));
    await connector.deliver(message, { deliveryId: 'delivery-0002', signal: signal() });
    const body = sandbox.received().find((request) => request.path.endsWith('/payment'))?.body ?? '';
    expect(Object.keys(JSON.parse(body)).sort()).toEqual(['balance', 'cardNumber', 'fees', 'patronSystemId']);
    for (const withheld of [member.name.lastName, member.email ?? '-', member.birthDate ?? '-', member.phone ?? '-']) expect(body).not.toContain(withheld);
  });

  it('a repeated delivery with the same delivery id gets the same answer and is not applied twice', async () => {
    const message = prepareForPartner(connector, release(paid(), 'payments'));
    const first = await connector.deliver(message, { deliveryId: 'delivery-0003', signal: signal() });
    const again = await connector.deliver(message, { deliveryId: 'delivery-0003', signal: signal() });
    expect(again).toEqual(first);
    expect(sandbox.deliveryCounts()).toEqual({ applied: 1, duplicates: 1 });
    expect(sandbox.received().filter((request) => request.path.endsWith('/payment')).map((request) => request.duplicate)).toEqual([false, true]);
    const other = await connector.deliver(message, { deliveryId: 'delivery-0004', signal: signal() });
    expect(other.partnerReference).not.toBe(first.partnerReference);
    expect(sandbox.deliveryCounts()).toEqual({ applied: 2, duplicates: 1 });
  });

  it('delivers consent changes and the patron shows up in the delta feed of today', async () => {
    const changed = { ...member, consents: { newsletter: { granted: true, on: '2025-09-01T10:00:00+02:00' }, researchPanel: { granted: false, on: '2025-09-01T10:00:00+02:00' } } };
    const message = prepareForPartner(connector, release(changed, 'consents'));
    expect(message.route).toEqual({ method: 'PUT', path: '/patron/{patronSystemId}/library/STA/consents' });
    await connector.deliver(message, { deliveryId: 'delivery-0005', signal: signal() });
    const after = await connector.lookup({ memberId: member.memberId }, signal());
    expect(after.consents?.newsletter).toEqual({ granted: true, on: '2025-09-01T10:00:00+02:00' });
    expect(after.consents?.researchPanel).toEqual({ granted: false, on: '2025-09-01T10:00:00+02:00' });
    const today = new Date().toISOString().slice(0, 10);
    expect((await connector.pullDelta(today, signal())).updated).toContain(member.memberId);
  });

  it('delivers a patron update for the lending purpose', async () => {
    const moved = { ...member, email: 'nieuw.adres@example.nl' };
    const message = prepareForPartner(connector, release(moved, 'lending'));
    expect(message.route).toEqual({ method: 'PUT', path: '/patron/{patronSystemId}/library/STA' });
    await connector.deliver(message, { deliveryId: 'delivery-0006', signal: signal() });
    expect((await connector.lookup({ cardNumber: member.cardNumber }, signal())).email).toBe('nieuw.adres@example.nl');
  });

  it('reads a prepared message back to exactly the released fields (the inverse of prepare)', () => {
    for (const purpose of ['lending', 'reminders', 'payments', 'consents']) {
      const payload = release(member, purpose);
      expect(connector.read(connector.prepare(payload))).toEqual(payload.fields);
    }
  });

  it('refuses a message without a Wise route, and a delivery for a patron Wise does not know', async () => {
    const message = connector.prepare(release(paid(), 'payments'));
    await expect(connector.deliver({ ...message, route: { method: 'DELETE', path: message.route.path ?? '' } }, { deliveryId: 'x', signal: signal() })).rejects.toThrow(MappingFailed);
    await expect(connector.deliver({ ...message, route: { method: 'POST', path: 'http://elsewhere.example/patron/{patronSystemId}/' } }, { deliveryId: 'x', signal: signal() })).rejects.toThrow(MappingFailed);
    const stranger = connector.prepare(release({ ...paid(), memberId: '424242' }, 'consents'));
    expect(await failure(connector.deliver(stranger, { deliveryId: 'y', signal: signal() }))).toBeInstanceOf(MemberNotFound);
    expect(sandbox.deliveryCounts().applied).toBe(0);
  });
});
