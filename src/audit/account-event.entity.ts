import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What happened to an account (created, confirmed, disabled), by whom: a hash chain whose head each signed
 * ledger checkpoint carries, so that no database writer can rewrite who was given which role unseen.
 */
@Entity('account_events')
export class AccountEventEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'account_name', type: 'varchar', length: 100 })
  accountName!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: string;

  @Column({ name: 'by_name', type: 'varchar', length: 100 })
  byName!: string;
}

@Entity('account_events_head')
export class AccountEventsHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
