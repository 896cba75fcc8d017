import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExchangeService } from './exchange.service';
import { ExchangesController } from './exchanges.controller';
import { MemberSource } from './member-source';

/** The use case: trigger → policy → mapping → outbox → delivery → ledger. */
@Module({
  imports: [ConnectorsModule, DeliveryModule],
  controllers: [ExchangesController],
  providers: [ExchangeService, MemberSource],
})
export class ExchangeModule {}
