import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One version of one partner's sharing policy. Approved rows are never updated again. */
@Entity('policy_versions')
@Index('uq_policy_versions_partner_number', ['partner', 'number'], { unique: true })
export class PolicyVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 41 })
  partner!: string;

  @Column({ type: 'integer' })
  number!: number;

  /** 'draft' or 'approved'; scheduled/active/superseded follow from the effective dates. */
  @Column({ type: 'varchar', length: 16 })
  status!: 'draft' | 'approved' | 'rejected';

  /** The policy document as canonical JSON. */
  @Column({ type: 'text' })
  document!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 120 })
  author!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 64 })
  authorId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  approver!: string | null;

  @Column({ name: 'approver_id', type: 'varchar', length: 64, nullable: true })
  approverId!: string | null;

  @Column({ name: 'approved_at', type: 'varchar', length: 30, nullable: true })
  approvedAt!: string | null;

  /** ISO instant from which the version applies once approved; null means "at approval". */
  @Column({ name: 'effective_from', type: 'varchar', length: 30, nullable: true })
  effectiveFrom!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** The officer who rejected the draft, when, and why (a rejected draft never applies). */
  @Column({ name: 'rejected_by', type: 'varchar', length: 120, nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'rejected_at', type: 'varchar', length: 30, nullable: true })
  rejectedAt!: string | null;

  @Column({ name: 'review_comment', type: 'varchar', length: 500, nullable: true })
  reviewComment!: string | null;
}
