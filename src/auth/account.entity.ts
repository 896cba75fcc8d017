import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AccountRole } from './role';

/** A person (or system) with a token. The token itself is never stored, only its SHA-256. */
@Entity('accounts')
@Index('uq_accounts_token_hash', ['tokenHash'], { unique: true })
@Index('uq_accounts_name', ['name'], { unique: true })
@Index('uq_accounts_name_key', ['nameKey'], { unique: true })
export class AccountEntity {
  /** UUID. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Unique, also after disabling: names are what the audit trail records as author and approver. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The name in NFKC and lower case: unique, so no two names differ only in case or look-alike forms. */
  @Column({ name: 'name_key', type: 'varchar', length: 100, nullable: true })
  nameKey!: string | null;

  @Column({ type: 'varchar', length: 32 })
  role!: AccountRole;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** The partner system a 'partner' credential speaks for; null for staff accounts. */
  @Column({ type: 'varchar', length: 41, nullable: true })
  partner!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  /**
   * An officer takes part in four eyes (writing, approving, legal orders) once another confirmed officer
   * confirmed the account; the first officer of a gateway is confirmed by its creation.
   */
  @Column({ name: 'confirmed_at', type: 'varchar', length: 30, nullable: true })
  confirmedAt!: string | null;

  @Column({ name: 'confirmed_by', type: 'varchar', length: 100, nullable: true })
  confirmedBy!: string | null;

  @Column({ name: 'disabled_at', type: 'varchar', length: 30, nullable: true })
  disabledAt!: string | null;

  @Column({ name: 'disabled_by', type: 'varchar', length: 100, nullable: true })
  disabledBy!: string | null;
}
