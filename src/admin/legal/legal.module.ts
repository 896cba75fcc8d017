import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { LegalDisclosuresController } from './legal-disclosures.controller';
import { LegalDisclosuresService } from './legal-disclosures.service';

/** One-off disclosures under a legal order: recorded, approved by a second officer, exported once, in the ledger. */
@Module({
  imports: [ExchangeModule, AuditModule],
  controllers: [LegalDisclosuresController],
  providers: [LegalDisclosuresService],
  exports: [LegalDisclosuresService],
})
export class LegalModule {}
