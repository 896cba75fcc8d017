import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { derivePseudonymSecret } from '../src/policy/pseudonym-secret';
import { Member } from '../src/domain/member';
import { realisticMember } from './factories/member.factory';
import { describeEachDatabase } from './support/databases';
import { enrol } from './support/enrol';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);

describeEachDatabase('exchanges: policy, outbox, delivery, ledger', (database) => {
  let gateway: TestApp;
  let operator: string;
  let sandbox: NewsletterSandbox;
  const auth = () => ({ Authorization: `Bearer ${operator}` });
  /** The member enrolled in the lending system; the exchange names it by id. */
  const exchange = async (partner: string, purpose: string, member: Member) =>
    gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner, purpose, memberId: await enrol(gateway.http, operator, member) });
  const count = async (sql: string): Promise<number> => Number((await gateway.app.get(DataSource).query(sql))[0].n);

  async function settled(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(auth());
      if (DONE.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(auth());
    throw new Error(`exchange ${id} did not settle: ${JSON.stringify(body)}`);
  }

  beforeAll(async () => {
    gateway = await startTestApp({
      database,
      env: { SANDBOX: 'on', CONNECTORS: 'hka,newsletter', DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_BACKOFF_BASE_MS: '10', DELIVERY_BACKOFF_MAX_MS: '20', DELIVERY_POLL_MS: '20', CIRCUIT_FAILURE_THRESHOLD: '50' },
    });
    const response = await gateway.http.post('/api/v1/accounts').set({ Authorization: `Bearer ${gateway.adminToken}` }).send({ name: 'ops', role: 'operator' });
    operator = response.body.token;
    sandbox = gateway.app.get(SandboxHost).get('newsletter') as NewsletterSandbox;
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => sandbox.http.reset());

  it('delivers exactly what the policy allows, records it in the ledger, and keeps no copy', async () => {
    const member = realisticMember(7);
    const accepted = await exchange('newsletter', 'newsletter', member);
    expect(accepted.status).toBe(202);
    const status = await settled(accepted.body.deliveryId);
    expect(status).toMatchObject({ status: 'delivered', partner: 'newsletter', purpose: 'newsletter', policyVersion: 1 });

    const [request] = sandbox.http.received();
    const secret = derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), 'newsletter');
    const reference = createHmac('sha256', secret).update(member.memberId).digest('hex');
    const expected = { reference, email: member.email, firstName: member.name.firstNames, interests: member.interests };
    expect(request?.body).toBe(JSON.stringify(expected));
    expect(request?.idempotencyKey).toBe(accepted.body.deliveryId);
    for (const withheld of [member.memberId, member.cardNumber, member.phone, member.bankAccount?.iban, member.addresses?.[0]?.street]) {
      expect(request?.body).not.toContain(withheld);
    }

    const ledger = await gateway.http.get(`/api/v1/disclosures?memberId=${member.memberId}`).set(gateway.as('auditor'));
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.items[0]).toMatchObject({ partner: 'newsletter', purpose: 'newsletter', exchangeId: accepted.body.deliveryId, policyVersion: 1 });
    expect(ledger.body.items[0].fields.map((f: { path: string }) => f.path)).toEqual(['memberId', 'name.firstNames', 'email', 'interests[]']);
    expect(await count(`SELECT COUNT(*) AS n FROM outbox WHERE message_sealed IS NOT NULL AND id = '${accepted.body.deliveryId}'`)).toBe(0);
  });

  it('unsubscribes a member who withdrew consent, with the pseudonym only', async () => {
    const member = realisticMember(15);
    const subscribed = await exchange('newsletter', 'newsletter', member);
    expect((await settled(subscribed.body.deliveryId)).status).toBe('delivered');
    const reference = createHmac('sha256', derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), 'newsletter')).update(member.memberId).digest('hex');
    expect(sandbox.isSubscribed(reference)).toBe(true);

    // The member withdraws the consent at the library desk: the lending system's record changes.
    const withdrawn = await gateway.http.patch(`/api/v1/sandbox/members/${member.memberId}`).set(auth()).send({ consents: { newsletter: { granted: false, on: '2026-11-20T09:12:00+01:00' } } });
    expect(withdrawn.status).toBe(200);
    const unsubscribed = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'unsubscribe', memberId: member.memberId });
    expect(unsubscribed.status).toBe(202);
    expect((await settled(unsubscribed.body.deliveryId)).status).toBe('delivered');
    expect(sandbox.isSubscribed(reference)).toBe(false);
    const request = sandbox.http.received().at(-1);
    expect(request).toMatchObject({ method: 'DELETE', path: `/v1/subscribers/${reference}`, body: '' });
    const ledger = await gateway.http.get(`/api/v1/disclosures?memberId=${member.memberId}&partner=newsletter`).set(gateway.as('auditor'));
    // Only the pseudonym is carried (an unsubscribe also follows a leaver or an erasure, so it tells no consent).
    expect(ledger.body.items.find((entry: { purpose: string }) => entry.purpose === 'unsubscribe').fields).toEqual([{ path: 'memberId', transform: 'pseudonym' }]);
  });

  it('keeps a waiting message only encrypted', async () => {
    sandbox.http.setFault({ kind: 'slow', ms: 400 });
    const member = realisticMember(8);
    const accepted = await exchange('newsletter', 'newsletter', member);
    const [row] = await gateway.app.get(DataSource).query(`SELECT message_sealed FROM outbox WHERE id = '${accepted.body.deliveryId}'`);
    expect(row.message_sealed).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(row.message_sealed).not.toContain(member.email);
    expect(Buffer.from(String(row.message_sealed).split('.')[4] ?? '', 'base64').toString('latin1')).not.toContain(member.email);
    expect((await settled(accepted.body.deliveryId)).status).toBe('delivered');
  });

  it('refuses what the policy refuses, before anything is stored', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM outbox');
    const member = realisticMember(9);
    delete member.consents?.newsletter;
    const response = await exchange('newsletter', 'newsletter', member);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('CONSENT_MISSING');
    const unknown = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'nobody', purpose: 'x', memberId: member.memberId });
    expect(unknown.status).toBe(404);
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(before);
    expect(sandbox.http.received()).toHaveLength(0);
  });

  it('takes who the member is and what they consented to from the system of record, never from the caller', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM outbox');
    // A member without newsletter consent, sent inline with the consent made up: refused, whatever it says.
    const member = realisticMember(16);
    delete member.consents?.newsletter;
    await enrol(gateway.http, operator, member);
    const forged = { ...member, consents: { ...member.consents, newsletter: { granted: true, on: '2026-11-20T09:12:00+01:00' } } };
    const inline = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', member: forged });
    expect(inline.status).toBe(422);
    expect(inline.body.error).toMatchObject({ code: 'INLINE_MEMBER_REFUSED', details: { path: 'member', use: 'memberId' } });
    // Inline beside a memberId (a real member's data under a made-up id): refused just the same.
    const ghost = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', memberId: 'ghost-1', member: forged });
    expect(ghost.body.error.code).toBe('INLINE_MEMBER_REFUSED');
    // By id, the lending system's answer decides: no consent there, nothing leaves.
    const byId = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
    expect(byId.body.error.code).toBe('CONSENT_MISSING');
    const unknownId = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', memberId: 'ghost-1' });
    expect(unknownId.body.error.code).toBe('MEMBER_NOT_FOUND');
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(before);
    expect(sandbox.http.received()).toHaveLength(0);
    const ledger = await gateway.http.get(`/api/v1/disclosures?memberId=${member.memberId}`).set(gateway.as('auditor'));
    expect(ledger.body.items).toEqual([]);
  });

  it('answers a repeated Idempotency-Key with the first delivery, and refuses the key for another request', async () => {
    const memberId = await enrol(gateway.http, operator, realisticMember(10));
    const send = (body: object) => gateway.http.post('/api/v1/exchanges').set(auth()).set('Idempotency-Key', 'order-4711').send(body);
    const first = await send({ partner: 'newsletter', purpose: 'newsletter', memberId });
    const second = await send({ partner: 'newsletter', purpose: 'newsletter', memberId });
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body.deliveryId).toBe(first.body.deliveryId);
    await settled(first.body.deliveryId);
    expect(sandbox.http.received()).toHaveLength(1);
    const other = await send({ partner: 'newsletter', purpose: 'newsletter', memberId: await enrol(gateway.http, operator, realisticMember(11)) });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('retries transient errors, then makes a dead letter that an operator can retry', async () => {
    sandbox.http.setFault({ kind: 'error500' });
    const accepted = await exchange('newsletter', 'newsletter', realisticMember(12));
    const dead = await settled(accepted.body.deliveryId);
    expect(dead).toMatchObject({ status: 'dead', lastError: { code: 'PARTNER_UNAVAILABLE' } });
    expect((dead.attempts as unknown[]).length).toBe(3);
    const letters = await gateway.http.get('/api/v1/deliveries?status=dead').set(auth());
    expect(letters.body.map((l: { deliveryId: string }) => l.deliveryId)).toContain(accepted.body.deliveryId);

    sandbox.http.setFault({ kind: 'none' });
    const retried = await gateway.http.post(`/api/v1/deliveries/${accepted.body.deliveryId}/retry`).set(auth());
    expect(retried.status).toBe(200);
    expect((await settled(accepted.body.deliveryId)).status).toBe('delivered');
    expect(sandbox.http.applied()).toHaveLength(1);
  });

  it('records every byte that left: a partner that kept what it got and answered 503 is in the ledger, also after the dead letter is discarded', async () => {
    sandbox.http.setFault({ kind: 'error500' });
    const member = realisticMember(17);
    const accepted = await exchange('newsletter', 'newsletter', member);
    expect((await settled(accepted.body.deliveryId)).status).toBe('dead');
    // The partner received the member's e-mail three times, and took none of them.
    expect(sandbox.http.received().filter((request) => request.body.includes(String(member.email)))).toHaveLength(3);
    expect((await gateway.http.post(`/api/v1/deliveries/${accepted.body.deliveryId}/discard`).set(auth())).status).toBe(200);
    const ledger = await gateway.http.get(`/api/v1/disclosures?memberId=${member.memberId}`).set(gateway.as('auditor'));
    expect(ledger.body.items).toEqual([expect.objectContaining({ partner: 'newsletter', exchangeId: accepted.body.deliveryId })]);
    expect(ledger.body.items[0].fields.map((f: { path: string }) => f.path)).toContain('email');
    const report = await gateway.http.get(`/api/v1/members/${member.memberId}/disclosure-report`).set(gateway.as('officer'));
    expect(report.body.disclosures).toEqual([expect.objectContaining({ partner: 'newsletter', outcome: 'discarded' })]);
  });

  it('records a delivery once however often it is sent, and says when it was delivered', async () => {
    sandbox.http.setFault({ kind: 'error500' });
    const member = realisticMember(18);
    const accepted = await exchange('newsletter', 'newsletter', member);
    expect((await settled(accepted.body.deliveryId)).status).toBe('dead');
    sandbox.http.setFault({ kind: 'none' });
    await gateway.http.post(`/api/v1/deliveries/${accepted.body.deliveryId}/retry`).set(auth());
    expect((await settled(accepted.body.deliveryId)).status).toBe('delivered');
    const report = await gateway.http.get(`/api/v1/members/${member.memberId}/disclosure-report`).set(gateway.as('officer'));
    expect(report.body.disclosures).toEqual([expect.objectContaining({ outcome: 'delivered', exchangeId: accepted.body.deliveryId })]);
    // Written for the member who asked: who answers, which rights, and per recipient what left (in the
    // catalog's order, with how: the member id only as a pseudonym), why, and for how long.
    expect(report.body.controller).toEqual({ name: 'Bibliotheek Staphorst', privacyContact: expect.any(String) });
    expect(report.body.rights).toEqual(expect.arrayContaining(['access', 'rectification', 'erasure', 'objection', 'complaint']));
    expect(report.body.recipients[0].disclosed).toEqual([
      { path: 'memberId', transforms: ['pseudonym'] },
      { path: 'name.firstNames', transforms: ['copy'] },
      { path: 'email', transforms: ['copy'] },
      { path: 'interests[]', transforms: ['copy'] },
    ]);
    expect(report.body.context).toEqual([
      {
        partner: 'newsletter',
        recipient: expect.any(String),
        relationship: expect.any(String),
        purposes: [{ purpose: 'newsletter', description: expect.stringMatching(/\w/), legalBasis: 'consent', retentionDays: 365 }],
      },
    ]);
  });

  it('does not retry a rejection, and lets an operator discard the dead letter', async () => {
    sandbox.http.setFault({ kind: 'reject400' });
    const accepted = await exchange('newsletter', 'newsletter', realisticMember(13));
    const dead = await settled(accepted.body.deliveryId);
    expect(dead).toMatchObject({ status: 'dead', lastError: { code: 'PARTNER_REJECTED' } });
    expect((dead.attempts as unknown[]).length).toBe(1);
    const discarded = await gateway.http.post(`/api/v1/deliveries/${accepted.body.deliveryId}/discard`).set(auth());
    expect(discarded.body.status).toBe('discarded');
    expect(await count(`SELECT COUNT(*) AS n FROM outbox WHERE message_sealed IS NOT NULL AND id = '${accepted.body.deliveryId}'`)).toBe(0);
    expect((await gateway.http.post(`/api/v1/deliveries/${accepted.body.deliveryId}/retry`).set(auth())).status).toBe(409);
  });

  it('treats a malformed answer as a transient protocol error', async () => {
    sandbox.http.setFault({ kind: 'malformed-json' });
    const accepted = await exchange('newsletter', 'newsletter', realisticMember(14));
    const dead = await settled(accepted.body.deliveryId);
    expect(dead).toMatchObject({ status: 'dead', lastError: { code: 'PARTNER_PROTOCOL_ERROR' } });
  });

  it('loads a member by id from the lending system, then sends what the policy allows', async () => {
    const listed = await gateway.http.get('/api/v1/sandbox/members?limit=60').set(auth());
    expect(listed.status).toBe(200);
    const member = (listed.body as Array<{ memberId: string; email?: string; consents?: { newsletter?: { granted: boolean } } }>).find(
      (candidate) => candidate.consents?.newsletter?.granted === true && candidate.email !== undefined,
    );
    if (member === undefined) throw new Error('the Wise sandbox generated no member with newsletter consent');
    const accepted = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
    expect(accepted.status).toBe(202);
    expect((await settled(accepted.body.deliveryId)).status).toBe('delivered');
    expect(sandbox.http.applied()[0]?.body).toContain(member.email);

    const unknown = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'newsletter', memberId: 'NO-SUCH-PATRON' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  it("pulls the lending system's delta feed, and refuses a partner without one", async () => {
    const delta = await gateway.http.get('/api/v1/partners/hka/delta?since=2025-08-01').set(auth());
    expect(delta.status).toBe(200);
    expect(delta.body).toMatchObject({ partner: 'hka', since: '2025-08-01', updated: expect.any(Array), deleted: expect.any(Array) });
    expect(delta.body.updated.length).toBeGreaterThan(0);
    expect((await gateway.http.get('/api/v1/partners/newsletter/delta?since=2025-08-01').set(auth())).status).toBe(422);
    expect((await gateway.http.get('/api/v1/partners/hka/delta?since=yesterday').set(auth())).status).toBe(422);
  });

  it('lists the partners with their connectors', async () => {
    const response = await gateway.http.get('/api/v1/partners').set(auth());
    expect(response.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partner: 'newsletter', protocol: 'rest', enabled: true, health: { status: 'up' } }),
        expect.objectContaining({ partner: 'hka', protocol: 'rest', capabilities: ['send', 'lookup', 'pull', 'circulate'], enabled: true, health: { status: 'up' } }),
      ]),
    );
  });

  // Last: it changes the newsletter policy for what follows.
  it('refuses, storing nothing, a purpose whose every field waits for a condition that does not hold for the member', async () => {
    const current = (await gateway.http.get('/api/v1/policies/newsletter').set(gateway.as('officer'))).body.document;
    const conditional = {
      ...current,
      purposes: current.purposes.map((purpose: { id: string; fields: object[] }) =>
        purpose.id === 'unsubscribe' ? { ...purpose, fields: [{ path: 'memberId', transform: 'pseudonym', when: { 'consents.newsletter.granted': false } }] } : purpose,
      ),
    };
    const draft = await gateway.http.post('/api/v1/policies/newsletter/versions').set(gateway.as('officer')).send({ document: conditional });
    expect(draft.status).toBe(201);
    const approver = await gateway.newOfficer('second.officer');
    expect((await gateway.http.post(`/api/v1/policies/newsletter/versions/${draft.body.version}/approve`).set({ Authorization: `Bearer ${approver}` }).send({})).status).toBe(200);

    const member = realisticMember(31);
    const memberId = await enrol(gateway.http, operator, member);
    const before = await count('SELECT COUNT(*) AS n FROM outbox');
    const stillSubscribed = await gateway.http.post('/api/v1/exchanges').set(auth()).send({ partner: 'newsletter', purpose: 'unsubscribe', memberId });
    expect(stillSubscribed.status).toBe(422);
    expect(stillSubscribed.body.error.code).toBe('NOTHING_RELEASED');
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(before);
  });
});
