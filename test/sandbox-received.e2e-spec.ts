import { createHash } from 'node:crypto';
import { realisticMember } from './factories/member.factory';
import { enrol } from './support/enrol';
import { startTestApp, TestApp } from './support/test-app';

/** GET /api/v1/sandbox/{partner}/received: what a simulated partner got, byte for byte, for tests and the curious. */
describe('sandbox: what each simulated partner received, as received', () => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,kb,newsletter', DELIVERY_POLL_MS: '20', SYNC_INTERVAL_MS: '3600000' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  async function settled(id: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(gateway.as('operator'));
      if (body.status !== 'pending' && body.status !== 'in-flight') return body.status as string;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`exchange ${id} did not settle`);
  }

  it('lists the exact bytes the KB got for a registration, with its idempotency key, in pages', async () => {
    const member = realisticMember(7001);
    const memberId = await enrol(gateway.http, gateway.as('operator').Authorization.slice(7), member);
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'kb', purpose: 'online-registration', memberId });
    expect(accepted.status).toBe(202);
    expect(await settled(accepted.body.deliveryId)).toBe('delivered');

    const listed = await gateway.http.get('/api/v1/sandbox/kb/received').set(gateway.as('officer'));
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ partner: 'kb', total: 1 });
    const [message] = listed.body.items;
    expect(message).toMatchObject({ index: 0, service: expect.any(String), duplicate: false, idempotencyKey: expect.any(String) });
    const bytes = Buffer.from(message.bytesBase64, 'base64');
    expect(bytes.toString('utf8')).toBe(message.body);
    expect(message.byteLength).toBe(bytes.length);
    expect(message.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(message.body).toContain('<ns1:UpdateUser');
    expect(message.body).toContain(member.cardNumber);
    // The address stays home: the KB's policy does not release it.
    expect(message.body).not.toContain(member.addresses?.[0]?.street ?? 'no street');

    const second = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'kb', purpose: 'online-deregistration', memberId });
    expect(await settled(second.body.deliveryId)).toBe('delivered');
    const first = await gateway.http.get('/api/v1/sandbox/kb/received?limit=1').set(gateway.as('operator'));
    expect(first.body).toMatchObject({ total: 2, next: 1 });
    expect(first.body.items).toHaveLength(1);
    const rest = await gateway.http.get('/api/v1/sandbox/kb/received?since=1').set(gateway.as('operator'));
    expect(rest.body.items.map((item: { index: number }) => item.index)).toEqual([1]);
    expect(rest.body.items[0].body).toContain('DeleteUser');
    expect(rest.body.next).toBeUndefined();
  });

  it("lists the lending system's requests with method and path, and never its credentials", async () => {
    const listed = await gateway.http.get('/api/v1/sandbox/hka/received?limit=1000').set(gateway.as('operator'));
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBeGreaterThan(0);
    expect(listed.body.items[0]).toMatchObject({ method: expect.any(String), path: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toMatch(/wise_key|wise-sandbox-api-key|authorization/i);
  });

  it('answers an unknown partner with 404 naming the running ones, bad paging with 422, and a caller without a token with 401', async () => {
    const unknown = await gateway.http.get('/api/v1/sandbox/bank/received').set(gateway.as('operator'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SANDBOX_UNKNOWN');
    expect(unknown.body.error.message).toContain('kb');
    const bad = await gateway.http.get('/api/v1/sandbox/kb/received?since=-1&limit=5000').set(gateway.as('operator'));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.violations.map((v: { path: string }) => v.path)).toEqual(['since', 'limit']);
    expect((await gateway.http.get('/api/v1/sandbox/kb/received')).status).toBe(401);
  });
});
