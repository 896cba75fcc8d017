import { DataSource } from 'typeorm';
import { openCheckpoint } from '../../src/audit/checkpoint-note';
import { LedgerCheckpoints } from '../../src/audit/ledger-checkpoints.service';
import { LedgerService } from '../../src/audit/ledger.service';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { disclosure } from './ledger.fixtures';

const DAY_MS = 86_400_000;

interface Row {
  seq: number;
  memberId: string;
  fields: string;
  exchangeId: string | null;
  redactedAt: string | null;
  recordedAt: string;
  partner: string;
}

/**
 * LEDGER_RETENTION_DAYS: entries past the ledger's own retention lose their content (member, fields,
 * exchange) and keep their hash, so the chain and every signed checkpoint still verify; the watermark is
 * signed before anything goes, and a database writer can neither remove content beyond it nor push it
 * forward by setting a recent entry's date back.
 */
describeEachDatabase('the ledger forgets what is older than its retention, and still verifies', (database) => {
  let gateway: TestApp;
  const auditor = () => gateway.as('auditor');
  const verify = async (body?: unknown) =>
    (body === undefined ? await gateway.http.get('/api/v1/disclosures/verify').set(auditor()) : await gateway.http.post('/api/v1/disclosures/verify').set(auditor()).send(body as object)).body;
  const rows = async (): Promise<Row[]> =>
    (
      (await gateway.app
        .get(DataSource)
        .query(
          `SELECT seq, member_id AS "memberId", fields, exchange_id AS "exchangeId", redacted_at AS "redactedAt", recorded_at AS "recordedAt", partner FROM disclosure_ledger ORDER BY seq`,
        )) as Row[]
    ).map((row) => ({ ...row, seq: Number(row.seq) }));
  const retentionOf = (note: string, key: string): string | undefined => {
    const opened = openCheckpoint(note, key);
    return opened.ok ? opened.checkpoint.extensions.find((line) => line.startsWith('retention ')) : undefined;
  };

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { LEDGER_CHECKPOINT_MS: '0', LEDGER_RETENTION_DAYS: '1', CONNECTORS: 'none' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('empties old entries up to a signed watermark, keeps the rest, and every checkpoint still verifies', async () => {
    const ledger = gateway.app.get(LedgerService);
    const checkpoints = gateway.app.get(LedgerCheckpoints);
    for (let i = 1; i <= 3; i++) await ledger.record(disclosure({ memberId: `OLD${i}`, exchangeId: `old-${i}` }));
    const first = await checkpoints.make();
    expect(retentionOf(first.note, first.verifierKey)).toBe('retention 0');
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (let i = 1; i <= 2; i++) await ledger.record(disclosure({ memberId: `NEW${i}`, exchangeId: `new-${i}` }));
    const recorded = await rows();
    // A day after a moment between the two groups: the first three are past the one-day retention.
    const between = (Date.parse(recorded[2]?.recordedAt ?? '') + Date.parse(recorded[3]?.recordedAt ?? '')) / 2;
    const second = await checkpoints.make(between + DAY_MS);
    expect(second.treeSize).toBe(5);
    expect(retentionOf(second.note, second.verifierKey)).toBe('retention 3');

    const after = await rows();
    expect(after.slice(0, 3).map((row) => ({ memberId: row.memberId, fields: row.fields, exchangeId: row.exchangeId, kept: row.partner }))).toEqual(
      [1, 2, 3].map(() => ({ memberId: '', fields: '[]', exchangeId: null, kept: 'kb' })),
    );
    expect(after.slice(0, 3).every((row) => row.redactedAt !== null)).toBe(true);
    expect(after.slice(3).map((row) => row.memberId)).toEqual(['NEW1', 'NEW2']);
    expect(after.slice(3).every((row) => row.redactedAt === null)).toBe(true);

    // The chain, the newest checkpoint and the older one (which signed no retention) all still verify.
    expect(await verify()).toMatchObject({ ok: true, checked: 5 });
    expect(await verify({ checkpoint: second })).toMatchObject({ ok: true, checkpoint: { ok: true } });
    expect(await verify({ checkpoint: first })).toMatchObject({ ok: true, checkpoint: { ok: true } });
    // A member's access report no longer finds the old entries; the new ones stand, with proofs.
    const officer = gateway.as('officer');
    expect((await gateway.http.get('/api/v1/members/OLD1/disclosure-report').set(officer)).body.disclosures).toEqual([]);
    expect((await gateway.http.get('/api/v1/members/NEW1/disclosure-report').set(officer)).body.disclosures).toHaveLength(1);
  });

  it('catches content removed beyond the signed watermark, and stops the watermark before an entry whose date was set back', async () => {
    const dataSource = gateway.app.get(DataSource);
    const checkpoints = gateway.app.get(LedgerCheckpoints);
    const saved = await checkpoints.make();
    // A writer hides entry 4 as if retained: the watermark signed only 3.
    await dataSource.query(`UPDATE disclosure_ledger SET member_id = '', fields = '[]', redacted_at = '2020-01-01T00:00:00.000Z' WHERE seq = 4`);
    expect(await verify({ checkpoint: saved })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('content of entry 4 was removed') } });
    await dataSource.query(`UPDATE disclosure_ledger SET member_id = 'NEW1', fields = ?, redacted_at = NULL WHERE seq = 4`.replace('?', database === 'postgres' ? '$1' : '?'), [
      JSON.stringify(disclosure().fields),
    ]);
    expect((await verify({ checkpoint: saved })).ok).toBe(true);

    // A writer sets entry 5's date back ten years so that retention would take it: its hash breaks, and
    // the watermark stops before it, however late the next checkpoint is made.
    const five = (await rows())[4] as Row;
    await dataSource.query(`UPDATE disclosure_ledger SET recorded_at = '2016-01-01T00:00:00.000Z' WHERE seq = 5`);
    await gateway.app.get(LedgerService).record(disclosure({ memberId: 'NEW3', exchangeId: 'new-3' }));
    const later = await checkpoints.make(Date.now() + 3 * DAY_MS);
    expect(retentionOf(later.note, later.verifierKey)).toBe('retention 4');
    const after = await rows();
    expect(after[4]).toMatchObject({ memberId: 'NEW2', redactedAt: null });
    expect(after[5]).toMatchObject({ memberId: 'NEW3', redactedAt: null });
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: 5 } });
    await dataSource.query(`UPDATE disclosure_ledger SET recorded_at = '${five.recordedAt}' WHERE seq = 5`);
    expect((await verify()).ok).toBe(true);
  });
});
