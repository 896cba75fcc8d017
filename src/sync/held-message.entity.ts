import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type HeldStatus = 'held' | 'released' | 'discarded';

/**
 * A left/erased message the accidental-deletion guard held: more of them to one partner in one cycle
 * than SYNC_DELETE_THRESHOLD. Nothing is sent until an officer releases them (or discards them).
 */
@Entity('sync_held_messages')
@Index('ix_sync_held_job', ['jobId', 'partner', 'status'])
export class HeldMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 36 })
  jobId!: string;

  @Column({ type: 'varchar', length: 64 })
  partner!: string;

  @Column({ type: 'varchar', length: 100 })
  purpose!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @Column({ type: 'varchar', length: 30 })
  event!: string;

  /** The idempotency key the message is sent under once released (the same as it would have had). */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 250 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: HeldStatus;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 200, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt!: string | null;

  @Column({ name: 'delivery_id', type: 'varchar', length: 36, nullable: true })
  deliveryId!: string | null;
}
