import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryWorker } from './delivery.worker';
import { OutboxStore } from './outbox.store';

/** The outbox and its worker: retries, dead letters, a circuit breaker per partner, the ledger entry. */
@Module({
  imports: [AuditModule, ConnectorsModule],
  controllers: [DeliveriesController],
  providers: [OutboxStore, DeliveryWorker],
  exports: [OutboxStore, DeliveryWorker],
})
export class DeliveryModule {}
