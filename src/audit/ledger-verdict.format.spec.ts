import { formatVerdict } from './ledger-verdict.format';

describe('formatVerdict', () => {
  it('says the ledger is intact and how much was checked', () => {
    expect(formatVerdict({ ok: true, checked: 12 })).toBe('Disclosure ledger intact: 12 entries verified.');
    expect(formatVerdict({ ok: true, checked: 1 })).toBe('Disclosure ledger intact: 1 entry verified.');
  });

  it('names the first broken seq and the reason', () => {
    expect(formatVerdict({ ok: false, checked: 3, firstBroken: { seq: 4, reason: 'hash mismatch: row content altered' } })).toBe(
      'Disclosure ledger BROKEN at seq 4: hash mismatch: row content altered. 3 entries verified before it.',
    );
  });
});
