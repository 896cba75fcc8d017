import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { SyncTally } from './lifecycle-sync.service';
import { GatewayError } from '../errors/gateway-error';
import { SyncJobEntity, SyncJobKind, SyncJobStatus } from './sync-job.entity';
import { SyncJobPageEntity } from './sync-job-page.entity';

/** A job as the API shows it. */
export interface SyncJobView {
  readonly jobId: string;
  readonly kind: SyncJobKind;
  readonly partner: string | null;
  readonly status: SyncJobStatus;
  /** Members evaluated so far (an initial cycle learns the total as it pages through the source). */
  readonly total: number;
  readonly sent: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly failed: number;
  readonly held: number;
  readonly requestedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function jobView(row: SyncJobEntity): SyncJobView {
  return {
    jobId: row.id,
    kind: row.kind,
    partner: row.partner,
    status: row.status,
    total: row.total,
    sent: row.sent,
    unchanged: row.unchanged,
    refused: row.refused,
    failed: row.failed,
    held: row.held,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
    error: row.errorCode,
  };
}

/** The sync's jobs (sync_jobs): created, leased by one instance at a time, advanced batch by batch. */
@Injectable()
export class SyncJobs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    serializeSqliteWrites(dataSource);
  }

  async create(kind: SyncJobKind, partner: string | null, requestedBy: string | null, nowMs: number, owner?: string, leaseMs = 0): Promise<SyncJobEntity> {
    const row: SyncJobEntity = {
      id: randomUUID(),
      kind,
      partner,
      status: 'running',
      total: 0,
      sent: 0,
      unchanged: 0,
      refused: 0,
      failed: 0,
      held: 0,
      position: 0,
      endPosition: null,
      requestedBy,
      createdAt: iso(nowMs),
      updatedAt: iso(nowMs),
      finishedAt: null,
      errorCode: null,
      leaseOwner: owner ?? null,
      leaseUntil: owner === undefined ? null : nowMs + leaseMs,
    };
    await this.dataSource.getRepository(SyncJobEntity).insert(row);
    return row;
  }

  find(id: string): Promise<SyncJobEntity | null> {
    return this.dataSource.getRepository(SyncJobEntity).findOneBy({ id });
  }

  list(limit: number): Promise<SyncJobEntity[]> {
    return this.dataSource.getRepository(SyncJobEntity).find({ order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  /** A running initial cycle of the partner, if there is one (one at a time per partner). */
  running(kind: SyncJobKind, partner: string | null): Promise<SyncJobEntity | null> {
    return this.dataSource.getRepository(SyncJobEntity).findOneBy({ kind, status: 'running', ...(partner === null ? {} : { partner }) });
  }

  /**
   * The next page of an initial cycle for this worker: a page whose worker's lease ran out, or the next
   * one nobody took yet. Undefined when every page is taken (or the job is no longer running). One claim
   * at a time across instances: PostgreSQL locks the job's row, SQLite's writers take turns.
   */
  async claimPage(id: string, owner: string, nowMs: number, leaseMs: number, size: number): Promise<number | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const postgres = this.dataSource.options.type === 'postgres';
      const job = await manager.findOne(SyncJobEntity, { where: { id }, ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
      if (job === null || job.status !== 'running') return undefined;
      const abandoned = await manager
        .createQueryBuilder(SyncJobPageEntity, 'p')
        .where('p.job_id = :id AND p.status = :working AND (p.lease_until IS NULL OR p.lease_until < :now)', { id, working: 'working', now: nowMs })
        .orderBy('p.position', 'ASC')
        .getOne();
      if (abandoned !== null) {
        await manager.update(SyncJobPageEntity, { jobId: id, position: abandoned.position }, { leaseOwner: owner, leaseUntil: nowMs + leaseMs });
        return abandoned.position;
      }
      if (job.endPosition !== null && job.position >= job.endPosition) return undefined;
      await manager.insert(SyncJobPageEntity, { jobId: id, position: job.position, status: 'working', leaseOwner: owner, leaseUntil: nowMs + leaseMs });
      await manager.update(SyncJobEntity, { id }, { position: job.position + size, updatedAt: iso(nowMs) });
      return job.position;
    });
  }

  /**
   * A page's work is done: its counters added, where the source ends noted (a short page), in the page's
   * transaction — and only while this worker holds the page; otherwise the whole transaction rolls back
   * (another worker took the page over and will count it).
   */
  async completePage(manager: EntityManager, id: string, position: number, owner: string, members: number, tally: SyncTally, end: number | null, nowMs: number): Promise<void> {
    const page = await manager.update(SyncJobPageEntity, { jobId: id, position, leaseOwner: owner, status: 'working' }, { status: 'done', leaseUntil: null });
    if (page.affected !== 1) throw new GatewayError('SYNC_PAGE_LOST', `page ${position} of sync job ${id} was taken over by another worker`, 409);
    await this.count(manager, id, members, tally, nowMs);
    if (end !== null) {
      await manager
        .createQueryBuilder()
        .update(SyncJobEntity)
        .set({ endPosition: end })
        .where('id = :id AND (end_position IS NULL OR end_position > :end)', { id, end })
        .execute();
    }
  }

  /** An initial cycle whose end is known and whose every page before it is done: done. True when this call finished it. */
  async finishIfComplete(id: string, nowMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const job = await manager.findOneBy(SyncJobEntity, { id });
      if (job === null || job.status !== 'running' || job.endPosition === null || job.position < job.endPosition) return false;
      const open = await manager
        .createQueryBuilder(SyncJobPageEntity, 'p')
        .where('p.job_id = :id AND p.status = :working AND p.position < :end', { id, working: 'working', end: job.endPosition })
        .getCount();
      if (open > 0) return false;
      const finished = await manager.update(SyncJobEntity, { id, status: 'running' }, { status: 'done', finishedAt: iso(nowMs), updatedAt: iso(nowMs), leaseOwner: null, leaseUntil: null });
      return finished.affected === 1;
    });
  }

  /** Keeps this worker's lease on a page it is still working on. */
  async renewPage(id: string, position: number, owner: string, nowMs: number, leaseMs: number): Promise<void> {
    await this.dataSource.getRepository(SyncJobPageEntity).update({ jobId: id, position, leaseOwner: owner, status: 'working' }, { leaseUntil: nowMs + leaseMs });
  }

  /** A graceful stop: the pages this worker holds are free at once for another instance or the next start. */
  async releasePages(owner: string): Promise<void> {
    await this.dataSource.getRepository(SyncJobPageEntity).update({ leaseOwner: owner, status: 'working' }, { leaseUntil: null });
  }

  /** Running jobs of a kind (every instance takes part in initial cycles). */
  async runningIds(kind: SyncJobKind): Promise<string[]> {
    const rows = await this.dataSource.getRepository(SyncJobEntity).find({ where: { kind, status: 'running' }, select: { id: true }, order: { createdAt: 'ASC' } });
    return rows.map((row) => row.id);
  }

  /** Adds a batch's counters and moves the position, in the batch's transaction. */
  async advance(manager: EntityManager, id: string, members: number, tally: SyncTally, position: number, nowMs: number): Promise<void> {
    await this.count(manager, id, members, tally, nowMs);
    await manager.update(SyncJobEntity, { id }, { position });
  }

  private async count(manager: EntityManager, id: string, members: number, tally: SyncTally, nowMs: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(SyncJobEntity)
      .set({
        total: () => `total + ${Math.trunc(members)}`,
        sent: () => `sent + ${Math.trunc(tally.sent)}`,
        unchanged: () => `unchanged + ${Math.trunc(tally.unchanged)}`,
        refused: () => `refused + ${Math.trunc(tally.refused)}`,
        failed: () => `failed + ${Math.trunc(tally.failed)}`,
        held: () => `held + ${Math.trunc(tally.held)}`,
        updatedAt: iso(nowMs),
      })
      .where('id = :id', { id })
      .execute();
  }

  async finish(id: string, status: Exclude<SyncJobStatus, 'running'>, nowMs: number, errorCode: string | null = null): Promise<void> {
    await this.dataSource
      .getRepository(SyncJobEntity)
      .update({ id }, { status, finishedAt: iso(nowMs), updatedAt: iso(nowMs), errorCode, leaseOwner: null, leaseUntil: null });
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.getRepository(SyncJobEntity).delete({ id });
  }

  /** A held job whose every held message was released or discarded is done. */
  async settleHeld(id: string, nowMs: number): Promise<void> {
    await this.dataSource.getRepository(SyncJobEntity).update({ id, status: 'held' }, { status: 'done', updatedAt: iso(nowMs) });
  }

  /** Messages the guard held that an officer released (sent, or failed) or discarded: no longer held. */
  async released(id: string, sent: number, failed: number, discarded: number, nowMs: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(SyncJobEntity)
      .set({ sent: () => `sent + ${Math.trunc(sent)}`, failed: () => `failed + ${Math.trunc(failed)}`, held: () => `held - ${Math.trunc(sent + failed + discarded)}`, updatedAt: iso(nowMs) })
      .where('id = :id', { id })
      .execute();
  }
}
