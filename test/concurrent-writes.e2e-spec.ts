import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/audit/ledger.service';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import { OutboxStore } from '../src/delivery/outbox.store';
import { ValidMember } from '../src/domain/member';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);

/**
 * Every module that writes, all at once: exchanges (outbox rows, then deliveries whose ledger entry
 * commits with the delivered state), standalone ledger appends, policy drafts, a legal order's approval
 * (its decision and ledger entry in one transaction) and accounts. On SQLite they share one connection;
 * each must commit whole and by itself, and the ledger must come out as one unbroken chain.
 */
describeEachDatabase('writes from every module at once', (database) => {
  let gateway: TestApp;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka,overijssel,newsletter', DELIVERY_POLL_MS: '10' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('commits each write by itself, and the ledger stays one chain', async () => {
    const admin = as(gateway.staff.operator);
    const officer = as(gateway.staff.officer);
    const [author, approver] = [await gateway.newOfficer('f.jansen'), await gateway.newOfficer('m.bakker')];
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=40').set(admin)).body as ValidMember[];
    const order = await gateway.http
      .post('/api/v1/legal-disclosures')
      .set(as(author))
      .send({ memberId: members[0]?.memberId, authority: 'Politie', orderReference: 'PL-1', legalBasis: 'legal-obligation', reason: 'vordering', fields: [{ path: 'name' }] });
    expect(order.status).toBe(201);
    const kb = (await gateway.http.get('/api/v1/policies/kb').set(officer)).body;
    const ledger = new LedgerService(gateway.app.get(DataSource));
    const before = (await gateway.http.get('/api/v1/disclosures/verify').set(officer)).body.checked as number;

    const work: Array<Promise<unknown>> = [
      ...members.slice(1, 13).map((member) => gateway.http.post('/api/v1/exchanges').set(admin).send({ partner: 'overijssel', purpose: 'registration', memberId: member.memberId })),
      ...Array.from({ length: 12 }, (_, i) =>
        ledger.record({ memberId: `M-${i}`, partner: 'kb', purpose: 'single-identity', policyVersion: 1, policyHash: 'a'.repeat(64), agreementReference: 'VWO-KB', fields: [{ path: 'memberId', transform: 'copy' }] }),
      ),
      ...['kb', 'overijssel', 'newsletter'].map((partner) =>
        gateway.http.get(`/api/v1/policies/${partner}`).set(officer).then((active) => gateway.http.post(`/api/v1/policies/${partner}/versions`).set(as(author)).send({ document: active.body.document, note: `draft of ${partner}` })),
      ),
      gateway.http.post(`/api/v1/legal-disclosures/${order.body.id}/approve`).set(as(approver)),
      ...['a.de-vries', 'b.smit', 'c.mulder'].map((name) => gateway.http.post('/api/v1/accounts').set(as(gateway.adminToken)).send({ name, role: 'auditor' })),
    ];
    const results = await Promise.all(work);
    expect(kb.document.partner).toBe('kb');

    const http = results.filter((result): result is { status: number; body: Record<string, unknown> } => typeof result === 'object' && result !== null && 'status' in result);
    expect(http.map((result) => result.status).filter((status) => status >= 300)).toEqual([]);
    const deliveries = http.map((result) => result.body.deliveryId).filter((id): id is string => typeof id === 'string');
    expect(deliveries).toHaveLength(12);
    for (let i = 0; i < 400; i++) {
      const states = await Promise.all(deliveries.map(async (id) => (await gateway.http.get(`/api/v1/exchanges/${id}`).set(admin)).body.status as string));
      if (states.every((state) => DONE.has(state))) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const states = await Promise.all(deliveries.map(async (id) => (await gateway.http.get(`/api/v1/exchanges/${id}`).set(admin)).body.status as string));
    expect(states).toEqual(deliveries.map(() => 'delivered'));

    // 12 deliveries + 12 standalone appends + 1 legal disclosure, each once, in one chain.
    expect((await gateway.http.get('/api/v1/disclosures/verify').set(officer)).body).toEqual({ ok: true, checked: before + 25 });
    const drafts = await Promise.all(['kb', 'overijssel', 'newsletter'].map(async (partner) => (await gateway.http.get(`/api/v1/policies/${partner}/versions`).set(officer)).body as Array<{ status: string }>));
    expect(drafts.map((versions) => versions.filter((version) => version.status === 'draft').length)).toEqual([1, 1, 1]);
    expect((await gateway.http.get(`/api/v1/legal-disclosures/${order.body.id}`).set(officer)).body.status).toBe('approved');
    const accounts = (await gateway.http.get('/api/v1/accounts').set(as(gateway.adminToken))).body as Array<{ name: string }>;
    expect(accounts.map((entry) => entry.name)).toEqual(expect.arrayContaining(['a.de-vries', 'b.smit', 'c.mulder']));
  });

  it('a standalone ledger append and an outbox update started in the same tick both commit, each in its own transaction', async () => {
    gateway.app.get(DeliveryWorker).handOver();
    const store = gateway.app.get(OutboxStore);
    const ledger = new LedgerService(gateway.app.get(DataSource));
    const id = randomUUID();
    const nowMs = Date.now() - 1000;
    await store.insert({ id, partner: 'overijssel', purpose: 'registration', memberId: 'M-tick', messageSealed: 'v1.x.y.z', fields: [{ path: 'memberId', transform: 'copy' }], policyVersion: 1, policyHash: 'b'.repeat(64), agreementReference: 'VWO-OV', idempotencyKey: null, requestHash: null, nowMs });
    const row = await store.claimOne(id, 'worker-tick', nowMs + 10, 60_000);
    if (row === null) throw new Error('the row was not claimed');
    const before = (await gateway.http.get('/api/v1/disclosures/verify').set(gateway.as('auditor'))).body.checked as number;
    const [entry] = await Promise.all([
      ledger.record({ memberId: 'M-tick', partner: 'kb', purpose: 'single-identity', policyVersion: 1, policyHash: 'a'.repeat(64), agreementReference: 'VWO-KB', fields: [{ path: 'memberId', transform: 'copy' }] }),
      store.failed(row, 'worker-tick', { startedAtMs: nowMs, durationMs: 5, errorCode: 'PARTNER_UNAVAILABLE', error: 'down' }, { dead: false, retryAtMs: nowMs + 60_000 }),
    ]);
    expect(entry.seq).toBe(before + 1);
    expect((await gateway.http.get('/api/v1/disclosures/verify').set(gateway.as('auditor'))).body).toEqual({ ok: true, checked: before + 1 });
    expect(await store.find(id)).toMatchObject({ status: 'pending', attempts: 1, lastErrorCode: 'PARTNER_UNAVAILABLE' });
    expect(await store.attempts(id)).toEqual([expect.objectContaining({ outcome: 'retry', errorCode: 'PARTNER_UNAVAILABLE' })]);
  });
});
