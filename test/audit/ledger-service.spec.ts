import { DataSource } from 'typeorm';
import { DisclosureEntity } from '../../src/audit/disclosure.entity';
import { GENESIS_HASH, entryHash } from '../../src/audit/ledger.chain';
import { LedgerHeadEntity } from '../../src/audit/ledger-head.entity';
import { LedgerService } from '../../src/audit/ledger.service';
import { GatewayError } from '../../src/errors/gateway-error';
import { disclosure } from './ledger.fixtures';
import { describeEachDatabase } from '../support/databases';
import { createLedgerDatabase, LedgerDatabase } from './ledger-databases';

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describeEachDatabase('LedgerService', (database) => {
  let db: LedgerDatabase;
  let dataSource: DataSource;
  let ledger: LedgerService;

  beforeEach(async () => {
    db = await createLedgerDatabase(database);
    dataSource = db.dataSource;
    ledger = new LedgerService(dataSource);
  });

  afterEach(async () => {
    await db.dispose();
  });

  it('migrates to exactly the schema the entities describe, with the head at seq 0', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await dataSource.manager.find(LedgerHeadEntity)).toEqual([{ id: 1, seq: 0, hash: GENESIS_HASH }]);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 0 });
  });

  it('appends linked entries and moves the head with each', async () => {
    const first = await ledger.record(disclosure());
    const second = await ledger.record(disclosure({ partner: 'overijssel', exchangeId: undefined }));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, exchangeId: 'delivery-1' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, exchangeId: null });
    expect(second.hash).toBe(entryHash(first.hash, second));
    expect(await dataSource.manager.find(LedgerHeadEntity)).toEqual([{ id: 1, seq: 2, hash: second.hash }]);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 2 });
  });

  it('stores field paths and transforms as canonical JSON, and nothing else about the member', async () => {
    await ledger.record(disclosure());
    const [row] = await dataSource.query('SELECT * FROM disclosure_ledger');
    expect(Object.keys(row).sort()).toEqual(
      ['agreement_reference', 'exchange_id', 'fields', 'hash', 'member_id', 'partner', 'policy_hash', 'policy_version', 'prev_hash', 'purpose', 'recorded_at', 'redacted_at', 'seq'].sort(),
    );
    expect(row.fields).toBe('[{"path":"memberId","transform":"copy"},{"path":"name.family","transform":"initials"},{"path":"birthDate","transform":"year"}]');
  });

  it('refuses a record that could smuggle a value, and writes nothing', async () => {
    const smuggling = disclosure({ fields: [{ path: 'name.family=Jansen', transform: 'copy' }] });
    await expect(ledger.record(smuggling)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 422 });
    expect(await dataSource.manager.count(DisclosureEntity)).toBe(0);
  });

  it("commits with the caller's transaction, and rolls back with it", async () => {
    await dataSource.transaction(async (manager) => {
      await ledger.record(disclosure({ exchangeId: 'kept' }), manager);
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await ledger.record(disclosure({ exchangeId: 'rolled-back' }), manager);
        throw new Error('the caller fails after recording');
      }),
    ).rejects.toThrow('the caller fails after recording');
    const rows = await dataSource.manager.find(DisclosureEntity);
    expect(rows.map((r) => r.exchangeId)).toEqual(['kept']);
    expect(await dataSource.manager.findOneByOrFail(LedgerHeadEntity, { id: 1 })).toMatchObject({ seq: 1, hash: rows[0]?.hash });
    const next = await ledger.record(disclosure(), dataSource.manager);
    expect(next.seq).toBe(2);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 2 });
  });

  it('refuses to append when the head record is gone', async () => {
    await ledger.record(disclosure());
    await dataSource.query('DELETE FROM disclosure_ledger_head');
    await expect(ledger.record(disclosure())).rejects.toMatchObject({ code: 'LEDGER_HEAD_MISSING' });
    await expect(ledger.record(disclosure())).rejects.toBeInstanceOf(GatewayError);
  });

  it('lists newest first, filtered by member, partner and period, with paging', async () => {
    await ledger.record(disclosure({ memberId: 'A', partner: 'kb' }));
    await ledger.record(disclosure({ memberId: 'B', partner: 'kb' }));
    await pause(5);
    const between = new Date();
    await pause(5);
    await ledger.record(disclosure({ memberId: 'A', partner: 'ibl' }));
    await ledger.record(disclosure({ memberId: 'A', partner: 'kb' }));

    const all = await ledger.list({});
    expect(all).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(all.items.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    expect((await ledger.list({ memberId: 'A' })).items.map((e) => e.seq)).toEqual([4, 3, 1]);
    expect((await ledger.list({ memberId: 'A', partner: 'kb' })).items.map((e) => e.seq)).toEqual([4, 1]);
    expect((await ledger.list({ from: between })).items.map((e) => e.seq)).toEqual([4, 3]);
    expect((await ledger.list({ to: between })).items.map((e) => e.seq)).toEqual([2, 1]);
    const page = await ledger.list({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.items.map((e) => e.seq)).toEqual([3, 2]);
    expect(page.items[0]).toMatchObject({ memberId: 'A', partner: 'ibl', fields: disclosure().fields, policyVersion: 1 });
  });

  it("reports a member's disclosures with recipients, purposes, fields and agreement references", async () => {
    await ledger.record(disclosure({ memberId: 'A', partner: 'kb', agreementReference: 'KB-1' }));
    await ledger.record(disclosure({ memberId: 'B', partner: 'bank', purpose: 'direct-debit' }));
    await ledger.record(disclosure({ memberId: 'A', partner: 'overijssel', purpose: 'provincial-card', agreementReference: 'RB-7', fields: [{ path: 'memberId', transform: 'copy' }] }));
    const report = await ledger.disclosureReport('A');
    expect(report).toMatchObject({ memberId: 'A', total: 2 });
    expect(report.disclosures.map((d) => [d.seq, d.partner, d.purpose, d.agreementReference])).toEqual([
      [1, 'kb', 'online-library', 'KB-1'],
      [3, 'overijssel', 'provincial-card', 'RB-7'],
    ]);
    expect(report.recipients.map((r) => [r.partner, r.fields])).toEqual([
      ['kb', ['memberId', 'birthDate', 'name.family']], // the catalog's order (an unknown path last)
      ['overijssel', ['memberId']],
    ]);
    expect(await ledger.disclosureReport('nobody')).toMatchObject({ total: 0, recipients: [], disclosures: [] });
  });
});
