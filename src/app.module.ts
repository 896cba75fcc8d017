import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { GatewayConfig } from './config/gateway.config';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { PersistenceModule } from './persistence/persistence.module';
import { AuditModule } from './audit/audit.module';

/** The gateway's modules: a module joins the application by one line in this list. */
@Module({
  imports: [
    LoggingModule,
    PersistenceModule,
    AuthModule,
    HealthModule,
    AuditModule,
  ],
})
export class AppModule {
  /** The module list above, with the configuration loaded at start made injectable (GATEWAY_CONFIG). */
  static forRoot(config: GatewayConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config)] };
  }
}
