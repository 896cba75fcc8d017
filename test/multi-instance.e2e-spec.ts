import { connect } from 'amqplib';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newAccessToken } from '../src/auth/access-token';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from './factories/member.factory';
import { noteNotRun, testDatabaseUrl } from './support/databases';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

/**
 * Two gateway instances (child processes, as an operator starts them) on one PostgreSQL schema and one
 * RabbitMQ queue, delivering to one newsletter sandbox that this test runs. A batch of exchanges goes in
 * through both, one instance is killed (SIGKILL) in the middle, and every exchange is still delivered
 * exactly once, with one ledger entry each.
 */
const NAME = 'multi-instance delivery over RabbitMQ (two gateways, one PostgreSQL, one queue)';
const amqpUrl = process.env.TEST_AMQP_URL?.trim() || undefined;
const databaseUrl = testDatabaseUrl();

if (databaseUrl === undefined || amqpUrl === undefined) {
  const missing = [databaseUrl === undefined ? 'TEST_DATABASE_URL' : [], amqpUrl === undefined ? 'TEST_AMQP_URL' : []].flat().join(' and ');
  noteNotRun(`${NAME}: ${missing} not set`);
  describe(NAME, () => {
    it.todo(`is NOT run: ${missing} not set`);
  });
} else {
  describe(NAME, () => {
    const BATCH = 60;
    const KILL_AFTER = 30;
    const SENDERS = 6;
    const LEASE_MS = 4000;

    const run = randomBytes(5).toString('hex');
    const schema = `test_mi_${run}`;
    const queue = `bieb.test.${run}.deliveries`;
    const deadLetterQueue = `${queue}.dead`;
    const adminToken = newAccessToken();
    const pseudonymKey = randomBytes(32).toString('base64url');
    const dataDirs: string[] = [];
    const sandbox = new NewsletterSandbox();
    /** The lending system the gateway loads members from (exchanges name members by id). */
    const wise = new WiseSandbox({ seed: 7 });
    let db: DataSource;
    let a: Instance;
    let b: Instance;
    let operator: string;

    interface Instance {
      readonly name: string;
      readonly url: string;
      readonly process: GatewayProcess;
      alive: boolean;
    }

    const count = async (sql: string, params: unknown[] = []): Promise<number> => Number(((await db.query(sql, params)) as Array<{ n: string }>)[0]?.n);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    async function startInstance(name: string): Promise<Instance> {
      const dataDir = mkdtempSync(join(tmpdir(), `bgw-mi-${name}-`));
      dataDirs.push(dataDir);
      const port = await freePort();
      const gateway = startGatewayProcess({
        PORT: String(port),
        SIP2_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl!,
        DATABASE_SCHEMA: schema,
        AMQP_URL: amqpUrl!,
        AMQP_QUEUE: queue,
        // More messages at once than the partner may get requests: DELIVERY_PARTNER_CONCURRENCY still holds.
        AMQP_PREFETCH: '16',
        DELIVERY_PARTNER_CONCURRENCY: '2',
        GATEWAY_ADMIN_TOKEN: adminToken,
        PSEUDONYM_KEY: pseudonymKey,
        SANDBOX: 'off',
        CONNECTORS: 'hka,newsletter',
        ...sandbox.settings(),
        ...wise.settings(),
        DELIVERY_POLL_MS: '200',
        DELIVERY_LEASE_MS: String(LEASE_MS),
        DELIVERY_BACKOFF_BASE_MS: '50',
        DELIVERY_BACKOFF_MAX_MS: '200',
        // Only the exchanges the test posts: no lifecycle cycle picks up the members it adds to the lending system.
        SYNC_INTERVAL_MS: '0',
      });
      const url = `http://127.0.0.1:${port}`;
      const instance: Instance = { name, url, process: gateway, alive: true };
      await waitForHttp(`${url}/health`, gateway);
      // Ready when the broker check (publisher and consumer) is up, not only when HTTP answers.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const health = (await (await fetch(`${url}/health`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { status: string; checks: Record<string, { status: string; info?: Record<string, unknown> }> };
        if (health.status === 'ok' && health.checks.broker?.info?.consumer === 'connected') return instance;
        if (Date.now() > deadline) throw new Error(`${name} not ready: ${JSON.stringify(health)}\n${gateway.stderr()}`);
        await sleep(100);
      }
    }

    /** One exchange with its own Idempotency-Key; a connection that fails is retried on the live instance. */
    async function send(i: number): Promise<string> {
      const member = realisticMember(1000 + i);
      wise.addMember(member);
      const body = JSON.stringify({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
      const headers = { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json', 'Idempotency-Key': `mi-${run}-${i}` };
      const first = i % 2 === 0 ? a : b;
      for (let attempt = 0; attempt < 5; attempt++) {
        const target = first.alive ? first : a.alive ? a : b;
        try {
          const response = await fetch(`${target.url}/api/v1/exchanges`, { method: 'POST', headers, body });
          const answer = (await response.json()) as { deliveryId?: string };
          if ((response.status === 202 || response.status === 200) && answer.deliveryId !== undefined) return answer.deliveryId;
          throw new Error(`exchange ${i} refused by ${target.name}: ${response.status} ${JSON.stringify(answer)}`);
        } catch (error) {
          // fetch's network failure (a TypeError from another realm under jest): the instance is gone.
          if ((error as Error).name !== 'TypeError') throw error;
          await sleep(50);
        }
      }
      throw new Error(`exchange ${i} could not be sent`);
    }

    beforeAll(async () => {
      db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
      await db.query(`CREATE SCHEMA "${schema}"`);
      await sandbox.start();
      await wise.start();
      // Slow enough that deliveries are under way when an instance is killed.
      sandbox.http.setFault({ kind: 'slow', ms: 150 });
      // One after the other, as in a rolling start: the first runs the migrations on the empty schema.
      a = await startInstance('A');
      b = await startInstance('B');
      const account = await fetch(`${a.url}/api/v1/accounts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'ops', role: 'operator' }),
      });
      operator = ((await account.json()) as { token: string }).token;
    }, 120_000);

    afterAll(async () => {
      await Promise.all([a?.process.stop(), b?.process.stop()]);
      await sandbox.stop();
      await wise.stop();
      if (db?.isInitialized) {
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await db.destroy();
      }
      const connection = await connect(amqpUrl);
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueue);
      await connection.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('delivers every accepted exchange exactly once although one instance is killed mid-batch', async () => {
      const startedAt = Date.now();
      const accepted = new Map<number, string>();
      let next = 0;
      const sender = async (): Promise<void> => {
        while (next < BATCH) {
          const i = next++;
          accepted.set(i, await send(i));
        }
      };
      // Mid-batch, at a moment when B has delivered something and holds deliveries it has not finished.
      const bPid = b.process.child.pid;
      const heldByB = () => count(`SELECT COUNT(*) AS n FROM "${schema}".outbox WHERE status = 'in-flight' AND lease_owner LIKE $1`, [`%:${bPid}:%`]);
      const deliveredByB = () => count(`SELECT COUNT(*) AS n FROM "${schema}".delivery_attempts WHERE outcome = 'delivered' AND worker LIKE $1`, [`%:${bPid}:%`]);
      let killedAtAccepted = -1;
      let inFlightAtKill = -1;
      const killer = async (): Promise<void> => {
        while (accepted.size < KILL_AFTER || (await deliveredByB()) === 0 || (await heldByB()) === 0) {
          if (accepted.size === BATCH) throw new Error('the batch ended before B was seen mid-work');
          await sleep(10);
        }
        b.alive = false;
        b.process.child.kill('SIGKILL');
        killedAtAccepted = accepted.size;
        await b.process.exited;
        inFlightAtKill = await heldByB();
      };
      await Promise.all([killer(), ...Array.from({ length: SENDERS }, () => sender())]);
      const acceptedAfterMs = Date.now() - startedAt;

      const ids = new Set(accepted.values());
      expect(ids.size).toBe(BATCH);

      // Rows that B held when it died come back after their lease; everything settles.
      const deadline = Date.now() + 60_000;
      while ((await count(`SELECT COUNT(*) AS n FROM "${schema}".outbox WHERE status <> 'delivered'`)) > 0) {
        if (Date.now() > deadline) {
          const rows = await db.query(`SELECT id, status, attempts, lease_owner, lease_until, next_attempt_at FROM "${schema}".outbox WHERE status <> 'delivered'`);
          throw new Error(`not delivered within 60 s: ${JSON.stringify(rows)}\nA: ${a.process.stderr()}`);
        }
        await sleep(100);
      }
      const settledAfterMs = Date.now() - startedAt;

      // The outbox: exactly the accepted exchanges, all delivered, no copy of a message kept.
      const rows = (await db.query(`SELECT id, status, message_sealed, ledger_seq FROM "${schema}".outbox`)) as Array<{ id: string; status: string; message_sealed: string | null; ledger_seq: number }>;
      expect(new Set(rows.map((row) => row.id))).toEqual(ids);
      expect(rows.every((row) => row.status === 'delivered' && row.message_sealed === null)).toBe(true);
      expect(new Set(rows.map((row) => Number(row.ledger_seq))).size).toBe(BATCH);

      // The sandbox: each delivery applied exactly once; anything sent twice was a deduplicated repeat.
      // (Its health endpoint, polled by the connectors' health checks, is no delivery.)
      const puts = (requests: ReturnType<typeof sandbox.http.received>) => requests.filter((request) => request.method === 'PUT');
      const applied = puts(sandbox.http.applied()).map((request) => request.idempotencyKey);
      expect(applied).toHaveLength(BATCH);
      expect(new Set(applied)).toEqual(ids);
      const repeats = puts(sandbox.http.received()).filter((request) => request.duplicate);
      expect(repeats.every((request) => request.idempotencyKey !== undefined && ids.has(request.idempotencyKey))).toBe(true);
      expect(puts(sandbox.http.received())).toHaveLength(BATCH + repeats.length);

      // The ledger: intact, and one entry per delivery.
      const auditor = await staffAccount(a.url, adminToken, 'auditor', 'auditor');
      const verify = await fetch(`${a.url}/api/v1/disclosures/verify`, { headers: { Authorization: `Bearer ${auditor}` } });
      expect(verify.status).toBe(200);
      expect(await verify.json()).toEqual({ ok: true, checked: BATCH });
      const ledger = (await db.query(`SELECT exchange_id FROM "${schema}".disclosure_ledger`)) as Array<{ exchange_id: string }>;
      expect(ledger).toHaveLength(BATCH);
      expect(new Set(ledger.map((entry) => entry.exchange_id))).toEqual(ids);

      // Both instances did part of the work, and B died holding deliveries that A then made.
      const byWorker = (await db.query(`SELECT worker, COUNT(*) AS n FROM "${schema}".delivery_attempts WHERE outcome = 'delivered' GROUP BY worker`)) as Array<{ worker: string; n: string }>;
      const deliveredBy = (pid: number | undefined) => byWorker.filter((row) => row.worker.includes(`:${pid}:`)).reduce((sum, row) => sum + Number(row.n), 0);
      expect(deliveredBy(a.process.child.pid)).toBeGreaterThan(0);
      expect(deliveredBy(b.process.child.pid)).toBeGreaterThan(0);
      expect(deliveredBy(a.process.child.pid) + deliveredBy(b.process.child.pid)).toBe(BATCH);
      expect(inFlightAtKill).toBeGreaterThan(0);
      // Each instance kept to its two places at the partner, whatever AMQP_PREFETCH let it take.
      expect(sandbox.http.maxConcurrent()).toBeLessThanOrEqual(2 * 2);
      expect(killedAtAccepted).toBeLessThan(BATCH);

      process.stdout.write(
        `multi-instance: ${BATCH} exchanges accepted in ${acceptedAfterMs} ms, all delivered after ${settledAfterMs} ms ` +
          `(B killed after ${killedAtAccepted} accepted, holding ${inFlightAtKill}; delivered by A ${deliveredBy(a.process.child.pid)}, by B ${deliveredBy(b.process.child.pid)}; ` +
          `${repeats.length} deduplicated repeat(s) at the sandbox)\n`,
      );
    }, 120_000);

    it('dead-letters a message that is not a delivery message, and acknowledges one for an unknown row', async () => {
      const connection = await connect(amqpUrl);
      try {
        const channel = await connection.createConfirmChannel();
        const put = (content: string) => channel.sendToQueue(queue, Buffer.from(content), { persistent: true });
        put('not json at all');
        put(JSON.stringify({ pattern: 'bieb.delivery', data: { deliveryId: 'not-a-uuid' } }));
        put(JSON.stringify({ pattern: 'bieb.unknown', data: { deliveryId: randomUUID() } }));
        put(JSON.stringify({ pattern: 'bieb.delivery', data: { deliveryId: randomUUID() } }));
        await channel.waitForConfirms();
        const deadline = Date.now() + 10_000;
        let depth = { dead: 0, ready: -1 };
        while (Date.now() < deadline) {
          const [main, dead] = [await channel.checkQueue(queue), await channel.checkQueue(deadLetterQueue)];
          depth = { dead: dead.messageCount, ready: main.messageCount };
          if (depth.dead === 3 && depth.ready === 0) break;
          await sleep(100);
        }
        expect(depth).toEqual({ dead: 3, ready: 0 });
      } finally {
        await connection.close();
      }
      const health = (await (await fetch(`${a.url}/health`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { status: string; checks: Record<string, { status: string; info?: Record<string, unknown> }> };
      expect(health.checks.broker).toMatchObject({ status: 'up', info: { queue, publisher: 'connected', consumer: 'connected', deadLettered: 3 } });
    }, 30_000);
  });
}
