import { ChainHead, entryHash, GENESIS_HASH, LedgerEntry, LedgerEntryContent, verifyChain } from './ledger.chain';

type Payload = Omit<LedgerEntryContent, 'seq' | 'prevHash'>;

function payload(n: number): Payload {
  return {
    recordedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, n)).toISOString(),
    memberId: `M${n}`,
    partner: n % 2 === 0 ? 'kb' : 'overijssel',
    purpose: 'registration',
    policyVersion: 3,
    policyHash: 'a'.repeat(64),
    agreementReference: 'VWO-2024-07',
    fields: [
      { path: 'memberId', transform: 'copy' },
      { path: 'birthDate', transform: 'year' },
    ],
    exchangeId: n % 3 === 0 ? null : `ex-${n}`,
  };
}

function link(prev: LedgerEntry | undefined, seq: number, body: Payload): LedgerEntry {
  const content: LedgerEntryContent = { ...body, seq, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...content, hash: entryHash(content.prevHash, content) };
}

function chain(length: number): LedgerEntry[] {
  const rows: LedgerEntry[] = [];
  for (let seq = 1; seq <= length; seq += 1) rows.push(link(rows[rows.length - 1], seq, payload(seq)));
  return rows;
}

function headOf(rows: readonly LedgerEntry[]): ChainHead {
  const last = rows[rows.length - 1];
  return last === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: last.seq, hash: last.hash };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

describe('entryHash', () => {
  it('is sha256 over prev_hash and the canonical row, independent of key order and extra properties', () => {
    const content: LedgerEntryContent = { ...payload(1), seq: 1, prevHash: GENESIS_HASH };
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as unknown as LedgerEntryContent;
    expect(entryHash(GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, reordered)).toBe(entryHash(GENESIS_HASH, content));
    expect(entryHash(GENESIS_HASH, { ...content, hash: 'x' } as LedgerEntryContent)).toBe(entryHash(GENESIS_HASH, content));
  });

  it('changes with the previous hash and with every hashed property', () => {
    const content: LedgerEntryContent = { ...payload(1), seq: 1, prevHash: GENESIS_HASH };
    const base = entryHash(GENESIS_HASH, content);
    expect(entryHash('1'.repeat(64), content)).not.toBe(base);
    const variants: Array<Partial<LedgerEntryContent>> = [
      { seq: 2 },
      { prevHash: 'f'.repeat(64) },
      { recordedAt: '2025-01-01T12:00:02.000Z' },
      { memberId: 'M2' },
      { partner: 'ibl' },
      { purpose: 'interlibrary-loan' },
      { policyVersion: 4 },
      { policyHash: 'b'.repeat(64) },
      { agreementReference: 'VWO-2025-01' },
      { fields: [{ path: 'memberId', transform: 'pseudonym' }] },
      { exchangeId: 'ex-other' },
    ];
    for (const change of variants) expect(entryHash(GENESIS_HASH, { ...content, ...change })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  it('accepts an empty chain and an intact chain, with or without head', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toEqual({ ok: true, checked: 0 });
    const rows = chain(10);
    expect(verifyChain(rows)).toEqual({ ok: true, checked: 10 });
    expect(verifyChain(rows, headOf(rows))).toEqual({ ok: true, checked: 10 });
  });

  it('names the altered row when a row content changed', () => {
    const rows = chain(6);
    rows[3] = { ...at(rows, 3), purpose: 'marketing' };
    expect(verifyChain(rows, headOf(rows))).toEqual({ ok: false, checked: 3, firstBroken: { seq: 4, reason: expect.stringContaining('hash mismatch') } });
  });

  it('names the altered row when the disclosed fields changed', () => {
    const rows = chain(6);
    rows[1] = { ...at(rows, 1), fields: [{ path: 'memberId', transform: 'copy' }] };
    const verdict = verifyChain(rows, headOf(rows));
    expect(verdict).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringContaining('altered') } });
  });

  it('detects a row altered together with its own hash through the next link', () => {
    const rows = chain(6);
    const forged = link(at(rows, 1), 3, { ...payload(3), purpose: 'marketing' });
    rows[2] = forged;
    expect(verifyChain(rows, headOf(chain(6)))).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: expect.stringContaining('prev_hash mismatch') } });
  });

  it('names the missing seq when a row in the middle was removed', () => {
    const rows = chain(6);
    const head = headOf(rows);
    rows.splice(2, 1);
    expect(verifyChain(rows, head)).toEqual({ ok: false, checked: 2, firstBroken: { seq: 3, reason: expect.stringContaining('seq gap') } });
  });

  it('detects removal of a middle row whose successors were renumbered', () => {
    const rows = chain(6);
    const head = headOf(rows);
    rows.splice(2, 1);
    const renumbered = rows.map((row, index) => ({ ...row, seq: index + 1 }));
    expect(verifyChain(renumbered, head)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringContaining('prev_hash mismatch') } });
  });

  it('detects removal of the last row only through the head', () => {
    const rows = chain(6);
    const head = headOf(rows);
    rows.pop();
    expect(verifyChain(rows)).toEqual({ ok: true, checked: 5 });
    expect(verifyChain(rows, head)).toEqual({ ok: false, checked: 5, firstBroken: { seq: 6, reason: expect.stringContaining('last rows removed') } });
  });

  it('detects removal of every row through the head', () => {
    const head = headOf(chain(3));
    expect(verifyChain([], head)).toEqual({ ok: false, checked: 0, firstBroken: { seq: 1, reason: expect.stringContaining('last rows removed') } });
  });

  it('reports a missing head record', () => {
    expect(verifyChain(chain(2), null)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'head record missing' } });
  });

  it('detects the last row replaced by a well-formed forgery through the head hash', () => {
    const rows = chain(4);
    const head = headOf(rows);
    rows[3] = link(at(rows, 2), 4, { ...payload(4), partner: 'bank' });
    expect(verifyChain(rows, head)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: expect.stringContaining('head hash mismatch') } });
  });

  it('detects a row inserted in the middle, even one hashed correctly onto its predecessor', () => {
    const rows = chain(5);
    const head = headOf(rows);
    const inserted = link(at(rows, 1), 3, payload(99));
    const shifted = [...rows.slice(0, 2), inserted, ...rows.slice(2).map((row) => ({ ...row, seq: row.seq + 1 }))];
    expect(verifyChain(shifted, head)).toMatchObject({ ok: false, checked: 3, firstBroken: { seq: 4, reason: expect.stringContaining('prev_hash mismatch') } });
  });

  it('detects a duplicated seq', () => {
    const rows = chain(4);
    const withDuplicate = [...rows.slice(0, 3), { ...at(rows, 2) }, at(rows, 3)];
    expect(verifyChain(withDuplicate, headOf(rows))).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringContaining('seq out of order') } });
  });

  it('detects a row appended outside the ledger, beyond the head', () => {
    const rows = chain(4);
    const head = headOf(rows);
    rows.push(link(at(rows, 3), 5, payload(5)));
    expect(verifyChain(rows, head)).toMatchObject({ ok: false, checked: 5, firstBroken: { seq: 5, reason: expect.stringContaining('beyond the head') } });
  });

  it('detects two rows swapped', () => {
    const rows = chain(5);
    const swapped = [at(rows, 0), { ...at(rows, 2), seq: 2 }, { ...at(rows, 1), seq: 3 }, at(rows, 3), at(rows, 4)];
    expect(verifyChain(swapped, headOf(rows))).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringContaining('prev_hash mismatch') } });
  });

  it('reports the first broken link when several are broken', () => {
    const rows = chain(8);
    rows[5] = { ...at(rows, 5), memberId: 'M-other' };
    rows[2] = { ...at(rows, 2), partner: 'bank' };
    expect(verifyChain(rows, headOf(rows))).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3 } });
  });
});
