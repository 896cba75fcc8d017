import { DataSource } from 'typeorm';
import { LedgerService } from '../../src/audit/ledger.service';
import { disclosure } from './ledger.fixtures';
import { describeEachDatabase } from '../support/databases';
import { createLedgerDatabase, LedgerDatabase } from './ledger-databases';

describeEachDatabase('ledger tampering', (database) => {
  let db: LedgerDatabase;
  let dataSource: DataSource;
  let ledger: LedgerService;

  beforeEach(async () => {
    db = await createLedgerDatabase(database);
    dataSource = db.dataSource;
    ledger = new LedgerService(dataSource);
    for (let i = 1; i <= 6; i += 1) await ledger.record(disclosure({ memberId: `P${i}`, exchangeId: `delivery-${i}` }));
    expect(await ledger.verify()).toEqual({ ok: true, checked: 6 });
  });

  afterEach(async () => {
    await db.dispose();
  });

  it('names the row whose purpose was altered', async () => {
    await dataSource.query("UPDATE disclosure_ledger SET purpose = 'marketing' WHERE seq = 3");
    expect(await ledger.verify()).toEqual({ ok: false, checked: 2, firstBroken: { seq: 3, reason: expect.stringContaining('hash mismatch') } });
  });

  it('names the row whose disclosed fields were altered', async () => {
    await dataSource.query(`UPDATE disclosure_ledger SET fields = '[{"path":"memberId","transform":"copy"}]' WHERE seq = 5`);
    expect(await ledger.verify()).toEqual({ ok: false, checked: 4, firstBroken: { seq: 5, reason: expect.stringContaining('row content altered') } });
  });

  it('names the row whose fields were replaced by something that is not JSON', async () => {
    await dataSource.query("UPDATE disclosure_ledger SET fields = 'not json' WHERE seq = 1");
    expect(await ledger.verify()).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 1, reason: expect.stringContaining('hash mismatch') } });
  });

  it('names the missing seq when a middle row was deleted', async () => {
    await dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 4');
    expect(await ledger.verify()).toEqual({ ok: false, checked: 3, firstBroken: { seq: 4, reason: expect.stringContaining('seq gap') } });
  });

  it('detects deletion of the last row through the head', async () => {
    await dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 6');
    expect(await ledger.verify()).toEqual({ ok: false, checked: 5, firstBroken: { seq: 6, reason: expect.stringContaining('last rows removed') } });
  });

  it('detects deletion of the last row even when the head was rolled back by hand, by its hash', async () => {
    await dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 6');
    await dataSource.query('UPDATE disclosure_ledger_head SET seq = 5');
    expect(await ledger.verify()).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: expect.stringContaining('head hash mismatch') } });
  });

  it('detects a row written around the ledger, past the head', async () => {
    await dataSource.query(
      `INSERT INTO disclosure_ledger (seq, prev_hash, hash, recorded_at, member_id, partner, purpose, policy_version, policy_hash, agreement_reference, fields, exchange_id)
       SELECT 7, hash, hash, recorded_at, member_id, partner, purpose, policy_version, policy_hash, agreement_reference, fields, exchange_id FROM disclosure_ledger WHERE seq = 6`,
    );
    expect(await ledger.verify()).toEqual({ ok: false, checked: 6, firstBroken: { seq: 7, reason: expect.stringContaining('beyond the head') } });
  });

  it('reports a missing head record', async () => {
    await dataSource.query('DELETE FROM disclosure_ledger_head');
    expect(await ledger.verify()).toEqual({ ok: false, checked: 6, firstBroken: { seq: 7, reason: 'head record missing' } });
  });

  it('names the first broken link when several rows were tampered with', async () => {
    await dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 5');
    await dataSource.query("UPDATE disclosure_ledger SET partner = 'bank' WHERE seq = 2");
    expect(await ledger.verify()).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2 } });
  });
});
