import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/gateway.config';
import { OutboxRetention } from '../src/delivery/outbox-retention';
import { OutboxStore } from '../src/delivery/outbox.store';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;

describeEachDatabase('data at rest', (database) => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { CONNECTORS: 'none' } });
    gateway.app.get(DeliveryWorker).handOver();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("erases a dead letter's sealed message after DEAD_LETTER_RETENTION_DAYS and removes finished deliveries after OUTBOX_RETENTION_DAYS", async () => {
    const store = gateway.app.get(OutboxStore);
    const dataSource = gateway.app.get(DataSource);
    const now = Date.now();
    const row = (id: string, nowMs: number) => ({ id, partner: 'kb', purpose: 'online-registration', memberId: 'M1', messageSealed: 'v1.a.b.c', fields: [], policyVersion: 1, policyHash: 'h', agreementReference: 'A', idempotencyKey: null, requestHash: null, nowMs });
    const [oldDead, newDead, oldDone, newDone] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [id, at] of [[oldDead, now - 20 * DAY], [newDead, now - DAY], [oldDone, now - 40 * DAY], [newDone, now - DAY]] as const) await store.insert(row(id, at));
    const p = database === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    for (const id of [oldDead, newDead]) await dataSource.query(`UPDATE outbox SET status = 'dead' WHERE id = ${p[0]}`, [id]);
    for (const id of [oldDone, newDone]) await dataSource.query(`UPDATE outbox SET status = 'delivered', message_sealed = NULL WHERE id = ${p[0]}`, [id]);
    await dataSource.query(`INSERT INTO delivery_attempts (delivery_id, number, started_at, duration_ms, outcome, worker) VALUES (${p[0]}, 1, '2026-01-01T00:00:00.000Z', 5, 'delivered', 'w')`, [oldDone]);

    expect(await gateway.app.get(OutboxRetention).prune(now)).toEqual({ erased: 1, removed: 1 });
    expect((await store.find(oldDead))?.messageSealed).toBeNull();
    expect((await store.find(oldDead))?.status).toBe('dead');
    expect((await store.find(newDead))?.messageSealed).toBe('v1.a.b.c');
    expect(await store.find(oldDone)).toBeNull();
    expect(await store.find(newDone)).not.toBeNull();
    expect(await store.attempts(oldDone)).toEqual([]);
  });

  if (database === 'sqlite') {
    it('creates the SQLite files readable by their owner only', () => {
      expect(statSync(join(gateway.config.dataDir, 'gateway.sqlite')).mode & 0o777).toBe(0o600);
    });
  }
});

describe('secrets apart from DATA_DIR', () => {
  it('reads the sealing key from SEALING_KEY_FILE, and names the secrets that live beside the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bgw-keys-'));
    try {
      const dataDir = join(dir, 'data');
      const embedded = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { print: () => undefined });
      expect(embedded.secretsInDataDir).toEqual(['the administrator token hash', 'the pseudonym key', 'the sealing key (derived from the pseudonym key)', 'the ledger signing key (LEDGER_SIGNING_KEY_FILE)']);
      const sealing = join(dir, 'sealing.key');
      writeFileSync(sealing, `${'s'.repeat(40)}\n`, { mode: 0o600 });
      const apart = loadConfig(
        { DATA_DIR: dataDir, GATEWAY_ADMIN_TOKEN: 'a'.repeat(40), PSEUDONYM_KEY: 'p'.repeat(40), SEALING_KEY_FILE: sealing, LEDGER_SIGNING_KEY_FILE: join(dir, 'ledger.pem') },
        { print: () => undefined },
      );
      expect(apart.sealingKey.reveal()).toBe('s'.repeat(40));
      expect(apart.secretsInDataDir).toEqual([]);
      writeFileSync(sealing, 'short', { mode: 0o644 });
      expect(() => loadConfig({ DATA_DIR: dataDir, SEALING_KEY_FILE: sealing }, { print: () => undefined })).toThrow(/SEALING_KEY_FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
