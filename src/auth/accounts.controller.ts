import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountView, CreatedAccount } from './account.view';
import { AccountsService } from './accounts.service';
import { CreateAccountDto } from './create-account.dto';
import { CurrentPrincipal, Principal } from './current-principal.decorator';
import { FourEyesDuty, Roles } from './roles.decorator';

@ApiTags('accounts')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedAccount, description: 'The token is shown in this answer only.' })
  create(@Body() body: CreateAccountDto, @CurrentPrincipal() principal: Principal): Promise<CreatedAccount> {
    return this.accounts.create(body, principal);
  }

  @Get()
  @Roles('admin', 'officer', 'auditor')
  @ApiOkResponse({ type: [AccountView], description: 'Officers see which officer accounts wait for their confirmation; auditors see who may do what.' })
  list(): Promise<AccountView[]> {
    return this.accounts.list();
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('officer')
  @FourEyesDuty()
  @ApiOkResponse({ type: AccountView, description: 'The officer account, now confirmed by the caller (another confirmed officer; never itself).' })
  confirm(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AccountView> {
    return this.accounts.confirm(id, principal);
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: AccountView, description: 'The account, now disabled.' })
  disable(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AccountView> {
    return this.accounts.disable(id, principal);
  }
}
