import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { serializeSqliteWrites } from '../persistence/sqlite-write-lock';
import { SyncTally } from './lifecycle-sync.service';
import { SyncJobEntity, SyncJobKind, SyncJobStatus } from './sync-job.entity';

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

  /** Running jobs of a kind whose lease is free (nobody works on them, or their worker died). */
  async orphaned(kind: SyncJobKind, nowMs: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(SyncJobEntity)
      .createQueryBuilder('j')
      .select('j.id', 'id')
      .where('j.kind = :kind AND j.status = :status AND (j.lease_until IS NULL OR j.lease_until < :now)', { kind, status: 'running', now: nowMs })
      .orderBy('j.created_at', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Takes (or renews) the job's lease for this worker: false when another worker holds it. */
  async lease(id: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SyncJobEntity)
      .set({ leaseOwner: owner, leaseUntil: nowMs + leaseMs })
      .where('id = :id AND status = :status AND (lease_owner = :owner OR lease_until IS NULL OR lease_until < :now)', { id, status: 'running', owner, now: nowMs })
      .execute();
    return result.affected === 1;
  }

  /** Lets go of the lease (a graceful stop): another instance, or the next start, resumes at once. */
  async unlease(id: string, owner: string): Promise<void> {
    await this.dataSource.createQueryBuilder().update(SyncJobEntity).set({ leaseOwner: null, leaseUntil: null }).where('id = :id AND lease_owner = :owner', { id, owner }).execute();
  }

  /** Adds a batch's counters and moves the position, in the batch's transaction. */
  async advance(manager: EntityManager, id: string, members: number, tally: SyncTally, position: number, nowMs: number): Promise<void> {
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
        position,
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
