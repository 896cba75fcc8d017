import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the disclosure ledger. Append-only: rows are inserted by LedgerService and never updated.
 * Holds field paths and transforms, never field values.
 */
@Entity('disclosure_ledger')
@Index('ix_disclosure_ledger_member', ['memberId', 'seq'])
@Index('ix_disclosure_ledger_partner', ['partner', 'seq'])
@Index('ix_disclosure_ledger_recorded_at', ['recordedAt'])
@Index('ix_disclosure_ledger_exchange', ['exchangeId'])
export class DisclosureEntity {
  /** 1, 2, 3… with no gaps; the primary key, so two appends can never claim the same place. */
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** ISO-8601 UTC instant ('2025-01-31T12:00:00.000Z'): text, so it hashes identically on every database. */
  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @Column({ type: 'varchar', length: 64 })
  partner!: string;

  @Column({ type: 'varchar', length: 100 })
  purpose!: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'policy_hash', type: 'varchar', length: 100 })
  policyHash!: string;

  @Column({ name: 'agreement_reference', type: 'varchar', length: 200 })
  agreementReference!: string;

  /** Canonical JSON of Array<{ path, transform }>. */
  @Column({ type: 'text' })
  fields!: string;

  @Column({ name: 'exchange_id', type: 'varchar', length: 100, nullable: true })
  exchangeId!: string | null;

  /** Set when the entry's content was removed under the ledger's retention: its hash (the tree's leaf) stays. */
  @Column({ name: 'redacted_at', type: 'varchar', length: 30, nullable: true })
  redactedAt!: string | null;
}
