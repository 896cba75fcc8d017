import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_ROLES, AccountRole } from './role';

export class CreateAccountDto {
  @ApiProperty({ example: 'j.jansen', description: 'Unique; recorded as author or approver. "admin" is reserved.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^\S(.*\S)?$/, { message: 'name must not start or end with white space' })
  name!: string;

  @ApiProperty({ enum: ACCOUNT_ROLES })
  @IsIn(ACCOUNT_ROLES, { message: `role must be one of ${ACCOUNT_ROLES.join(', ')}` })
  role!: AccountRole;
}
