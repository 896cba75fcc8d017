import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AccountRole } from './role';

/** A person (or system) with a token. The token itself is never stored, only its SHA-256. */
@Entity('accounts')
@Index('uq_accounts_token_hash', ['tokenHash'], { unique: true })
@Index('uq_accounts_name', ['name'], { unique: true })
export class AccountEntity {
  /** UUID. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Unique, also after disabling: names are what the audit trail records as author and approver. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: AccountRole;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** ISO-8601 UTC instant. */
  /** The partner system a 'partner' credential speaks for; null for staff accounts. */
  @Column({ type: 'varchar', length: 41, nullable: true })
  partner!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'disabled_at', type: 'varchar', length: 30, nullable: true })
  disabledAt!: string | null;

  @Column({ name: 'disabled_by', type: 'varchar', length: 100, nullable: true })
  disabledBy!: string | null;
}
