import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ValidMember } from '../src/domain/member';
import { derivePseudonymSecret } from '../src/policy/pseudonym-secret';
import { PartnerSandbox } from '../src/sandbox/partner-sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { realisticMember } from './factories/member.factory';
import { describeEachDatabase } from './support/databases';
import { enrol } from './support/enrol';
import { startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Lifecycle sync through the real sandboxes: the simulated lending system changes its records (as a desk
 * would), the incremental cycle reads its change feed, and the partners get what their policies send on
 * joined, changed, left, consent-granted and consent-withdrawn — without anyone calling /exchanges.
 */
describeEachDatabase('lifecycle sync: joiners, changes, leavers and erasures reach partners by themselves', (database) => {
  let gateway: TestApp;
  let officer: string;
  let serial = 0;
  const sandbox = (partner: string) => gateway.app.get(SandboxHost).get(partner) as PartnerSandbox;
  const bodies = (partner: string) => sandbox(partner).received().map((message) => message.body);
  const cycle = async () => {
    const response = await gateway.http.post('/api/v1/sync/cycle').set(gateway.as('operator'));
    expect(response.status).toBe(200);
    return response.body as { status: string; job?: Record<string, unknown> };
  };
  const pending = async (): Promise<number> => Number((await gateway.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in-flight')`))[0].n);
  async function delivered(): Promise<void> {
    for (let i = 0; i < 400 && (await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await pending()).toBe(0);
  }
  /** A new member at the desk: a realistic member, current, with an e-mail and a consent as asked. */
  async function joiner(newsletter: boolean): Promise<ValidMember> {
    serial += 1;
    const base = realisticMember(9000 + serial + (database === 'postgres' ? 500 : 0));
    const member: ValidMember = {
      ...base,
      memberId: `J${database === 'postgres' ? 7 : 3}${String(serial).padStart(5, '0')}`,
      cardNumber: `2260${database === 'postgres' ? 7 : 3}${String(serial).padStart(9, '0')}`,
      membership: { subscription: 'volwassen-basis', status: 'active', validUntil: inDays(300), branchId: 'STA-HOOFD' },
      consents: { ...base.consents, newsletter: { granted: newsletter, on: new Date(Date.now() - 60_000).toISOString() } },
    };
    await enrol(gateway.http, gateway.as('operator').Authorization.slice(7), member);
    return member;
  }
  const patch = async (memberId: string, change: unknown) => {
    const response = await gateway.http.patch(`/api/v1/sandbox/members/${memberId}`).set(gateway.as('operator')).send(change as object);
    expect(response.status).toBe(200);
  };
  const pseudonym = (partner: string, memberId: string) => createHmac('sha256', derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), partner)).update(memberId).digest('hex');

  beforeAll(async () => {
    gateway = await startTestApp({
      database,
      env: {
        SANDBOX: 'on',
        CONNECTORS: 'hka,kb,overijssel,newsletter',
        SYNC_INTERVAL_MS: '0',
        SYNC_DELETE_THRESHOLD: '3',
        WITHDRAWAL_WATCH_MS: '0',
        DELIVERY_POLL_MS: '20',
        DELIVERY_BACKOFF_BASE_MS: '10',
        DELIVERY_BACKOFF_MAX_MS: '20',
      },
    });
    officer = await gateway.newOfficer('privacy.officer');
    // What the lending system changed before this test is the sandbox's own business: one cycle takes it in.
    await cycle();
    await delivered();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('a joiner reaches the KB and the province without an API call, and only once', async () => {
    const kb = bodies('kb').length;
    const province = bodies('overijssel').length;
    const member = await joiner(false);
    const outcome = await cycle();
    expect(outcome.status).toBe('done');
    expect(outcome.job).toMatchObject({ kind: 'cycle', failed: 0 });
    await delivered();
    const toKb = bodies('kb').slice(kb);
    expect(toKb).toHaveLength(1);
    expect(toKb[0]).toContain('UpdateUser');
    expect(toKb[0]).toContain(member.cardNumber);
    const toProvince = bodies('overijssel').slice(province);
    expect(toProvince).toHaveLength(1);
    expect(toProvince[0]).toContain('RegisterMember');
    expect(toProvince[0]).toContain(member.cardNumber);

    // The feed lists the member all day: further cycles send nothing more.
    expect((await cycle()).status).toBe('quiet');
    await delivered();
    expect(bodies('kb')).toHaveLength(kb + 1);
    expect(bodies('overijssel')).toHaveLength(province + 1);
  });

  it('an address change reaches the province, which holds addresses, and not the KB, which does not', async () => {
    const member = await joiner(false);
    await cycle();
    await delivered();
    const kb = bodies('kb').length;
    const province = bodies('overijssel').length;
    const address = { ...(member.addresses?.[0] ?? { kind: 'home' }), street: 'Gemeenteweg', houseNumber: '7', postalCode: '7951AB', city: 'Staphorst' };
    await patch(member.memberId, { addresses: [address] });
    await cycle();
    await delivered();
    expect(bodies('kb')).toHaveLength(kb);
    const toProvince = bodies('overijssel').slice(province);
    expect(toProvince).toHaveLength(1);
    expect(toProvince[0]).toContain('RegisterMember');
    expect(toProvince[0]).toContain('7951AB');
  });

  it('a leaver is deregistered at the KB and the province', async () => {
    const member = await joiner(false);
    await cycle();
    await delivered();
    const kb = bodies('kb').length;
    const province = bodies('overijssel').length;
    await patch(member.memberId, { membership: { status: 'cancelled' } });
    await cycle();
    await delivered();
    const toKb = bodies('kb').slice(kb);
    expect(toKb).toHaveLength(1);
    expect(toKb[0]).toContain('DeleteUser');
    expect(toKb[0]).toContain(member.memberId);
    const toProvince = bodies('overijssel').slice(province);
    expect(toProvince).toHaveLength(1);
    expect(toProvince[0]).toContain('DeregisterMember');
    expect(toProvince[0]).toContain(member.cardNumber);
  });

  it('a consent given subscribes to the newsletter, a consent withdrawn unsubscribes, each once', async () => {
    const member = await joiner(false);
    await cycle();
    await delivered();
    const reference = pseudonym('newsletter', member.memberId);
    const about = () => sandbox('newsletter').received().filter((message) => message.body.includes(reference) || message.body === '');
    const before = sandbox('newsletter').received().length;
    expect(about()).toHaveLength(0);
    await patch(member.memberId, { consents: { newsletter: { granted: true, on: new Date().toISOString() } } });
    await cycle();
    await delivered();
    const subscribed = sandbox('newsletter').received().slice(before);
    expect(subscribed).toHaveLength(1);
    expect(subscribed[0]?.body).toContain(reference);
    expect(subscribed[0]?.body).toContain(member.email as string);

    await patch(member.memberId, { consents: { newsletter: { granted: false, on: new Date().toISOString() } } });
    await cycle();
    await delivered();
    await cycle();
    await delivered();
    // The unsubscribe is a DELETE of the subscriber, named by the member's pseudonym at the newsletter service.
    expect(sandbox('newsletter').received()).toHaveLength(before + 2);
  });

  it('an erasure tells every partner that received the member, lists the one it cannot tell, and wipes the gateway\'s copies', async () => {
    const member = await joiner(true);
    await cycle();
    await delivered();
    // The lending system (hka) also got something of this member: its policy has no erased purpose.
    const lending = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'hka', purpose: 'consents', memberId: member.memberId });
    expect(lending.status).toBe(202);
    await delivered();
    const counts = { kb: bodies('kb').length, overijssel: bodies('overijssel').length, newsletter: bodies('newsletter').length };

    const erased = await gateway.http.post(`/api/v1/members/${member.memberId}/erasure`).set({ Authorization: `Bearer ${officer}` });
    expect(erased.status).toBe(202);
    expect([...erased.body.told].sort()).toEqual(['kb', 'newsletter', 'overijssel']);
    expect(erased.body.uninformed).toEqual(['hka']);
    expect(erased.body.reasons).toEqual([{ partner: 'hka', reason: 'NO_ERASED_PURPOSE' }]);
    await delivered();
    expect(bodies('kb').slice(counts.kb).join('')).toContain('DeleteUser');
    expect(bodies('overijssel').slice(counts.overijssel).join('')).toContain('DeregisterMember');
    expect(bodies('newsletter')).toHaveLength(counts.newsletter + 1);

    const sealed = await gateway.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM outbox WHERE member_id = '${member.memberId}' AND message_sealed IS NOT NULL AND purpose NOT IN ('online-deregistration', 'deregistration', 'unsubscribe')`);
    expect(Number(sealed[0].n)).toBe(0);
    const standings = await gateway.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM sync_standings WHERE member_id = '${member.memberId}'`);
    expect(Number(standings[0].n)).toBe(0);

    // Asked again: nothing is sent twice.
    const again = await gateway.http.post(`/api/v1/members/${member.memberId}/erasure`).set({ Authorization: `Bearer ${officer}` });
    expect(again.status).toBe(202);
    await delivered();
    expect(bodies('kb').slice(counts.kb).filter((body) => body.includes('DeleteUser'))).toHaveLength(1);
    expect((await gateway.http.post(`/api/v1/members/${member.memberId}/erasure`).set(gateway.as('operator'))).status).toBe(403);
  });

  it('the deletion guard holds a mass cancellation until an officer releases it', async () => {
    const members: ValidMember[] = [];
    for (let i = 0; i < 5; i++) members.push(await joiner(false));
    await cycle();
    await delivered();
    const kb = bodies('kb').length;
    const province = bodies('overijssel').length;
    for (const member of members) await patch(member.memberId, { membership: { status: 'cancelled' } });

    const outcome = await cycle();
    expect(outcome.status).toBe('held');
    await delivered();
    expect(bodies('kb')).toHaveLength(kb);
    expect(bodies('overijssel')).toHaveLength(province);
    const jobId = outcome.job?.jobId as string;
    const job = await gateway.http.get(`/api/v1/sync/jobs/${jobId}`).set(gateway.as('operator'));
    expect(job.body).toMatchObject({ status: 'held', held: 10 });
    expect(job.body.heldMessages).toEqual(
      expect.arrayContaining([
        { partner: 'kb', held: 5, released: 0, discarded: 0, members: 5, decidedBy: null, decidedAt: null },
        { partner: 'overijssel', held: 5, released: 0, discarded: 0, members: 5, decidedBy: null, decidedAt: null },
      ]),
    );
    // The next cycle does not hold (or send) them a second time.
    expect((await cycle()).status).toBe('quiet');

    expect((await gateway.http.post(`/api/v1/sync/jobs/${jobId}/release`).set(gateway.as('operator')).send({ partner: 'kb' })).status).toBe(403);
    const released = await gateway.http.post(`/api/v1/sync/jobs/${jobId}/release`).set({ Authorization: `Bearer ${officer}` }).send({ partner: 'kb' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ released: 5, failed: 0 });
    const discarded = await gateway.http.post(`/api/v1/sync/jobs/${jobId}/discard`).set({ Authorization: `Bearer ${officer}` }).send({ partner: 'overijssel' });
    expect(discarded.body).toMatchObject({ discarded: 5 });
    await delivered();
    const toKb = bodies('kb').slice(kb);
    expect(toKb).toHaveLength(5);
    for (const member of members) expect(toKb.some((body) => body.includes('DeleteUser') && body.includes(member.memberId))).toBe(true);
    expect(bodies('overijssel')).toHaveLength(province);
    const decided = (await gateway.http.get(`/api/v1/sync/jobs/${jobId}`).set(gateway.as('operator'))).body;
    expect(decided).toMatchObject({ status: 'done', held: 0, sent: 5 });
    // Who decided, and when, is shown beside the counts; the job list carries the same.
    expect(decided.heldMessages).toEqual(
      expect.arrayContaining([expect.objectContaining({ partner: 'kb', released: 5, decidedBy: expect.any(String), decidedAt: expect.any(String) })]),
    );
    const listed = (await gateway.http.get('/api/v1/sync/jobs').set(gateway.as('auditor'))).body.find((each: { jobId: string }) => each.jobId === jobId);
    expect(listed.heldMessages).toEqual(decided.heldMessages);
  });

  it('an initial cycle registers every current member at the partner once; a second finds nothing to send', async () => {
    const first = await gateway.http.post('/api/v1/sync/kb/initial').set(gateway.as('operator'));
    expect(first.status).toBe(202);
    const jobId = first.body.jobId as string;
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 400; i++) {
      job = (await gateway.http.get(`/api/v1/sync/jobs/${jobId}`).set(gateway.as('operator'))).body;
      if (job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(job).toMatchObject({ kind: 'initial', partner: 'kb', status: 'done', failed: 0 });
    const everyone = (await gateway.http.get('/api/v1/sandbox/members?limit=1000').set(gateway.as('operator'))).body as ValidMember[];
    expect(job.total).toBe(everyone.length);
    expect(Number(job.sent) + Number(job.unchanged) + Number(job.refused)).toBe(everyone.length);
    await delivered();
    // Every KB registration in the outbox is one per member: the members the cycles above registered were not sent again.
    const twice = await gateway.app.get(DataSource).query(`SELECT member_id, COUNT(*) AS n FROM outbox WHERE partner = 'kb' AND purpose = 'online-registration' GROUP BY member_id HAVING COUNT(*) > 1`);
    expect(twice).toEqual([]);

    const second = await gateway.http.post('/api/v1/sync/kb/initial').set(gateway.as('operator'));
    let again: Record<string, unknown> = {};
    for (let i = 0; i < 400; i++) {
      again = (await gateway.http.get(`/api/v1/sync/jobs/${second.body.jobId}`).set(gateway.as('operator'))).body;
      if (again.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(again).toMatchObject({ status: 'done', sent: 0, total: everyone.length });
  });

  it('answers clearly: unknown partner, a partner without triggers, an unknown job, roles', async () => {
    expect((await gateway.http.post('/api/v1/sync/nobody/initial').set(gateway.as('operator'))).status).toBe(404);
    const hka = await gateway.http.post('/api/v1/sync/hka/initial').set(gateway.as('operator'));
    expect(hka.status).toBe(422);
    expect(hka.body.error.code).toBe('NO_LIFECYCLE_PURPOSES');
    expect((await gateway.http.get('/api/v1/sync/jobs/00000000-0000-0000-0000-000000000000').set(gateway.as('operator'))).status).toBe(404);
    expect((await gateway.http.post('/api/v1/sync/kb/initial').set(gateway.as('auditor'))).status).toBe(403);
    expect((await gateway.http.post('/api/v1/members/nobody/erasure').set({ Authorization: `Bearer ${officer}` })).status).toBe(404);
  });
});
