import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { ValidationFailed } from '../errors/gateway-error';
import { parseExchangeRequest } from './exchange-request';
import { ExchangeService } from './exchange.service';

@ApiTags('exchanges')
@ApiBearerAuth()
@Controller('api/v1/exchanges')
export class ExchangesController {
  constructor(private readonly exchanges: ExchangeService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('operator')
  @ApiOperation({ summary: '{ partner, purpose, memberId | member } → 202 { deliveryId }: policy, mapping, outbox, then delivery' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated request with the same key returns the first delivery' })
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new ValidationFailed('request', [{ path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
    }
    const accepted = await this.exchanges.accept(parseExchangeRequest(body), principal.accountId, idempotencyKey);
    if (accepted.repeated) void reply.status(HttpStatus.OK).header('Idempotent-Replayed', 'true');
    return { deliveryId: accepted.deliveryId, status: accepted.status };
  }

  @Get(':id')
  @Roles('operator', 'auditor', 'officer')
  @ApiOperation({ summary: 'Delivery status and attempts' })
  status(@Param('id') id: string) {
    return this.exchanges.status(id);
  }
}
