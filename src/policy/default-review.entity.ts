import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A shipped default policy an officer has seen and set aside ("dismissed"): the base against which a
 * later release's default is compared, so the console flags only what that release changed.
 */
@Entity('policy_default_reviews')
export class PolicyDefaultReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 41 })
  partner!: string;

  @PrimaryColumn({ name: 'content_hash', type: 'varchar', length: 100 })
  contentHash!: string;

  /** The shipped default as canonical JSON. */
  @Column({ type: 'text' })
  document!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 200 })
  decidedBy!: string;

  @Column({ name: 'decided_at', type: 'varchar', length: 30 })
  decidedAt!: string;
}
