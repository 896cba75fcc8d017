import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from 'typeorm';

/** Milliseconds since the epoch in a BIGINT column (PostgreSQL hands BIGINT back as text). */
const epochMs: ValueTransformer = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * What a partner holds of one member, as far as the lifecycle sync knows: the consents of the partner's
 * purposes the member had given, and per purpose a keyed digest (HMAC) of the payload last sent — never
 * the payload. See lifecycle-plan.ts.
 */
@Entity('sync_standings')
@Index('ix_sync_standings_review', ['reviewOn'])
export class SyncStandingEntity {
  @PrimaryColumn({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  partner!: string;

  /** Comma-separated consent names. */
  @Column({ type: 'varchar', length: 200 })
  consents!: string;

  /** JSON object: purpose id → digest (hex). */
  @Column({ type: 'text' })
  digests!: string;

  /**
   * The day ('YYYY-MM-DD') the member's membership lapses for the sync (validUntil + SYNC_LEFT_GRACE_DAYS
   * + 1) while the partner holds something: the lapse sweep reloads the member then, though the change
   * feed may never mention them. Null: nothing held, or no end date.
   */
  @Column({ name: 'review_on', type: 'varchar', length: 10, nullable: true })
  reviewOn!: string | null;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
