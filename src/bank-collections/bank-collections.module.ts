import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { BankCollectionsController } from './bank-collections.controller';
import { BankCollections } from './bank-collections.service';
import { BankNotificationsController } from './bank-notifications.controller';
import { BankReturns } from './bank-returns.service';

/** SEPA direct debit collections for the bank (pain.008 out; camt.054 back, to come). */
@Module({
  imports: [ConnectorsModule, ExchangeModule, AuditModule],
  controllers: [BankCollectionsController, BankNotificationsController],
  providers: [BankCollections, BankReturns],
})
export class BankCollectionsModule {}
