import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DisclosureOutcomeEntity } from '../audit/disclosure-outcome.entity';
import { LedgerService } from '../audit/ledger.service';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { DisclosedField } from '../policy/released-payload';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { AttemptOutcome, attemptRow, clip, DeliveredItem, NewDelivery, newRow } from './outbox-rows';
import { OutboxEntity } from './outbox.entity';

export type { AttemptOutcome, DeliveredItem, NewDelivery } from './outbox-rows';

/** How many rows one claim may take: in all, per partner, and less for partners already busy. */
export interface ClaimLimits {
  readonly rows: number;
  readonly perPartner: number;
  /** Partners with less room than `perPartner` in this claim (0: none of theirs). */
  readonly partnerRoom: ReadonlyMap<string, number>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** Rows per multi-row INSERT (23 columns: well under SQLite's and PostgreSQL's parameter limits). */
const INSERT_CHUNK = 200;
/** Keys per IN (…) lookup. */
const LOOKUP_CHUNK = 500;

/**
 * The outbox in the database: rows are claimed with a lease in one atomic statement, so any number of
 * workers (in this process or in other gateway instances on the same PostgreSQL) never deliver one row
 * at the same time; a crashed worker's lease simply runs out.
 */
@Injectable()
export class OutboxStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {
    // Its transactions on SQLite take turns on the one connection (a no-op on PostgreSQL, and when already done).
    serializeSqliteWrites(dataSource);
  }

  /** A single INSERT: the row commits whole or not at all. */
  async insert(delivery: NewDelivery): Promise<void> {
    await this.dataSource.getRepository(OutboxEntity).insert(newRow(delivery));
  }

  /**
   * Many rows in one transaction (multi-row INSERTs), and `within` — the caller's own bookkeeping, e.g. a
   * sync job's standings and position — in the same transaction: all of it commits, or none of it.
   */
  async insertBatch(deliveries: readonly NewDelivery[], within?: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (let at = 0; at < deliveries.length; at += INSERT_CHUNK) {
        await manager.createQueryBuilder().insert().into(OutboxEntity).values(deliveries.slice(at, at + INSERT_CHUNK).map(newRow)).updateEntity(false).execute();
      }
      if (within !== undefined) await within(manager);
    });
  }

  /** The rows already holding any of these idempotency keys (for a batch), by key. */
  async findByIdempotencyKeys(keys: readonly string[]): Promise<Map<string, OutboxEntity>> {
    const found = new Map<string, OutboxEntity>();
    const unique = [...new Set(keys)];
    for (let at = 0; at < unique.length; at += LOOKUP_CHUNK) {
      const rows = await this.dataSource.getRepository(OutboxEntity).find({
        where: { idempotencyKey: In(unique.slice(at, at + LOOKUP_CHUNK)) },
        select: { id: true, status: true, idempotencyKey: true, requestHash: true },
      });
      for (const row of rows) if (row.idempotencyKey !== null) found.set(row.idempotencyKey, row);
    }
    return found;
  }

  find(id: string): Promise<OutboxEntity | null> {
    return this.dataSource.getRepository(OutboxEntity).findOneBy({ id });
  }

  findByIdempotencyKey(key: string): Promise<OutboxEntity | null> {
    return this.dataSource.getRepository(OutboxEntity).findOneBy({ idempotencyKey: key });
  }

  attempts(id: string): Promise<DeliveryAttemptEntity[]> {
    return this.dataSource.getRepository(DeliveryAttemptEntity).find({ where: { deliveryId: id }, order: { number: 'ASC' } });
  }

  list(status: OutboxEntity['status'] | undefined, limit: number): Promise<OutboxEntity[]> {
    return this.dataSource.getRepository(OutboxEntity).find({ where: status === undefined ? {} : { status }, order: { createdAt: 'DESC' }, take: limit });
  }

  /**
   * Takes due rows (or rows whose lease ran out) for this worker, atomically: at most `limits.rows` in all
   * and at most `limits.perPartner` of one partner, fewer where `limits.partnerRoom` says so (0: none).
   * The oldest due rows first; a partner with many due rows does not crowd out the others' rows.
   */
  async claim(worker: string, limits: ClaimLimits, nowMs: number, leaseMs: number): Promise<OutboxEntity[]> {
    const now = iso(nowMs);
    const postgres = this.dataSource.options.type === 'postgres';
    const sql = new Statement(postgres);
    const set = `status = 'in-flight', lease_owner = ${sql.value(worker)}, lease_until = ${sql.value(iso(nowMs + leaseMs))}`;
    const due = (): string => `((status = 'pending' AND next_attempt_at <= ${sql.value(now)}) OR (status = 'in-flight' AND lease_until < ${sql.value(now)}))`;
    const shut = [...limits.partnerRoom].filter(([, room]) => room <= 0).map(([partner]) => partner);
    const narrowed = [...limits.partnerRoom].filter(([, room]) => room > 0 && room < limits.perPartner);
    // Written strictly left to right: SQLite's parameters are positional.
    const excluded = (): string => (shut.length === 0 ? '' : ` AND partner NOT IN (${shut.map((partner) => sql.value(partner)).join(', ')})`);
    const window = `SELECT id, partner, next_attempt_at FROM outbox WHERE ${due()}${excluded()} ORDER BY next_attempt_at LIMIT ${sql.value(Math.max(64, limits.rows * 4))}`;
    const ranked = `SELECT id, partner, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY partner ORDER BY next_attempt_at) AS place FROM (${window}) AS due_rows`;
    const room =
      narrowed.length === 0
        ? sql.integer(limits.perPartner)
        : `CASE partner ${narrowed.map(([partner, n]) => `WHEN ${sql.value(partner)} THEN ${sql.integer(n)}`).join(' ')} ELSE ${sql.integer(limits.perPartner)} END`;
    const pick = `SELECT id FROM (${ranked}) AS ranked WHERE place <= ${room} ORDER BY next_attempt_at LIMIT ${sql.value(limits.rows)}`;
    // PostgreSQL: lock what was picked, skipping rows another instance is claiming at this moment.
    const locked = postgres ? `SELECT id FROM outbox WHERE id IN (${pick}) AND ${due()} FOR UPDATE SKIP LOCKED` : pick;
    const ids = returnedIds(await this.dataSource.query(`UPDATE outbox SET ${set} WHERE id IN (${locked}) RETURNING id`, sql.values));
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(OutboxEntity).findBy(ids.map((id) => ({ id, leaseOwner: worker })));
    return rows.sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
  }

  /**
   * Takes the one row `id` for this worker, atomically, if it is due (or its lease ran out). Null when it
   * is not: unknown, delivered, dead, claimed by a live lease elsewhere, or not due yet.
   */
  async claimOne(id: string, worker: string, nowMs: number, leaseMs: number): Promise<OutboxEntity | null> {
    const [row] = await this.claimMany([id], worker, nowMs, leaseMs);
    return row ?? null;
  }

  /** claimOne for many ids in one statement (the broker's consumers, grouped): per id its row, or null. */
  async claimMany(ids: readonly string[], worker: string, nowMs: number, leaseMs: number): Promise<(OutboxEntity | null)[]> {
    if (ids.length === 0) return [];
    const now = iso(nowMs);
    const p = this.placeholder();
    const list = ids.map((_, index) => p(index + 5)).join(', ');
    const sql =
      `UPDATE outbox SET status = 'in-flight', lease_owner = ${p(1)}, lease_until = ${p(2)} ` +
      // Written strictly left to right: SQLite's parameters are positional.
      `WHERE ((status = 'pending' AND next_attempt_at <= ${p(3)}) OR (status = 'in-flight' AND lease_until < ${p(4)})) AND id IN (${list}) RETURNING id`;
    const taken = returnedIds(await this.dataSource.query(sql, [worker, iso(nowMs + leaseMs), now, now, ...ids]));
    if (taken.length === 0) return ids.map(() => null);
    const rows = await this.dataSource.getRepository(OutboxEntity).findBy(taken.map((id) => ({ id, leaseOwner: worker })));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * For a broker's sweeper: up to `limit` ids of rows whose hand-over may have been lost — pending rows
   * due for at least `graceMs` (a new row was published when it was committed) and rows whose lease ran
   * out (they go back to pending). On a pending row lease_until is otherwise unused; here it holds a
   * publishing lease until `nowMs + republishMs`, so that across all instances a row is published again
   * at most once per period however long the queue is.
   */
  async takeForPublishing(nowMs: number, graceMs: number, republishMs: number, limit: number): Promise<string[]> {
    const now = iso(nowMs);
    const p = this.placeholder();
    const postgres = this.dataSource.options.type === 'postgres';
    const pick =
      `SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= ${p(2)} AND (lease_until IS NULL OR lease_until < ${p(3)})) ` +
      `OR (status = 'in-flight' AND lease_until < ${p(4)}) ORDER BY next_attempt_at LIMIT ${p(5)}${postgres ? ' FOR UPDATE SKIP LOCKED' : ''}`;
    const sql = `UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = ${p(1)} WHERE id IN (${pick}) RETURNING id`;
    return returnedIds(await this.dataSource.query(sql, [iso(nowMs + republishMs), iso(nowMs - graceMs), now, now, limit]));
  }

  /** Publishing those rows failed: they are taken again at the next sweep (unless claimed meanwhile). */
  async publishingFailed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .update(OutboxEntity)
      .set({ leaseUntil: null })
      .where('id IN (:...ids) AND status = :status AND lease_owner IS NULL', { ids, status: 'pending' })
      .execute();
  }

  /**
   * Before the first byte leaves: the disclosure's ledger entry, written with the row's reference to it,
   * only if this worker still holds the lease and no attempt recorded it before. Every later attempt (a
   * retry, another worker after a crash) finds it recorded: one entry per delivery, however often sent.
   * False when the lease was lost (then nothing may be sent).
   */
  async recordDisclosure(row: OutboxEntity, worker: string): Promise<boolean> {
    const [recorded] = await this.recordDisclosures([row], worker);
    return recorded === true;
  }

  /**
   * recordDisclosure for many rows at once (the worker's group commit): one transaction, one append of
   * the ledger for all of them. Per row: true when it may be sent (recorded now or before), false when
   * this worker no longer holds its lease.
   */
  async recordDisclosures(rows: readonly OutboxEntity[], worker: string): Promise<boolean[]> {
    const unrecorded = rows.filter((row) => row.ledgerSeq === null);
    if (unrecorded.length === 0) return rows.map(() => true);
    const held = await this.dataSource.transaction(async (manager) => {
      const postgres = this.dataSource.options.type === 'postgres';
      const query = manager
        .createQueryBuilder(OutboxEntity, 'o')
        .select('o.id', 'id')
        .where('o.id IN (:...ids) AND o.lease_owner = :worker AND o.status = :status AND o.ledger_seq IS NULL', { ids: unrecorded.map((row) => row.id), worker, status: 'in-flight' });
      // PostgreSQL: the rows stay this worker's until the entries are written (SQLite's writers take turns anyway).
      if (postgres) query.setLock('pessimistic_write');
      const stillHeld = new Set((await query.getRawMany<{ id: string }>()).map((row) => row.id));
      const recording = unrecorded.filter((row) => stillHeld.has(row.id));
      const entries = await this.ledger.recordMany(
        recording.map((row) => ({
          memberId: row.memberId,
          partner: row.partner,
          purpose: row.purpose,
          policyVersion: row.policyVersion,
          policyHash: row.policyHash,
          agreementReference: row.agreementReference,
          fields: JSON.parse(row.fields) as DisclosedField[],
          exchangeId: row.id,
        })),
        manager,
      );
      for (const [index, row] of recording.entries()) {
        await manager.update(OutboxEntity, { id: row.id }, { ledgerSeq: (entries[index] as { seq: number }).seq });
      }
      return new Map(recording.map((row, index) => [row.id, (entries[index] as { seq: number }).seq]));
    });
    return rows.map((row) => {
      if (row.ledgerSeq !== null) return true;
      const seq = held.get(row.id);
      if (seq === undefined) return false;
      row.ledgerSeq = seq;
      return true;
    });
  }

  /** delivered for many rows at once (the worker's group commit): one transaction; per row whether this worker still held it. */
  async deliveredMany(items: readonly DeliveredItem[], worker: string): Promise<boolean[]> {
    if (items.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      // One statement for every row: its sealed message gone, its lease let go; per row its moment and the partner's reference.
      const sql = new Statement(this.dataSource.options.type === 'postgres');
      const each = (value: (item: DeliveredItem) => string | null): string => `CASE id ${items.map((item) => `WHEN ${sql.value(item.row.id)} THEN ${sql.value(value(item))}`).join(' ')} END`;
      const statement =
        `UPDATE outbox SET status = 'delivered', attempts = attempts + 1, message_sealed = NULL, lease_owner = NULL, lease_until = NULL, last_error_code = NULL, last_error = NULL, ` +
        `delivered_at = ${each(({ outcome }) => iso(outcome.startedAtMs + outcome.durationMs))}, partner_reference = ${each(({ partnerReference }) => clip(partnerReference, 200))} ` +
        `WHERE lease_owner = ${sql.value(worker)} AND status = 'in-flight' AND id IN (${items.map((item) => sql.value(item.row.id)).join(', ')}) RETURNING id`;
      const updated = new Set(returnedIds(await manager.query(statement, sql.values)));
      const kept = items.map(({ row }) => updated.has(row.id));
      const done = items.filter((_, index) => kept[index] === true);
      if (done.length > 0) {
        await manager.insert(
          DeliveryAttemptEntity,
          done.map(({ row, outcome }) => attemptRow(row, worker, 'delivered', outcome)),
        );
        await manager.delete(DisclosureOutcomeEntity, { exchangeId: In(done.map(({ row }) => row.id)) });
        await manager.insert(
          DisclosureOutcomeEntity,
          done.map(({ row, outcome }) => ({ exchangeId: row.id, outcome: 'delivered' as const, at: iso(outcome.startedAtMs + outcome.durationMs) })),
        );
      }
      return kept;
    });
  }

  /**
   * Delivered: the row's new state, the attempt and the disclosure's outcome commit together, and only if
   * this worker still holds the lease — a worker that lost it records nothing.
   */
  async delivered(row: OutboxEntity, worker: string, outcome: AttemptOutcome, partnerReference: string | undefined): Promise<boolean> {
    const [kept] = await this.deliveredMany([{ row, outcome, partnerReference }], worker);
    return kept === true;
  }

  /** A transient failure: due again after `delayMs` (or a dead letter when no attempts are left). */
  async failed(row: OutboxEntity, worker: string, outcome: AttemptOutcome, next: { readonly dead: boolean; readonly retryAtMs: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(OutboxEntity)
        .set({
          status: next.dead ? 'dead' : 'pending',
          attempts: row.attempts + 1,
          nextAttemptAt: iso(next.retryAtMs),
          leaseOwner: null,
          leaseUntil: null,
          lastErrorCode: clip(outcome.errorCode, 64),
          lastError: clip(outcome.error, 500),
        })
        .where('id = :id AND lease_owner = :worker AND status = :status', { id: row.id, worker, status: 'in-flight' })
        .execute();
      if (updated.affected !== 1) return;
      await this.attempt(manager, row, worker, next.dead ? 'dead' : 'retry', outcome);
      // Bytes left (the partner may have seen them) but the message was never taken: its entry stays, marked so.
      if (next.dead && row.ledgerSeq !== null) await settle(manager, row.id, 'dead', outcome.startedAtMs + outcome.durationMs);
    });
  }

  /** Gives a claimed row back untouched (its partner's circuit is open): no attempt is counted. */
  async release(row: OutboxEntity, worker: string, retryAtMs: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(OutboxEntity)
      .set({ status: 'pending', nextAttemptAt: iso(retryAtMs), leaseOwner: null, leaseUntil: null })
      .where('id = :id AND lease_owner = :worker AND status = :status', { id: row.id, worker, status: 'in-flight' })
      .execute();
  }

  /** Operator: a dead letter goes back to the queue, due now, with a fresh retry budget. */
  async retry(id: string, nowMs: number): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(OutboxEntity)
      .set({ status: 'pending', retryFrom: () => 'attempts', nextAttemptAt: iso(nowMs) })
      .where('id = :id AND status = :status', { id, status: 'dead' })
      .execute();
    return result.affected === 1;
  }

  /** Operator: a dead letter is dropped for good; its sealed message is erased, its ledger entry stays. */
  async discard(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(OutboxEntity)
        .set({ status: 'discarded', messageSealed: null })
        .where('id = :id AND status = :status', { id, status: 'dead' })
        .execute();
      if (result.affected !== 1) return false;
      const row = await manager.findOneBy(OutboxEntity, { id });
      if (row?.ledgerSeq !== null && row?.ledgerSeq !== undefined) await settle(manager, id, 'discarded', Date.now());
      return true;
    });
  }

  /**
   * An erasure: the gateway's own copies of the member's messages go — waiting and dead messages are
   * discarded unsent, every sealed message is wiped — except the erasure messages themselves (`keep`).
   * Ledger entries stay (the ledger accounts for what was disclosed); their outcome says discarded.
   */
  async eraseCopiesOf(memberId: string, keep: readonly string[], nowMs: number): Promise<{ readonly discarded: number; readonly wiped: number }> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.getRepository(OutboxEntity).find({ where: { memberId }, select: { id: true, status: true, ledgerSeq: true, messageSealed: true } });
      let discarded = 0;
      let wiped = 0;
      for (const row of rows) {
        if (keep.includes(row.id)) continue;
        if (row.status === 'pending' || row.status === 'dead') {
          await manager.getRepository(OutboxEntity).update({ id: row.id }, { status: 'discarded', messageSealed: null, leaseOwner: null, leaseUntil: null });
          if (row.ledgerSeq !== null) await settle(manager, row.id, 'discarded', nowMs);
          discarded += 1;
        } else if (row.messageSealed !== null) {
          await manager.getRepository(OutboxEntity).update({ id: row.id }, { messageSealed: null });
          wiped += 1;
        }
      }
      return { discarded, wiped };
    });
  }

  /** `$n` on PostgreSQL, `?` on SQLite (whose parameters are positional, in order). */
  private placeholder(): (n: number) => string {
    const postgres = this.dataSource.options.type === 'postgres';
    return (n) => (postgres ? `$${n}` : '?');
  }

  private async attempt(manager: EntityManager, row: OutboxEntity, worker: string, result: string, outcome: AttemptOutcome): Promise<void> {
    await manager.getRepository(DeliveryAttemptEntity).insert(attemptRow(row, worker, result, outcome));
  }
}

/** A statement's parameters in the order they are written: `$n` on PostgreSQL, `?` on SQLite. */
class Statement {
  readonly values: unknown[] = [];

  constructor(private readonly postgres: boolean) {}

  value(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }

  /** A number the database must read as one (PostgreSQL cannot guess the type of a parameter in a CASE). */
  integer(value: number): string {
    return `CAST(${this.value(value)} AS INTEGER)`;
  }
}

/** What became of a recorded disclosure, replacing what was said before (a retried dead letter delivered after all). */
async function settle(manager: EntityManager, exchangeId: string, outcome: DisclosureOutcomeEntity['outcome'], atMs: number): Promise<void> {
  await manager.delete(DisclosureOutcomeEntity, { exchangeId });
  await manager.insert(DisclosureOutcomeEntity, { exchangeId, outcome, at: iso(atMs) });
}

/** The ids of an UPDATE … RETURNING id: PostgreSQL answers [rows, count], SQLite the rows. */
function returnedIds(raw: unknown): string[] {
  const rows = Array.isArray(raw) && Array.isArray(raw[0]) ? (raw[0] as unknown[]) : Array.isArray(raw) ? (raw as unknown[]) : [];
  return rows.map((row) => (row as { id: string }).id);
}

