import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

/**
 * The disclosure ledger and the reports built on it. Uses the application's DataSource; its entities and
 * migration are registered in src/persistence (ENTITIES, MIGRATIONS).
 */
@Module({
  controllers: [LedgerController],
  providers: [LedgerService],
  exports: [LedgerService],
})
export class AuditModule {}
