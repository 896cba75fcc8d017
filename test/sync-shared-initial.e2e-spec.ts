import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newAccessToken } from '../src/auth/access-token';
import { KbSandbox } from '../src/sandbox/kb/kb.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { noteNotRun, testDatabaseUrl } from './support/databases';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

/**
 * Two gateway instances (child processes) on one PostgreSQL schema share one initial cycle: each page of
 * the lending system is leased on its own, so both work on it at once; every member reaches the KB
 * exactly once, and the job's counters add up to the library.
 */
const NAME = 'an initial cycle shared by two gateways on one PostgreSQL';
const databaseUrl = testDatabaseUrl();
const MEMBERS = 400;
const PAGE = 20;

interface JobView {
  status: string;
  total: number;
  sent: number;
  unchanged: number;
  refused: number;
  failed: number;
  error: string | null;
}

if (databaseUrl === undefined) {
  noteNotRun(`${NAME}: TEST_DATABASE_URL not set`);
  describe(NAME, () => {
    it.todo('is NOT run: TEST_DATABASE_URL not set');
  });
} else {
  describe(NAME, () => {
    const run = randomBytes(5).toString('hex');
    const schema = `test_share_${run}`;
    const adminToken = newAccessToken();
    const pseudonymKey = randomBytes(32).toString('base64url');
    const kb = new KbSandbox();
    const wise = new WiseSandbox({ seed: 23, memberCount: MEMBERS });
    const dataDirs: string[] = [];
    const gateways: Array<{ url: string; process: GatewayProcess }> = [];
    let db: DataSource;

    async function startInstance(name: string): Promise<{ url: string; process: GatewayProcess }> {
      const dataDir = mkdtempSync(join(tmpdir(), `bgw-share-${name}-`));
      dataDirs.push(dataDir);
      const port = await freePort();
      const gateway = startGatewayProcess({
        PORT: String(port),
        SIP2_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl as string,
        DATABASE_SCHEMA: schema,
        GATEWAY_ADMIN_TOKEN: adminToken,
        PSEUDONYM_KEY: pseudonymKey,
        SANDBOX: 'off',
        CONNECTORS: 'hka,kb',
        DELIVERY_POLL_MS: '50',
        SYNC_INTERVAL_MS: '0',
        WITHDRAWAL_WATCH_MS: '0',
        SYNC_BATCH_SIZE: String(PAGE),
        // The second instance looks for cycles to join this often.
        SYNC_LEASE_MS: '1000',
        ...kb.settings(),
        ...wise.settings(),
      });
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/health`, gateway);
      return { url, process: gateway };
    }

    beforeAll(async () => {
      db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
      await db.query(`CREATE SCHEMA "${schema}"`);
      await kb.start();
      await wise.start();
      // One after the other, as in a rolling start: the first runs the migrations.
      gateways.push(await startInstance('A'));
      gateways.push(await startInstance('B'));
    }, 180_000);

    afterAll(async () => {
      await Promise.all(gateways.map((gateway) => gateway.process.stop()));
      await kb.stop();
      await wise.stop();
      if (db?.isInitialized) {
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await db.destroy();
      }
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('both instances work on the pages of one cycle, and each member is sent once', async () => {
      const [a, b] = gateways as [{ url: string; process: GatewayProcess }, { url: string; process: GatewayProcess }];
      const operator = await staffAccount(a.url, adminToken, 'ops', 'operator');
      const call = async (base: string, method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
        const response = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${operator}` } });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      // Each request to the lending system takes a while, so that the cycle lasts long enough to be shared.
      wise.setFault({ kind: 'slow', ms: 40 });
      const started = await call(a.url, 'POST', '/api/v1/sync/kb/initial');
      expect(started.status).toBe(202);
      const jobId = String(started.body.jobId);
      // Asked at the other instance, the same cycle is answered (one at a time per partner).
      expect((await call(b.url, 'POST', '/api/v1/sync/kb/initial')).body).toMatchObject({ jobId });

      const deadline = Date.now() + 120_000;
      let job = (await call(b.url, 'GET', `/api/v1/sync/jobs/${jobId}`)).body as unknown as JobView;
      while (job.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = (await call(b.url, 'GET', `/api/v1/sync/jobs/${jobId}`)).body as unknown as JobView;
      }
      wise.setFault({ kind: 'none' });
      expect(job).toMatchObject({ status: 'done', total: MEMBERS, failed: 0, error: null });
      expect(job.sent + job.unchanged + job.refused).toBeGreaterThanOrEqual(MEMBERS);
      expect(job.sent).toBeGreaterThan(MEMBERS / 2);

      // Both instances completed pages of it; every page of the library is done once.
      const pages = (await db.query(`SELECT position, status, lease_owner FROM "${schema}".sync_job_pages WHERE job_id = $1 ORDER BY position`, [jobId])) as Array<{ position: number; status: string; lease_owner: string }>;
      const covered = pages.filter((page) => page.position < MEMBERS);
      expect(covered.map((page) => page.position)).toEqual(Array.from({ length: MEMBERS / PAGE }, (_, index) => index * PAGE));
      expect(pages.every((page) => page.status === 'done')).toBe(true);
      expect(new Set(pages.map((page) => page.lease_owner)).size).toBe(2);

      // The KB applied each registration exactly once.
      for (let i = 0; i < 300 && kb.register.size() < job.sent; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const applied = kb.received().filter((message) => !message.duplicate);
      expect(applied).toHaveLength(job.sent);
      expect(new Set(applied.map((message) => message.idempotencyKey)).size).toBe(job.sent);
      expect(kb.register.size()).toBe(job.sent);
    }, 180_000);
  });
}
