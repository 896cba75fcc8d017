import { randomUUID } from 'node:crypto';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import { OutboxStore } from '../src/delivery/outbox.store';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

/** The outbox operations the broker's consumers and sweeper use, on SQLite and PostgreSQL alike. */
describeEachDatabase('outbox: claim by id and sweep for publishing', (database) => {
  let gateway: TestApp;
  let store: OutboxStore;
  const T0 = Date.parse('2030-01-01T00:00:00.000Z');
  const LEASE = 60_000;

  async function row(nowMs = T0): Promise<string> {
    const id = randomUUID();
    await store.insert({
      id,
      partner: 'newsletter',
      purpose: 'newsletter',
      memberId: `m-${id.slice(0, 8)}`,
      messageSealed: 'v1.sealed',
      fields: [],
      policyVersion: 1,
      policyHash: 'h'.repeat(64),
      agreementReference: 'agreement',
      idempotencyKey: null,
      requestHash: null,
      nowMs,
    });
    return id;
  }

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { CONNECTORS: 'none', SANDBOX: 'off' } });
    // The rows here are the test's: the in-process worker keeps its hands off them.
    gateway.app.get(DeliveryWorker).handOver();
    store = gateway.app.get(OutboxStore);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('claims one due row for one worker; another worker gets it only when the lease has run out', async () => {
    const id = await row();
    const claimed = await store.claimOne(id, 'worker-a', T0, LEASE);
    expect(claimed).toMatchObject({ id, status: 'in-flight', leaseOwner: 'worker-a' });
    expect(await store.claimOne(id, 'worker-b', T0 + 1000, LEASE)).toBeNull();
    expect(await store.claimOne(id, 'worker-b', T0 + LEASE + 1, LEASE)).toMatchObject({ id, leaseOwner: 'worker-b' });
  });

  it('records many delivered rows in one go, each with its own moment and reference, and none that another worker holds', async () => {
    const [first, second, theirs] = [await row(), await row(), await row()];
    const mine = await store.claimMany([first, second, randomUUID()], 'worker-a', T0, LEASE);
    expect(mine.map((claimed) => claimed?.id ?? null)).toEqual([first, second, null]);
    const other = await store.claimOne(theirs, 'worker-b', T0, LEASE);
    const kept = await store.deliveredMany(
      [
        { row: mine[0]!, outcome: { startedAtMs: T0 + 100, durationMs: 5 }, partnerReference: 'ref-1' },
        { row: mine[1]!, outcome: { startedAtMs: T0 + 200, durationMs: 7 }, partnerReference: undefined },
        { row: other!, outcome: { startedAtMs: T0 + 300, durationMs: 1 }, partnerReference: 'not-mine' },
      ],
      'worker-a',
    );
    expect(kept).toEqual([true, true, false]);
    expect(await store.find(first)).toMatchObject({ status: 'delivered', attempts: 1, messageSealed: null, leaseOwner: null, deliveredAt: new Date(T0 + 105).toISOString(), partnerReference: 'ref-1' });
    expect(await store.find(second)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: new Date(T0 + 207).toISOString(), partnerReference: null });
    expect(await store.find(theirs)).toMatchObject({ status: 'in-flight', leaseOwner: 'worker-b', deliveredAt: null });
    expect((await store.attempts(first)).map((attempt) => attempt.outcome)).toEqual(['delivered']);
  });

  it('does not claim a row that is not due, delivered, or unknown', async () => {
    const later = await row(T0 + 5000);
    expect(await store.claimOne(later, 'worker-a', T0, LEASE)).toBeNull();
    const done = await row();
    const mine = await store.claimOne(done, 'worker-a', T0, LEASE);
    expect(await store.delivered(mine!, 'worker-a', { startedAtMs: T0, durationMs: 5 }, undefined)).toBe(true);
    expect(await store.claimOne(done, 'worker-b', T0 + 10 * LEASE, LEASE)).toBeNull();
    expect(await store.claimOne(randomUUID(), 'worker-a', T0, LEASE)).toBeNull();
  });

  it('lets exactly one of many concurrent claims of one row win', async () => {
    const id = await row();
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claimOne(id, `worker-${i}`, T0, LEASE)));
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
  });

  describe('takeForPublishing', () => {
    const GRACE = 1000;
    const REPUBLISH = 30_000;
    // Every row of this block lives at its own time, far from the other tests' rows.
    const T1 = T0 + 1_000_000_000;
    const take = async (nowMs: number) => new Set(await store.takeForPublishing(nowMs, GRACE, REPUBLISH, 1000));

    it('leaves a new row alone during the grace period, then publishes it once per period', async () => {
      const id = await row(T1);
      expect((await take(T1 + GRACE - 1)).has(id)).toBe(false);
      expect((await take(T1 + GRACE)).has(id)).toBe(true);
      expect((await take(T1 + GRACE + 1)).has(id)).toBe(false);
      expect((await take(T1 + GRACE + REPUBLISH - 1)).has(id)).toBe(false);
      expect((await take(T1 + GRACE + REPUBLISH + 1)).has(id)).toBe(true);
      // Marked or not, the row is claimable by the consumer that gets the message.
      expect(await store.claimOne(id, 'worker-a', T1 + GRACE + REPUBLISH + 2, LEASE)).toMatchObject({ id, status: 'in-flight' });
    });

    it('gives a row back whose publish failed, for the next sweep', async () => {
      const T = T1 + 100_000_000;
      const id = await row(T);
      expect((await take(T + GRACE)).has(id)).toBe(true);
      await store.publishingFailed([id]);
      expect((await take(T + GRACE + 1)).has(id)).toBe(true);
    });

    it('takes back a row whose lease ran out, as pending, and republishes it', async () => {
      const T = T1 + 200_000_000;
      const id = await row(T);
      await store.claimOne(id, 'dead-worker', T, LEASE);
      expect((await take(T + LEASE - 1)).has(id)).toBe(false);
      expect((await take(T + LEASE + 1)).has(id)).toBe(true);
      const back = await store.find(id);
      expect(back).toMatchObject({ status: 'pending', leaseOwner: null });
      // The dead worker, were it only slow, can no longer record the delivery.
      expect(await store.delivered(back!, 'dead-worker', { startedAtMs: T, durationMs: 1 }, undefined)).toBe(false);
      expect(await store.claimOne(id, 'worker-b', T + LEASE + 2, LEASE)).toMatchObject({ id, leaseOwner: 'worker-b' });
    });

    it('hands each row to one of several sweepers at once', async () => {
      const T = T1 + 300_000_000;
      const ids = await Promise.all(Array.from({ length: 20 }, () => row(T)));
      const sweeps = await Promise.all(Array.from({ length: 4 }, () => store.takeForPublishing(T + GRACE, GRACE, REPUBLISH, 1000)));
      const all = sweeps.flat().filter((id) => ids.includes(id));
      expect(all.sort()).toEqual([...ids].sort());
    });
  });
});
