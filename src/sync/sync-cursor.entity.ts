import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';

const epochMs: ValueTransformer = { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

/**
 * Where the incremental cycle is in the change feed (`value`: the day the last complete cycle began), and
 * who runs it now: one cycle at a time across instances (a lease that runs out if its holder dies).
 */
@Entity('sync_cursors')
export class SyncCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  value!: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;
}
