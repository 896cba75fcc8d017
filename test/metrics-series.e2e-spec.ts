import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ValidMember } from '../src/domain/member';
import { writeLookupUser } from '../src/mapping/ncip/ncip-lookup-user';
import { KB_SANDBOX_AGENCY, LIBRARY_SANDBOX_AGENCY } from '../src/sandbox/kb/kb.sandbox';
import { PartnerSandbox } from '../src/sandbox/partner-sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { Sip2Client } from '../src/sandbox/sip2/sip2-client';
import { Sip2TerminalSandbox } from '../src/sandbox/sip2/sip2-terminal.sandbox';
import { SyncJobs } from '../src/sync/sync-jobs.store';
import { realisticMember } from './factories/member.factory';
import { describeEachDatabase } from './support/databases';
import { enrol } from './support/enrol';
import { freePort } from './support/gateway-process';
import { sumOf } from './support/prometheus-text';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);

/**
 * GET /metrics after real traffic — a lifecycle sync cycle, exchanges delivered, retried, dead and
 * refused, a SIP2 session, NCIP lookups — finds every series with the values the database and the
 * traffic say, and no value of any member involved. METRICS_TOKEN opens /metrics and nothing else.
 */
describeEachDatabase('metrics after real traffic', (database) => {
  let gateway: TestApp;
  let sip2Port: number;
  let kbToken: string;
  const metricsToken = `mt_${randomBytes(24).toString('base64url')}`;
  const clients: Sip2Client[] = [];
  const newsletter = () => gateway.app.get(SandboxHost).get('newsletter') as PartnerSandbox;
  const scrape = async (): Promise<string> => {
    const response = await gateway.http.get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
    expect(response.status).toBe(200);
    return response.text;
  };
  const db = async (sql: string): Promise<number> => Number((await gateway.app.get(DataSource).query(sql))[0].n);
  const exchange = (memberId: string, purpose = 'newsletter') => gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'newsletter', purpose, memberId });
  async function settled(id: string, until: (body: Record<string, any>) => boolean = (body) => DONE.has(body.status)): Promise<Record<string, any>> {
    for (let i = 0; i < 400; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(gateway.as('operator'));
      if (until(body)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`exchange ${id} did not get there`);
  }
  async function outboxSettled(): Promise<void> {
    for (let i = 0; i < 400 && (await db(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in-flight')`)) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  function member(seed: number, consent: boolean): ValidMember {
    const base = realisticMember(seed);
    return { ...base, consents: { ...base.consents, newsletter: { granted: consent, on: '2026-01-01T10:00:00Z' } } };
  }
  /** Values of a member that must never show in a scrape. */
  const valuesOf = (m: ValidMember): string[] =>
    [m.memberId, m.cardNumber, m.email, m.name.lastName, m.name.firstNames, m.birthDate, ...(m.addresses ?? []).flatMap((a) => [a.street, a.postalCode])].filter(
      (value): value is string => typeof value === 'string' && value.length >= 4,
    );

  beforeAll(async () => {
    sip2Port = await freePort();
    gateway = await startTestApp({
      database,
      env: {
        SANDBOX: 'on',
        CONNECTORS: 'hka,newsletter,kb,bibliotheca',
        METRICS_TOKEN: metricsToken,
        DELIVERY_POLL_MS: '20',
        DELIVERY_BACKOFF_BASE_MS: '10',
        DELIVERY_BACKOFF_MAX_MS: '40',
        DELIVERY_MAX_ATTEMPTS: '20',
        CIRCUIT_FAILURE_THRESHOLD: '100',
        SYNC_INTERVAL_MS: '0',
        SIP2_PORT: String(sip2Port),
        SIP2_HOST: '127.0.0.1',
      },
    });
    kbToken = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kb-online', role: 'partner', partner: 'kb' })).body.token;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
  });

  it('shows every series with the values the traffic and the database say, and no member value', async () => {
    // Before any cycle: no lag to speak of yet.
    expect(sumOf(await scrape(), 'bieb_sync_lag_seconds')).toBe(-1);
    const consenting = [member(101, true), member(102, true), member(103, true), member(104, true)];
    const declining = member(105, false);
    for (const m of [...consenting, declining]) await enrol(gateway.http, gateway.as('operator').Authorization.slice(7), m);

    // A lifecycle sync cycle reads the change feed (the members just enrolled): the lag is measured from its start.
    const startedAt = Date.now();
    expect((await gateway.http.post('/api/v1/sync/cycle').set(gateway.as('operator'))).status).toBe(200);
    await outboxSettled();
    const before = await scrape();
    const lag = sumOf(before, 'bieb_sync_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual((Date.now() - startedAt) / 1000 + 1);
    const delta = (after: string, name: string, labels: Record<string, string>) => sumOf(after, name, labels) - sumOf(before, name, labels);

    // Two exchanges delivered at once, one after failed attempts (retries), one refused by the partner (a dead letter).
    const [first, second, retried, dead] = consenting as [ValidMember, ValidMember, ValidMember, ValidMember];
    for (const m of [first, second]) expect((await settled((await exchange(m.memberId)).body.deliveryId)).status).toBe('delivered');
    newsletter().setFault({ kind: 'error500' });
    const slow = (await exchange(retried.memberId)).body.deliveryId as string;
    await settled(slow, (body) => body.attempts.length >= 2);
    newsletter().setFault({ kind: 'none' });
    const slowDone = await settled(slow);
    expect(slowDone.status).toBe('delivered');
    newsletter().setFault({ kind: 'reject400' });
    expect((await settled((await exchange(dead.memberId)).body.deliveryId)).status).toBe('dead');
    newsletter().setFault({ kind: 'none' });
    // Refused by the policy: no consent; and a purpose the policy does not know, made of a member's e-mail address.
    expect((await exchange(declining.memberId)).body.error.code).toBe('CONSENT_MISSING');
    expect((await exchange(first.memberId, first.email ?? 'jan@example.nl')).body.error.code).toBe('PURPOSE_UNKNOWN');

    // A SIP2 session: a login refused with METRICS_TOKEN (it is no credential there), a terminal's login and a patron question.
    const terminals = gateway.app.get(SandboxHost).get('bibliotheca') as Sip2TerminalSandbox;
    const stranger = await terminals.terminal({ port: sip2Port });
    clients.push(stranger);
    expect((await stranger.login('metrics', metricsToken)).message).toMatchObject({ code: '94', fixed: '0' });
    const account = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'betaalautomaat', role: 'partner', partner: 'bibliotheca' })).body;
    const terminal = await terminals.terminal({ port: sip2Port });
    clients.push(terminal);
    expect((await terminal.login('betaalautomaat', account.token)).message.fixed).toBe('1');
    expect((await terminal.patronInformation(second.cardNumber)).message.code).toBe('64');

    // NCIP: the KB looks up a member, and a card nobody holds.
    const ncip = (cardNumber: string) =>
      gateway.http
        .post('/ncip')
        .set('Authorization', `Bearer ${kbToken}`)
        .set('Content-Type', 'application/xml')
        .send(writeLookupUser({ cardNumber, elements: ['User Privilege'], fromAgencyId: KB_SANDBOX_AGENCY, toAgencyId: LIBRARY_SANDBOX_AGENCY }));
    expect((await ncip(first.cardNumber)).text).toContain('LookupUserResponse');
    expect((await ncip('99999999999999')).text).toContain('Unknown User');

    // An initial cycle that another instance is running (its lease runs an hour): its progress is read from the database.
    const jobs = gateway.app.get(SyncJobs);
    const job = await jobs.create('initial', 'newsletter', 'op.test', Date.now(), 'another-instance', 3_600_000);
    await gateway.app.get(DataSource).transaction((manager) => jobs.advance(manager, job.id, 40, { sent: 12, held: 0, refused: 3, unchanged: 20, failed: 1 }, 36, Date.now()));

    const after = await scrape();
    // Exchanges: what the database holds, and what this test did.
    expect(delta(after, 'bieb_exchanges_total', { partner: 'newsletter', purpose: 'newsletter', outcome: 'accepted' })).toBe(4);
    expect(delta(after, 'bieb_exchanges_total', { partner: 'newsletter', purpose: 'newsletter', outcome: 'delivered' })).toBe(3);
    expect(delta(after, 'bieb_exchanges_total', { partner: 'newsletter', purpose: 'newsletter', outcome: 'dead' })).toBe(1);
    expect(delta(after, 'bieb_exchanges_total', { partner: 'newsletter', purpose: 'newsletter', outcome: 'refused' })).toBe(1);
    expect(delta(after, 'bieb_exchanges_total', { partner: 'newsletter', purpose: 'unknown', outcome: 'refused' })).toBe(1);
    const deliveredRows = await db(`SELECT COUNT(*) AS n FROM outbox WHERE partner = 'newsletter' AND status = 'delivered'`);
    expect(sumOf(after, 'bieb_exchanges_total', { partner: 'newsletter', outcome: 'delivered' })).toBe(deliveredRows);
    expect(sumOf(after, 'bieb_outbox_messages', { partner: 'newsletter', status: 'delivered' })).toBe(deliveredRows);
    // Latency: one observation per delivery, the retried one in a bucket above its wait.
    expect(sumOf(after, 'bieb_delivery_latency_seconds_count', { partner: 'newsletter' })).toBe(deliveredRows);
    const latencySum = sumOf(after, 'bieb_delivery_latency_seconds_sum', { partner: 'newsletter' }) - sumOf(before, 'bieb_delivery_latency_seconds_sum', { partner: 'newsletter' });
    const slowSeconds = (Date.parse(slowDone.deliveredAt) - Date.parse(slowDone.createdAt)) / 1000;
    expect(latencySum).toBeGreaterThanOrEqual(slowSeconds - 0.05);
    expect(latencySum).toBeLessThan(60);
    expect(sumOf(after, 'bieb_delivery_latency_seconds_bucket', { partner: 'newsletter', le: '+Inf' })).toBe(deliveredRows);
    // Retries: the failed attempts of the retried exchange, under the connector's error code.
    const failedAttempts = (slowDone.attempts as Array<{ outcome: string; errorCode: string }>).filter((attempt) => attempt.errorCode !== null);
    expect(failedAttempts.length).toBeGreaterThanOrEqual(2);
    expect(delta(after, 'bieb_delivery_retries_total', { partner: 'newsletter', code: failedAttempts[0]?.errorCode as string })).toBe(failedAttempts.length);
    // Dead letters: the gauge from the database agrees with the counter.
    expect(sumOf(after, 'bieb_dead_letters', { partner: 'newsletter' })).toBe(await db(`SELECT COUNT(*) AS n FROM outbox WHERE partner = 'newsletter' AND status = 'dead'`));
    expect(sumOf(after, 'bieb_outbox_oldest_pending_age_seconds')).toBe(0);
    // Refusals by code: the exchange's, and none counted for the lookups answered.
    expect(delta(after, 'bieb_policy_refusals_total', { partner: 'newsletter', code: 'CONSENT_MISSING' })).toBe(1);
    expect(delta(after, 'bieb_policy_refusals_total', { partner: 'newsletter', code: 'PURPOSE_UNKNOWN' })).toBe(1);
    // SIP2: the refused login, the terminal's login and its 63, and the connections open now.
    expect(delta(after, 'bieb_sip2_messages_total', { code: '93', outcome: 'refused' })).toBe(1);
    expect(delta(after, 'bieb_sip2_messages_total', { code: '93', outcome: 'answered' })).toBe(1);
    expect(delta(after, 'bieb_sip2_messages_total', { code: '63', outcome: 'answered' })).toBe(1);
    expect(sumOf(after, 'bieb_sip2_sessions_open')).toBe(2);
    // Inbound NCIP: one answered, one Unknown User.
    expect(delta(after, 'bieb_inbound_requests_total', { protocol: 'ncip', partner: 'kb', operation: 'LookupUser', outcome: 'ok' })).toBe(1);
    expect(delta(after, 'bieb_inbound_requests_total', { protocol: 'ncip', partner: 'kb', operation: 'LookupUser', outcome: 'unknownUser' })).toBe(1);
    // The ledger: one entry per delivery and per answered lookup and patron release, as the database has it.
    expect(sumOf(after, 'bieb_ledger_entries')).toBe(await db('SELECT COUNT(*) AS n FROM disclosure_ledger'));
    expect(after).toMatch(/^bieb_ledger_checkpoint_age_seconds -?\d/m);
    expect(sumOf(after, 'bieb_circuit_state', { partner: 'newsletter', state: 'closed' })).toBe(1);
    // Sync: the cycle left its mark, the job on the other instance shows its progress.
    expect(sumOf(after, 'bieb_sync_lag_seconds')).toBeGreaterThanOrEqual(lag);
    expect(sumOf(after, 'bieb_sync_job_progress', { kind: 'initial', partner: 'newsletter', count: 'total' })).toBe(40);
    expect(sumOf(after, 'bieb_sync_job_progress', { kind: 'initial', partner: 'newsletter', count: 'sent' })).toBe(12);
    expect(sumOf(after, 'bieb_sync_job_progress', { kind: 'initial', partner: 'newsletter', count: 'refused' })).toBe(3);
    expect(sumOf(after, 'bieb_sync_job_progress', { kind: 'initial', partner: 'newsletter', count: 'failed' })).toBe(1);
    expect(sumOf(after, 'bieb_sync_jobs', { kind: 'initial', status: 'running' })).toBe(1);
    // The process.
    expect(sumOf(after, 'bieb_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after).toContain('bieb_nodejs_eventloop_lag_seconds');
    await jobs.finish(job.id, 'done', Date.now());

    // No value of any member this test touched, nor any secret, anywhere in the scrape.
    for (const value of [...consenting, declining].flatMap(valuesOf)) expect(after).not.toContain(value);
    expect(after).not.toContain(metricsToken);
    expect(after).not.toContain(kbToken);
  });

  it('lets METRICS_TOKEN open /metrics and nothing else; a wrong token gets 401', async () => {
    expect((await gateway.http.get('/metrics').set('Authorization', `Bearer ${metricsToken}`)).status).toBe(200);
    expect((await gateway.http.get('/metrics').set(gateway.as('operator'))).status).toBe(200);
    for (const path of ['/api/v1/exchanges/00000000-0000-0000-0000-000000000000', '/api/v1/policies', '/api/v1/accounts', '/api/v1/disclosures']) {
      const response = await gateway.http.get(path).set('Authorization', `Bearer ${metricsToken}`);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await gateway.http.post('/api/v1/sync/cycle').set('Authorization', `Bearer ${metricsToken}`)).status).toBe(401);
    expect((await gateway.http.get('/metrics').set('Authorization', `Bearer ${metricsToken}x`)).status).toBe(401);
    expect((await gateway.http.get('/metrics').set('Authorization', 'Bearer bgw_not-a-token-of-this-gateway')).status).toBe(401);
    expect((await gateway.http.get('/metrics')).status).toBe(401);
    expect((await gateway.http.get('/metrics').set(gateway.as('officer'))).status).toBe(403);
  });
});
