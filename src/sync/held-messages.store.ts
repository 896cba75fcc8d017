import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { HeldMessageEntity } from './held-message.entity';

export interface HeldMessage {
  readonly partner: string;
  readonly purpose: string;
  readonly memberId: string;
  readonly event: string;
  readonly idempotencyKey: string;
}

/** One partner's held messages of one job, counted by status. */
export interface HeldGroup {
  readonly jobId: string;
  readonly partner: string;
  readonly held: number;
  readonly released: number;
  readonly discarded: number;
  /** Members concerned (a member may have more than one held message at a partner). */
  readonly members: number;
  /** The officer who last decided on some of them, and when (null while all are held). */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** The accidental-deletion guard's held messages (sync_held_messages). */
@Injectable()
export class HeldMessages {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hold(manager: EntityManager, jobId: string, messages: readonly HeldMessage[], nowMs: number): Promise<void> {
    if (messages.length === 0) return;
    const at = new Date(nowMs).toISOString();
    await manager.getRepository(HeldMessageEntity).insert(
      messages.map((m) => ({ id: randomUUID(), jobId, ...m, status: 'held' as const, createdAt: at, decidedBy: null, decidedAt: null, deliveryId: null })),
    );
  }

  /** Held messages per job and partner, of the named jobs. */
  async groups(jobIds: readonly string[]): Promise<HeldGroup[]> {
    if (jobIds.length === 0) return [];
    const query = this.dataSource
      .getRepository(HeldMessageEntity)
      .createQueryBuilder('h')
      .select('h.job_id', 'jobId')
      .addSelect('h.partner', 'partner')
      .addSelect('h.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('COUNT(DISTINCT h.member_id)', 'members')
      .addSelect('MAX(h.decided_at)', 'decidedAt')
      .groupBy('h.job_id')
      .addGroupBy('h.partner')
      .addGroupBy('h.status');
    query.where('h.job_id IN (:...jobIds)', { jobIds: [...jobIds] });
    const rows = await query.getRawMany<{ jobId: string; partner: string; status: string; n: string | number; members: string | number; decidedAt: string | null }>();
    type Group = { -readonly [K in keyof HeldGroup]: HeldGroup[K] };
    const groups = new Map<string, Group>();
    for (const row of rows) {
      const key = `${row.jobId}\n${row.partner}`;
      const group = groups.get(key) ?? { jobId: row.jobId, partner: row.partner, held: 0, released: 0, discarded: 0, members: 0, decidedBy: null, decidedAt: null };
      if (row.status === 'held' || row.status === 'released' || row.status === 'discarded') group[row.status] += Number(row.n);
      // Members are counted once per status; a member held at one partner has its messages in one status.
      group.members = Math.max(group.members, Number(row.members));
      if (row.decidedAt !== null && (group.decidedAt === null || row.decidedAt > group.decidedAt)) group.decidedAt = row.decidedAt;
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      if (group.decidedAt === null) continue;
      const decided = await this.dataSource.getRepository(HeldMessageEntity).findOne({ where: { jobId: group.jobId, partner: group.partner, decidedAt: group.decidedAt }, select: { decidedBy: true } });
      group.decidedBy = decided?.decidedBy ?? null;
    }
    return [...groups.values()];
  }

  /** Up to `limit` messages still held for the job (one partner, or all). */
  pending(jobId: string, partner: string | undefined, limit: number): Promise<HeldMessageEntity[]> {
    return this.dataSource.getRepository(HeldMessageEntity).find({
      where: { jobId, status: 'held', ...(partner === undefined ? {} : { partner }) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async decide(id: string, status: 'released' | 'discarded', by: string, deliveryId: string | null, nowMs: number): Promise<void> {
    await this.dataSource
      .getRepository(HeldMessageEntity)
      .update({ id, status: 'held' }, { status, decidedBy: by, decidedAt: new Date(nowMs).toISOString(), deliveryId });
  }

  async stillHeld(jobId: string): Promise<number> {
    return this.dataSource.getRepository(HeldMessageEntity).countBy({ jobId, status: 'held' });
  }

  async forget(manager: EntityManager, memberId: string): Promise<void> {
    await manager.getRepository(HeldMessageEntity).delete({ memberId, status: 'held' });
  }
}
