import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryExecutor } from './delivery-executor';
import { DeliveryWorker } from './delivery.worker';
import { OutboxRetention } from './outbox-retention';
import { OutboxStore } from './outbox.store';
import { SealingKeyCheck } from './sealing-key-check';

/** The outbox and its worker: retries, dead letters, a circuit breaker per partner, the ledger entry. */
@Module({
  imports: [AuditModule, ConnectorsModule],
  controllers: [DeliveriesController],
  providers: [OutboxStore, DeliveryExecutor, DeliveryWorker, DeliveryDispatcher, OutboxRetention, SealingKeyCheck],
  exports: [OutboxStore, DeliveryExecutor, DeliveryWorker, DeliveryDispatcher],
})
export class DeliveryModule {}
