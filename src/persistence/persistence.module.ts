import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source';
import { runPendingMigrations } from './run-migrations';
import { serializeSqliteWrites } from './sqlite-write-lock';

/** The one database connection; migrations run before the application serves. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 5, retryDelay: 2000 }),
      dataSourceFactory: async (options) => {
        if (options === undefined) throw new Error('no database options');
        const dataSource = await new DataSource(options).initialize();
        try {
          await runPendingMigrations(dataSource);
          serializeSqliteWrites(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class PersistenceModule {}
