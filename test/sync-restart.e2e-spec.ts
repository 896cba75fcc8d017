import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { KbSandbox } from '../src/sandbox/kb/kb.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

const MEMBERS = 240;

interface JobView {
  status: string;
  total: number;
  sent: number;
  unchanged: number;
  refused: number;
  failed: number;
}

/**
 * Kill -9 the gateway in the middle of an initial cycle, start it again on the same data: the job is
 * taken up where it stopped and finishes, and every member reaches the KB exactly once.
 */
describe('an initial cycle survives a gateway killed in the middle of it', () => {
  const kb = new KbSandbox();
  const wise = new WiseSandbox({ seed: 11, memberCount: MEMBERS });
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-sync-restart-'));
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
      CONNECTORS: 'hka,kb',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: '50',
      DELIVERY_LEASE_MS: '1500',
      SYNC_INTERVAL_MS: '0',
      SYNC_BATCH_SIZE: '20',
      SYNC_LEASE_MS: '1500',
      ...kb.settings(),
      ...wise.settings(),
    });
    await waitForHttp(`${base}/health`, started);
    return started;
  }

  const call = async (method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const job = async (id: string): Promise<JobView> => (await call('GET', `/api/v1/sync/jobs/${id}`)).body as unknown as JobView;

  beforeAll(async () => {
    await kb.start();
    await wise.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    await kb.stop();
    await wise.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes at its position after a restart and sends each member once', async () => {
    gateway = await start();
    token = await staffAccount(base, adminToken, 'ops', 'operator');
    // Each request to the lending system takes a while: the cycle is still busy when it is killed.
    wise.setFault({ kind: 'slow', ms: 15 });
    const started = await call('POST', '/api/v1/sync/kb/initial');
    expect(started.status).toBe(202);
    const jobId = String(started.body.jobId);
    let before = await job(jobId);
    while (before.total < 3 * 20 && before.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      before = await job(jobId);
    }
    gateway.child.kill('SIGKILL');
    await gateway.exited;
    expect(before.status).toBe('running');
    expect(before.total).toBeLessThan(MEMBERS);

    wise.setFault({ kind: 'none' });
    gateway = await start();
    const deadline = Date.now() + 60_000;
    let after = await job(jobId);
    while (after.status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await job(jobId);
    }
    expect(after).toMatchObject({ status: 'done', total: MEMBERS, failed: 0 });
    expect(after.sent + after.unchanged + after.refused).toBeGreaterThanOrEqual(MEMBERS);
    expect(after.sent).toBeGreaterThan(MEMBERS / 2);

    // Every accepted registration is delivered, and the KB applied each member's exactly once.
    for (let i = 0; i < 300 && kb.register.size() < after.sent; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const applied = kb.received().filter((message) => !message.duplicate);
    expect(applied).toHaveLength(after.sent);
    expect(new Set(applied.map((message) => message.idempotencyKey)).size).toBe(after.sent);
    expect(kb.register.size()).toBe(after.sent);

    // The KB's purposes release no loans, holds or fees: the cycle loaded the patron alone, one request a member.
    expect(wise.received().filter((request) => /\/(loans|holds|fees)(\?|$)/.test(request.path))).toEqual([]);

    // Running it again sends nothing: the KB holds every member as it is.
    const again = await call('POST', '/api/v1/sync/kb/initial');
    let second = await job(String(again.body.jobId));
    while (second.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = await job(String(again.body.jobId));
    }
    expect(second).toMatchObject({ status: 'done', total: MEMBERS, sent: 0 });
    token = await staffAccount(base, adminToken, 'auditor', 'auditor');
    const ledger = await call('GET', '/api/v1/disclosures?partner=kb&limit=1');
    expect(ledger.body.total).toBe(after.sent);
  }, 150_000);
});
