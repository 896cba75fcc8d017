import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DatabaseHealthCheck } from './database.health-check';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { HealthService } from './health.service';

/** GET /health. Modules that contribute a check import this module and use HealthRegistry. */
@Module({
  imports: [AuthModule],
  controllers: [HealthController],
  providers: [HealthRegistry, HealthService, DatabaseHealthCheck],
  exports: [HealthRegistry],
})
export class HealthModule {}
