import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ACCOUNT_ROLES, AccountRole } from './role';

export class CreateAccountDto {
  @ApiProperty({
    example: 'j.jansen',
    description: 'Unique without regard to case, taken in Unicode NFKC; no control, format or zero-width characters; recorded as author or approver. "admin" is reserved.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ACCOUNT_ROLES })
  @IsIn(ACCOUNT_ROLES, { message: `role must be one of ${ACCOUNT_ROLES.join(', ')}` })
  role!: AccountRole;

  @ApiProperty({ required: false, example: 'kb', description: "Required for role 'partner': the partner system the credential speaks for" })
  @ValidateIf((dto: CreateAccountDto) => dto.role === 'partner' || dto.partner !== undefined)
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: "partner must be a partner id such as 'kb' (required for role 'partner')" })
  @IsOptional()
  partner?: string;
}
