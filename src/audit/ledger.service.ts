import { Injectable } from '@nestjs/common';
import { And, DataSource, EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { DisclosureOutcomeEntity } from './disclosure-outcome.entity';
import { GatewayError } from '../errors/gateway-error';
import { DisclosureEntity } from './disclosure.entity';
import { DEFAULT_LIST_LIMIT, DisclosureFilter, MAX_LIST_LIMIT } from './disclosure-filter';
import { DisclosureRecord } from './disclosure-record';
import { assertDisclosureRecord } from './disclosure-record.validator';
import { buildDisclosureReport, DisclosureReport } from './disclosure-report';
import { ChainHead, ChainVerdict, ChainVerifier, entryHash, LedgerEntry, LedgerEntryContent, rowBeyondHead } from './ledger.chain';
import { LEDGER_HEAD_ID, LedgerHeadEntity } from './ledger-head.entity';
import { toDisclosureEntity, toLedgerEntry } from './ledger-entry.mapper';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';

export interface DisclosurePage {
  items: LedgerEntry[];
  total: number;
  limit: number;
  offset: number;
}

const VERIFY_PAGE = 1000;
/** Entries per multi-row INSERT. */
const INSERT_CHUNK = 100;

/** The disclosure ledger: append-only, hash-chained, with a head row that records the last link. */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {
    // Appends on SQLite take turns on its one connection (a no-op on PostgreSQL, and when already done).
    serializeSqliteWrites(dataSource);
  }

  /**
   * Appends one disclosure. With a manager inside an open transaction, the entry commits (or rolls back)
   * with the caller's work; otherwise the ledger opens its own transaction.
   */
  async record(record: DisclosureRecord, manager?: EntityManager): Promise<LedgerEntry> {
    assertDisclosureRecord(record);
    const append = (m: EntityManager): Promise<LedgerEntry> => this.append(m, record);
    const inCallerTransaction = manager?.queryRunner?.isTransactionActive === true;
    // PostgreSQL serialises appends with the head row lock (across instances too); on SQLite every
    // transaction takes its turn on the one connection (serializeSqliteWrites).
    return inCallerTransaction && manager !== undefined ? append(manager) : (manager ?? this.dataSource.manager).transaction(append);
  }

  /**
   * Appends many disclosures in order, as one link of the chain after the other: one read of the head,
   * multi-row INSERTs, one move of the head — inside the caller's open transaction.
   */
  async recordMany(records: readonly DisclosureRecord[], manager: EntityManager): Promise<LedgerEntry[]> {
    if (manager.queryRunner?.isTransactionActive !== true) throw new GatewayError('LEDGER_BATCH_OUTSIDE_TRANSACTION', 'a batch of ledger entries is appended only inside a transaction', 500);
    if (records.length === 0) return [];
    records.forEach(assertDisclosureRecord);
    const head = await readHead(manager, usesRowLocks(manager.connection));
    if (head === null) throw new GatewayError('LEDGER_HEAD_MISSING', 'The disclosure ledger has no head record; run the migrations and verify the ledger', 500);
    const entries: LedgerEntry[] = [];
    let previous: ChainHead = head;
    for (const record of records) {
      const entry = link(previous, record);
      entries.push(entry);
      previous = { seq: entry.seq, hash: entry.hash };
    }
    for (let at = 0; at < entries.length; at += INSERT_CHUNK) {
      await manager.createQueryBuilder().insert().into(DisclosureEntity).values(entries.slice(at, at + INSERT_CHUNK).map(toDisclosureEntity)).updateEntity(false).execute();
    }
    const moved = await manager.update(LedgerHeadEntity, { id: LEDGER_HEAD_ID, seq: head.seq }, { seq: previous.seq, hash: previous.hash });
    if (moved.affected !== 1) throw new GatewayError('LEDGER_CONFLICT', 'The ledger head moved during an append; the append was not recorded', 409);
    return entries;
  }

  /** Verifies the whole chain against the head; names the first broken link. */
  async verify(): Promise<ChainVerdict> {
    const manager = this.dataSource.manager;
    const head = await readHead(manager);
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const seqRange = head === null ? MoreThan(after) : And(MoreThan(after), LessThanOrEqual(head.seq));
      const page = await manager.find(DisclosureEntity, { where: { seq: seqRange }, order: { seq: 'ASC' }, take: VERIFY_PAGE });
      let intact = true;
      for (const row of page) if (!(intact = verifier.push(toLedgerEntry(row)))) break;
      const last = page[page.length - 1];
      if (!intact || last === undefined || page.length < VERIFY_PAGE) break;
      after = Number(last.seq);
    }
    const verdict = verifier.finish(head);
    if (!verdict.ok || head === null) return verdict;
    // Rows past the head that a concurrent append did not account for were written around the ledger.
    const maxSeq = await lastSeq(manager);
    const headNow = await readHead(manager);
    if (headNow !== null && maxSeq > headNow.seq) return { ok: false, checked: verdict.checked, firstBroken: rowBeyondHead(headNow.seq, maxSeq) };
    return verdict;
  }

  /** Newest first. */
  async list(filter: DisclosureFilter = {}): Promise<DisclosurePage> {
    const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIST_LIMIT, 1), MAX_LIST_LIMIT);
    const offset = Math.max(filter.offset ?? 0, 0);
    const query = this.dataSource.manager.createQueryBuilder(DisclosureEntity, 'd');
    if (filter.memberId !== undefined) query.andWhere('d.memberId = :memberId', { memberId: filter.memberId });
    if (filter.partner !== undefined) query.andWhere('d.partner = :partner', { partner: filter.partner });
    if (filter.from !== undefined) query.andWhere('d.recordedAt >= :from', { from: filter.from.toISOString() });
    if (filter.to !== undefined) query.andWhere('d.recordedAt <= :to', { to: filter.to.toISOString() });
    const [rows, total] = await query.orderBy('d.seq', 'DESC').offset(offset).limit(limit).getManyAndCount();
    return { items: rows.map(toLedgerEntry), total, limit, offset };
  }

  /** For a member's access request: who received which fields, when, for what purpose, under which agreement. */
  async disclosureReport(memberId: string): Promise<DisclosureReport> {
    const rows = await this.dataSource.manager.find(DisclosureEntity, { where: { memberId }, order: { seq: 'ASC' } });
    const exchanges = rows.flatMap((row) => (row.exchangeId === null ? [] : [row.exchangeId]));
    const outcomes = exchanges.length === 0 ? [] : await this.dataSource.manager.find(DisclosureOutcomeEntity, { where: { exchangeId: In(exchanges) } });
    return buildDisclosureReport(memberId, rows.map(toLedgerEntry), new Date(), new Map(outcomes.map((row) => [row.exchangeId, row.outcome])));
  }

  private async append(manager: EntityManager, record: DisclosureRecord): Promise<LedgerEntry> {
    const head = await readHead(manager, usesRowLocks(manager.connection));
    if (head === null) throw new GatewayError('LEDGER_HEAD_MISSING', 'The disclosure ledger has no head record; run the migrations and verify the ledger', 500);
    const entry = link(head, record);
    await manager.insert(DisclosureEntity, toDisclosureEntity(entry));
    const moved = await manager.update(LedgerHeadEntity, { id: LEDGER_HEAD_ID, seq: head.seq }, { seq: entry.seq, hash: entry.hash });
    if (moved.affected !== 1) throw new GatewayError('LEDGER_CONFLICT', 'The ledger head moved during an append; the append was not recorded', 409);
    return entry;
  }
}

/** The entry that follows `head` in the chain. */
function link(head: ChainHead, record: DisclosureRecord): LedgerEntry {
  const content: LedgerEntryContent = {
    seq: head.seq + 1,
    prevHash: head.hash,
    recordedAt: new Date().toISOString(),
    memberId: record.memberId,
    partner: record.partner,
    purpose: record.purpose,
    policyVersion: record.policyVersion,
    policyHash: record.policyHash,
    agreementReference: record.agreementReference,
    fields: record.fields.map(({ path, transform }) => ({ path, transform })),
    exchangeId: record.exchangeId ?? null,
  };
  return { ...content, hash: entryHash(content.prevHash, content) };
}

function usesRowLocks(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

async function readHead(manager: EntityManager, lock = false): Promise<ChainHead | null> {
  const head = await manager.findOne(LedgerHeadEntity, {
    where: { id: LEDGER_HEAD_ID },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  return head === null ? null : { seq: Number(head.seq), hash: head.hash };
}

async function lastSeq(manager: EntityManager): Promise<number> {
  const row = await manager.createQueryBuilder(DisclosureEntity, 'd').select('MAX(d.seq)', 'max').getRawOne<{ max: number | string | null }>();
  return Number(row?.max ?? 0);
}
