import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';

const epochMs: ValueTransformer = { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

export type SyncJobKind = 'initial' | 'cycle';
export type SyncJobStatus = 'running' | 'done' | 'failed' | 'held';

/**
 * One run of the lifecycle sync: an initial cycle for a partner (every member of the system of record),
 * or an incremental cycle from the change feed. Its counters move batch by batch, in the batch's
 * transaction, so that a restart resumes where it stopped (`position`).
 */
@Entity('sync_jobs')
@Index('ix_sync_jobs_status', ['status', 'leaseUntil'])
export class SyncJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: SyncJobKind;

  /** The partner of an initial cycle; null for an incremental cycle (every partner). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  partner!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: SyncJobStatus;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ type: 'integer' })
  sent!: number;

  @Column({ type: 'integer' })
  unchanged!: number;

  @Column({ type: 'integer' })
  refused!: number;

  @Column({ type: 'integer' })
  failed!: number;

  /** Messages the accidental-deletion guard holds for an officer. */
  @Column({ type: 'integer' })
  held!: number;

  /** Where the next page starts (initial cycles: pages are handed out from here; its members may still be at work). */
  @Column({ type: 'integer' })
  position!: number;

  /** Where the system of record ends, once a page came back short (initial cycles); null until then. */
  @Column({ name: 'end_position', type: 'integer', nullable: true })
  endPosition!: number | null;

  /** The account that asked (null: the gateway's own cycle). */
  @Column({ name: 'requested_by', type: 'varchar', length: 200, nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 30, nullable: true })
  finishedAt!: string | null;

  /** Why a failed job stopped: a code, never member data. */
  @Column({ name: 'error_code', type: 'varchar', length: 100, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;
}
