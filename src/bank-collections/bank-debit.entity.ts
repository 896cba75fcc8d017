import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One transaction of a collection: its EndToEndId (which carries no member data), whose it is, which fee
 * lines it collects, and what became of it — to book the bank's notification at the lending system.
 */
@Entity('bank_debits')
@Index('ix_bank_debits_collection', ['collectionId'])
@Index('ix_bank_debits_mandate', ['mandateKey'])
export class BankDebitEntity {
  @PrimaryColumn({ name: 'end_to_end_id', type: 'varchar', length: 35 })
  endToEndId!: string;

  @Column({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  /** JSON list of the lending system's fee ids this debit collects. */
  @Column({ name: 'fee_ids', type: 'text' })
  feeIds!: string;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;

  /** Keyed hash (HMAC) of the mandate id: first or recurring, without keeping the mandate. */
  @Column({ name: 'mandate_key', type: 'varchar', length: 64 })
  mandateKey!: string;

  @Column({ name: 'sequence_type', type: 'varchar', length: 4 })
  sequenceType!: string;

  /** 'pending' until the bank's notification: 'booked' (paid) or 'returned' (with the reason code). */
  @Column({ type: 'varchar', length: 16 })
  status!: 'pending' | 'booked' | 'returned';

  @Column({ name: 'return_reason', type: 'varchar', length: 8, nullable: true })
  returnReason!: string | null;
}
