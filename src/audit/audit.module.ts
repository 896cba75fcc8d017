import { Module } from '@nestjs/common';
import { AccountEventLog } from './account-event-log';
import { LedgerRetention } from './ledger-retention';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';
import { PseudonymKeyCheck } from './pseudonym-key-check';

/**
 * The disclosure ledger and the reports built on it. Uses the application's DataSource; its entities and
 * migration are registered in src/persistence (ENTITIES, MIGRATIONS).
 */
@Module({
  controllers: [LedgerController],
  providers: [LedgerService, LedgerCheckpoints, AccountEventLog, LedgerRetention, PseudonymKeyCheck],
  exports: [LedgerService, LedgerCheckpoints, AccountEventLog],
})
export class AuditModule {}
