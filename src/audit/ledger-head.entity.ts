import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The single row (id 1) holding the ledger's last seq and hash; written in the same transaction as each append. */
export const LEDGER_HEAD_ID = 1;

@Entity('disclosure_ledger_head')
export class LedgerHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
