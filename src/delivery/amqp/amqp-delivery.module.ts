import { Module, OnModuleInit } from '@nestjs/common';
import { HealthModule } from '../../health/health.module';
import { HealthRegistry } from '../../health/health.registry';
import { DeliveryDispatcher } from '../delivery-dispatcher';
import { DeliveryModule } from '../delivery.module';
import { AmqpDeliveryConfig } from './amqp-settings';
import { BrokerHealthCheck } from './broker.health-check';
import { DeliveryConsumer } from './delivery.consumer';
import { DeliveryPublisher } from './delivery.publisher';
import { DeliverySweeper } from './delivery.sweeper';

/**
 * Delivery work over RabbitMQ, so that several gateway instances on one PostgreSQL share it. With
 * AMQP_URL, a committed outbox row is published as `{ deliveryId }` to a durable queue; the consumers of
 * every instance claim the row and deliver it through the DeliveryExecutor; a sweeper publishes again
 * what was not picked up; the `broker` health check is critical. Without AMQP_URL this module does
 * nothing and the in-process worker delivers.
 */
@Module({
  imports: [DeliveryModule, HealthModule],
  controllers: [DeliveryConsumer],
  providers: [AmqpDeliveryConfig, DeliveryPublisher, DeliverySweeper, BrokerHealthCheck],
  exports: [AmqpDeliveryConfig, DeliveryPublisher],
})
export class AmqpDeliveryModule implements OnModuleInit {
  constructor(
    private readonly amqp: AmqpDeliveryConfig,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly publisher: DeliveryPublisher,
    private readonly health: HealthRegistry,
    private readonly brokerCheck: BrokerHealthCheck,
  ) {}

  onModuleInit(): void {
    if (this.amqp.settings === undefined) return;
    this.publisher.start();
    this.dispatcher.handOver(this.publisher);
    this.health.register(this.brokerCheck);
  }
}
