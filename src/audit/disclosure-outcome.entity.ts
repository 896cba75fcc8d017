import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What became of a disclosure recorded when its first send attempt started: delivered, dead (the partner
 * received bytes, maybe more than once, but never took the message) or discarded by an operator. The
 * ledger entry itself never changes; the outcome is kept beside it.
 */
@Entity('disclosure_outcomes')
export class DisclosureOutcomeEntity {
  @PrimaryColumn({ name: 'exchange_id', type: 'varchar', length: 100 })
  exchangeId!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: 'delivered' | 'dead' | 'discarded';

  @Column({ type: 'varchar', length: 30 })
  at!: string;
}
