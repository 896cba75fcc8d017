import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { ExchangeService } from './exchange.service';
import { ExchangesController } from './exchanges.controller';
import { InboundDisclosureService } from './inbound-disclosure.service';
import { MemberSource } from './member-source';
import { PinAttempts } from './pin-attempts';
import { WithdrawalWatch } from './withdrawal-watch';
import { WithdrawalService } from './withdrawal.service';
import { WithdrawalsController } from './withdrawals.controller';

/** The use case: trigger → policy → mapping → outbox → delivery → ledger. */
@Module({
  imports: [ConnectorsModule, DeliveryModule, AuditModule],
  controllers: [ExchangesController, WithdrawalsController],
  providers: [ExchangeService, MemberSource, PinAttempts, InboundDisclosureService, WithdrawalService, WithdrawalWatch],
  exports: [MemberSource, PinAttempts, InboundDisclosureService, ExchangeService],
})
export class ExchangeModule {}
