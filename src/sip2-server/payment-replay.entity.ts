import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';

const epochMs: ValueTransformer = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * A fee payment (37) as a terminal's transaction id (BK) identifies it, and what it was answered: a
 * terminal that lost the 38 sends the same 37 again, and gets the same answer without a second booking.
 * Keyed by a keyed hash of account, card and transaction id; no card number is stored.
 */
@Entity('sip2_payments')
@Index('ix_sip2_payments_at', ['at'])
export class PaymentReplayEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  /** Null while the first request is still being booked. */
  @Column({ type: 'varchar', length: 1, nullable: true })
  accepted!: 'Y' | 'N' | null;

  @Column({ name: 'screen_message', type: 'varchar', length: 200, nullable: true })
  screenMessage!: string | null;
}
