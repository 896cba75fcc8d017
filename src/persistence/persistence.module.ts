import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { buildDataSourceOptions } from './data-source';

/** The one database connection; migrations run before the application serves. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 5, retryDelay: 2000 }),
    }),
  ],
})
export class PersistenceModule {}
