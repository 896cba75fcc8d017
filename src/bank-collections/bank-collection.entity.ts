import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One SEPA direct debit collection: one pain.008 file for one collection date. Holds counts and the file
 * sealed (it carries account numbers), never member data in the clear; the ledger has one entry per member.
 */
@Entity('bank_collections')
@Index('uq_bank_collections_date', ['collectionDate'], { unique: true })
export class BankCollectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The requested collection date (YYYY-MM-DD): one collection a date, however often asked. */
  @Column({ name: 'collection_date', type: 'varchar', length: 10 })
  collectionDate!: string;

  /** The file's MsgId (no member data). */
  @Column({ name: 'message_id', type: 'varchar', length: 35 })
  messageId!: string;

  @Column({ name: 'pain_version', type: 'varchar', length: 2 })
  painVersion!: string;

  /** 'prepared' (written, in the ledger), 'uploaded' (the bank has it), 'upload-failed' (asked again: uploaded again, the same file). */
  @Column({ type: 'varchar', length: 20 })
  status!: 'prepared' | 'uploaded' | 'upload-failed';

  @Column({ type: 'integer' })
  transactions!: number;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents!: number;

  /** JSON {noConsent, noMandate, nothingDue}: counts only, no names. */
  @Column({ type: 'varchar', length: 200 })
  skipped!: string;

  /** The file, sealed (AES-256-GCM) until the bank has it; then erased. */
  @Column({ name: 'sealed_file', type: 'text', nullable: true })
  sealedFile!: string | null;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256!: string;

  @Column({ name: 'bank_file_id', type: 'varchar', length: 100, nullable: true })
  bankFileId!: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 200 })
  requestedBy!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'uploaded_at', type: 'varchar', length: 30, nullable: true })
  uploadedAt!: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 100, nullable: true })
  errorCode!: string | null;
}
