import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The loan's state: ISO 18626's (iso18626-state.ts), or 'Refused' when the supplier did not accept the Request. */
export type IllStoredState = string;

/**
 * One interlibrary loan the library asked another library for (ISO 18626, the requesting agency's side).
 * Holds the member's id (whose request it is) and the item — bibliographic data, not member data; never
 * what the Request's patron part carried (the ledger records which fields left).
 */
@Entity('ill_requests')
@Index('ix_ill_requests_member', ['memberId'])
export class IllRequestEntity {
  /** Our request id: requestingAgencyRequestId on every message. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @Column({ name: 'supplying_agency_id', type: 'varchar', length: 128 })
  supplyingAgencyId!: string;

  @Column({ name: 'item_title', type: 'varchar', length: 500 })
  itemTitle!: string;

  @Column({ name: 'item_author', type: 'varchar', length: 500, nullable: true })
  itemAuthor!: string | null;

  @Column({ name: 'item_isbn', type: 'varchar', length: 32, nullable: true })
  itemIsbn!: string | null;

  @Column({ name: 'pickup_branch_id', type: 'varchar', length: 64, nullable: true })
  pickupBranchId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  state!: IllStoredState;

  /** The supplier's errorType when it refused the Request. */
  @Column({ name: 'error_type', type: 'varchar', length: 64, nullable: true })
  errorType!: string | null;

  /** JSON list of {at, by, event, state}: what happened, no member data. */
  @Column({ type: 'text' })
  history!: string;

  /** The last message exchanged about this loan: kind and its status or action (no member data). */
  @Column({ name: 'last_message', type: 'varchar', length: 200, nullable: true })
  lastMessage!: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 200 })
  requestedBy!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
