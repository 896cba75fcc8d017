import { ApiProperty } from '@nestjs/swagger';
import { AccountEntity } from './account.entity';
import { ACCOUNT_ROLES, AccountRole } from './role';

/** An account as the API shows it: never its token or token hash. */
export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ACCOUNT_ROLES }) role!: AccountRole;
  @ApiProperty({ nullable: true, type: String, description: "the partner a 'partner' credential speaks for" }) partner!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'officers: when another officer confirmed the account (null: waiting; it cannot write, approve or record legal orders yet)' })
  confirmedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) disabledBy!: string | null;

  static of(entity: AccountEntity): AccountView {
    const { id, name, role, partner, createdAt, createdBy, confirmedAt, confirmedBy, disabledAt, disabledBy } = entity;
    return Object.assign(new AccountView(), { id, name, role, partner, createdAt, createdBy, confirmedAt, confirmedBy, disabledAt, disabledBy });
  }
}

/** The answer to a creation: the only time the token is shown. */
export class CreatedAccount {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ACCOUNT_ROLES }) role!: AccountRole;
  @ApiProperty({ required: false }) partner?: string;
  @ApiProperty({ required: false, description: 'officers: confirmed already (only the first officer of a gateway is)' }) confirmed?: boolean;
  @ApiProperty({ description: 'Shown only in this answer; the gateway keeps its hash.' }) token!: string;
}
