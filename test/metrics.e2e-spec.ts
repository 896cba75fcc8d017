import { realisticMember } from './factories/member.factory';
import { describeEachDatabase } from './support/databases';
import { enrol } from './support/enrol';
import { startTestApp, TestApp } from './support/test-app';

/** Parses one series' value out of the Prometheus text format. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** GET /metrics after real work: the series an operator graphs, plausible values, no member data in labels. */
describeEachDatabase('metrics in the Prometheus text format', (database) => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka,newsletter', DELIVERY_POLL_MS: '20', SYNC_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('counts deliveries, the ledger, circuits and the process, for operators only, without member values', async () => {
    const member = { ...realisticMember(4242), consents: { ...realisticMember(4242).consents, newsletter: { granted: true, on: '2026-01-01T10:00:00Z' } } };
    const memberId = await enrol(gateway.http, gateway.as('operator').Authorization.slice(7), member);
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'newsletter', purpose: 'newsletter', memberId });
    expect(accepted.status).toBe(202);
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${accepted.body.deliveryId}`).set(gateway.as('operator'));
      if (body.status === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    const scraped = await gateway.http.get('/metrics').set(gateway.as('operator'));
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    const text = scraped.text;
    expect(valueOf(text, 'bieb_outbox_messages{partner="newsletter",purpose="newsletter",status="delivered"}')).toBe(1);
    expect(valueOf(text, 'bieb_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(valueOf(text, 'bieb_ledger_entries')).toBe(1);
    expect(valueOf(text, 'bieb_circuit_state{partner="newsletter",state="closed"}')).toBe(1);
    expect(text).toContain('bieb_ledger_checkpoint_age_seconds');
    expect(text).toContain('bieb_process_resident_memory_bytes');
    for (const value of [member.memberId, member.cardNumber, member.email ?? '-', member.name.lastName]) expect(text).not.toContain(value);

    expect((await gateway.http.get('/metrics')).status).toBe(401);
    expect((await gateway.http.get('/metrics').set(gateway.as('officer'))).status).toBe(403);
  });
});
