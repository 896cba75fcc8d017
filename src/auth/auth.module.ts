import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard';
import { AccountEntity } from './account.entity';
import { AccountEvents } from './account-events';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { Authenticator } from './authenticator';
import { ConsoleSessionEntity } from './console-session.entity';
import { ConsoleSessions } from './console-sessions';

/** Accounts, tokens and the global access guard that every HTTP route passes. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, ConsoleSessionEntity]), AuditModule],
  controllers: [AccountsController],
  providers: [Authenticator, ConsoleSessions, AccountsService, AccountEvents, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [Authenticator, ConsoleSessions, AccountEvents],
})
export class AuthModule {}
