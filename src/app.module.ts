import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { GatewayConfig } from './config/gateway.config';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { PersistenceModule } from './persistence/persistence.module';
import { AuditModule } from './audit/audit.module';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { PolicyModule } from './policy/policy.module';
import { ExchangeModule } from './exchange/exchange.module';
import { AmqpDeliveryModule } from './delivery/amqp/amqp-delivery.module';
import { Sip2Module } from './sip2-server/sip2.module';
import { OverijsselSoapModule } from './connectors/overijssel/overijssel-soap.module';
import { NcipModule } from './connectors/kb/ncip.module';
import { ConsoleModule } from './admin/console.module';
import { LegalModule } from './admin/legal/legal.module';
import { AccessReportModule } from './admin/access-report/access-report.module';
import { BankCollectionsModule } from './bank-collections/bank-collections.module';
import { InterlibraryLoansModule } from './interlibrary-loans/interlibrary-loans.module';
import { PanelExportsModule } from './panel-exports/panel-exports.module';
import { MetricsModule } from './metrics/metrics.module';
import { SandboxModule } from './sandbox/sandbox.module';
import { SyncModule } from './sync/sync.module';

/** The gateway's modules: a module joins the application by one line in this list. */
@Module({
  imports: [
    LoggingModule,
    PersistenceModule,
    // The simulated partners (SANDBOX=on): composed in here, never reached from production code.
    SandboxModule,
    AuthModule,
    HealthModule,
    AuditModule,
    PolicyModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        pseudonymMasterKey: Buffer.from(config.pseudonymKey.reveal(), 'utf8'),
        policyDirectory: config.policyDir,
      }),
    }),
    ExchangeModule,
    SyncModule,
    AmqpDeliveryModule,
    Sip2Module,
    OverijsselSoapModule,
    NcipModule,
    ConsoleModule,
    LegalModule,
    AccessReportModule,
    BankCollectionsModule,
    PanelExportsModule,
    MetricsModule,
    InterlibraryLoansModule,
  ],
})
export class AppModule {
  /** The module list above, with the configuration loaded at start made injectable (GATEWAY_CONFIG). */
  static forRoot(config: GatewayConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config)] };
  }
}
