import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One export to the research panel: counts and file names, never member data. */
@Entity('panel_exports')
export class PanelExportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 200 })
  requestedBy!: string;

  @Column({ type: 'integer' })
  rows!: number;

  @Column({ type: 'integer' })
  removals!: number;

  @Column({ name: 'no_consent', type: 'integer' })
  noConsent!: number;

  /** 'uploaded', or 'upload-failed' (the ledger shows what was prepared; the next export tries again). */
  @Column({ type: 'varchar', length: 20 })
  status!: 'uploaded' | 'upload-failed';

  /** JSON list of the file names put on the panel's server. */
  @Column({ type: 'varchar', length: 300 })
  files!: string;

  @Column({ name: 'error_code', type: 'varchar', length: 100, nullable: true })
  errorCode!: string | null;
}

/** A member whose data the panel holds (exported, not yet removed): who must be on a removal list after a withdrawal. */
@Entity('panel_members')
export class PanelMemberEntity {
  @PrimaryColumn({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @Column({ name: 'last_export_id', type: 'varchar', length: 36 })
  lastExportId!: string;
}
