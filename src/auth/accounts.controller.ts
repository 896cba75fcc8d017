import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountView, CreatedAccount } from './account.view';
import { AccountsService } from './accounts.service';
import { CreateAccountDto } from './create-account.dto';
import { CurrentPrincipal, Principal } from './current-principal.decorator';
import { Roles } from './roles.decorator';

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
  @Roles('admin')
  @ApiOkResponse({ type: [AccountView] })
  list(): Promise<AccountView[]> {
    return this.accounts.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: AccountView, description: 'The account, now disabled.' })
  disable(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AccountView> {
    return this.accounts.disable(id, principal);
  }
}
