import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ExchangeModule } from '../../exchange/exchange.module';
import { LegalModule } from '../legal/legal.module';
import { AccessReportController } from './access-report.controller';

/** Members' access requests: the ledger's account of them, checked against the system of record. */
@Module({
  imports: [ExchangeModule, AuditModule, LegalModule],
  controllers: [AccessReportController],
})
export class AccessReportModule {}
