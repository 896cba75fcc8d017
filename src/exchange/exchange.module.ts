import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExchangeService } from './exchange.service';
import { ExchangesController } from './exchanges.controller';
import { InboundDisclosureService } from './inbound-disclosure.service';
import { MemberSource } from './member-source';

/** The use case: trigger → policy → mapping → outbox → delivery → ledger. */
@Module({
  imports: [ConnectorsModule, DeliveryModule, AuditModule],
  controllers: [ExchangesController],
  providers: [ExchangeService, MemberSource, InboundDisclosureService],
  exports: [MemberSource, InboundDisclosureService],
})
export class ExchangeModule {}
