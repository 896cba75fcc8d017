import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GatewayError, ValidationFailed } from '../errors/gateway-error';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryStatus } from './outbox.entity';
import { OutboxStore } from './outbox.store';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'in-flight', 'delivered', 'dead', 'discarded'];

/** The operator's view of the outbox: dead letters to retry or discard. */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('api/v1/deliveries')
@Roles('operator')
export class DeliveriesController {
  constructor(
    private readonly store: OutboxStore,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries by status (e.g. ?status=dead), newest first' })
  async list(@Query('status') status: string | undefined, @Query('limit') limit: string | undefined) {
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) {
      throw new ValidationFailed('request', [{ path: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    }
    const take = limit === undefined ? 100 : Math.min(Math.max(Number.parseInt(limit, 10) || 100, 1), 1000);
    const rows = await this.store.list(status as DeliveryStatus | undefined, take);
    return rows.map((row) => ({
      deliveryId: row.id,
      partner: row.partner,
      purpose: row.purpose,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.createdAt,
      deliveredAt: row.deliveredAt,
      lastError: row.lastErrorCode === null ? null : { code: row.lastErrorCode, message: row.lastError },
    }));
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'A dead letter back into the queue, due now' })
  async retry(@Param('id') id: string) {
    if (!(await this.store.retry(id, Date.now()))) throw new GatewayError('NOT_A_DEAD_LETTER', `delivery '${id}' is not a dead letter`, 409);
    this.dispatcher.dispatch(id);
    return { deliveryId: id, status: 'pending' };
  }

  @Post(':id/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'A dead letter dropped for good; its encrypted message is erased' })
  async discard(@Param('id') id: string) {
    if (!(await this.store.discard(id))) throw new GatewayError('NOT_A_DEAD_LETTER', `delivery '${id}' is not a dead letter`, 409);
    return { deliveryId: id, status: 'discarded' };
  }
}
