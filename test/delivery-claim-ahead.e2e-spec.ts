import { DataSource } from 'typeorm';
import { ValidMember } from '../src/domain/member';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const PREFETCH = 3;

interface RowState {
  readonly id: string;
  readonly status: string;
  readonly lease_owner: string | null;
  readonly ledger_seq: number | null;
}

/**
 * The worker claims ahead (DELIVERY_PREFETCH rows per partner beyond those in flight): the partner still
 * never has more than DELIVERY_PARTNER_CONCURRENCY requests open, the rows claimed together get their
 * ledger entries before any of them leaves, a row that waited past half its lease goes back to the
 * outbox, and at shutdown every waiting row goes back at once — nothing lost, nothing sent twice.
 */
describeEachDatabase('delivery: claiming ahead', (database) => {
  async function start(env: Readonly<Record<string, string>>): Promise<{ gateway: TestApp; newsletter: NewsletterSandbox; subscribers: ValidMember[] }> {
    const gateway = await startTestApp({
      database,
      env: { SANDBOX: 'on', CONNECTORS: 'hka,newsletter', DELIVERY_POLL_MS: '20', DELIVERY_PARTNER_CONCURRENCY: '1', DELIVERY_PREFETCH: String(PREFETCH), ...env },
    });
    const newsletter = gateway.app.get(SandboxHost).get('newsletter') as NewsletterSandbox;
    const listed = (await gateway.http.get('/api/v1/sandbox/members?limit=200').set(gateway.as('operator'))).body as ValidMember[];
    const subscribers = listed.filter((member) => member.consents?.newsletter?.granted === true && member.email !== undefined);
    expect(subscribers.length).toBeGreaterThanOrEqual(8);
    return { gateway, newsletter, subscribers };
  }

  async function accept(gateway: TestApp, members: readonly ValidMember[]): Promise<string[]> {
    const ids: string[] = [];
    for (const member of members) {
      const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
      expect(accepted.status).toBe(202);
      ids.push(accepted.body.deliveryId as string);
    }
    return ids;
  }

  async function rows(gateway: TestApp, ids: readonly string[]): Promise<RowState[]> {
    const all = (await gateway.app.get(DataSource).query('SELECT id, status, lease_owner, ledger_seq FROM outbox')) as RowState[];
    return all.filter((row) => ids.includes(row.id));
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  it('holds at most DELIVERY_PREFETCH rows waiting beside the one in flight, each already in the ledger; at shutdown the waiting rows go back to the outbox', async () => {
    const { gateway, newsletter, subscribers } = await start({});
    try {
      newsletter.http.setFault({ kind: 'slow', ms: 400 });
      const ids = await accept(gateway, subscribers.slice(0, 8));
      await until('rows are claimed ahead', async () => (await rows(gateway, ids)).filter((row) => row.status === 'in-flight').length === 1 + PREFETCH);
      for (let look = 0; look < 5; look += 1) {
        const claimed = (await rows(gateway, ids)).filter((row) => row.status === 'in-flight');
        expect(claimed.length).toBeLessThanOrEqual(1 + PREFETCH);
        // Claimed together, recorded together: every claimed row has its ledger entry before it is sent.
        for (const row of claimed) expect(row.ledger_seq).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      expect(newsletter.http.maxConcurrent()).toBe(1);

      await gateway.app.get(DeliveryWorker).onApplicationShutdown();
      const after = await rows(gateway, ids);
      expect(after.filter((row) => row.status === 'in-flight')).toEqual([]);
      const delivered = after.filter((row) => row.status === 'delivered');
      const back = after.filter((row) => row.status === 'pending');
      expect(delivered.length + back.length).toBe(ids.length);
      expect(delivered.length).toBeGreaterThanOrEqual(1);
      // Given back, not held: no lease stands in another worker's way.
      for (const row of back) expect(row.lease_owner).toBeNull();
      // Each delivered row reached the partner once.
      const keys = newsletter.received().map((message) => message.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(delivered.length);
    } finally {
      await gateway.close();
    }
  });

  it('sends a row that waited past half its lease only after claiming it again: every row reaches the partner once, and the ledger has one entry each', async () => {
    const { gateway, newsletter, subscribers } = await start({ DELIVERY_LEASE_MS: '1000' });
    try {
      // Each send takes 60 % of a lease: the second row in line has waited too long when its turn comes.
      newsletter.http.setFault({ kind: 'slow', ms: 600 });
      const ids = await accept(gateway, subscribers.slice(0, 5));
      await until('every row is delivered', async () => (await rows(gateway, ids)).every((row) => row.status === 'delivered'), 30_000);
      const keys = newsletter.received().map((message) => message.idempotencyKey);
      expect([...keys].sort()).toEqual([...ids].sort());
      expect(newsletter.received().filter((message) => message.duplicate)).toEqual([]);
      const entries = (await gateway.app.get(DataSource).query('SELECT exchange_id FROM disclosure_ledger')) as { exchange_id: string }[];
      const mine = entries.filter((entry) => ids.includes(entry.exchange_id)).map((entry) => entry.exchange_id);
      expect(mine.sort()).toEqual([...ids].sort());
    } finally {
      await gateway.close();
    }
  });
});
