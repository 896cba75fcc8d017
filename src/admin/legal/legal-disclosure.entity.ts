import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type LegalDisclosureStatus = 'requested' | 'approved' | 'rejected';

/**
 * A one-off disclosure under a legal order (police, justice): what was asked, by whom, on which order,
 * and who decided. Never the member's data itself: the export exists only in the approval's answer.
 */
@Entity('legal_disclosures')
@Index('ix_legal_disclosures_member', ['memberId'])
export class LegalDisclosureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  /** Who asks, e.g. 'Politie Oost-Nederland, team recherche'. */
  @Column({ type: 'varchar', length: 200 })
  authority!: string;

  /** The order's reference (e.g. the vordering's number): what the ledger records as the agreement. */
  @Column({ name: 'order_reference', type: 'varchar', length: 100 })
  orderReference!: string;

  @Column({ name: 'legal_basis', type: 'varchar', length: 32 })
  legalBasis!: string;

  @Column({ type: 'varchar', length: 1000 })
  reason!: string;

  /** The fields asked for, as policy field rules (JSON). */
  @Column({ type: 'text' })
  fields!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: LegalDisclosureStatus;

  @Column({ name: 'requested_by', type: 'varchar', length: 100 })
  requestedBy!: string;

  @Column({ name: 'requested_by_id', type: 'varchar', length: 36 })
  requestedById!: string;

  @Column({ name: 'requested_at', type: 'varchar', length: 30 })
  requestedAt!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt!: string | null;

  /** The member's own report leaves this disclosure out until this day (art. 23 AVG); null: never held back. */
  @Column({ name: 'withhold_until', type: 'varchar', length: 10, nullable: true })
  withholdUntil!: string | null;

  @Column({ name: 'decision_comment', type: 'varchar', length: 1000, nullable: true })
  decisionComment!: string | null;
}
