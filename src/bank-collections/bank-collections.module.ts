import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectorsModule } from '../connectors/connectors.module';
import { ExchangeModule } from '../exchange/exchange.module';
import { BankCollectionsController } from './bank-collections.controller';
import { BankCollections } from './bank-collections.service';

/** SEPA direct debit collections for the bank (pain.008 out; camt.054 back, to come). */
@Module({
  imports: [ConnectorsModule, ExchangeModule, AuditModule],
  controllers: [BankCollectionsController],
  providers: [BankCollections],
})
export class BankCollectionsModule {}
