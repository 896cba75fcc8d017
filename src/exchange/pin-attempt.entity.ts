import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';

/** Milliseconds since the epoch in a BIGINT column (PostgreSQL hands BIGINT back as text). */
const epochMs: ValueTransformer = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * One PIN attempt for a card, counted as wrong until it is settled: shared by every instance through
 * the database. The card is kept only as a keyed hash (HMAC with the gateway's key), never as itself.
 */
@Entity('pin_attempts')
@Index('ix_pin_attempts_card', ['cardKey', 'attemptedAt'])
@Index('ix_pin_attempts_at', ['attemptedAt'])
export class PinAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'card_key', type: 'varchar', length: 64 })
  cardKey!: string;

  @Column({ name: 'attempted_at', type: 'bigint', transformer: epochMs })
  attemptedAt!: number;
}
