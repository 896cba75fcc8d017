import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from './factories/member.factory';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

const BATCH = 40;

/**
 * Kill -9 the gateway in the middle of a batch, start it again on the same data, and every accepted
 * exchange reaches the partner exactly once: nothing accepted is lost, nothing is applied twice.
 */
describe('a gateway killed mid-batch', () => {
  const sandbox = new NewsletterSandbox();
  /** The lending system the gateway loads members from (exchanges name members by id). */
  const wise = new WiseSandbox({ seed: 7 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-restart-'));
  const adminToken = newAccessToken();
  let token = '';
  let gateway: GatewayProcess | undefined;
  let base = '';

  async function start(): Promise<GatewayProcess> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const started = startGatewayProcess({
      PORT: String(port),
      SIP2_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      SANDBOX: 'off',
      CONNECTORS: 'hka,newsletter',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: '50',
      DELIVERY_LEASE_MS: '1500',
      ...sandbox.settings(),
      ...wise.settings(),
    });
    await waitForHttp(`${base}/health`, started);
    return started;
  }

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await sandbox.start();
    await wise.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    await sandbox.stop();
    await wise.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every accepted exchange exactly once after a restart', async () => {
    gateway = await start();
    token = await staffAccount(base, adminToken, 'ops', 'operator');
    sandbox.http.setFault({ kind: 'slow', ms: 2000 });
    const accepted: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      const member = realisticMember(100 + i);
      wise.addMember(member);
      const response = await call('POST', '/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
      expect(response.status).toBe(202);
      accepted.push(String(response.body.deliveryId));
    }
    // Kill it while deliveries are on their way: each takes 2 s at the partner, so the first ones are
    // still waiting for their answer when they have arrived.
    while (sandbox.http.received().length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    gateway.child.kill('SIGKILL');
    await gateway.exited;
    const deliveredBeforeKill = new Set(sandbox.http.applied().map((request) => request.idempotencyKey));
    expect(deliveredBeforeKill.size).toBeLessThan(BATCH);

    sandbox.http.setFault({ kind: 'none' });
    gateway = await start();
    const deadline = Date.now() + 30_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(accepted.map(async (id) => String((await call('GET', `/api/v1/exchanges/${id}`)).body.status)));
      if (statuses.every((status) => status === 'delivered')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses).toEqual(accepted.map(() => 'delivered'));

    const applied = sandbox.http.applied().map((request) => request.idempotencyKey);
    expect([...applied].sort()).toEqual([...accepted].sort());
    token = await staffAccount(base, adminToken, 'auditor', 'auditor');
    const ledger = await call('GET', '/api/v1/disclosures?partner=newsletter&limit=500');
    expect(ledger.body.total).toBe(BATCH);
    expect(new Set((ledger.body.items as Array<{ exchangeId: string }>).map((entry) => entry.exchangeId)).size).toBe(BATCH);
    expect((await call('GET', '/api/v1/disclosures/verify')).body).toMatchObject({ ok: true, checked: BATCH });
  }, 120_000);
});
