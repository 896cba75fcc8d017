import { LedgerService } from '../../src/audit/ledger.service';
import { disclosure } from './ledger.fixtures';
import { describeEachDatabase } from '../support/databases';
import { createLedgerDatabase, LedgerDatabase } from './ledger-databases';

describeEachDatabase('concurrent appends', (database) => {
  let db: LedgerDatabase;

  beforeEach(async () => {
    db = await createLedgerDatabase(database);
  });

  afterEach(async () => {
    await db.dispose();
  });

  it('50 parallel record() calls yield one unbroken chain 1..50', async () => {
    const ledger = new LedgerService(db.dataSource);
    const entries = await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.record(disclosure({ memberId: `P${i}`, exchangeId: `d-${i}` }))));
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.prevHash)).size).toBe(50);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 50 });
  });

  it('verification running alongside appends never reports a false break', async () => {
    const ledger = new LedgerService(db.dataSource);
    const appends = Array.from({ length: 30 }, (_, i) => ledger.record(disclosure({ memberId: `P${i}` })));
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => ledger.verify()));
    await Promise.all(appends);
    for (const verdict of verdicts) expect(verdict.ok).toBe(true);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 30 });
  });

  it('appends inside callers\' transactions (some rolled back after awaiting I/O) mixed with standalone ones: one chain of what committed', async () => {
    const ledger = new LedgerService(db.dataSource);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const inTransaction = (i: number) =>
      db.dataSource.transaction(async (manager) => {
        const entry = await ledger.record(disclosure({ memberId: `T${i}`, exchangeId: `t-${i}` }), manager);
        await pause(i % 3);
        if (i % 4 === 0) throw new Error('the caller gives up');
        return entry;
      });
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => inTransaction(i)),
      ...Array.from({ length: 20 }, (_, i) => ledger.record(disclosure({ memberId: `S${i}`, exchangeId: `s-${i}` }))),
    ]);
    const committed = results.filter((result) => result.status === 'fulfilled').length;
    expect(committed).toBe(35);
    expect(await ledger.verify()).toEqual({ ok: true, checked: 35 });
    const members = (await ledger.list({ limit: 100 })).items.map((entry) => entry.memberId);
    expect(members.filter((id) => id.startsWith('T')).sort()).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 4 !== 0).map((i) => `T${i}`).sort());
  });

  if (database === 'postgres') {
    it('two gateway instances appending at once (separate pools) share one chain', async () => {
      const first = new LedgerService(db.dataSource);
      const second = new LedgerService(await db.open());
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).record(disclosure({ memberId: `P${i}` }))),
      );
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await first.verify()).toEqual({ ok: true, checked: 50 });
    });
  }
});
