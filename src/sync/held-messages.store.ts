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

  async groups(jobId?: string): Promise<HeldGroup[]> {
    const query = this.dataSource
      .getRepository(HeldMessageEntity)
      .createQueryBuilder('h')
      .select('h.job_id', 'jobId')
      .addSelect('h.partner', 'partner')
      .addSelect('h.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('h.job_id')
      .addGroupBy('h.partner')
      .addGroupBy('h.status');
    if (jobId !== undefined) query.where('h.job_id = :jobId', { jobId });
    const rows = await query.getRawMany<{ jobId: string; partner: string; status: string; n: string | number }>();
    const groups = new Map<string, { jobId: string; partner: string; held: number; released: number; discarded: number }>();
    for (const row of rows) {
      const key = `${row.jobId}\n${row.partner}`;
      const group = groups.get(key) ?? { jobId: row.jobId, partner: row.partner, held: 0, released: 0, discarded: 0 };
      if (row.status === 'held' || row.status === 'released' || row.status === 'discarded') group[row.status] += Number(row.n);
      groups.set(key, group);
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
