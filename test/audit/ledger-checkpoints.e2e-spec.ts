import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openCheckpoint } from '../../src/audit/checkpoint-note';
import { DisclosureEntity } from '../../src/audit/disclosure.entity';
import { entryHash, GENESIS_HASH, LedgerEntry } from '../../src/audit/ledger.chain';
import { toDisclosureEntity, toLedgerEntry } from '../../src/audit/ledger-entry.mapper';
import { LedgerHeadEntity } from '../../src/audit/ledger-head.entity';
import { LedgerService } from '../../src/audit/ledger.service';
import { LedgerCheckpoints } from '../../src/audit/ledger-checkpoints.service';
import { leafHash, verifyInclusion } from '../../src/audit/merkle-tree';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { disclosure } from './ledger.fixtures';

const ROOT = join(__dirname, '..', '..');

/** What a database writer can do: rewrite the whole chain consistently, head included, after changing entries. */
async function rewriteChain(dataSource: DataSource, change: (entries: LedgerEntry[]) => LedgerEntry[]): Promise<void> {
  const rows = await dataSource.manager.find(DisclosureEntity, { order: { seq: 'ASC' } });
  const changed = change(rows.map(toLedgerEntry));
  let prevHash = GENESIS_HASH;
  const rebuilt = changed.map((entry, i) => {
    const content = { ...entry, seq: i + 1, prevHash };
    const hash = entryHash(prevHash, content);
    prevHash = hash;
    return { ...content, hash };
  });
  await dataSource.transaction(async (manager) => {
    await manager.createQueryBuilder().delete().from(DisclosureEntity).execute();
    for (const entry of rebuilt) await manager.insert(DisclosureEntity, toDisclosureEntity(entry));
    await manager.update(LedgerHeadEntity, { id: 1 }, { seq: rebuilt.length, hash: prevHash });
  });
}

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules', '.bin', 'ts-node'), ['-T', 'src/cli/verify-ledger.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout }),
    );
  });
}

/**
 * The ledger against an insider with write access to the database: each rewrite below passes the plain
 * hash-chain check (every hash recomputed, the head moved), and each fails against a signed checkpoint
 * saved before — through the API, the witness directory and `npm run ledger:verify -- --checkpoint`.
 */
describeEachDatabase('a ledger no database writer can rewrite unseen', (database) => {
  let gateway: TestApp;
  let witness: string;
  const auditor = () => gateway.as('auditor');
  const verify = async (body?: unknown) =>
    (body === undefined ? await gateway.http.get('/api/v1/disclosures/verify').set(auditor()) : await gateway.http.post('/api/v1/disclosures/verify').set(auditor()).send(body as object)).body;

  beforeEach(async () => {
    witness = mkdtempSync(join(tmpdir(), 'bgw-witness-'));
    gateway = await startTestApp({ database, env: { LEDGER_WITNESS_DIR: witness, LEDGER_CHECKPOINT_MS: '0', CONNECTORS: 'none' } });
    const ledger = gateway.app.get(LedgerService);
    for (let i = 1; i <= 8; i++) await ledger.record(disclosure({ memberId: i % 2 === 0 ? 'P-EVEN' : `P${i}`, exchangeId: `x-${i}` }));
  });
  afterEach(async () => {
    await gateway.close();
    rmSync(witness, { recursive: true, force: true });
  });

  async function savedCheckpoint(): Promise<Record<string, unknown>> {
    const answer = await gateway.http.get('/api/v1/disclosures/checkpoint').set(auditor());
    expect(answer.status).toBe(200);
    return answer.body as Record<string, unknown>;
  }

  it('publishes a signed checkpoint (C2SP note, Ed25519) and writes it to the witness directory', async () => {
    const checkpoint = await savedCheckpoint();
    expect(checkpoint).toMatchObject({ origin: 'bieb-gateway/disclosure-ledger', treeSize: 8, rootHash: expect.any(String), verifierKey: expect.stringMatching(/^bieb-gateway\/disclosure-ledger\+[0-9a-f]{8}\+/) });
    const opened = openCheckpoint(String(checkpoint.note), String(checkpoint.verifierKey));
    expect(opened).toMatchObject({ ok: true, checkpoint: { treeSize: 8, rootHash: checkpoint.rootHash } });
    expect(readdirSync(witness)).toEqual(['checkpoint-8.json']);
    expect(await verify({ checkpoint })).toMatchObject({ ok: true, checked: 8, checkpoint: { ok: true, treeSize: 8, currentSize: 8 } });
  });

  it('catches the newest entry deleted and the head moved back', async () => {
    const checkpoint = await savedCheckpoint();
    const dataSource = gateway.app.get(DataSource);
    const last = await dataSource.manager.findOneByOrFail(DisclosureEntity, { seq: 7 });
    await dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 8');
    await dataSource.manager.update(LedgerHeadEntity, { id: 1 }, { seq: 7, hash: last.hash });
    expect(await gateway.app.get(LedgerService).verify()).toEqual({ ok: true, checked: 7 });
    expect(await verify({ checkpoint })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('fewer than the 8') } });
    // Without a checkpoint given, the newest one in the witness directory is used.
    expect(await verify()).toMatchObject({ ok: false, checkpoint: { ok: false } });
  });

  it('catches a middle entry deleted and the rest re-linked, and an entry changed with every hash recomputed', async () => {
    const before = await savedCheckpoint();
    const ledger = gateway.app.get(LedgerService);
    await rewriteChain(gateway.app.get(DataSource), (entries) => entries.filter((entry) => entry.seq !== 5));
    expect(await ledger.verify()).toEqual({ ok: true, checked: 7 });
    expect(await verify({ checkpoint: before })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('fewer than the 8') } });
    await ledger.record(disclosure({ memberId: 'P-FILLER' }));
    expect(await verify({ checkpoint: before })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('no longer hash to the signed root') } });
  });

  it('says where a change lies when an earlier checkpoint still matches', async () => {
    const ledger = gateway.app.get(LedgerService);
    await savedCheckpoint();
    for (let i = 0; i < 4; i++) await ledger.record(disclosure({ memberId: `P-NEXT-${i}` }));
    const later = await gateway.app.get(LedgerCheckpoints).make();
    expect(later.treeSize).toBe(12);
    await rewriteChain(gateway.app.get(DataSource), (entries) => entries.map((entry) => (entry.seq === 10 ? { ...entry, partner: 'overijssel' } : entry)));
    expect((await ledger.verify()).ok).toBe(true);
    expect(await verify({ checkpoint: later })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('entries 9 to 12 no longer hash') } });
  });

  it('proves with the command line, from a saved checkpoint file, that the ledger extends it — and not after a rewrite', async () => {
    const checkpoint = await savedCheckpoint();
    const file = join(witness, 'saved.json');
    writeFileSync(file, JSON.stringify(checkpoint));
    const env: Record<string, string> =
      database === 'sqlite'
        ? { DATA_DIR: gateway.config.dataDir }
        : { DATA_DIR: gateway.config.dataDir, DATABASE_URL: gateway.config.databaseUrl?.reveal() ?? '', DATABASE_SCHEMA: gateway.config.databaseSchema ?? '' };
    const intact = await cli(env, '--checkpoint', file);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('extends the signed checkpoint of 8 entries');
    await rewriteChain(gateway.app.get(DataSource), (entries) => entries.map((entry) => (entry.seq === 3 ? { ...entry, memberId: 'P-SOMEONE-ELSE' } : entry)));
    const broken = await cli(env, '--checkpoint', file, '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, checkpoint: { ok: false, treeSize: 8 } });
  });

  it('gives each entry of an access report an inclusion proof an auditor can check against the checkpoint alone', async () => {
    const report = (await gateway.http.get('/api/v1/members/P-EVEN/disclosure-report').set(gateway.as('officer'))).body;
    expect(report.disclosures).toHaveLength(4);
    const opened = openCheckpoint(report.checkpoint.note, report.checkpoint.verifierKey);
    if (!opened.ok) throw new Error(opened.reason);
    const root = Buffer.from(opened.checkpoint.rootHash, 'base64');
    for (const entry of report.disclosures) {
      const proof = (entry.inclusion.auditPath as string[]).map((node) => Buffer.from(node, 'base64'));
      expect(verifyInclusion(leafHash(entry.hash), entry.inclusion.leafIndex, entry.inclusion.treeSize, proof, root)).toBe(true);
      expect(verifyInclusion(leafHash(entry.hash), entry.inclusion.leafIndex + 1, entry.inclusion.treeSize, proof, root)).toBe(false);
    }
  });

  it('catches account events rewritten in the database, and content removed without a signed retention', async () => {
    await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'sock.puppet', role: 'officer' });
    const checkpoint = await savedCheckpoint();
    const events = (await gateway.http.get('/api/v1/accounts/events').set(auditor())).body;
    expect(events.verdict).toEqual({ ok: true, checked: events.events.length });
    expect(events.events.map((event: { kind: string; accountName: string }) => `${event.kind} ${event.accountName}`)).toEqual(
      expect.arrayContaining(['created op.test', 'created officer.test', 'confirmed officer.test', 'created sock.puppet']),
    );
    const dataSource = gateway.app.get(DataSource);
    await dataSource.query(`UPDATE account_events SET by_name = 'officer.test' WHERE account_name = 'sock.puppet'`);
    expect(await verify({ checkpoint })).toMatchObject({ ok: false, accountEvents: { ok: false } });
    await dataSource.query(`UPDATE account_events SET by_name = 'admin' WHERE account_name = 'sock.puppet'`);
    expect((await verify({ checkpoint })).ok).toBe(true);
    await dataSource.query(`UPDATE disclosure_ledger SET member_id = '', redacted_at = '2026-12-03T00:00:00.000Z' WHERE seq = 6`);
    expect(await verify({ checkpoint })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('content of entry 6 was removed') } });
  });
});
