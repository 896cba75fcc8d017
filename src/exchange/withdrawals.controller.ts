import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CONSENT_NAMES, ConsentName } from '../domain/member';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../errors/request-body';
import { WithdrawalService } from './withdrawal.service';

function consentOf(body: unknown): ConsentName {
  const request = objectBody(body);
  onlyKeys(request, ['consent']);
  const consent = requiredString(request, 'consent');
  if (!(CONSENT_NAMES as readonly string[]).includes(consent)) {
    throw new ValidationFailed('request body', [{ path: 'consent', message: `must be one of ${CONSENT_NAMES.join(', ')}` }]);
  }
  return consent as ConsentName;
}

@ApiTags('exchanges')
@ApiBearerAuth()
@Controller('api/v1/members/:memberId/withdrawals')
export class WithdrawalsController {
  constructor(private readonly withdrawals: WithdrawalService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('officer', 'operator')
  @ApiOperation({
    summary: "{ consent } → 202: a consent the member withdrew (recorded in the lending system) is told to every partner whose policy has a withdrawal notice for it; partners without one are listed as 'uninformed'",
  })
  propagate(@Param('memberId') memberId: string, @Body() body: unknown) {
    return this.withdrawals.propagate(memberId, consentOf(body));
  }
}
