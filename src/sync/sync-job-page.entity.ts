import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';

const epochMs: ValueTransformer = { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

/**
 * One page of an initial cycle (the members at `position`, SYNC_BATCH_SIZE of them), leased by one
 * instance at a time: `working` until its messages, standings and counters commit together (`done`).
 * A page whose worker died is taken up again once its lease runs out. A done page keeps the worker that
 * did it (lease_owner): which instances took part in a cycle, e.g. on PostgreSQL with several gateways.
 */
@Entity('sync_job_pages')
export class SyncJobPageEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 36 })
  jobId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: 'working' | 'done';

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;
}
