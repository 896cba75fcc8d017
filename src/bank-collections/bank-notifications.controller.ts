import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { GatewayError } from '../errors/gateway-error';
import { BankReturns } from './bank-returns.service';

@ApiTags('bank')
@ApiBearerAuth()
@Controller('api/v1/partners/bank')
export class BankNotificationsController {
  constructor(private readonly returns: BankReturns) {}

  @Post('notifications')
  @HttpCode(200)
  @Roles('partner')
  @ApiOperation({
    summary:
      "The bank posts a camt.054 notification (Content-Type application/xml; a partner credential for 'bank'): each entry matched by EndToEndId — booked debits registered as paid at the lending system, returned ones left open with their reason. Answers {notificationId, booked, returned, unmatched, repeated}; a repeat books nothing twice",
  })
  post(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    if (principal.partner !== 'bank') throw new GatewayError('FORBIDDEN', "this credential does not speak for the bank", 403);
    if (typeof body !== 'string') throw new GatewayError('NOT_XML', 'send the camt.054 document as application/xml', 415);
    return this.returns.book(body);
  }

  @Post('notifications/pull')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "Fetches the bank's notifications and books those not booked yet: [{notificationId, booked, returned, unmatched, repeated}]" })
  pull() {
    return this.returns.pull();
  }

  @Get('returns')
  @Roles('officer', 'operator', 'auditor')
  @ApiOperation({ summary: 'Returned debits (storneringen) with the reason in Dutch; MD06 (a refund the member asked their bank for) is flagged for the officer: did they withdraw consent?' })
  list() {
    return this.returns.returns();
  }
}
