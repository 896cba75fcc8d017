import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One interlibrary loan Staphorst supplies to another library (ISO 18626, the supplying agency's side).
 * The patron is that library's member, not ours: only what handling the loan needs is held (their patron
 * id as they sent it, and a name for the pickup slip: surname and initials), and both are set to null when
 * the loan is closed. Never their e-mail, phone or address, even when the Request carried them.
 */
@Entity('ill_supplies')
@Index('ux_ill_supplies_request', ['requestingAgencyType', 'requestingAgencyId', 'requestingAgencyRequestId'], { unique: true })
export class IllSupplyEntity {
  /** Our id for the loan: supplyingAgencyRequestId on our status messages. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'requesting_agency_type', type: 'varchar', length: 64 })
  requestingAgencyType!: string;

  @Column({ name: 'requesting_agency_id', type: 'varchar', length: 128 })
  requestingAgencyId!: string;

  /** Their request id (requestingAgencyRequestId). */
  @Column({ name: 'requesting_agency_request_id', type: 'varchar', length: 128 })
  requestingAgencyRequestId!: string;

  @Column({ name: 'item_title', type: 'varchar', length: 500 })
  itemTitle!: string;

  @Column({ name: 'item_author', type: 'varchar', length: 500, nullable: true })
  itemAuthor!: string | null;

  @Column({ name: 'item_isbn', type: 'varchar', length: 32, nullable: true })
  itemIsbn!: string | null;

  /** supplierUniqueRecordId: Staphorst's own record or copy id, when they sent it. */
  @Column({ name: 'item_record_id', type: 'varchar', length: 128, nullable: true })
  itemRecordId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  state!: string;

  /** Their patron id as they sent it; null once the loan is closed. */
  @Column({ name: 'patron_id', type: 'varchar', length: 128, nullable: true })
  patronId!: string | null;

  /** For the pickup slip: surname and initials, nothing more; null once the loan is closed. */
  @Column({ name: 'patron_name', type: 'varchar', length: 200, nullable: true })
  patronName!: string | null;

  /** JSON list of {at, by, event, state, messageStatus?, errorType?}: no patron data. */
  @Column({ type: 'text' })
  history!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
